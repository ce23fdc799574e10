// Shapes of the REST answers that both apps read.
import type { StatsUpdateData } from './server-frames';

/** GET /api/monitor/stats: the seed's four fields, plus added ones. */
export interface MonitorStats extends StatsUpdateData {
  /** Added: highest block stored, or null before the first one. */
  block_height: number | null;
  /** Added: chain id of the followed chain, or null when not known yet. */
  chain_id: number | null;
}

export type HealthStatus = 'ok' | 'degraded' | 'down';

/** GET /api/monitor/health. */
export interface HealthReport {
  status: HealthStatus;
  chain: {
    reachable: boolean;
    chainId: number | null;
    /** Latest head reported by the node. */
    head: number | null;
    /** Last block stored by the follower. */
    lastProcessed: number | null;
    /** head - lastProcessed, when both are known. */
    lagBlocks: number | null;
    lastError: string | null;
  };
  database: {
    /** Mongoose connection state: connected, connecting, disconnected, disconnecting. */
    state: string;
    connected: boolean;
  };
  uptimeSeconds: number;
}

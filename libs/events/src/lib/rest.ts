// Shapes of the REST answers that both apps read.
import type { StatsUpdateData } from './server-frames';

/** GET /api/monitor/stats: the seed's four fields, plus added ones. */
export interface MonitorStats extends StatsUpdateData {
  /** Added: highest block stored, or null before the first one. */
  block_height: number | null;
  /** Added: chain id of the followed chain, or null when not known yet. */
  chain_id: number | null;
}

/**
 * live: following the head; syncing: catching up (more than a few blocks behind); degraded: working
 * with trouble (failed polls, no new head for a while, a fork deeper than MAX_REORG_DEPTH);
 * down: the database or every RPC endpoint is unreachable.
 */
export type HealthStatus = 'live' | 'syncing' | 'degraded' | 'down';

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
    /** The node's `finalized` block (null: the node does not answer the tag). */
    finalized: number | null;
    /** CONFIRMATIONS: blocks are processed once this deep. */
    confirmations: number;
    /** (head - confirmations) - lastProcessed, when both are known. */
    lagBlocks: number | null;
    /** Seconds between now and the timestamp of the last processed block. */
    lagSeconds: number | null;
    lastError: string | null;
    /** Why the status is not live, in words. */
    reasons: string[];
    endpoints: { url: string; healthy: boolean; lastError: string | null }[];
    lastReorg: { depth: number; at: string; commonAncestor: number } | null;
    /** newHeads subscription over POLYGON_WS_URL (enabled false: polling only). */
    subscription: { enabled: boolean; connected: boolean; lastHeadAt: string | null; reconnects: number; lastError: string | null };
  };
  database: {
    /** Mongoose connection state: connected, connecting, disconnected, disconnecting. */
    state: string;
    connected: boolean;
  };
  uptimeSeconds: number;
}

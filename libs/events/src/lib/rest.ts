// Shapes of the REST answers that both apps read.
import type {
  BadgeMintedData,
  BadgeRevokedData,
  NewBlockData,
  NewTransactionData,
  PassportIssuedData,
  StatsUpdateData,
} from './server-frames';

/** GET /api/monitor/stats: the seed's four fields, plus added ones. */
export interface MonitorStats extends StatsUpdateData {
  /** Added: highest block stored, or null before the first one. */
  block_height: number | null;
  /** Added: chain id of the followed chain, or null when not known yet. */
  chain_id: number | null;
  /** Added: transactions sent to (or from) a watched contract, stored. */
  contract_transactions: number;
  /** Added: badges burned by the minter (revocations). */
  badges_revoked: number;
  /** Added: gas used by the whole last stored block, null before the first. */
  last_block_gas_used: number | null;
  /** Added: timestamp of the last stored block (ISO 8601), null before the first. */
  last_block_time: string | null;
  /** Added: blocks between the last stored block and the block the follower aims at. */
  sync_lag_blocks: number | null;
  /** Added: seconds between the last stored block's timestamp and now. */
  sync_lag_seconds: number | null;
}

export const TIMESERIES_METRICS = [
  'blocks',
  'transactions',
  'contract_transactions',
  'gas',
  'mints',
  'passports',
  'revocations',
] as const;
export type TimeseriesMetric = (typeof TIMESERIES_METRICS)[number];
export const TIMESERIES_BUCKETS = ['1m', '5m', '1h'] as const;
export type TimeseriesBucket = (typeof TIMESERIES_BUCKETS)[number];

/** GET /api/monitor/stats/timeseries: one point per bucket, oldest first, empty buckets as 0. */
export interface Timeseries {
  metric: TimeseriesMetric;
  bucket: TimeseriesBucket;
  /** Window length, e.g. "1h", "24h", "30m". */
  window: string;
  /** ISO start of the first bucket and end of the last. */
  from: string;
  to: string;
  points: { t: string; value: number }[];
}

export const ACTIVITY_TYPES = ['block', 'transaction', 'badge_minted', 'passport_issued', 'badge_revoked'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

interface ActivityDataMap {
  block: NewBlockData;
  transaction: NewTransactionData;
  badge_minted: BadgeMintedData;
  passport_issued: PassportIssuedData;
  badge_revoked: BadgeRevokedData;
}

/** One item of GET /api/monitor/activity; `data` has the shape of the matching WebSocket event. */
export type ActivityItem = {
  [K in ActivityType]: { type: K; id: string; blockNumber: number; timestamp: string; data: ActivityDataMap[K] };
}[ActivityType];

/** GET /api/monitor/activity: newest first; pass `nextCursor` as `before` for the next page. */
export interface ActivityPage {
  items: ActivityItem[];
  nextCursor: string | null;
}

/** GET /api/monitor/blocks/:number. */
export interface BlockDetail {
  block: NewBlockData;
  transactions: NewTransactionData[];
  events: ActivityItem[];
}

/** GET /api/monitor/transactions/:hash. */
export interface TransactionDetail {
  transaction: NewTransactionData;
  events: ActivityItem[];
}

/** GET /api/monitor/addresses/:address. */
export interface AddressDetail {
  address: string;
  /** Badge token ids held now (minted to the address and not revoked), by contract. */
  badges: { contract: string; tokenId: string; blockNumber: number }[];
  passport: { contract: string; tokenId: string; blockNumber: number } | null;
  /** Transactions from or to the address involving a watched contract (newest 50), and their count. */
  transactions: NewTransactionData[];
  transactionCount: number;
  firstSeen: { blockNumber: number; timestamp: string } | null;
  lastSeen: { blockNumber: number; timestamp: string } | null;
}

/** Every REST error, whatever its status. */
export interface ApiError {
  statusCode: number;
  error: string;
  /** What went wrong and what to do, for a person. */
  message: string;
  path: string;
  requestId: string;
  timestamp: string;
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
    /**
     * The RPC endpoints: `name` is the operator's label or the URL's scheme and host; `url` is the scheme and
     * host only. A provider URL carries its API key in the path, query or userinfo: neither ever shows them.
     */
    endpoints: { name: string; url: string; healthy: boolean; lastError: string | null }[];
    lastReorg: { depth: number; at: string; commonAncestor: number } | null;
    /** newHeads subscription over POLYGON_WS_URL (enabled false: polling only). */
    subscription: {
      enabled: boolean;
      connected: boolean;
      lastHeadAt: string | null;
      reconnects: number;
      lastError: string | null;
    };
  };
  database: {
    /** Mongoose connection state: connected, connecting, disconnected, disconnecting. */
    state: string;
    connected: boolean;
  };
  uptimeSeconds: number;
  /** Added: each check (database ping, rpc, sync) as @nestjs/terminus reports it. */
  checks?: Record<string, { status: 'up' | 'down'; [detail: string]: unknown }>;
}

/** GET /api/monitor/health/live and /health/ready (the @nestjs/terminus shape). */
export interface ProbeReport {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, { status: string; [detail: string]: unknown }>;
  error?: Record<string, { status: string; [detail: string]: unknown }>;
  details: Record<string, { status: string; [detail: string]: unknown }>;
}

// Frames the server sends on /ws/monitor. The four seed events keep the seed's field names and types
// exactly (a public contract); anything added is optional so that seed-era clients keep working.

/** `new_block`: one canonical block, sent once it is stored. */
export interface NewBlockData {
  number: number;
  hash: string;
  /** Unix seconds, as in the seed. */
  timestamp: number;
  /** Number of transactions in the block. */
  transactions: number;
  gasUsed: number;
  /** Added: lets a client check that blocks link up. */
  parentHash?: string;
}

/** `new_transaction`: a transaction sent to or from a watched contract. */
export interface NewTransactionData {
  hash: string;
  from: string;
  to: string;
  /** Decimal wei string. */
  value: string;
  /** ISO-8601. */
  timestamp: string;
  /** Added. */
  blockNumber?: number;
}

/** `badge_minted`: a Transfer from the zero address on the badge contract. */
export interface BadgeMintedData {
  txHash: string;
  /** Recipient. */
  address: string;
  blockNumber: number;
  /** Added: decimal string (uint256). */
  tokenId?: string;
  /** Added. */
  logIndex?: number;
}

/** Added event `passport_issued`: a mint on the passport contract. Same style as `badge_minted`. */
export interface PassportIssuedData {
  txHash: string;
  /** Holder. */
  address: string;
  blockNumber: number;
  tokenId?: string;
  logIndex?: number;
}

/** Added event `badge_revoked`: a burn (Transfer to the zero address) on the badge contract. */
export interface BadgeRevokedData {
  txHash: string;
  /** The address that held the badge. */
  address: string;
  blockNumber: number;
  tokenId?: string;
  logIndex?: number;
}

/** `stats_update`: the headline statistics. */
export interface StatsUpdateData {
  total_users: number;
  total_badges: number;
  total_passports: number;
  recent_badges_24h: number;
}

export interface BlockRefData {
  number: number;
  hash: string;
}

/**
 * Added event `reorg`: stored blocks left the canonical chain. Everything in `removed` was deleted
 * (clients drop items of those blocks); the new branch follows as ordinary `new_block` frames.
 */
export interface ReorgData {
  commonAncestor: BlockRefData;
  oldHead: BlockRefData;
  /** The first block of the new branch seen when the fork was detected. */
  newHead: BlockRefData;
  /** oldHead.number - commonAncestor.number. */
  depth: number;
  removed: {
    blocks: number;
    transactions: number;
    badges_minted: number;
    passports_issued: number;
    badges_revoked: number;
    blockHashes: string[];
  };
}

/**
 * Added event `sync_status`: catch-up progress. History ingested while catching up is not replayed as
 * live events (a client would drown in stale frames); this frame reports progress instead, about once a
 * second while `syncing`, and once when `live` again.
 */
export interface SyncStatusData {
  state: 'syncing' | 'live';
  head: number;
  processed: number;
  /** head - processed. */
  lagBlocks: number;
  blocksPerSecond: number | null;
  etaSeconds: number | null;
}

/** Control frame `welcome`: the first frame on every connection. */
export interface WelcomeData {
  protocolVersion: number;
  serverTime: string;
  chainId: number | null;
  head: number | null;
  /** seq of the last event broadcast so far (events carry seq; a later resume will start from one). */
  lastSeq: number;
  /**
   * Added: this server process's instance id (random at boot). A `seq` is meaningful only within its
   * epoch: after a restart the epoch changes and seqs start again, so a client resumes by block instead.
   */
  epoch?: string;
  /** Added: the oldest seq a `resume { lastSeq }` can still replay from (lastSeq >= oldestSeq - 1); 0 when none. */
  oldestSeq?: number;
}

/** Control frame `snapshot`: current state, so a client shows something before the next event. */
export interface SnapshotData {
  stats: StatsUpdateData;
  /** Newest first. */
  blocks: NewBlockData[];
  transactions: NewTransactionData[];
  badges: BadgeMintedData[];
}

/** Control frame `pong`: the answer to `ping`. */
export interface PongData {
  ts: string;
}

/** Control frame `error`: a client message was refused; the connection stays open. */
export interface ErrorData {
  code: string;
  reason: string;
}

export interface ServerEventMap {
  new_block: NewBlockData;
  new_transaction: NewTransactionData;
  badge_minted: BadgeMintedData;
  stats_update: StatsUpdateData;
  passport_issued: PassportIssuedData;
  badge_revoked: BadgeRevokedData;
  reorg: ReorgData;
  sync_status: SyncStatusData;
  welcome: WelcomeData;
  snapshot: SnapshotData;
  pong: PongData;
  error: ErrorData;
}

export type ServerEventType = keyof ServerEventMap;

export const SERVER_EVENT_TYPES: readonly ServerEventType[] = [
  'new_block',
  'new_transaction',
  'badge_minted',
  'stats_update',
  'passport_issued',
  'badge_revoked',
  'reorg',
  'sync_status',
  'welcome',
  'snapshot',
  'pong',
  'error',
];

/** Events broadcast to subscribers (the rest are control frames sent to one client). */
export type BroadcastEventType = Exclude<ServerEventType, 'welcome' | 'snapshot' | 'pong' | 'error'>;

/** The `{ type, data }` envelope of the seed. */
export interface ServerFrame<K extends ServerEventType = ServerEventType> {
  type: K;
  data: ServerEventMap[K];
  /** Added: monotonic per server process (per `epoch`), on live broadcast events. */
  seq?: number;
  /** Added: the sending server process's instance id (as in `welcome.epoch`), on broadcast events. */
  epoch?: string;
  /** Added: true on events replayed from the store for a `resume { fromBlock }` (these carry no seq). */
  replay?: boolean;
  /** Added: ISO-8601 time the frame was sent. */
  ts?: string;
}

/** A union that narrows on `type` (`switch (frame.type)` gives the right `data`). */
export type AnyServerFrame = { [K in ServerEventType]: ServerFrame<K> }[ServerEventType];

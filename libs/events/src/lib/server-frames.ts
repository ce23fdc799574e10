// Frames the server sends on /ws/monitor, defined once: each schema below gives the TypeScript type
// (InferOutput), the runtime check (validators.ts) and the JSON Schema of docs/asyncapi.yaml (generated
// by `nx run events:asyncapi`). The four seed events keep the seed's field names and types exactly (a
// public contract); anything added is optional so that seed-era clients keep working. Unknown extra
// fields pass the checks (forward compatible).
import * as v from 'valibot';

import { AlertMessageSchema } from './alerts';
import { ADDRESS_RE, DECIMAL_RE, EPOCH_RE, HASH_RE, HEX_RE, ISO_DATE_TIME_RE } from './wire-patterns';

const INTEGER = 'must be a non-negative integer';

/** A schema with a description (for the JSON Schema of the AsyncAPI document), or as it is. */
function described<S extends v.GenericSchema>(schema: S, description?: string) {
  return description ? v.pipe(schema, v.description<v.InferOutput<S>, string>(description)) : schema;
}

const uintSchema = v.pipe(v.number(INTEGER), v.safeInteger(INTEGER), v.minValue(0, INTEGER));
/** A non-negative integer (block numbers, counts, indexes). */
export const uint = (description?: string) => described(uintSchema, description);
const hexSchema = v.pipe(
  v.string('must be a 0x-prefixed hex string'),
  v.regex(HEX_RE, 'must be a 0x-prefixed hex string'),
);
export const hex = (description?: string) => described(hexSchema, description);
const hash32Schema = v.pipe(
  v.string('must be a 0x-prefixed 32-byte hash'),
  v.regex(HASH_RE, 'must be a 0x-prefixed 32-byte hash'),
);
/** A 32-byte hash (block and transaction hashes). */
export const hash32 = (description?: string) => described(hash32Schema, description);
const addressSchema = v.pipe(
  v.string('must be a 0x-prefixed 20-byte address'),
  v.regex(ADDRESS_RE, 'must be a 0x-prefixed 20-byte address'),
);
export const address = (description?: string) => described(addressSchema, description);
const decimalSchema = v.pipe(
  v.string('must be a decimal integer string'),
  v.regex(DECIMAL_RE, 'must be a decimal integer string'),
);
export const decimal = (description?: string) => described(decimalSchema, description);
const isoDateTimeSchema = v.pipe(
  v.string('must be an ISO-8601 date-time string'),
  v.regex(ISO_DATE_TIME_RE, 'must be an ISO-8601 date-time string'),
  v.check((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date-time string'),
);
export const isoDateTime = (description?: string) => described(isoDateTimeSchema, description);
const epochSchema = v.pipe(
  v.string('must be 8 to 64 characters of [0-9A-Za-z_-]'),
  v.regex(EPOCH_RE, 'must be 8 to 64 characters of [0-9A-Za-z_-]'),
);
export const epochId = (description?: string) => described(epochSchema, description);
const numberOrNull = (description: string) =>
  v.pipe(
    v.nullable(
      v.pipe(
        v.number('must be a non-negative number or null'),
        v.finite('must be a non-negative number or null'),
        v.minValue(0, 'must be a non-negative number or null'),
      ),
    ),
    v.description(description),
  );
export const NewBlockDataSchema = v.pipe(
  v.object({
    number: uint(),
    hash: hex(),
    timestamp: uint('Unix seconds, as in the seed.'),
    transactions: uint('Number of transactions in the block.'),
    gasUsed: uint(),
    parentHash: v.optional(hex('Added: lets a client check that blocks link up.')),
  }),
  v.description('`new_block`: one canonical block, sent once it is stored.'),
);

export const NewTransactionDataSchema = v.pipe(
  v.object({
    hash: hex(),
    from: address(),
    to: address(),
    value: decimal('Decimal wei string.'),
    timestamp: isoDateTime('ISO-8601.'),
    blockNumber: v.optional(uint('Added.')),
  }),
  v.description('`new_transaction`: a transaction sent to or from a watched contract.'),
);

/** The fields of the three token events (badge_minted, passport_issued, badge_revoked). */
const tokenEventFields = (holder: string) => ({
  txHash: hex(),
  address: address(holder),
  blockNumber: uint(),
  tokenId: v.optional(decimal('Added: decimal string (uint256).')),
  logIndex: v.optional(uint('Added.')),
});

export const BadgeMintedDataSchema = v.pipe(
  v.object(tokenEventFields('Recipient.')),
  v.description('`badge_minted`: a Transfer from the zero address on the badge contract.'),
);
export const PassportIssuedDataSchema = v.pipe(
  v.object(tokenEventFields('Holder.')),
  v.description('Added event `passport_issued`: a mint on the passport contract. Same style as `badge_minted`.'),
);
export const BadgeRevokedDataSchema = v.pipe(
  v.object(tokenEventFields('The address that held the badge.')),
  v.description('Added event `badge_revoked`: a burn (Transfer to the zero address) on the badge contract.'),
);

export const StatsUpdateDataSchema = v.pipe(
  v.object({
    total_users: uint(),
    total_badges: uint(),
    total_passports: uint(),
    recent_badges_24h: uint(),
  }),
  v.description('`stats_update`: the headline statistics.'),
);

export const BlockRefDataSchema = v.object({ number: uint(), hash: hash32() });

export const ReorgDataSchema = v.pipe(
  v.object({
    commonAncestor: BlockRefDataSchema,
    oldHead: BlockRefDataSchema,
    newHead: v.pipe(
      BlockRefDataSchema,
      v.description('The first block of the new branch seen when the fork was detected.'),
    ),
    depth: uint('oldHead.number - commonAncestor.number.'),
    removed: v.object({
      blocks: uint(),
      transactions: uint(),
      badges_minted: uint(),
      passports_issued: uint(),
      badges_revoked: uint(),
      blockHashes: v.array(hex(), 'must be an array of hashes'),
    }),
  }),
  v.description(
    'Added event `reorg`: stored blocks left the canonical chain. Everything in `removed` was deleted (clients drop items of those blocks); the new branch follows as ordinary `new_block` frames.',
  ),
);

export const SyncStatusDataSchema = v.pipe(
  v.object({
    state: v.picklist(['syncing', 'live'], 'must be "syncing" or "live"'),
    head: uint(),
    processed: uint(),
    lagBlocks: uint('head - processed.'),
    blocksPerSecond: numberOrNull('Catch-up speed, null when not measured.'),
    etaSeconds: numberOrNull('Seconds to the head at that speed, null when not known.'),
  }),
  v.description(
    'Added event `sync_status`: catch-up progress. History ingested while catching up is not replayed as live events (a client would drown in stale frames); this frame reports progress instead, about once a second while `syncing`, and once when `live` again. Marked `replay: true`, it ends one client’s `resume { fromBlock }`.',
  ),
);

export const WelcomeDataSchema = v.pipe(
  v.object({
    protocolVersion: uint(),
    serverTime: isoDateTime(),
    chainId: v.nullable(
      v.pipe(
        v.number('must be a positive integer or null'),
        v.integer('must be a positive integer or null'),
        v.minValue(1, 'must be a positive integer or null'),
      ),
    ),
    head: numberOrNull('The chain head the follower saw last, null before the first.'),
    lastSeq: uint('seq of the last event broadcast so far (events carry seq; a later resume will start from one).'),
    epoch: v.optional(
      epochId(
        "Added: this server process's instance id (random at boot). A `seq` is meaningful only within its epoch: after a restart the epoch changes and seqs start again, so a client resumes by block instead.",
      ),
    ),
    oldestSeq: v.optional(
      uint(
        'Added: the oldest seq a `resume { lastSeq }` can still replay from (lastSeq >= oldestSeq - 1); 0 when none.',
      ),
    ),
  }),
  v.description('Control frame `welcome`: the first frame on every connection.'),
);

export const SnapshotDataSchema = v.pipe(
  v.object({
    stats: StatsUpdateDataSchema,
    blocks: v.pipe(v.array(NewBlockDataSchema, 'must be an array'), v.description('Newest first.')),
    transactions: v.array(NewTransactionDataSchema, 'must be an array'),
    badges: v.array(BadgeMintedDataSchema, 'must be an array'),
  }),
  v.description('Control frame `snapshot`: current state, so a client shows something before the next event.'),
);

export const PongDataSchema = v.pipe(
  v.object({ ts: isoDateTime() }),
  v.description('Control frame `pong`: the answer to `ping`.'),
);

/** The `code` of the error frames this server sends (clients should accept others: later versions add codes). */
export const ERROR_CODES = [
  'bad_json',
  'unknown_type',
  'bad_field',
  'rate_limited',
  'snapshot_unavailable',
  'resume_refused',
  'resume_too_old',
  'resume_failed',
] as const;

export const ErrorDataSchema = v.pipe(
  v.object({
    code: v.pipe(
      v.string('must be a string'),
      v.description(
        `One of ${ERROR_CODES.join(', ')}. resume_refused: this connection already resumed by seq (one per connection; reconnect to resume again), or a resume by block is running. resume_too_old: fromBlock is more than RESUME_MAX_BLOCKS (10,000) below the stored head (read older blocks over REST, then resume from a later one). resume_failed: the replay stopped (database unreachable, or a reorg meanwhile); the reason names the block to resume from. The connection stays open.`,
      ),
    ),
    reason: v.string('must be a string'),
  }),
  v.description('Control frame `error`: a client message was refused; the connection stays open.'),
);

/** The `data` of each server frame type. */
export const SERVER_DATA_SCHEMAS = {
  new_block: NewBlockDataSchema,
  new_transaction: NewTransactionDataSchema,
  badge_minted: BadgeMintedDataSchema,
  stats_update: StatsUpdateDataSchema,
  passport_issued: PassportIssuedDataSchema,
  badge_revoked: BadgeRevokedDataSchema,
  reorg: ReorgDataSchema,
  sync_status: SyncStatusDataSchema,
  alert: AlertMessageSchema,
  welcome: WelcomeDataSchema,
  snapshot: SnapshotDataSchema,
  pong: PongDataSchema,
  error: ErrorDataSchema,
} as const;

export type NewBlockData = v.InferOutput<typeof NewBlockDataSchema>;
export type NewTransactionData = v.InferOutput<typeof NewTransactionDataSchema>;
export type BadgeMintedData = v.InferOutput<typeof BadgeMintedDataSchema>;
export type PassportIssuedData = v.InferOutput<typeof PassportIssuedDataSchema>;
export type BadgeRevokedData = v.InferOutput<typeof BadgeRevokedDataSchema>;
export type StatsUpdateData = v.InferOutput<typeof StatsUpdateDataSchema>;
export type BlockRefData = v.InferOutput<typeof BlockRefDataSchema>;
export type ReorgData = v.InferOutput<typeof ReorgDataSchema>;
export type SyncStatusData = v.InferOutput<typeof SyncStatusDataSchema>;
export type WelcomeData = v.InferOutput<typeof WelcomeDataSchema>;
export type SnapshotData = v.InferOutput<typeof SnapshotDataSchema>;
export type PongData = v.InferOutput<typeof PongDataSchema>;
export type ErrorData = v.InferOutput<typeof ErrorDataSchema>;

export type ServerEventMap = {
  [K in keyof typeof SERVER_DATA_SCHEMAS]: v.InferOutput<(typeof SERVER_DATA_SCHEMAS)[K]>;
};

export type ServerEventType = keyof ServerEventMap;

export const SERVER_EVENT_TYPES = Object.keys(SERVER_DATA_SCHEMAS) as readonly ServerEventType[];

/** Events broadcast to subscribers (the rest are control frames sent to one client). */
export type BroadcastEventType = Exclude<ServerEventType, 'welcome' | 'snapshot' | 'pong' | 'error'>;

/** The fields every frame may carry besides the seed's `{ type, data }`. */
export const FRAME_ENVELOPE_SCHEMA = v.object({
  seq: v.optional(
    v.pipe(
      v.number('must be a positive integer'),
      v.integer('must be a positive integer'),
      v.minValue(1, 'must be a positive integer'),
      v.description('Added: monotonic per server process (per `epoch`), on live broadcast events.'),
    ),
  ),
  epoch: v.optional(
    epochId("Added: the sending server process's instance id (as in `welcome.epoch`), on broadcast events."),
  ),
  replay: v.optional(
    v.pipe(
      v.boolean('must be a boolean'),
      v.description(
        'Added: true on what a `resume { fromBlock }` sends (events replayed from the store, without seq; a reorg the client missed; the sync_status that ends it).',
      ),
    ),
  ),
  ts: v.optional(v.pipe(v.string(), v.description('Added: ISO-8601 time the frame was sent.'))),
});

/** The `{ type, data }` envelope of the seed. */
export type ServerFrame<K extends ServerEventType = ServerEventType> = {
  type: K;
  data: ServerEventMap[K];
} & v.InferOutput<typeof FRAME_ENVELOPE_SCHEMA>;

/** A union that narrows on `type` (`switch (frame.type)` gives the right `data`). */
export type AnyServerFrame = { [K in ServerEventType]: ServerFrame<K> }[ServerEventType];

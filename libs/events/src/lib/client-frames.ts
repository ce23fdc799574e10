// Frames a client sends on /ws/monitor, defined once as schemas (types, checks and the AsyncAPI
// document's payloads come from them), their parsing, and the topics of server events.
import * as v from 'valibot';

import type { BroadcastEventType } from './server-frames';
import { address, BlockRefDataSchema, epochId, uint } from './server-frames';
import { describeIssues } from './validators';

export const PROTOCOL_VERSION = 1;

export const TOPICS = ['blocks', 'transactions', 'badges', 'passports', 'stats', 'reorgs', 'status', 'alerts'] as const;
export type Topic = (typeof TOPICS)[number];

/** Which topic carries each server event. */
export const EVENT_TOPIC: Record<BroadcastEventType, Topic> = {
  new_block: 'blocks',
  new_transaction: 'transactions',
  badge_minted: 'badges',
  badge_revoked: 'badges',
  passport_issued: 'passports',
  stats_update: 'stats',
  reorg: 'reorgs',
  sync_status: 'status',
  alert: 'alerts',
};

/** Largest number of addresses in one filter (keeps a client's index footprint bounded). */
export const MAX_FILTER_ADDRESSES = 100;
/** Most block references one `resume { fromBlock, recentBlocks }` may carry (a frame is at most 4 KiB). */
export const MAX_RESUME_BLOCK_REFS = 40;

const TopicsSchema = v.pipe(
  v.array(v.string(), 'must be a non-empty array'),
  v.minLength(1, 'must be a non-empty array'),
  v.check(
    (topics) => topics.every((t) => (TOPICS as readonly string[]).includes(t)),
    (issue) => {
      const unknown = (issue.input as string[]).filter((t) => !(TOPICS as readonly string[]).includes(t));
      return `has unknown topic(s) ${JSON.stringify(unknown)}; topics are ${TOPICS.join(', ')}`;
    },
  ),
  v.transform((topics) => topics as Topic[]),
  v.description(`Topics: ${TOPICS.join(', ')}.`),
);

export const SubscriptionFiltersSchema = v.object({
  addresses: v.optional(
    v.pipe(
      v.array(address(), `must be an array of 1 to ${MAX_FILTER_ADDRESSES} addresses`),
      v.minLength(1, `must be an array of 1 to ${MAX_FILTER_ADDRESSES} addresses`),
      v.maxLength(MAX_FILTER_ADDRESSES, `must be an array of 1 to ${MAX_FILTER_ADDRESSES} addresses`),
      v.transform((list) => list.map((a) => a.toLowerCase())),
      v.description(
        'Only events involving one of these addresses (transactions: from or to; badges, passports: holder).',
      ),
    ),
  ),
  minValueWei: v.optional(
    v.pipe(
      v.string('must be a decimal integer string (wei)'),
      v.regex(/^(0|[1-9][0-9]{0,77})$/, 'must be a decimal integer string (wei)'),
      v.description('Transactions only: minimum value in wei, a decimal string.'),
    ),
  ),
});

export const SubscribeDataSchema = v.object({ topics: TopicsSchema, filters: v.optional(SubscriptionFiltersSchema) });
export const UnsubscribeDataSchema = v.object({ topics: TopicsSchema });

export const ResumeBySeqSchema = v.pipe(
  v.object({
    lastSeq: uint('seq of the last event received.'),
    epoch: v.optional(epochId('welcome.epoch of the process that sent lastSeq.')),
  }),
  v.description(
    'The events missed since `lastSeq` of server process `epoch` (a fresh snapshot when they are too old or from another epoch). Accepted once per connection.',
  ),
);

export const ResumeByBlockSchema = v.pipe(
  v.object({
    fromBlock: uint('First block to replay (instead of lastSeq).'),
    recentBlocks: v.optional(
      v.pipe(
        v.array(BlockRefDataSchema, `must be an array of at most ${MAX_RESUME_BLOCK_REFS} { number, hash }`),
        v.maxLength(MAX_RESUME_BLOCK_REFS, `must be an array of at most ${MAX_RESUME_BLOCK_REFS} { number, hash }`),
        v.transform((refs) => refs.map((r) => ({ number: r.number, hash: r.hash.toLowerCase() }))),
        v.description(
          'The newest blocks the client holds, any order: when some left the chain while the client was away (a reorg it missed), the server first sends a `reorg` frame (replay: true) down to the newest one still stored and replays from there.',
        ),
      ),
    ),
  }),
  v.description(
    'Replays, from the store, the events of every stored block from `fromBlock` up to the stored head (frames marked `replay: true`, without seq), then a `sync_status` marked `replay: true`, then live events without gap or repeat. Works across restarts; at most RESUME_MAX_BLOCKS (10,000) blocks back (further: an error `resume_too_old`: read older blocks over REST first).',
  ),
);

export type SubscriptionFilters = v.InferOutput<typeof SubscriptionFiltersSchema>;
export type ResumeBySeq = v.InferOutput<typeof ResumeBySeqSchema>;
export type ResumeByBlock = v.InferOutput<typeof ResumeByBlockSchema>;

export interface SubscribeMessage {
  type: 'subscribe';
  data: v.InferOutput<typeof SubscribeDataSchema>;
}
export interface UnsubscribeMessage {
  type: 'unsubscribe';
  data: v.InferOutput<typeof UnsubscribeDataSchema>;
}
export interface ResumeMessage {
  type: 'resume';
  data: ResumeBySeq | ResumeByBlock;
}
export interface PingMessage {
  type: 'ping';
  data?: Record<string, never>;
}
export type ClientMessage = SubscribeMessage | UnsubscribeMessage | ResumeMessage | PingMessage;

/** The `data` schema of each client message (resume: one of two). */
export const CLIENT_DATA_SCHEMAS = {
  subscribe: [SubscribeDataSchema],
  unsubscribe: [UnsubscribeDataSchema],
  resume: [ResumeBySeqSchema, ResumeByBlockSchema],
  ping: [],
} as const;
export const CLIENT_MESSAGE_TYPES = Object.keys(CLIENT_DATA_SCHEMAS) as (keyof typeof CLIENT_DATA_SCHEMAS)[];

export type ClientMessageResult =
  | { ok: true; value: ClientMessage }
  | { ok: false; code: 'bad_json' | 'unknown_type' | 'bad_field'; reason: string };

function checked<S extends v.GenericSchema>(
  schema: S,
  data: unknown,
): { ok: true; value: v.InferOutput<S> } | { ok: false; code: 'bad_field'; reason: string } {
  const result = v.safeParse(schema, data);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, code: 'bad_field', reason: describeIssues('data', result.issues).join('; ') };
}

/** Parses and checks a client's text frame; never throws. Addresses and hashes come back lower-cased. */
export function parseClientMessage(text: string): ClientMessageResult {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { ok: false, code: 'bad_json', reason: 'frame is not valid JSON' };
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg))
    return { ok: false, code: 'bad_field', reason: 'frame must be a JSON object { "type", "data" }' };
  const { type, data } = msg as { type?: unknown; data?: unknown };
  const d = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
  switch (type) {
    case 'ping':
      return { ok: true, value: { type: 'ping' } };
    case 'resume': {
      const byBlock = 'fromBlock' in d;
      if (byBlock && 'lastSeq' in d)
        return { ok: false, code: 'bad_field', reason: 'give data.lastSeq or data.fromBlock, not both' };
      const result = checked(byBlock ? ResumeByBlockSchema : ResumeBySeqSchema, d);
      if (!result.ok && !byBlock && !('lastSeq' in d))
        return { ok: false, code: 'bad_field', reason: 'data.lastSeq (or data.fromBlock) is required' };
      return result.ok ? { ok: true, value: { type, data: result.value } } : result;
    }
    case 'unsubscribe': {
      const result = checked(UnsubscribeDataSchema, d);
      return result.ok ? { ok: true, value: { type, data: result.value } } : result;
    }
    case 'subscribe': {
      const result = checked(SubscribeDataSchema, d);
      if (!result.ok) return result;
      const { topics, filters } = result.value;
      const given = filters && Object.values(filters).some((f) => f !== undefined);
      return { ok: true, value: { type, data: { topics, ...(given ? { filters: dropUndefined(filters) } : {}) } } };
    }
    default:
      return {
        ok: false,
        code: 'unknown_type',
        reason: `unknown message type ${JSON.stringify(type)}; supported: ${CLIENT_MESSAGE_TYPES.join(', ')}`,
      };
  }
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as T;
}

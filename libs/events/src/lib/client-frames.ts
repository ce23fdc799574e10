// Frames a client sends on /ws/monitor, their validation, and the topics of server events.
import type { BroadcastEventType } from './server-frames';

export const PROTOCOL_VERSION = 1;

export const TOPICS = ['blocks', 'transactions', 'badges', 'passports', 'stats', 'reorgs', 'status'] as const;
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
};

export interface SubscriptionFilters {
  /** Only events involving one of these addresses (transactions: from or to; badges, passports: holder). */
  addresses?: string[];
  /** Transactions only: minimum value in wei, a decimal string. */
  minValueWei?: string;
}

export interface SubscribeMessage {
  type: 'subscribe';
  data: { topics: Topic[]; filters?: SubscriptionFilters };
}
export interface UnsubscribeMessage {
  type: 'unsubscribe';
  data: { topics: Topic[] };
}
/**
 * Asks for the events missed since `lastSeq` of server process `epoch` (a fresh snapshot when they are
 * too old or from another epoch). Accepted once per connection.
 */
export interface ResumeMessage {
  type: 'resume';
  data: ResumeBySeq | ResumeByBlock;
}
export interface ResumeBySeq {
  lastSeq: number;
  epoch?: string;
}
/**
 * Replays, from the store, the events of every stored block from `fromBlock` up to the stored head
 * (frames marked `replay: true`, without seq), then live events without gap or repeat. Works across
 * restarts; at most the server's RESUME_MAX_BLOCKS (10,000) blocks back (further: an error
 * `resume_too_old`: read older blocks over REST first).
 */
export interface ResumeByBlock {
  fromBlock: number;
  /**
   * The newest blocks the client holds (at most MAX_RESUME_BLOCK_REFS), any order: the server checks
   * them against its store, and when some left the chain while the client was away (a reorg it missed),
   * it first sends a `reorg` frame (replay: true) down to the newest one still canonical and replays from
   * there. Without them a reorg during the reconnect goes unnoticed.
   */
  recentBlocks?: { number: number; hash: string }[];
}

export interface PingMessage {
  type: 'ping';
  data?: Record<string, never>;
}
export type ClientMessage = SubscribeMessage | UnsubscribeMessage | ResumeMessage | PingMessage;

/** Most block references one `resume { fromBlock, recentBlocks }` may carry (a frame is at most 4 KiB). */
export const MAX_RESUME_BLOCK_REFS = 40;

/** Largest number of addresses in one filter (keeps a client's index footprint bounded). */
export const MAX_FILTER_ADDRESSES = 100;

export type ClientMessageResult =
  | { ok: true; value: ClientMessage }
  | { ok: false; code: 'bad_json' | 'unknown_type' | 'bad_field'; reason: string };

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

function checkTopics(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return 'data.topics must be a non-empty array';
  const unknown = value.filter((t) => !(TOPICS as readonly unknown[]).includes(t));
  return unknown.length ? `unknown topic(s) ${JSON.stringify(unknown)}; topics are ${TOPICS.join(', ')}` : null;
}

const HASH_RE = /^0x[0-9a-fA-F]{64}$/;

function checkBlockRefs(value: unknown): string | null {
  if (!Array.isArray(value) || value.length > MAX_RESUME_BLOCK_REFS)
    return `data.recentBlocks must be an array of at most ${MAX_RESUME_BLOCK_REFS} { number, hash }`;
  for (const ref of value) {
    const { number, hash } = (typeof ref === 'object' && ref !== null ? ref : {}) as Record<string, unknown>;
    if (!Number.isSafeInteger(number) || (number as number) < 0 || typeof hash !== 'string' || !HASH_RE.test(hash))
      return 'each of data.recentBlocks must be { number: a non-negative integer, hash: 0x + 64 hex digits }';
  }
  return null;
}

/** Parses and checks a client's text frame; never throws. Addresses come back lower-cased. */
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
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  switch (type) {
    case 'ping':
      return { ok: true, value: { type: 'ping' } };
    case 'resume': {
      const lastSeq = d['lastSeq'];
      const epoch = d['epoch'];
      const fromBlock = d['fromBlock'];
      if (fromBlock !== undefined) {
        if (lastSeq !== undefined)
          return { ok: false, code: 'bad_field', reason: 'give data.lastSeq or data.fromBlock, not both' };
        if (!Number.isSafeInteger(fromBlock) || (fromBlock as number) < 0)
          return { ok: false, code: 'bad_field', reason: 'data.fromBlock must be a non-negative integer' };
        const refs = d['recentBlocks'];
        if (refs === undefined) return { ok: true, value: { type, data: { fromBlock: fromBlock as number } } };
        const problem = checkBlockRefs(refs);
        if (problem) return { ok: false, code: 'bad_field', reason: problem };
        const recentBlocks = (refs as { number: number; hash: string }[]).map((r) => ({
          number: r.number,
          hash: r.hash.toLowerCase(),
        }));
        return { ok: true, value: { type, data: { fromBlock: fromBlock as number, recentBlocks } } };
      }
      if (!Number.isSafeInteger(lastSeq) || (lastSeq as number) < 0)
        return {
          ok: false,
          code: 'bad_field',
          reason: 'data.lastSeq (or data.fromBlock) must be a non-negative integer',
        };
      if (epoch !== undefined && (typeof epoch !== 'string' || !/^[0-9A-Za-z_-]{8,64}$/.test(epoch)))
        return { ok: false, code: 'bad_field', reason: 'data.epoch must be the epoch of a welcome frame' };
      return {
        ok: true,
        value: {
          type,
          data: { lastSeq: lastSeq as number, ...(epoch !== undefined ? { epoch: epoch as string } : {}) },
        },
      };
    }
    case 'unsubscribe': {
      const problem = checkTopics(d['topics']);
      return problem
        ? { ok: false, code: 'bad_field', reason: problem }
        : { ok: true, value: { type, data: { topics: d['topics'] as Topic[] } } };
    }
    case 'subscribe': {
      const problem = checkTopics(d['topics']);
      if (problem) return { ok: false, code: 'bad_field', reason: problem };
      const filters: SubscriptionFilters = {};
      const f = d['filters'];
      if (f !== undefined) {
        if (typeof f !== 'object' || f === null || Array.isArray(f))
          return { ok: false, code: 'bad_field', reason: 'data.filters must be an object' };
        const { addresses, minValueWei } = f as Record<string, unknown>;
        if (addresses !== undefined) {
          if (!Array.isArray(addresses) || addresses.length === 0 || addresses.length > MAX_FILTER_ADDRESSES) {
            return {
              ok: false,
              code: 'bad_field',
              reason: `data.filters.addresses must be an array of 1 to ${MAX_FILTER_ADDRESSES} addresses`,
            };
          }
          const bad = addresses.find((a) => typeof a !== 'string' || !ADDRESS_RE.test(a));
          if (bad !== undefined)
            return {
              ok: false,
              code: 'bad_field',
              reason: `data.filters.addresses: ${JSON.stringify(bad)} is not a 0x-prefixed 20-byte address`,
            };
          filters.addresses = (addresses as string[]).map((a) => a.toLowerCase());
        }
        if (minValueWei !== undefined) {
          if (typeof minValueWei !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(minValueWei)) {
            return {
              ok: false,
              code: 'bad_field',
              reason: 'data.filters.minValueWei must be a decimal integer string (wei)',
            };
          }
          filters.minValueWei = minValueWei;
        }
      }
      return {
        ok: true,
        value: { type, data: { topics: d['topics'] as Topic[], ...(Object.keys(filters).length ? { filters } : {}) } },
      };
    }
    default:
      return {
        ok: false,
        code: 'unknown_type',
        reason: `unknown message type ${JSON.stringify(type)}; supported: subscribe, unsubscribe, resume, ping`,
      };
  }
}

// Runtime checks for frames, shared by the server (before sending), the dashboard (on receipt) and the
// tests. Plain TypeScript on purpose: no decorators or schema libraries reach the browser bundle.
import {
  type AnyServerFrame,
  SERVER_EVENT_TYPES,
  type ServerEventMap,
  type ServerEventType,
  type ServerFrame,
} from './server-frames';

type FieldKind = 'integer' | 'string' | 'hex' | 'address' | 'decimal' | 'iso-date' | 'number-or-null' | 'custom';
interface FieldSpec {
  kind: FieldKind;
  optional?: boolean;
  /** For kind 'custom': returns a problem, or null. */
  check?: (value: unknown) => string | null;
}
type Shape<T> = { [K in keyof Required<T>]: FieldSpec };

const req = (kind: FieldKind): FieldSpec => ({ kind });
const opt = (kind: FieldKind): FieldSpec => ({ kind, optional: true });
const custom = (check: (value: unknown) => string | null): FieldSpec => ({ kind: 'custom', check });
const isRef = (v: unknown) =>
  typeof v === 'object' &&
  v !== null &&
  Number.isSafeInteger((v as BlockRefLike).number) &&
  typeof (v as BlockRefLike).hash === 'string' &&
  /^0x[0-9a-fA-F]{64}$/.test((v as BlockRefLike).hash);
interface BlockRefLike {
  number: number;
  hash: string;
}
const blockRef = custom((v) => (isRef(v) ? null : 'must be { number, hash } with a 32-byte hash'));
/** A server instance id: 8 to 64 characters of [0-9A-Za-z_-]. */
const EPOCH_RE = /^[0-9A-Za-z_-]{8,64}$/;
const EPOCH_PROBLEM = 'must be 8 to 64 characters of [0-9A-Za-z_-]';
export const isEpoch = (v: unknown): v is string => typeof v === 'string' && EPOCH_RE.test(v);
const REMOVED_COUNTS = ['blocks', 'transactions', 'badges_minted', 'passports_issued', 'badges_revoked'] as const;

export const SERVER_FRAME_SHAPES: { [K in ServerEventType]: Shape<ServerEventMap[K]> } = {
  new_block: {
    number: req('integer'),
    hash: req('hex'),
    timestamp: req('integer'),
    transactions: req('integer'),
    gasUsed: req('integer'),
    parentHash: opt('hex'),
  },
  new_transaction: {
    hash: req('hex'),
    from: req('address'),
    to: req('address'),
    value: req('decimal'),
    timestamp: req('iso-date'),
    blockNumber: opt('integer'),
  },
  badge_minted: {
    txHash: req('hex'),
    address: req('address'),
    blockNumber: req('integer'),
    tokenId: opt('decimal'),
    logIndex: opt('integer'),
  },
  passport_issued: {
    txHash: req('hex'),
    address: req('address'),
    blockNumber: req('integer'),
    tokenId: opt('decimal'),
    logIndex: opt('integer'),
  },
  badge_revoked: {
    txHash: req('hex'),
    address: req('address'),
    blockNumber: req('integer'),
    tokenId: opt('decimal'),
    logIndex: opt('integer'),
  },
  reorg: {
    commonAncestor: blockRef,
    oldHead: blockRef,
    newHead: blockRef,
    depth: req('integer'),
    removed: custom((v) => {
      if (typeof v !== 'object' || v === null) return 'must be an object';
      const r = v as Record<string, unknown>;
      for (const k of REMOVED_COUNTS)
        if (!Number.isSafeInteger(r[k]) || (r[k] as number) < 0) return `.${k} must be a non-negative integer`;
      if (!Array.isArray(r['blockHashes']) || !r['blockHashes'].every((h) => typeof h === 'string'))
        return '.blockHashes must be an array of hashes';
      return null;
    }),
  },
  sync_status: {
    state: custom((v) => (v === 'syncing' || v === 'live' ? null : 'must be "syncing" or "live"')),
    head: req('integer'),
    processed: req('integer'),
    lagBlocks: req('integer'),
    blocksPerSecond: req('number-or-null'),
    etaSeconds: req('number-or-null'),
  },
  welcome: {
    protocolVersion: req('integer'),
    serverTime: req('iso-date'),
    chainId: custom((v) =>
      v === null || (Number.isSafeInteger(v) && (v as number) > 0) ? null : 'must be a positive integer or null',
    ),
    head: req('number-or-null'),
    lastSeq: req('integer'),
    epoch: { ...custom((v) => (isEpoch(v) ? null : EPOCH_PROBLEM)), optional: true },
    oldestSeq: opt('integer'),
  },
  snapshot: {
    stats: custom((v) => firstProblem(validateEventData('stats_update', v))),
    blocks: listOf('new_block'),
    transactions: listOf('new_transaction'),
    badges: listOf('badge_minted'),
  },
  pong: { ts: req('iso-date') },
  error: { code: req('string'), reason: req('string') },
  stats_update: {
    total_users: req('integer'),
    total_badges: req('integer'),
    total_passports: req('integer'),
    recent_badges_24h: req('integer'),
  },
};

function firstProblem(result: ValidationResult<unknown>): string | null {
  return result.ok ? null : (result.errors[0] ?? 'is invalid');
}
function listOf(type: 'new_block' | 'new_transaction' | 'badge_minted'): FieldSpec {
  return custom((v) => {
    if (!Array.isArray(v)) return 'must be an array';
    for (const item of v) {
      const problem = firstProblem(validateEventData(type, item));
      if (problem) return `item: ${problem}`;
    }
    return null;
  });
}

const HEX_RE = /^0x[0-9a-fA-F]+$/;
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const DECIMAL_RE = /^(0|[1-9][0-9]*)$/;
// ISO-8601 date-time, with or without fraction and zone (the seed's example has neither).
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function checkField(value: unknown, spec: FieldSpec): string | null {
  switch (spec.kind) {
    case 'custom':
      return spec.check ? spec.check(value) : null;
    case 'number-or-null':
      return value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0)
        ? null
        : 'must be a non-negative number or null';
    case 'integer':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? null : 'must be a non-negative integer';
    case 'string':
      return typeof value === 'string' ? null : 'must be a string';
    case 'hex':
      return typeof value === 'string' && HEX_RE.test(value) ? null : 'must be a 0x-prefixed hex string';
    case 'address':
      return typeof value === 'string' && ADDRESS_RE.test(value) ? null : 'must be a 0x-prefixed 20-byte address';
    case 'decimal':
      return typeof value === 'string' && DECIMAL_RE.test(value) ? null : 'must be a decimal integer string';
    case 'iso-date':
      return typeof value === 'string' && ISO_RE.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : 'must be an ISO-8601 date-time string';
  }
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isServerEventType(value: unknown): value is ServerEventType {
  return typeof value === 'string' && (SERVER_EVENT_TYPES as readonly string[]).includes(value);
}

/** Checks the `data` of a frame of the given type. Unknown extra fields are allowed (forward compatible). */
export function validateEventData<K extends ServerEventType>(
  type: K,
  data: unknown,
): ValidationResult<ServerEventMap[K]> {
  if (!isRecord(data)) return { ok: false, errors: [`${type}.data must be an object`] };
  const shape = SERVER_FRAME_SHAPES[type] as Record<string, FieldSpec>;
  const errors: string[] = [];
  for (const [field, spec] of Object.entries(shape)) {
    const value = data[field];
    if (value === undefined) {
      if (!spec.optional) errors.push(`${type}.data.${field} is required`);
      continue;
    }
    const problem = checkField(value, spec);
    if (problem) errors.push(`${type}.data.${field} ${problem}`);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: data as unknown as ServerEventMap[K] };
}

/** Checks a whole server frame (already parsed from JSON). */
export function validateServerFrame(frame: unknown): ValidationResult<AnyServerFrame> {
  if (!isRecord(frame)) return { ok: false, errors: ['frame must be a JSON object'] };
  if (!isServerEventType(frame['type'])) {
    return { ok: false, errors: [`frame.type must be one of ${SERVER_EVENT_TYPES.join(', ')}`] };
  }
  const data = validateEventData(frame['type'], frame['data']);
  if (!data.ok) return data;
  const errors: string[] = [];
  const { seq, epoch, replay } = frame;
  if (seq !== undefined && !(Number.isSafeInteger(seq) && (seq as number) > 0))
    errors.push('frame.seq must be a positive integer');
  if (epoch !== undefined && !isEpoch(epoch)) errors.push(`frame.epoch ${EPOCH_PROBLEM}`);
  if (replay !== undefined && typeof replay !== 'boolean') errors.push('frame.replay must be a boolean');
  return errors.length ? { ok: false, errors } : { ok: true, value: frame as unknown as AnyServerFrame };
}

/** Parses a text frame; never throws. */
export function parseServerFrame(text: string): ValidationResult<AnyServerFrame> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, errors: ['frame is not valid JSON'] };
  }
  return validateServerFrame(parsed);
}

export function isServerFrame<K extends ServerEventType>(frame: unknown, type: K): frame is ServerFrame<K> {
  const result = validateServerFrame(frame);
  return result.ok && result.value.type === type;
}

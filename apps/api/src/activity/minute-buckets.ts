// Pure bucket arithmetic: which per-minute counters a set of blocks adds (or, negated, removes).
import type { TokenEventKind } from './schemas/token-event.schema';

export interface BucketCounters {
  blocks: number;
  transactions: number;
  contractTransactions: number;
  gasUsed: number;
  mints: number;
  passports: number;
  revocations: number;
}

/** One stored item's share of the counters, at its block's time (unix seconds). */
export type Contribution = { timestamp: number } & Partial<BucketCounters>;

const EMPTY: BucketCounters = {
  blocks: 0,
  transactions: 0,
  contractTransactions: 0,
  gasUsed: 0,
  mints: 0,
  passports: 0,
  revocations: 0,
};
const FIELDS = Object.keys(EMPTY) as (keyof BucketCounters)[];

/** The minute a unix-seconds timestamp falls in, as its ISO start (the bucket's _id). */
export function minuteKey(timestampSeconds: number): string {
  return new Date(Math.floor(timestampSeconds / 60) * 60_000).toISOString();
}

export function tokenEventCounter(kind: TokenEventKind): keyof BucketCounters | null {
  if (kind === 'badge_minted') return 'mints';
  if (kind === 'passport_issued') return 'passports';
  if (kind === 'badge_revoked') return 'revocations';
  return null;
}

/** Sums contributions per minute; `sign` -1 gives the decrements that undo them. Zero fields are dropped. */
export function bucketIncrements(
  contributions: readonly Contribution[],
  sign: 1 | -1 = 1,
): Map<string, Partial<BucketCounters>> {
  const sums = new Map<string, BucketCounters>();
  for (const c of contributions) {
    const key = minuteKey(c.timestamp);
    const acc = sums.get(key) ?? { ...EMPTY };
    for (const f of FIELDS) acc[f] += c[f] ?? 0;
    sums.set(key, acc);
  }
  const out = new Map<string, Partial<BucketCounters>>();
  for (const [key, acc] of sums) {
    const inc: Partial<BucketCounters> = {};
    for (const f of FIELDS) if (acc[f] !== 0) inc[f] = sign * acc[f];
    if (Object.keys(inc).length) out.set(key, inc);
  }
  return out;
}

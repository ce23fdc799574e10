// Pure arithmetic of a block's share of the aggregates (totals, minute buckets, users). The store
// writes the share on the block row, applies it once when it counts the block and reverts it exactly
// when a reorg removes that block.
import { type BucketCounters, minuteKey } from './minute-buckets';
import type { TokenEventKind } from './schemas/token-event.schema';

export interface BlockShare {
  contractTransactions: number;
  mints: number;
  passports: number;
  revocations: number;
  /** Candidate users, lower-case, in order of appearance, each once. */
  users: string[];
}

/** A stored block row with its share (what apply and revert read). */
export interface SharedBlockRow extends BlockShare {
  number: number;
  hash: string;
  parentHash: string;
  /** Unix seconds. */
  timestamp: number;
  transactionCount: number;
  gasUsed: number;
}

export interface TotalsCounters {
  badges: number;
  passports: number;
  revocations: number;
  contractTransactions: number;
}

/** Kinds that make the recipient a user (a revocation's holder already was one). */
const USER_KINDS: ReadonlySet<TokenEventKind> = new Set(['badge_minted', 'passport_issued']);

export function blockShare(bundle: {
  transactions: readonly { from: string }[];
  tokenEvents: readonly { kind: TokenEventKind; address: string }[];
}): BlockShare {
  const users = new Set<string>();
  const share: BlockShare = {
    contractTransactions: bundle.transactions.length,
    mints: 0,
    passports: 0,
    revocations: 0,
    users: [],
  };
  for (const t of bundle.transactions) users.add(t.from.toLowerCase());
  for (const e of bundle.tokenEvents) {
    if (e.kind === 'badge_minted') share.mints++;
    else if (e.kind === 'passport_issued') share.passports++;
    else if (e.kind === 'badge_revoked') share.revocations++;
    if (USER_KINDS.has(e.kind)) users.add(e.address.toLowerCase());
  }
  share.users = [...users];
  return share;
}

/** The one minute bucket a block counts in (everything in a block has the block's time) and its increments. */
export function bucketShare(row: SharedBlockRow, sign: 1 | -1 = 1): { minute: string; inc: Partial<BucketCounters> } {
  const all: BucketCounters = {
    blocks: 1,
    transactions: row.transactionCount,
    contractTransactions: row.contractTransactions,
    gasUsed: row.gasUsed,
    mints: row.mints,
    passports: row.passports,
    revocations: row.revocations,
  };
  const inc: Partial<BucketCounters> = {};
  for (const [field, value] of Object.entries(all) as [keyof BucketCounters, number][]) {
    if (value !== 0) inc[field] = sign * value;
  }
  return { minute: minuteKey(row.timestamp), inc };
}

/** What these blocks add to the totals' counters (users aside), negated with sign -1. */
export function totalsShare(rows: readonly BlockShare[], sign: 1 | -1 = 1): TotalsCounters {
  const sum: TotalsCounters = { badges: 0, passports: 0, revocations: 0, contractTransactions: 0 };
  for (const r of rows) {
    sum.badges += sign * r.mints;
    sum.passports += sign * r.passports;
    sum.revocations += sign * r.revocations;
    sum.contractTransactions += sign * r.contractTransactions;
  }
  return sum;
}

/** Each candidate user with the first of these blocks (ascending) that names it. */
export function firstAppearances(rows: readonly SharedBlockRow[]): Map<string, SharedBlockRow> {
  const first = new Map<string, SharedBlockRow>();
  for (const row of rows) for (const user of row.users) if (!first.has(user)) first.set(user, row);
  return first;
}

/**
 * How many of `rows` (ascending) continue the counted head, one parent link after another: the blocks
 * that can be counted now. A head of null hash (nothing counted yet) takes any first block.
 */
export function continuingBlocks(head: { headHash: string | null }, rows: readonly SharedBlockRow[]): number {
  let parent = head.headHash;
  let n = 0;
  for (const row of rows) {
    if (parent !== null && row.parentHash !== parent) break;
    parent = row.hash;
    n++;
  }
  return n;
}

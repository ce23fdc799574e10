// Pure arithmetic for the running totals: what a set of stored blocks adds to them.
import type { TokenEventKind } from './schemas/token-event.schema';

export interface TotalsCounters {
  badges: number;
  passports: number;
  revocations: number;
  contractTransactions: number;
}

export interface TotalsInput {
  block: { number: number; timestamp: number };
  transactions: { from: string }[];
  tokenEvents: { kind: TokenEventKind; address: string }[];
}

export interface TotalsDelta {
  counters: TotalsCounters;
  /** Candidate users with the first block and time (unix s) they appear in, within these blocks. */
  users: Map<string, { firstBlock: number; timestamp: number }>;
}

/** Kinds that make the recipient a user (a revocation's holder already was one). */
const USER_KINDS: ReadonlySet<TokenEventKind> = new Set(['badge_minted', 'passport_issued']);

export function totalsDelta(bundles: readonly TotalsInput[]): TotalsDelta {
  const counters: TotalsCounters = { badges: 0, passports: 0, revocations: 0, contractTransactions: 0 };
  const users = new Map<string, { firstBlock: number; timestamp: number }>();
  const seen = (address: string, block: TotalsInput['block']) => {
    const key = address.toLowerCase();
    const known = users.get(key);
    if (!known || block.number < known.firstBlock)
      users.set(key, { firstBlock: block.number, timestamp: block.timestamp });
  };
  for (const { block, transactions, tokenEvents } of bundles) {
    counters.contractTransactions += transactions.length;
    for (const t of transactions) seen(t.from, block);
    for (const e of tokenEvents) {
      if (e.kind === 'badge_minted') counters.badges++;
      else if (e.kind === 'passport_issued') counters.passports++;
      else if (e.kind === 'badge_revoked') counters.revocations++;
      if (USER_KINDS.has(e.kind)) seen(e.address, block);
    }
  }
  return { counters, users };
}

// Everything the API's store holds, in a form two databases can be compared by: the crash-consistency
// test and the chaos campaign compare a store that went through faults with a rebuild from the chain.
import type { Db } from 'mongodb';

export interface StoreDump {
  blocks: Record<string, unknown>[];
  transactions: Record<string, unknown>[];
  events: Record<string, unknown>[];
  totals: Record<string, unknown>;
  /** An unfinished reorg removal (null when none). */
  removing: unknown;
  buckets: Record<string, unknown>[];
  addresses: Record<string, unknown>[];
}

export async function dumpStore(db: Db): Promise<StoreDump> {
  const all = (name: string, sort: Record<string, 1>) =>
    db.collection(name).find({}).sort(sort).toArray() as Promise<Record<string, unknown>[]>;
  const [blocks, transactions, events, totals, buckets, addresses] = await Promise.all([
    all('blocks', { number: 1 }),
    all('transactions', { _id: 1 }),
    all('token_events', { _id: 1 }),
    db.collection('stats_totals').findOne({ _id: 'totals' as never }),
    all('minute_buckets', { _id: 1 }),
    all('known_addresses', { _id: 1 }),
  ]);
  const { removing, ...counted } = (totals ?? {}) as Record<string, unknown>;
  return {
    blocks: blocks.map((b) => Object.fromEntries(Object.entries(b).filter(([key]) => key !== 'storedAt'))),
    transactions,
    events,
    totals: counted,
    removing: removing ?? null,
    // A bucket whose blocks were all taken back stays as zeros: the same as no bucket.
    buckets: buckets
      .map((b) => ({ ...b, appliedBlocks: [...((b['appliedBlocks'] as string[] | undefined) ?? [])].sort() }))
      .filter((b) => b.appliedBlocks.length > 0),
    addresses,
  };
}

/** Differences between two dumps, one line each (empty: equal). */
export function diffStores(got: StoreDump, want: StoreDump): string[] {
  const out: string[] = [];
  const byId = (rows: Record<string, unknown>[]) => new Map(rows.map((r) => [String(r['_id']), JSON.stringify(r)]));
  for (const part of ['blocks', 'transactions', 'events', 'buckets', 'addresses'] as const) {
    const g = byId(got[part]);
    const w = byId(want[part]);
    for (const [id, row] of w) {
      if (!g.has(id)) out.push(`${part}: missing ${id}`);
      else if (g.get(id) !== row) out.push(`${part}: ${id} differs: stored ${g.get(id)} vs chain ${row}`);
    }
    for (const id of g.keys()) if (!w.has(id)) out.push(`${part}: extra ${id}`);
  }
  if (JSON.stringify(got.totals) !== JSON.stringify(want.totals)) {
    out.push(`totals differ: stored ${JSON.stringify(got.totals)} vs chain ${JSON.stringify(want.totals)}`);
  }
  if (got.removing !== null) out.push(`an unfinished reorg removal from block ${String(got.removing)}`);
  return out;
}

import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

import type { ReorgData } from '@aura/events';

import { bucketIncrements, type Contribution, tokenEventCounter } from './minute-buckets';
import { RecentFeed } from './recent-feed.service';
import { BlockRecord } from './schemas/block.schema';
import { ContractTransactionRecord } from './schemas/contract-transaction.schema';
import { KnownAddressRecord } from './schemas/known-address.schema';
import { MinuteBucketRecord } from './schemas/minute-bucket.schema';
import { StatsTotalsRecord } from './schemas/stats-totals.schema';
import { TokenEventRecord } from './schemas/token-event.schema';
import { type TotalsDelta, totalsDelta } from './stats-totals';

export const TOTALS_ID = 'totals';

export interface BlockBundle {
  block: BlockRecord;
  transactions: ContractTransactionRecord[];
  tokenEvents: TokenEventRecord[];
}

/** What a reorg removed: the `removed` part of the public `reorg` frame. */
export type RemovedActivity = ReorgData['removed'];

export interface StoredBlockRef {
  number: number;
  hash: string;
}

/**
 * Writes what the follower decoded. Every write is an upsert with $setOnInsert on a unique key, so
 * storing the same block twice changes nothing. The block row is written last: a block present in the
 * database means its transactions and events are present too (the checkpoint is the latest block).
 */
@Injectable()
export class ActivityStore implements OnModuleInit {
  private readonly logger = new Logger(ActivityStore.name);

  constructor(
    @InjectModel(BlockRecord.name) private readonly blocks: Model<BlockRecord>,
    @InjectModel(ContractTransactionRecord.name) private readonly transactions: Model<ContractTransactionRecord>,
    @InjectModel(TokenEventRecord.name) private readonly tokenEvents: Model<TokenEventRecord>,
    @InjectModel(MinuteBucketRecord.name) private readonly buckets: Model<MinuteBucketRecord>,
    @InjectModel(StatsTotalsRecord.name) private readonly totals: Model<StatsTotalsRecord>,
    @InjectModel(KnownAddressRecord.name) private readonly addresses: Model<KnownAddressRecord>,
    private readonly feed: RecentFeed,
  ) {}

  /** Before the follower stores anything: totals that do not match the stored head are rebuilt. */
  async onModuleInit(): Promise<void> {
    const [totals, latest] = await Promise.all([this.totals.findById(TOTALS_ID).lean(), this.latestBlock()]);
    if ((totals?.headHash ?? null) === (latest?.hash ?? null)) return;
    this.logger.warn(
      `stats totals are at ${totals?.headHash ?? 'nothing'} but the stored head is ${latest?.hash ?? 'nothing'}: rebuilding them from the stored rows`,
    );
    await this.rebuildTotals();
  }

  /** Returns true when the block was new (false: it was stored before, nothing changed). */
  async saveBlock(bundle: BlockBundle): Promise<boolean> {
    return (await this.saveBlocks([bundle])).has(bundle.block.hash);
  }

  /**
   * Stores consecutive blocks: transactions and events first (unordered), then the block rows in
   * ascending order, so a crash leaves a prefix of the blocks, never a gap, and the checkpoint (the
   * highest stored block) stays sound. Returns the hashes of the blocks that were new.
   */
  async saveBlocks(bundles: BlockBundle[]): Promise<Set<string>> {
    await insertAbsent(
      this.transactions,
      bundles.flatMap((b) => b.transactions.map((t) => ({ ...t, _id: t.hash }))),
    );
    await insertAbsent(
      this.tokenEvents,
      bundles.flatMap((b) => b.tokenEvents.map((e) => ({ ...e, _id: tokenEventKey(e) }))),
    );
    const inserted = new Set(
      await insertAbsentInOrder(
        this.blocks,
        bundles.map((b) => ({ ...b.block, _id: b.block.hash, storedAt: new Date() })),
      ),
    );
    // Only blocks inserted now count: a block stored before was counted then (no double count on a
    // re-run). A crash between the insert above and this $inc can leave a bucket short by that batch;
    // MongoDB transactions would close that window, FerretDB has none.
    const fresh = bundles.filter((b) => inserted.has(b.block.hash));
    await this.applyBuckets(fresh.flatMap(contributionsOf), 1);
    if (fresh.length) await this.applyTotals(fresh, bundles[bundles.length - 1]?.block.hash ?? null);
    this.feed.stored(fresh);
    return inserted;
  }

  /** Adds new blocks to the running totals (one small document; users by insert-if-absent). */
  private async applyTotals(fresh: BlockBundle[], headHash: string | null): Promise<void> {
    const { counters, users } = totalsDelta(fresh);
    const newUsers = await insertAbsent(this.addresses, knownAddressDocs(users));
    await this.totals.updateOne(
      { _id: TOTALS_ID },
      { $inc: { ...counters, users: newUsers.length }, $set: { headHash } },
      { upsert: true },
    );
  }

  /**
   * Recomputes the totals and the user set from the stored rows: on a first start after an upgrade,
   * or after a crash between a block insert and its totals update. Scans once; never per request.
   */
  async rebuildTotals(): Promise<void> {
    const [latest, txs, events] = await Promise.all([
      this.latestBlock(),
      this.transactions.find({}, { from: 1, blockNumber: 1, timestamp: 1, _id: 0 }).lean(),
      this.tokenEvents.find({}, { kind: 1, address: 1, blockNumber: 1, timestamp: 1, _id: 0 }).lean(),
    ]);
    // Each stored row as a bundle of its own: the same arithmetic as on ingest.
    const blockOf = (row: { blockNumber: number; timestamp: Date }) => ({
      number: row.blockNumber,
      timestamp: Math.floor(new Date(row.timestamp).getTime() / 1000),
    });
    const { counters, users } = totalsDelta([
      ...txs.map((t) => ({ block: blockOf(t), transactions: [t], tokenEvents: [] })),
      ...events.map((e) => ({ block: blockOf(e), transactions: [], tokenEvents: [e] })),
    ]);
    await this.addresses.deleteMany({});
    const docs = knownAddressDocs(users);
    for (let i = 0; i < docs.length; i += 1_000) await insertAbsent(this.addresses, docs.slice(i, i + 1_000));
    await this.totals.replaceOne(
      { _id: TOTALS_ID },
      { ...counters, users: users.size, headHash: latest?.hash ?? null },
      { upsert: true },
    );
  }

  private async applyBuckets(contributions: Contribution[], sign: 1 | -1): Promise<void> {
    const increments = bucketIncrements(contributions, sign);
    if (!increments.size) return;
    await this.buckets.bulkWrite(
      [...increments].map(([minute, inc]) => ({
        updateOne: {
          filter: { _id: minute },
          update: { $inc: inc, $setOnInsert: { minute: new Date(minute) } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }

  /**
   * Removes every stored block at or above `height`, with its transactions and token events (a chain
   * reorganisation made them non-canonical). Returns the removed block hashes. Children go first so
   * that an interrupted removal never leaves events whose block is gone.
   */
  async removeFrom(height: number): Promise<RemovedActivity> {
    const above = { blockNumber: { $gte: height } };
    const [removed, transactions, badgesMinted, passportsIssued, badgesRevoked] = await Promise.all([
      this.blocks
        .find({ number: { $gte: height } }, { hash: 1, _id: 0 })
        .sort({ number: 1 })
        .lean(),
      this.transactions.countDocuments(above),
      this.tokenEvents.countDocuments({ ...above, kind: 'badge_minted' }),
      this.tokenEvents.countDocuments({ ...above, kind: 'passport_issued' }),
      this.tokenEvents.countDocuments({ ...above, kind: 'badge_revoked' }),
    ]);
    // Undo their share of the minute buckets before the rows that define it go.
    const [blockRows, txRows, eventRows] = await Promise.all([
      this.blocks.find({ number: { $gte: height } }, { timestamp: 1, transactionCount: 1, gasUsed: 1, _id: 0 }).lean(),
      this.transactions.find(above, { timestamp: 1, _id: 0 }).lean(),
      this.tokenEvents.find(above, { timestamp: 1, kind: 1, _id: 0 }).lean(),
    ]);
    await this.applyBuckets(
      [
        ...blockRows.map((b) => ({
          timestamp: b.timestamp,
          blocks: 1,
          transactions: b.transactionCount,
          gasUsed: b.gasUsed,
        })),
        ...txRows.map((t) => ({ timestamp: seconds(t.timestamp), contractTransactions: 1 })),
        ...eventRows.map((e) => eventContribution(seconds(e.timestamp), e.kind)),
      ],
      -1,
    );
    await this.transactions.deleteMany(above);
    await this.tokenEvents.deleteMany(above);
    await this.blocks.deleteMany({ number: { $gte: height } });
    this.feed.removedFrom(height);
    // An address whose first activity was above the ancestor has none left below it.
    const gone = await this.addresses.deleteMany({ firstBlock: { $gte: height } });
    const newHead = await this.latestBlock();
    await this.totals.updateOne(
      { _id: TOTALS_ID },
      {
        $inc: {
          badges: -badgesMinted,
          passports: -passportsIssued,
          revocations: -badgesRevoked,
          contractTransactions: -transactions,
          users: -gone.deletedCount,
        },
        $set: { headHash: newHead?.hash ?? null },
      },
      { upsert: true },
    );
    return {
      blocks: removed.length,
      transactions,
      badges_minted: badgesMinted,
      passports_issued: passportsIssued,
      badges_revoked: badgesRevoked,
      blockHashes: removed.map((b) => b.hash),
    };
  }

  /** Stored (number, hash) from `fromNumber` up, ascending: the recent canonical chain. */
  async blocksFrom(fromNumber: number): Promise<StoredBlockRef[]> {
    return this.blocks
      .find({ number: { $gte: fromNumber } }, { number: 1, hash: 1, _id: 0 })
      .sort({ number: 1 })
      .lean();
  }

  async latestBlock(): Promise<StoredBlockRef | null> {
    const doc = await this.blocks.findOne({}, { number: 1, hash: 1, _id: 0 }).sort({ number: -1 }).lean();
    return doc ? { number: doc.number, hash: doc.hash } : null;
  }
}

function seconds(date: Date): number {
  return Math.floor(new Date(date).getTime() / 1000);
}

function eventContribution(timestamp: number, kind: TokenEventRecord['kind']): Contribution {
  const counter = tokenEventCounter(kind);
  return counter ? { timestamp, [counter]: 1 } : { timestamp };
}

function contributionsOf(bundle: BlockBundle): Contribution[] {
  const { block } = bundle;
  return [
    {
      timestamp: block.timestamp,
      blocks: 1,
      transactions: block.transactionCount,
      gasUsed: block.gasUsed,
      contractTransactions: bundle.transactions.length,
    },
    ...bundle.tokenEvents.map((e) => eventContribution(block.timestamp, e.kind)),
  ];
}

function knownAddressDocs(users: TotalsDelta['users']): (KnownAddressRecord & { _id: string })[] {
  return [...users].map(([address, u]) => ({
    _id: address,
    firstBlock: u.firstBlock,
    firstSeen: new Date(u.timestamp * 1000),
  }));
}

function tokenEventKey(e: { txHash: string; logIndex: number }): string {
  return `${e.txHash}:${e.logIndex}`;
}

/**
 * "Insert if absent", keyed by _id: a duplicate key (11000) means the document is already stored, and
 * the first write wins, as with an upsert using $setOnInsert. Inserts rather than upserts because
 * FerretDB 1.x scans the collection for every upsert (0.05 → 0.5 s per 50 documents at 2,000
 * documents, measured), while an insert stays flat (~5 ms per 50); MongoDB is fast either way.
 * Returns the _ids inserted now.
 */
async function insertAbsent<T>(model: Model<T>, docs: (T & { _id: string })[]): Promise<string[]> {
  if (!docs.length) return [];
  try {
    await model.collection.insertMany(docs as never[], { ordered: false });
    return docs.map((d) => d._id);
  } catch (err) {
    const failed = duplicateIndexes(err);
    return docs.filter((_, i) => !failed.has(i)).map((d) => d._id);
  }
}

/** Like insertAbsent, but in order: a stored document is skipped and the rest go in after it. */
async function insertAbsentInOrder<T>(model: Model<T>, docs: (T & { _id: string })[]): Promise<string[]> {
  const inserted: string[] = [];
  let rest = docs;
  while (rest.length) {
    try {
      await model.collection.insertMany(rest as never[], { ordered: true });
      inserted.push(...rest.map((d) => d._id));
      return inserted;
    } catch (err) {
      const [at] = [...duplicateIndexes(err)];
      if (at === undefined) throw err;
      inserted.push(...rest.slice(0, at).map((d) => d._id));
      rest = rest.slice(at + 1);
    }
  }
  return inserted;
}

/** Indexes of the documents refused as duplicates; rethrows any other error. */
function duplicateIndexes(err: unknown): Set<number> {
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as {
    code?: number;
    index?: number;
  }[];
  if (!list.length || list.some((e) => e.code !== 11000 || typeof e.index !== 'number')) throw err;
  return new Set(list.map((e) => e.index as number).sort((a, b) => a - b));
}

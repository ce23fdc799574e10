import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

import type { ActivityItem, ActivityType, BadgeMintedData, NewBlockData, NewTransactionData } from '@aura/events';

import { type BlockBundle, TOTALS_ID } from './activity-store.service';
import type { BucketCounters } from './minute-buckets';
import { RecentFeed } from './recent-feed.service';
import { BlockRecord } from './schemas/block.schema';
import { ContractTransactionRecord } from './schemas/contract-transaction.schema';
import { MinuteBucketRecord } from './schemas/minute-bucket.schema';
import { StatsTotalsRecord } from './schemas/stats-totals.schema';
import { TokenEventRecord } from './schemas/token-event.schema';
import { blockData, tokenEventData, transactionData } from './wire-shapes';

/** The running totals as the store keeps them (see ActivityStore). */
export type StoredTotals = Pick<
  StatsTotalsRecord,
  'users' | 'badges' | 'passports' | 'revocations' | 'contractTransactions' | 'headHash'
>;

/**
 * What other modules read of the store (ActivityStore writes it; no other module sees a model): the
 * totals, minute buckets and blocks behind /stats, and the newest items in the wire shapes for the
 * WebSocket snapshot. Newest items come from the in-memory recent feed; the database is asked only when
 * the feed holds fewer than asked for while older rows exist (a sorted query is a full scan on FerretDB).
 */
@Injectable()
export class ActivityReader {
  constructor(
    @InjectModel(BlockRecord.name) private readonly blocks: Model<BlockRecord>,
    @InjectModel(ContractTransactionRecord.name) private readonly transactions: Model<ContractTransactionRecord>,
    @InjectModel(TokenEventRecord.name) private readonly tokenEvents: Model<TokenEventRecord>,
    @InjectModel(MinuteBucketRecord.name) private readonly buckets: Model<MinuteBucketRecord>,
    @InjectModel(StatsTotalsRecord.name) private readonly totalsDoc: Model<StatsTotalsRecord>,
    private readonly feed: RecentFeed,
  ) {}

  async totals(): Promise<StoredTotals | null> {
    return this.totalsDoc
      .findById(TOTALS_ID, { users: 1, badges: 1, passports: 1, revocations: 1, contractTransactions: 1, headHash: 1 })
      .lean();
  }

  /** The number of the last block counted (the stored canonical head), or null when nothing is stored. */
  async storedHeadNumber(): Promise<number | null> {
    const doc = await this.totalsDoc.findById(TOTALS_ID, { headNumber: 1 }).lean();
    return doc?.headNumber ?? null;
  }

  /**
   * The stored blocks numbered from..to (inclusive) with their contract transactions and token events,
   * oldest first, each block's events in log order: what ingestion published for them (a WebSocket
   * resume replays these). Callers bound the range (a range query is a scan on FerretDB 1.x).
   */
  async bundlesInRange(from: number, to: number): Promise<BlockBundle[]> {
    if (to < from) return [];
    // Blocks first, then their rows: a block row is written after its rows, so rows read after it are
    // complete (read in parallel, the rows could be read before a block that is stored meanwhile).
    const blocks = await this.blocks.find({ number: { $gte: from, $lte: to } }).lean();
    if (!blocks.length) return [];
    const range = { $gte: from, $lte: Math.max(...blocks.map((b) => b.number)) };
    const [transactions, tokenEvents] = await Promise.all([
      this.transactions.find({ blockNumber: range }).lean(),
      this.tokenEvents.find({ blockNumber: range }).lean(),
    ]);
    const byHash = new Map<string, BlockBundle>();
    for (const block of blocks) byHash.set(block.hash, { block, transactions: [], tokenEvents: [] });
    // Rows of a block that is not (or no longer) stored are left out: only complete, canonical blocks.
    for (const tx of transactions) byHash.get(tx.blockHash)?.transactions.push(tx);
    for (const e of tokenEvents) byHash.get(e.blockHash)?.tokenEvents.push(e);
    const bundles = [...byHash.values()].sort((a, b) => a.block.number - b.block.number);
    for (const b of bundles) b.tokenEvents.sort((x, y) => x.logIndex - y.logIndex);
    return bundles;
  }

  /** Which of these block hashes are stored (one lookup by _id). */
  async storedHashes(hashes: readonly string[]): Promise<Set<string>> {
    if (!hashes.length) return new Set();
    const rows = await this.blocks.find({ _id: { $in: [...new Set(hashes)] } }, { _id: 1 }).lean();
    return new Set(rows.map((r) => String(r._id)));
  }

  /** The stored block at a height, if any. */
  async blockAt(number: number): Promise<{ number: number; hash: string; timestamp: number } | null> {
    return this.blocks.findOne({ number }, { number: 1, hash: 1, timestamp: 1, _id: 0 }).lean();
  }

  /**
   * Token events after chain time `since` (unix s) in blocks up to `throughBlock`, oldest first: seeds
   * alerting's rate windows (bounded by both, so an old checkpoint never reads the whole history).
   */
  async tokenEventTimesSince(since: number, throughBlock: number): Promise<{ kind: string; timestamp: Date }[]> {
    return this.tokenEvents
      .find(
        { timestamp: { $gt: new Date(since * 1000) }, blockNumber: { $lte: throughBlock } },
        { kind: 1, timestamp: 1, _id: 0 },
      )
      .sort({ timestamp: 1 })
      .lean();
  }

  /** The lowest stored block above `number` (a sorted range read: for the rare path that needs it). */
  async lowestBlockAbove(number: number): Promise<{ number: number; hash: string } | null> {
    return this.blocks
      .findOne({ number: { $gt: number } }, { number: 1, hash: 1, _id: 0 })
      .sort({ number: 1 })
      .lean();
  }

  /** A block by its hash: an indexed lookup on FerretDB too (by _id), where a sort would scan. */
  async blockByHash(hash: string): Promise<BlockRecord | null> {
    return this.blocks.findById(hash).lean();
  }

  /** One counter of the minute buckets whose minute is in [from, to) (to null: up to now). */
  async bucketCounts(
    field: keyof BucketCounters,
    from: Date,
    to: Date | null = null,
  ): Promise<({ minute: Date } & Partial<BucketCounters>)[]> {
    const minute = to ? { $gte: from, $lt: to } : { $gte: from };
    return this.buckets.find({ minute }, { minute: 1, [field]: 1, _id: 0 }).lean();
  }

  async blocksNewestFirst(limit: number): Promise<NewBlockData[]> {
    if (!limit) return [];
    const fromFeed = await this.fromFeed('block', limit);
    if (fromFeed) return fromFeed.flatMap((i) => (i.type === 'block' ? [i.data] : []));
    const rows = await this.blocks.find().sort({ number: -1 }).limit(limit).lean();
    return rows.map(blockData);
  }

  async transactionsNewestFirst(limit: number): Promise<NewTransactionData[]> {
    if (!limit) return [];
    const fromFeed = await this.fromFeed('transaction', limit);
    if (fromFeed) return fromFeed.flatMap((i) => (i.type === 'transaction' ? [i.data] : []));
    const rows = await this.transactions.find().sort({ blockNumber: -1 }).limit(limit).lean();
    return rows.map(transactionData);
  }

  async badgesNewestFirst(limit: number): Promise<BadgeMintedData[]> {
    if (!limit) return [];
    const fromFeed = await this.fromFeed('badge_minted', limit);
    if (fromFeed) return fromFeed.flatMap((i) => (i.type === 'badge_minted' ? [i.data] : []));
    const rows = await this.tokenEvents
      .find({ kind: 'badge_minted' })
      .sort({ blockNumber: -1, logIndex: -1 })
      .limit(limit)
      .lean();
    return rows.map(tokenEventData);
  }

  /** The newest `limit` items of one type from memory, or null when memory cannot tell. */
  private async fromFeed(type: ActivityType, limit: number): Promise<ActivityItem[] | null> {
    const page = await this.feed.page({ types: [type], address: null, limit, before: null }).catch(() => null);
    if (!page) return null;
    // A short page that says "more below" ran out of the window: the database knows the rest.
    return page.items.length < limit && page.next ? null : page.items;
  }
}

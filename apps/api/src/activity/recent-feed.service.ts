import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

import { type FeedFilter, RecentFeedWindow } from './recent-feed';
import { BlockRecord } from './schemas/block.schema';
import { ContractTransactionRecord } from './schemas/contract-transaction.schema';
import { TokenEventRecord } from './schemas/token-event.schema';
import { blockItem, tokenEventItems, transactionItem } from './wire-shapes';

/** Items held in memory (~0.4 KB each): the recent feed a dashboard pages through. */
export const RECENT_FEED_ITEMS = 10_000;

interface StoredBundle {
  block: BlockRecord;
  transactions: ContractTransactionRecord[];
  tokenEvents: TokenEventRecord[];
}

/**
 * The newest RECENT_FEED_ITEMS activity items, loaded once from the database and then kept current by
 * the store as it writes and removes blocks. GET /activity pages come from here; only a page that
 * reaches further back goes to the database. (FerretDB sorts a collection in full for every sorted
 * query, which made a database-only feed slow; MongoDB's indexes would not need this, but a memory read
 * is cheaper there too.)
 */
@Injectable()
export class RecentFeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(RecentFeed.name);
  private readonly window = new RecentFeedWindow(RECENT_FEED_ITEMS, false);
  private loaded: Promise<void> | null = null;
  /** Writes that happened while loading, applied once it is done. */
  private pending: ((w: RecentFeedWindow) => void)[] | null = null;

  constructor(
    @InjectModel(BlockRecord.name) private readonly blocks: Model<BlockRecord>,
    @InjectModel(ContractTransactionRecord.name) private readonly transactions: Model<ContractTransactionRecord>,
    @InjectModel(TokenEventRecord.name) private readonly tokenEvents: Model<TokenEventRecord>,
  ) {}

  /** Loads in the background at boot, so that the first request does not wait for it. */
  onApplicationBootstrap(): void {
    this.ensureLoaded().catch((err: unknown) =>
      this.logger.warn(`recent feed not loaded yet (${(err as Error).message}): the first request retries`),
    );
  }

  async page(filter: FeedFilter): Promise<ReturnType<RecentFeedWindow['page']>> {
    await this.ensureLoaded();
    return this.window.page(filter);
  }

  /** Called by the store after it inserted these blocks. */
  stored(bundles: readonly StoredBundle[]): void {
    const items = bundles.flatMap((b) => [
      blockItem(b.block),
      ...b.transactions.map(transactionItem),
      ...tokenEventItems(b.tokenEvents),
    ]);
    this.apply((w) => w.add(items));
  }

  /** Called by the store after a reorg removed everything at or above `height`. */
  removedFrom(height: number): void {
    this.apply((w) => w.removeFrom(height));
  }

  /** After the store repaired itself from the database: the window is read again on the next request. */
  reload(): void {
    this.loaded = null;
    this.pending = null;
  }

  private apply(change: (w: RecentFeedWindow) => void): void {
    if (!this.loaded) return; // not loaded yet: the load will read it from the database
    if (this.pending) this.pending.push(change);
    else change(this.window);
  }

  private ensureLoaded(): Promise<void> {
    if (!this.loaded) {
      this.pending = [];
      this.loaded = this.load().catch((err: unknown) => {
        this.loaded = null;
        this.pending = null;
        throw err;
      });
    }
    return this.loaded;
  }

  private async load(): Promise<void> {
    const started = Date.now();
    const n = RECENT_FEED_ITEMS;
    const [blocks, txs, events] = await Promise.all([
      this.blocks.find().sort({ number: -1, _id: -1 }).limit(n).lean(),
      this.transactions.find().sort({ blockNumber: -1, _id: -1 }).limit(n).lean(),
      this.tokenEvents.find().sort({ blockNumber: -1, _id: -1 }).limit(n).lean(),
    ]);
    // A collection that filled its limit may have older rows: the window is exact only down to the
    // newest of those cut-off points, so everything older than it is left out.
    const cut = [
      blocks.length === n ? blocks[n - 1]?.number : undefined,
      txs.length === n ? txs[n - 1]?.blockNumber : undefined,
      events.length === n ? events[n - 1]?.blockNumber : undefined,
    ].filter((x): x is number => x !== undefined);
    const floor = cut.length ? Math.max(...cut) + 1 : -1;
    const items = [...blocks.map(blockItem), ...txs.map(transactionItem), ...tokenEventItems(events)].filter(
      (i) => i.blockNumber >= floor,
    );
    this.window.reset(items, cut.length === 0);
    for (const change of this.pending ?? []) change(this.window);
    this.pending = null;
    this.logger.log(`recent feed: ${this.window.size} items loaded in ${Date.now() - started} ms`);
  }
}

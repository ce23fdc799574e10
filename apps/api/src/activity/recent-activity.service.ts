import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

import type { ActivityItem, ActivityType, BadgeMintedData, NewBlockData, NewTransactionData } from '@aura/events';

import { RecentFeed } from './recent-feed.service';
import { BlockRecord } from './schemas/block.schema';
import { ContractTransactionRecord } from './schemas/contract-transaction.schema';
import { TokenEventRecord } from './schemas/token-event.schema';
import { blockData, tokenEventData, transactionData } from './wire-shapes';

/**
 * The newest stored items, in the wire shapes (for the WebSocket snapshot). Read from the in-memory
 * recent feed; the database is asked only when the feed holds fewer than asked for while older rows
 * exist (a sorted query is a full scan on FerretDB).
 */
@Injectable()
export class RecentActivity {
  constructor(
    @InjectModel(BlockRecord.name) private readonly blocks: Model<BlockRecord>,
    @InjectModel(ContractTransactionRecord.name) private readonly transactions: Model<ContractTransactionRecord>,
    @InjectModel(TokenEventRecord.name) private readonly tokenEvents: Model<TokenEventRecord>,
    private readonly feed: RecentFeed,
  ) {}

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

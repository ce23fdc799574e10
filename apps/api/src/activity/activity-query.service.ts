import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

import {
  type ActivityPage,
  type ActivityType,
  type AddressDetail,
  type BlockDetail,
  type TransactionDetail,
} from '@aura/events';

import { afterCursorFilter, encodeCursor, type FeedPosition, RANK } from './activity-cursor';
import { RecentFeed } from './recent-feed.service';
import { BlockRecord } from './schemas/block.schema';
import { ContractTransactionRecord } from './schemas/contract-transaction.schema';
import { KnownAddressRecord } from './schemas/known-address.schema';
import { TokenEventRecord } from './schemas/token-event.schema';
import {
  blockData,
  blockItem,
  byFeedOrder,
  feedPosition,
  tokenEventItems,
  transactionData,
  transactionItem,
} from './wire-shapes';

export interface ActivityFilter {
  types: readonly ActivityType[];
  /** Lower-case address. */
  address: string | null;
  limit: number;
  before: FeedPosition | null;
}

const EVENT_TYPES = ['badge_minted', 'passport_issued', 'badge_revoked'] as const;
const ADDRESS_TRANSACTIONS = 50;

/** Reads for the REST API: the merged activity feed and the block, transaction and address lookups. */
@Injectable()
export class ActivityQuery {
  constructor(
    @InjectModel(BlockRecord.name) private readonly blocks: Model<BlockRecord>,
    @InjectModel(ContractTransactionRecord.name) private readonly transactions: Model<ContractTransactionRecord>,
    @InjectModel(TokenEventRecord.name) private readonly tokenEvents: Model<TokenEventRecord>,
    @InjectModel(KnownAddressRecord.name) private readonly addresses: Model<KnownAddressRecord>,
    private readonly recent: RecentFeed,
  ) {}

  /** A page from the in-memory recent feed when it can answer, else from the database. */
  async page(filter: ActivityFilter): Promise<ActivityPage> {
    const fromMemory = await this.recent.page(filter);
    if (!fromMemory) return this.pageFromDatabase(filter);
    return { items: fromMemory.items, nextCursor: fromMemory.next ? encodeCursor(fromMemory.next) : null };
  }

  /**
   * Newest first across the three collections: each gives at most limit + 1 rows after the cursor in
   * feed order, the merge keeps the first `limit`, and a further row means there is a next page.
   */
  async pageFromDatabase(filter: ActivityFilter): Promise<ActivityPage> {
    const { types, address, limit, before } = filter;
    const take = limit + 1;
    const wants = (t: ActivityType) => types.includes(t);
    const kinds = EVENT_TYPES.filter(wants);
    const and = (...parts: Record<string, unknown>[]) => ({ $and: parts.filter((p) => Object.keys(p).length) });
    const [blockRows, txRows, eventRows] = await Promise.all([
      // Blocks involve no address: an address filter leaves them out.
      wants('block') && !address
        ? this.blocks
            .find(and(afterCursorFilter(before, RANK.block, 'number')))
            .sort({ number: -1, _id: -1 })
            .limit(take)
            .lean()
        : [],
      wants('transaction')
        ? this.transactions
            .find(
              and(
                afterCursorFilter(before, RANK.transaction, 'blockNumber'),
                address ? { $or: [{ from: address }, { to: address }] } : {},
              ),
            )
            .sort({ blockNumber: -1, _id: -1 })
            .limit(take)
            .lean()
        : [],
      kinds.length
        ? this.tokenEvents
            .find(
              and(
                afterCursorFilter(before, RANK.badge_minted, 'blockNumber'),
                { kind: { $in: kinds } },
                address ? { address } : {},
              ),
            )
            .sort({ blockNumber: -1, _id: -1 })
            .limit(take)
            .lean()
        : [],
    ]);
    const merged = [...blockRows.map(blockItem), ...txRows.map(transactionItem), ...tokenEventItems(eventRows)].sort(
      byFeedOrder,
    );
    const items = merged.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: merged.length > limit && last ? encodeCursor(feedPosition(last)) : null };
  }

  async block(number: number): Promise<BlockDetail | null> {
    const block = await this.blocks.findOne({ number }).lean();
    if (!block) return null;
    const [txs, events] = await Promise.all([
      this.transactions.find({ blockNumber: number }).sort({ _id: 1 }).lean(),
      this.tokenEvents.find({ blockNumber: number }).sort({ logIndex: 1 }).lean(),
    ]);
    return { block: blockData(block), transactions: txs.map(transactionData), events: tokenEventItems(events) };
  }

  async transaction(hash: string): Promise<TransactionDetail | null> {
    // _id is the hash: an indexed lookup on MongoDB and FerretDB alike.
    const tx = await this.transactions.findById(hash).lean();
    if (!tx) return null;
    const events = await this.tokenEvents.find({ txHash: hash }).sort({ logIndex: 1 }).lean();
    return { transaction: transactionData(tx), events: tokenEventItems(events) };
  }

  async address(address: string): Promise<AddressDetail | null> {
    const involving = { $or: [{ from: address }, { to: address }] };
    const [known, events, txs, transactionCount] = await Promise.all([
      this.addresses.findById(address).lean(),
      this.tokenEvents.find({ address }).sort({ blockNumber: 1, logIndex: 1 }).lean(),
      this.transactions.find(involving).sort({ blockNumber: -1, _id: -1 }).limit(ADDRESS_TRANSACTIONS).lean(),
      this.transactions.countDocuments(involving),
    ]);
    if (!known && !events.length && !transactionCount) return null;

    // Replay mints and burns in chain order: what is left is held now.
    const held = new Map<string, { contract: string; tokenId: string; blockNumber: number; kind: string }>();
    for (const e of events) {
      const key = `${e.contract}:${e.tokenId}`;
      if (e.kind === 'badge_minted' || e.kind === 'passport_issued')
        held.set(key, { contract: e.contract, tokenId: e.tokenId, blockNumber: e.blockNumber, kind: e.kind });
      else held.delete(key);
    }
    const holdings = [...held.values()];
    const passport = holdings.find((h) => h.kind === 'passport_issued');

    const seen = [
      ...events.map((e) => ({ blockNumber: e.blockNumber, timestamp: new Date(e.timestamp) })),
      ...txs.map((t) => ({ blockNumber: t.blockNumber, timestamp: new Date(t.timestamp) })),
    ].sort((a, b) => a.blockNumber - b.blockNumber);
    const oldestTx =
      transactionCount > txs.length ? await this.transactions.findOne(involving).sort({ blockNumber: 1 }).lean() : null;
    if (oldestTx) seen.unshift({ blockNumber: oldestTx.blockNumber, timestamp: new Date(oldestTx.timestamp) });
    const at = (p: { blockNumber: number; timestamp: Date } | undefined) =>
      p ? { blockNumber: p.blockNumber, timestamp: p.timestamp.toISOString() } : null;

    return {
      address,
      badges: holdings
        .filter((h) => h.kind === 'badge_minted')
        .map(({ contract, tokenId, blockNumber }) => ({ contract, tokenId, blockNumber })),
      passport: passport
        ? { contract: passport.contract, tokenId: passport.tokenId, blockNumber: passport.blockNumber }
        : null,
      transactions: txs.map(transactionData),
      transactionCount,
      firstSeen: at(seen[0]),
      lastSeen: at(seen[seen.length - 1]),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation, Model } from 'mongoose';

import { BlockRecord } from './schemas/block.schema';
import { ContractTransactionRecord } from './schemas/contract-transaction.schema';
import { TokenEventRecord } from './schemas/token-event.schema';

export interface BlockBundle {
  block: BlockRecord;
  transactions: ContractTransactionRecord[];
  tokenEvents: TokenEventRecord[];
}

export interface RemovedActivity {
  blocks: number;
  transactions: number;
  badges_minted: number;
  passports_issued: number;
  badges_revoked: number;
  blockHashes: string[];
}

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
export class ActivityStore {
  constructor(
    @InjectModel(BlockRecord.name) private readonly blocks: Model<BlockRecord>,
    @InjectModel(ContractTransactionRecord.name) private readonly transactions: Model<ContractTransactionRecord>,
    @InjectModel(TokenEventRecord.name) private readonly tokenEvents: Model<TokenEventRecord>,
  ) {}

  /** Returns true when the block was new (false: it was stored before, nothing changed). */
  async saveBlock(bundle: BlockBundle): Promise<boolean> {
    if (bundle.transactions.length) {
      await this.transactions.bulkWrite(
        bundle.transactions.map((t) => insertOnce(t.hash, t)),
        { ordered: false },
      );
    }
    if (bundle.tokenEvents.length) {
      await this.tokenEvents.bulkWrite(
        bundle.tokenEvents.map((e) => insertOnce(tokenEventKey(e), e)),
        { ordered: false },
      );
    }
    const result = await this.blocks.updateOne({ _id: bundle.block.hash }, { $setOnInsert: withoutId(bundle.block) }, { upsert: true });
    return result.upsertedCount === 1;
  }

  /**
   * Stores consecutive blocks in three bulk writes (catch-up). Transactions and events go first, then
   * the block rows in ascending order (ordered: a crash leaves a prefix, never a gap, so the checkpoint
   * stays sound). Returns the hashes of the blocks that were new.
   */
  async saveBlocks(bundles: BlockBundle[]): Promise<Set<string>> {
    const transactions = bundles.flatMap((b) => b.transactions);
    const tokenEvents = bundles.flatMap((b) => b.tokenEvents);
    if (transactions.length) {
      await this.transactions.bulkWrite(transactions.map((t) => insertOnce(t.hash, t)), { ordered: false });
    }
    if (tokenEvents.length) {
      await this.tokenEvents.bulkWrite(tokenEvents.map((e) => insertOnce(tokenEventKey(e), e)), { ordered: false });
    }
    if (!bundles.length) return new Set();
    const result = await this.blocks.bulkWrite(bundles.map((b) => insertOnce(b.block.hash, b.block)), { ordered: true });
    const upserted = Object.keys(result.upsertedIds ?? {}).map(Number);
    return new Set(upserted.map((i) => (bundles[i] as BlockBundle).block.hash));
  }

  /**
   * Removes every stored block at or above `height`, with its transactions and token events (a chain
   * reorganisation made them non-canonical). Returns the removed block hashes. Children go first so
   * that an interrupted removal never leaves events whose block is gone.
   */
  async removeFrom(height: number): Promise<RemovedActivity> {
    const above = { blockNumber: { $gte: height } };
    const [removed, transactions, badgesMinted, passportsIssued, badgesRevoked] = await Promise.all([
      this.blocks.find({ number: { $gte: height } }, { hash: 1, _id: 0 }).sort({ number: 1 }).lean(),
      this.transactions.countDocuments(above),
      this.tokenEvents.countDocuments({ ...above, kind: 'badge_minted' }),
      this.tokenEvents.countDocuments({ ...above, kind: 'passport_issued' }),
      this.tokenEvents.countDocuments({ ...above, kind: 'badge_revoked' }),
    ]);
    await this.transactions.deleteMany(above);
    await this.tokenEvents.deleteMany(above);
    await this.blocks.deleteMany({ number: { $gte: height } });
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
    return this.blocks.find({ number: { $gte: fromNumber } }, { number: 1, hash: 1, _id: 0 }).sort({ number: 1 }).lean();
  }

  async latestBlock(): Promise<StoredBlockRef | null> {
    const doc = await this.blocks.findOne({}, { number: 1, hash: 1, _id: 0 }).sort({ number: -1 }).lean();
    return doc ? { number: doc.number, hash: doc.hash } : null;
  }
}

function tokenEventKey(e: { txHash: string; logIndex: number }): string {
  return `${e.txHash}:${e.logIndex}`;
}

function withoutId<T extends { _id?: unknown }>(doc: T): Omit<T, '_id'> {
  const rest: Omit<T, '_id'> & { _id?: unknown } = { ...doc };
  delete rest._id;
  return rest;
}

/** Upsert keyed by _id, inserting the document only when absent: a second write changes nothing. */
function insertOnce<T extends { _id?: unknown }>(id: string, doc: T): AnyBulkWriteOperation<T> {
  return { updateOne: { filter: { _id: id }, update: { $setOnInsert: withoutId(doc) }, upsert: true } } as AnyBulkWriteOperation<T>;
}

import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

import type { ReorgData } from '@aura/events';

import { failpoint } from '../common/failpoints';
import { duplicateIndexes, insertAbsent } from '../common/insert-absent';
import {
  blockShare,
  bucketShare,
  continuingBlocks,
  firstAppearances,
  type SharedBlockRow,
  totalsShare,
} from './block-share';
import { RecentFeed } from './recent-feed.service';
import { BlockRecord } from './schemas/block.schema';
import { ContractTransactionRecord } from './schemas/contract-transaction.schema';
import { KnownAddressRecord } from './schemas/known-address.schema';
import { MinuteBucketRecord } from './schemas/minute-bucket.schema';
import { StatsTotalsRecord } from './schemas/stats-totals.schema';
import { TokenEventRecord } from './schemas/token-event.schema';

export const TOTALS_ID = 'totals';

/** Orphan sweeps look this far above the stored head: a catch-up batch (≤ 1,000 blocks) writes ahead of it. */
const SWEEP_SPAN = 2_000;
/** Blocks counted per step when recovering or rebuilding: bounded memory at any database size. */
const APPLY_CHUNK = 500;

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

/** The counted head of the totals fold, and the reorg marker. */
interface TotalsState {
  headHash: string | null;
  headNumber: number;
  removing: number | null;
}

/**
 * The one writer of the store: ingest (saveBlocks) and reorg removal (removeFrom). Every step is
 * idempotent and the whole sequence restartable at any point, on MongoDB and FerretDB alike (no
 * transactions): rows and block rows are inserted if absent; a block's share of the aggregates lives on
 * its row and is counted by a fold whose every write is conditional on the counted head; minute buckets
 * list the blocks they count; a reorg sets a marker first and clears it last. After any failed write,
 * and at boot, recover() finishes what a marker names, sweeps orphans above the stored head and counts
 * the stored blocks not counted yet. The write order and invariants: docs/architecture.md, "Store".
 */
@Injectable()
export class ActivityStore implements OnModuleInit {
  private readonly logger = new Logger(ActivityStore.name);
  /** Set at boot and after any failed write: the next write first repairs what it may have left. */
  private needsRecovery = true;
  private recovering: Promise<void> | null = null;

  constructor(
    @InjectModel(BlockRecord.name) private readonly blocks: Model<BlockRecord>,
    @InjectModel(ContractTransactionRecord.name) private readonly transactions: Model<ContractTransactionRecord>,
    @InjectModel(TokenEventRecord.name) private readonly tokenEvents: Model<TokenEventRecord>,
    @InjectModel(MinuteBucketRecord.name) private readonly buckets: Model<MinuteBucketRecord>,
    @InjectModel(StatsTotalsRecord.name) private readonly totals: Model<StatsTotalsRecord>,
    @InjectModel(KnownAddressRecord.name) private readonly addresses: Model<KnownAddressRecord>,
    private readonly feed: RecentFeed,
  ) {}

  /** Repairs before anything is served; with the database down, the first write repairs instead. */
  async onModuleInit(): Promise<void> {
    await this.ensureRecovered().catch((err: unknown) =>
      this.logger.warn(`store repair at boot deferred to the first write: ${(err as Error).message}`),
    );
  }

  /** The stored head after any pending repair: where the follower resumes. */
  async recoveredHead(): Promise<StoredBlockRef | null> {
    await this.ensureRecovered();
    return this.latestBlock();
  }

  /** Returns true when the block was counted now (false: it was stored and counted before). */
  async saveBlock(bundle: BundleInput): Promise<boolean> {
    return (await this.saveBlocks([bundle])).has(bundle.block.hash);
  }

  /**
   * Stores consecutive blocks that continue the stored head: transactions and events, then the block
   * rows in ascending order (so the stored blocks never have a gap), then counts them. Returns the
   * hashes of the blocks counted by this call, including any that an earlier failed call stored but
   * did not count.
   */
  async saveBlocks(bundles: BundleInput[]): Promise<Set<string>> {
    try {
      await this.ensureRecovered();
      await insertAbsent(
        this.transactions,
        bundles.flatMap((b) => b.transactions.map((t) => ({ ...t, _id: t.hash }))),
      );
      await insertAbsent(
        this.tokenEvents,
        bundles.flatMap((b) => b.tokenEvents.map((e) => ({ ...e, _id: tokenEventKey(e) }))),
      );
      failpoint('after-rows');
      const rows: SharedBlockRow[] = bundles.map((b) => ({ ...b.block, ...blockShare(b) }));
      await insertAbsentInOrder(
        this.blocks,
        rows.map((r) => ({ ...r, _id: r.hash, storedAt: new Date() })),
      );
      failpoint('after-block-rows');
      const counted = await this.countStored(rows);
      this.feed.stored(bundles.filter((b) => counted.has(b.block.hash)));
      return counted;
    } catch (err) {
      this.needsRecovery = true;
      throw err;
    }
  }

  /**
   * Removes every stored block at or above `height`, with its transactions, token events, users and its
   * share of the aggregates (a chain reorganisation made them non-canonical). Marked before the first
   * change and unmarked after the last: an interrupted removal is finished by the next write or boot.
   */
  async removeFrom(height: number): Promise<RemovedActivity> {
    try {
      await this.ensureRecovered();
      await this.totals.updateOne({ _id: TOTALS_ID }, { $set: { removing: height } }, { upsert: true });
      failpoint('after-reorg-marker');
      return await this.completeRemoval(height);
    } catch (err) {
      this.needsRecovery = true;
      throw err;
    }
  }

  /** What removeFrom(height) would remove, read only (announced for a removal that failed part-way). */
  async removalPreview(height: number): Promise<RemovedActivity> {
    const above = { blockNumber: { $gte: height } };
    const [rows, transactions, badgesMinted, passportsIssued, badgesRevoked] = await Promise.all([
      this.blocks
        .find({ number: { $gte: height } }, { hash: 1, _id: 0 })
        .sort({ number: 1 })
        .lean(),
      this.transactions.countDocuments(above),
      this.tokenEvents.countDocuments({ ...above, kind: 'badge_minted' }),
      this.tokenEvents.countDocuments({ ...above, kind: 'passport_issued' }),
      this.tokenEvents.countDocuments({ ...above, kind: 'badge_revoked' }),
    ]);
    return {
      blocks: rows.length,
      transactions,
      badges_minted: badgesMinted,
      passports_issued: passportsIssued,
      badges_revoked: badgesRevoked,
      blockHashes: rows.map((r) => r.hash),
    };
  }

  /** Stored (number, hash, parentHash) from `fromNumber` up, ascending: the recent canonical chain. */
  async blocksFrom(fromNumber: number): Promise<(StoredBlockRef & { parentHash: string })[]> {
    return this.blocks
      .find({ number: { $gte: fromNumber } }, { number: 1, hash: 1, parentHash: 1, _id: 0 })
      .sort({ number: 1 })
      .lean();
  }

  async latestBlock(): Promise<StoredBlockRef | null> {
    const doc = await this.blocks.findOne({}, { number: 1, hash: 1, _id: 0 }).sort({ number: -1 }).lean();
    return doc ? { number: doc.number, hash: doc.hash } : null;
  }

  /** Recomputes totals, buckets and users from the stored blocks (streaming, APPLY_CHUNK blocks at a time). */
  async rebuild(): Promise<void> {
    const previous = await this.totals.findById(TOTALS_ID).lean();
    await this.totals.replaceOne(
      { _id: TOTALS_ID },
      {
        users: 0,
        badges: 0,
        passports: 0,
        revocations: 0,
        contractTransactions: 0,
        headHash: null,
        headNumber: -1,
        removing: previous?.removing ?? null,
      },
      { upsert: true },
    );
    await this.buckets.deleteMany({});
    await this.addresses.deleteMany({});
    const counted = await this.countPendingFromStore();
    this.logger.log(`rebuilt totals, minute buckets and users from ${counted} stored blocks`);
  }

  private ensureRecovered(): Promise<void> {
    if (!this.needsRecovery) return Promise.resolve();
    this.recovering ??= this.recover()
      .then(() => {
        this.needsRecovery = false;
      })
      .finally(() => {
        this.recovering = null;
      });
    return this.recovering;
  }

  /** Finishes an interrupted reorg removal, removes orphans, counts what is stored but not counted. */
  private async recover(): Promise<void> {
    const state = await this.readTotals();
    if (state === null || !(await this.onStoredChain(state))) {
      this.logger.warn(
        state === null
          ? 'stats totals are missing or from an older version: rebuilding them from the stored blocks'
          : `stats totals count up to block ${state.headNumber} (${state.headHash}), which is not stored: rebuilding`,
      );
      await this.rebuild();
    }
    const marker = (await this.readTotalsStrict()).removing;
    if (marker !== null) {
      this.logger.warn(`finishing an interrupted reorg removal from block ${marker}`);
      await this.completeRemoval(marker);
    }
    const swept = await this.sweepOrphans();
    const counted = await this.countPendingFromStore();
    if (swept || counted || marker !== null) {
      this.logger.warn(`store repaired: ${swept} orphan rows removed, ${counted} stored blocks counted`);
      this.feed.reload();
    }
  }

  /** Null when there is no totals document or it predates the fold (no headNumber). */
  private async readTotals(): Promise<TotalsState | null> {
    const doc = await this.totals.findById(TOTALS_ID, { headHash: 1, headNumber: 1, removing: 1 }).lean();
    if (!doc || typeof doc.headNumber !== 'number') return null;
    return { headHash: doc.headHash ?? null, headNumber: doc.headNumber, removing: doc.removing ?? null };
  }

  private async readTotalsStrict(): Promise<TotalsState> {
    const state = await this.readTotals();
    if (!state) throw new Error('stats totals document is missing: the store repairs it on the next write');
    return state;
  }

  /** The counted head is a stored block (or nothing is counted, and nothing is stored below it). */
  private async onStoredChain(state: TotalsState): Promise<boolean> {
    if (state.headHash === null) return state.headNumber === -1;
    const row = await this.blocks.findById(state.headHash, { number: 1 }).lean();
    return row?.number === state.headNumber;
  }

  /**
   * Rows above the stored head belong to no stored block: written before a block row that never came
   * (a failure or a kill), perhaps of a branch since abandoned. Bounded by a block range above the head.
   */
  private async sweepOrphans(): Promise<number> {
    const head = await this.latestBlock();
    const range = head ? { $gt: head.number, $lte: head.number + SWEEP_SPAN } : { $gte: 0 };
    const results = await Promise.all([
      this.transactions.deleteMany({ blockNumber: range }),
      this.tokenEvents.deleteMany({ blockNumber: range }),
      this.addresses.deleteMany({ firstBlock: range }),
    ]);
    return results.reduce((n, r) => n + r.deletedCount, 0);
  }

  /** Counts the stored blocks above the counted head, a chunk at a time. Returns how many. */
  private async countPendingFromStore(): Promise<number> {
    let counted = 0;
    for (;;) {
      const state = await this.readTotalsStrict();
      const rows = await this.withShares(
        await this.blocks
          .find({ number: { $gt: state.headNumber } })
          .sort({ number: 1 })
          .limit(APPLY_CHUNK)
          .lean(),
      );
      if (!rows.length) return counted;
      const n = continuingBlocks(state, rows);
      if (n === 0) {
        throw new Error(
          `stored block ${rows[0]?.number} (${rows[0]?.hash}) does not continue the counted head ${state.headNumber} (${state.headHash})`,
        );
      }
      await this.count(state, rows.slice(0, n));
      counted += n;
      if (n < rows.length) return counted;
    }
  }

  /** Counts the just-stored rows that continue the counted head. */
  private async countStored(rows: SharedBlockRow[]): Promise<Set<string>> {
    const state = await this.readTotalsStrict();
    const fresh = rows.filter((r) => r.number > state.headNumber);
    if (!fresh.length) return new Set();
    const n = continuingBlocks(state, fresh);
    if (n < fresh.length) {
      throw new Error(
        `block ${fresh[n]?.number} (${fresh[n]?.hash}) does not continue the counted head ${state.headNumber}: repairing before a retry`,
      );
    }
    await this.count(state, fresh);
    return new Set(fresh.map((r) => r.hash));
  }

  /**
   * Adds consecutive blocks that continue `state` to users, buckets and totals. Users and buckets are
   * idempotent by themselves; the totals update is conditional on the head read in `state`, so it counts
   * these blocks once, even when a retry follows a write whose answer was lost.
   */
  private async count(state: TotalsState, rows: SharedBlockRow[]): Promise<void> {
    const last = rows[rows.length - 1];
    if (!last) return;
    const hashes = new Set(rows.map((r) => r.hash));
    const docs = [...firstAppearances(rows)].map(([address, row]) => ({
      _id: address,
      firstBlock: row.number,
      firstBlockHash: row.hash,
      firstSeen: new Date(row.timestamp * 1000),
    }));
    const inserted = new Set(await insertAbsent(this.addresses, docs));
    const present = docs.filter((d) => !inserted.has(d._id)).map((d) => d._id);
    let users = inserted.size;
    if (present.length) {
      // Inserted by an earlier attempt at these very blocks (then still uncounted), or known before.
      const owners = await this.addresses.find({ _id: { $in: present } }, { firstBlockHash: 1 }).lean();
      users += owners.filter((o) => o.firstBlockHash !== undefined && hashes.has(o.firstBlockHash)).length;
    }
    failpoint('after-addresses');
    await this.applyBucketShares(rows, 1);
    failpoint('after-buckets');
    const result = await this.totals.updateOne(
      { _id: TOTALS_ID, headHash: state.headHash, headNumber: state.headNumber },
      { $inc: { ...totalsShare(rows), users }, $set: { headHash: last.hash, headNumber: last.number } },
    );
    if (result.matchedCount === 0) {
      const now = await this.readTotalsStrict();
      // The answer of an applied update was lost: it counted these blocks already.
      if (now.headHash !== last.hash) {
        throw new Error(`stats totals moved to block ${now.headNumber} while counting up to ${last.number}: retrying`);
      }
    }
    failpoint('after-totals');
  }

  private async completeRemoval(height: number): Promise<RemovedActivity> {
    const above = { blockNumber: { $gte: height } };
    const [rows, transactions, badgesMinted, passportsIssued, badgesRevoked] = await Promise.all([
      this.blocks
        .find({ number: { $gte: height } })
        .sort({ number: 1 })
        .lean()
        .then((r) => this.withShares(r)),
      this.transactions.countDocuments(above),
      this.tokenEvents.countDocuments({ ...above, kind: 'badge_minted' }),
      this.tokenEvents.countDocuments({ ...above, kind: 'passport_issued' }),
      this.tokenEvents.countDocuments({ ...above, kind: 'badge_revoked' }),
    ]);
    const state = await this.readTotalsStrict();
    if (state.headNumber >= height) {
      const counted = rows.filter((r) => r.number <= state.headNumber);
      const ancestor =
        height > 0 ? await this.blocks.findOne({ number: height - 1 }, { number: 1, hash: 1 }).lean() : null;
      const users = await this.addresses.countDocuments({ firstBlock: { $gte: height, $lte: state.headNumber } });
      const result = await this.totals.updateOne(
        { _id: TOTALS_ID, headHash: state.headHash, headNumber: state.headNumber },
        {
          $inc: { ...totalsShare(counted, -1), users: -users },
          $set: { headHash: ancestor?.hash ?? null, headNumber: ancestor?.number ?? -1 },
        },
      );
      if (result.matchedCount === 0 && (await this.readTotalsStrict()).headNumber >= height) {
        throw new Error(`stats totals moved while removing blocks from ${height}: retrying`);
      }
    }
    failpoint('after-totals-revert');
    await this.applyBucketShares(rows, -1);
    failpoint('after-buckets-revert');
    await this.addresses.deleteMany({ firstBlock: { $gte: height } });
    failpoint('after-addresses-delete');
    await this.transactions.deleteMany(above);
    await this.tokenEvents.deleteMany(above);
    failpoint('after-rows-delete');
    await this.blocks.deleteMany({ number: { $gte: height } });
    failpoint('after-blocks-delete');
    await this.totals.updateOne({ _id: TOTALS_ID, removing: height }, { $set: { removing: null } });
    this.feed.removedFrom(height);
    return {
      blocks: rows.length,
      transactions,
      badges_minted: badgesMinted,
      passports_issued: passportsIssued,
      badges_revoked: badgesRevoked,
      blockHashes: rows.map((b) => b.hash),
    };
  }

  /**
   * Adds (+1) or takes back (-1) each block's share of its minute bucket. A bucket lists the blocks it
   * counts: a block is added only when absent and taken back only when present.
   */
  private async applyBucketShares(rows: readonly SharedBlockRow[], sign: 1 | -1): Promise<void> {
    if (!rows.length) return;
    const shares = rows.map((r) => ({ hash: r.hash, ...bucketShare(r, sign) }));
    if (sign === 1) {
      const minutes = [...new Set(shares.map((s) => s.minute))];
      await insertAbsent(
        this.buckets,
        minutes.map((minute) => ({ _id: minute, minute: new Date(minute), ...EMPTY_BUCKET, appliedBlocks: [] })),
      );
    }
    await this.buckets.bulkWrite(
      shares.map(({ hash, minute, inc }) => ({
        updateOne:
          sign === 1
            ? {
                filter: { _id: minute, appliedBlocks: { $ne: hash } },
                update: { $inc: inc, $push: { appliedBlocks: hash } },
              }
            : { filter: { _id: minute, appliedBlocks: hash }, update: { $inc: inc, $pull: { appliedBlocks: hash } } },
      })),
      { ordered: false },
    );
  }

  /**
   * Block rows with their share. Rows written by an older version have none: it is recounted from the
   * block's own transactions and events (matched by block hash, so rows of another branch never count)
   * and written onto the row.
   */
  private async withShares(rows: BlockRecord[]): Promise<SharedBlockRow[]> {
    const lacking = rows.filter((r) => !Array.isArray(r.users));
    if (lacking.length) {
      const numbers = { $gte: lacking[0]?.number ?? 0, $lte: lacking[lacking.length - 1]?.number ?? 0 };
      const hashes = new Set(lacking.map((r) => r.hash));
      const [txs, events] = await Promise.all([
        this.transactions.find({ blockNumber: numbers }, { from: 1, blockHash: 1, _id: 0 }).lean(),
        this.tokenEvents.find({ blockNumber: numbers }, { kind: 1, address: 1, blockHash: 1, _id: 0 }).lean(),
      ]);
      const shares = new Map(
        lacking.map((r) => [
          r.hash,
          blockShare({
            transactions: txs.filter((t) => t.blockHash === r.hash),
            tokenEvents: events.filter((e) => e.blockHash === r.hash),
          }),
        ]),
      );
      await this.blocks.bulkWrite(
        [...shares]
          .filter(([hash]) => hashes.has(hash))
          .map(([hash, share]) => ({ updateOne: { filter: { _id: hash }, update: { $set: share } } })),
        { ordered: false },
      );
      return rows.map((r) => ({ ...(r as SharedBlockRow), ...shares.get(r.hash) }));
    }
    return rows as SharedBlockRow[];
  }
}

type BundleInput = BlockBundle;

const EMPTY_BUCKET = {
  blocks: 0,
  transactions: 0,
  contractTransactions: 0,
  gasUsed: 0,
  mints: 0,
  passports: 0,
  revocations: 0,
};

function tokenEventKey(e: { txHash: string; logIndex: number }): string {
  return `${e.txHash}:${e.logIndex}`;
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

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import type { ReorgData } from '@aura/events';

import { ActivityReader } from '../activity/activity-reader.service';
import { ActivityStore, type StoredBlockRef } from '../activity/activity-store.service';
import { isDatabaseError, isDatabaseUnavailable } from '../common/database-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import { decodeBlock, type RawBlock, type RawLog, type WatchedContracts } from './block-decoder';
import { ChainEvents } from './chain-events.service';
import { ChainRpc } from './chain-rpc.service';
import { TRANSFER_TOPIC } from './erc721-decoder';
import { type BloomQuery, bloomQuery, crossCheckRangeLogs } from './logs-bloom';
import { findCommonAncestor, firstBrokenLink, resolveForkPoint } from './reorg-resolver';
import { isRangeTooLarge, RpcError } from './rpc/json-rpc-client';
import { retryDelay } from './rpc/retry-policy';

/** Further behind than this, catch up in ranges (batched blocks, ranged eth_getLogs). */
const BACKFILL_THRESHOLD = 32;
const SYNC_STATUS_INTERVAL_MS = 1_000;
/** Hashes compared per batched request when looking for the common ancestor of a reorg. */
const ANCESTOR_BATCH = 100;
const POLL_JOB = 'block-follower-poll';
/** The finalized tag moves slowly (minutes on Polygon): asking every tick would double the calls. */
const FINALIZED_REFRESH_MS = 10_000;
/** Longest pause of the catch-up while the node lacks the blocks its head promises (doubling from the poll interval). */
const LACKING_MAX_DELAY_MS = 30_000;

interface FetchedRange {
  blocks: (RawBlock | null)[];
  logs: RawLog[];
}

interface PendingRange {
  from: number;
  to: number;
  result: Promise<FetchedRange>;
}

export interface FollowerStatus {
  reachable: boolean;
  chainId: number | null;
  head: number | null;
  lastProcessed: StoredBlockRef | null;
  /** Timestamp (unix s) of the last processed block. */
  lastProcessedTimestamp: number | null;
  syncing: boolean;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Last time the head moved. */
  lastHeadChangeAt: Date | null;
  lastReorg: { depth: number; at: Date; commonAncestor: number } | null;
  /** Set when a reorg was deeper than MAX_REORG_DEPTH (cleared once the follower is live again). */
  reorgError: string | null;
  /** The node's `finalized` block, or null when it does not answer the tag. */
  finalized: number | null;
  /** Highest block the follower will process now: head - CONFIRMATIONS. */
  target: number | null;
}

/**
 * Follows the chain head. Invariants:
 * - every height from the checkpoint + 1 to the head is processed, in order; a failure retries the same
 *   height on the next tick, never skips it;
 * - every stored block links to its parent (parentHash = hash stored one height below); a block that
 *   does not is a fork: the stored blocks above the common ancestor are removed before anything else;
 * - a block is published only after it is stored.
 */
@Injectable()
export class BlockFollower implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BlockFollower.name);
  private readonly watched: WatchedContracts;
  /** Bloom bits of the watched addresses and the Transfer topic, to cross-check ranged eth_getLogs. */
  private readonly bloom: BloomQuery;
  private running: Promise<void> | null = null;
  private stopped = false;
  private checkpoint: StoredBlockRef | null = null;
  private checkpointLoaded = false;
  /** Where to start when nothing is stored (first start, or after a resync removed everything). */
  private startHeight: number | null = null;
  private syncStartedAt = 0;
  private syncStartHeight = 0;
  private lastSyncStatusAt = 0;
  /** Returns true when the poll may skip its tick (a head subscription is delivering). */
  private pollGate: () => boolean = () => false;
  private readonly state: FollowerStatus = {
    reachable: false,
    chainId: null,
    head: null,
    lastProcessed: null,
    lastProcessedTimestamp: null,
    syncing: false,
    lastError: null,
    lastErrorAt: null,
    lastHeadChangeAt: null,
    lastReorg: null,
    reorgError: null,
    finalized: null,
    target: null,
  };
  private finalizedCheckedAt = 0;
  /** Consecutive times the node lacked the first block of a catch-up range; no catch-up before lackingUntil. */
  private lackingStreak = 0;
  private lackingUntil = 0;
  /**
   * The last block this process announced (block_ingested). A tick can fail after the store counted a
   * block, or the store's repair can count blocks a failed tick left: both are above this, and are
   * announced from the store when the checkpoint is read again. Null until the first checkpoint.
   */
  private announced: StoredBlockRef | null = null;
  private announcedFrom = false;
  /** A reorg whose removal failed part-way: announced once the store's repair has finished it. */
  private unannouncedReorg: ReorgData | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rpc: ChainRpc,
    private readonly store: ActivityStore,
    private readonly reader: ActivityReader,
    private readonly events: ChainEvents,
    private readonly scheduler: SchedulerRegistry,
  ) {
    const watched = new Map<string, 'badge' | 'passport'>();
    if (config.badgeContract) watched.set(config.badgeContract, 'badge');
    if (config.passportContract) watched.set(config.passportContract, 'passport');
    this.watched = watched;
    this.bloom = bloomQuery([...watched.keys()], TRANSFER_TOPIC);
  }

  onApplicationBootstrap(): void {
    this.logger.log(
      `following ${this.rpc.names.join(', ')} every ${this.config.pollIntervalMs} ms; watching ${
        [...this.watched].map(([a, r]) => `${r}=${a}`).join(', ') || 'no contracts'
      }`,
    );
    this.scheduler.addInterval(
      POLL_JOB,
      setInterval(() => {
        if (!this.pollGate()) void this.tick();
      }, this.config.pollIntervalMs),
    );
    void this.tick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', POLL_JOB)) this.scheduler.deleteInterval(POLL_JOB);
    await this.running;
  }

  /** Lets a head subscription quiet the poll while it delivers (the poll stays as the fallback). */
  setPollGate(gate: () => boolean): void {
    this.pollGate = gate;
  }

  status(): FollowerStatus {
    return { ...this.state, lastProcessed: this.checkpoint };
  }

  /** One poll. Overlapping calls share the running one: a tick never overlaps the previous tick. */
  tick(): Promise<void> {
    if (!this.running) {
      this.running = this.followToHead().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async followToHead(): Promise<void> {
    try {
      await this.checkChain();
      const head = await this.rpc.headNumber();
      if (head !== this.state.head) this.state.lastHeadChangeAt = new Date();
      this.state.head = head;
      this.state.reachable = true;
      await this.refreshFinalized();
      await this.loadCheckpoint(head);
      // With CONFIRMATIONS = N, a block is processed once N blocks sit on top of it.
      const target = head - this.config.confirmations;
      this.state.target = target;
      // Catch-up keeps at most one batch in flight ahead of the one being written (bounded concurrency).
      let ahead: PendingRange | null = null;
      // After the node lacked a range, the catch-up waits (the tick still reads the head for health).
      const backingOff = Date.now() < this.lackingUntil;
      while (!this.stopped && !backingOff) {
        const next = this.checkpoint ? this.checkpoint.number + 1 : (this.startHeight as number);
        if (next > target) break;
        const batch = this.config.backfillBatchBlocks;
        if (target - next + 1 > BACKFILL_THRESHOLD && batch > 1) {
          this.beginSync(next);
          const end = Math.min(target, next + batch - 1);
          // A prefetched range is used only if it starts where the checkpoint now is.
          const range: PendingRange =
            ahead && ahead.from === next && ahead.to === end ? ahead : this.fetchRange(next, end);
          const nextFrom = end + 1;
          // No prefetch right after the node lacked a range: it would likely lack the next one too.
          ahead =
            target - nextFrom + 1 > BACKFILL_THRESHOLD && this.lackingStreak === 0
              ? this.fetchRange(nextFrom, Math.min(target, nextFrom + batch - 1))
              : null;
          if (!(await this.storeRange(next, await range.result))) {
            this.backOffLacking(next, head);
            break;
          }
          this.reportSync(target, false);
        } else if (target - next + 1 > BACKFILL_THRESHOLD) {
          this.beginSync(next);
          if (!(await this.processHeight(next))) {
            this.backOffLacking(next, head);
            break;
          }
          this.reportSync(target, false);
        } else if (!(await this.processHeight(next))) {
          break;
        }
      }
      if (this.state.syncing && this.checkpoint && target - this.checkpoint.number < BACKFILL_THRESHOLD)
        this.reportSync(target, true);
      this.state.lastError = null;
      if (!this.state.syncing) this.state.reorgError = null;
    } catch (err) {
      this.recordError(err);
    }
  }

  private async checkChain(): Promise<void> {
    if (this.state.chainId !== null) return;
    const chainId = await this.rpc.chainId();
    if (this.config.chainId !== null && chainId !== this.config.chainId) {
      throw new Error(
        `the node at ${this.rpc.names.join(' or ')} serves chain ${chainId}, but CHAIN_ID is ${this.config.chainId}`,
      );
    }
    this.state.chainId = chainId;
  }

  private async refreshFinalized(): Promise<void> {
    if (Date.now() - this.finalizedCheckedAt < FINALIZED_REFRESH_MS) return;
    this.finalizedCheckedAt = Date.now();
    this.state.finalized = await this.rpc.finalizedNumber();
  }

  private async loadCheckpoint(head: number): Promise<void> {
    if (this.checkpointLoaded) return;
    // After a failed write the store repairs first (finishes a reorg removal, counts what it stored).
    this.checkpoint = await this.store.recoveredHead();
    this.startHeight = this.config.startBlock ?? Math.max(0, head - this.config.backfillBlocks);
    if (this.announcedFrom) {
      await this.announceRepaired();
    } else {
      // What was stored before this process started is history: not announced.
      this.announced = this.checkpoint;
      this.announcedFrom = true;
    }
    this.checkpointLoaded = true;
    this.logger.log(
      this.checkpoint
        ? `resuming after block ${this.checkpoint.number} (${this.checkpoint.hash}); head is ${head}`
        : `nothing stored: starting at block ${this.startHeight} (head ${head})`,
    );
  }

  /**
   * After a failed tick: announces a reorg whose removal the store's repair finished, then the blocks
   * the store holds above the last announced one (counted by a tick that failed afterwards, or by the
   * repair), so that WebSocket clients see every stored block once.
   */
  private async announceRepaired(): Promise<void> {
    const head = this.checkpoint;
    const reorg = this.unannouncedReorg;
    if (reorg && (head?.number ?? -1) <= reorg.commonAncestor.number) {
      this.events.publish({ kind: 'reorg', reorg });
      this.unannouncedReorg = null;
      this.announced = head;
    }
    if (!head) return;
    if (this.announced && head.number <= this.announced.number) {
      this.announced = head;
      return;
    }
    // Nothing announced yet (an empty store at boot): from the first height this process follows.
    const from = this.announced ? this.announced.number + 1 : Math.min(this.startHeight ?? head.number, head.number);
    const bundles = await this.reader.bundlesInRange(from, head.number);
    if (this.announced && bundles[0]?.block.parentHash !== this.announced.hash) {
      this.logger.warn(`blocks ${from}-${head.number} were stored unannounced across a fork`);
      this.announced = head;
      return;
    }
    for (const bundle of bundles) this.events.publish({ kind: 'block_ingested', bundle, live: !this.state.syncing });
    this.announced = head;
  }

  /** Live path: one block. Returns false when the node does not have the block yet. */
  private async processHeight(height: number): Promise<boolean> {
    const block = await this.rpc.blockByNumber(height);
    if (!block) return false;
    if (this.checkpoint && block.parentHash !== this.checkpoint.hash) {
      await this.resolveFork(block);
      return true;
    }
    const logs = await this.rpc.logsOfBlock(block.hash, [...this.watched.keys()], TRANSFER_TOPIC);
    await this.storeBlock(block, logs, !this.state.syncing);
    return true;
  }

  /** Starts fetching a range: its blocks (one batched request) and its logs (ranged), in parallel. */
  private fetchRange(from: number, to: number): PendingRange {
    const numbers = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const result = Promise.all([this.rpc.blocksByNumbers(numbers), this.logsInRange(from, to)]).then(
      ([blocks, logs]) => ({ blocks, logs }),
    );
    // Awaited later, or dropped when the range is no longer wanted: never an unhandled rejection.
    result.catch(() => undefined);
    return { from, to, result };
  }

  /**
   * Catch-up path: stores a fetched range, or the part of it the node has. Returns false when the node
   * lacks the range's first block (a lagging node after failover: the caller backs off). Falls back to
   * the live path when the range does not continue what is stored.
   */
  private async storeRange(from: number, fetched: FetchedRange): Promise<boolean> {
    const missing = fetched.blocks.indexOf(null);
    if (missing === 0) return false;
    let blocks = (missing === -1 ? fetched.blocks : fetched.blocks.slice(0, missing)) as RawBlock[];
    const broken = firstBrokenLink(this.checkpoint, blocks);
    if (broken === 0) {
      // A fork, or a backend on another branch: the live path decides (resolveFork removes nothing
      // unless the node holds other blocks at stored heights; a lagging node is retried).
      return this.processHeight(from);
    }
    if (broken > 0) blocks = blocks.slice(0, broken);
    const last = blocks[blocks.length - 1] as RawBlock;
    const byHash = new Map<string, RawLog[]>();
    for (const log of fetched.logs) {
      if ((log.blockNumber ?? -1) > last.number) continue; // beyond the blocks kept: fetched again later
      const block = blocks[(log.blockNumber ?? -1) - from];
      if (block && log.blockHash !== block.hash) {
        // Blocks and logs were answered from two different branches (a reorg between the two calls).
        throw new RpcError(
          `logs of block ${log.blockNumber} belong to ${log.blockHash}, not ${block.hash}: retrying the range`,
          true,
        );
      }
      const list = byHash.get(log.blockHash) ?? [];
      list.push(log);
      byHash.set(log.blockHash, list);
    }
    await this.recheckLogs(blocks, byHash);
    const bundles = blocks.map((block) => decodeBlock(block, byHash.get(block.hash) ?? [], this.watched));
    await this.store.saveBlocks(bundles);
    this.checkpoint = { number: last.number, hash: last.hash };
    this.state.lastProcessedTimestamp = last.timestamp;
    this.lackingStreak = 0;
    for (const bundle of bundles) this.events.publish({ kind: 'block_ingested', bundle, live: false });
    this.announced = this.checkpoint;
    return true;
  }

  /**
   * A ranged eth_getLogs can miss a block's logs without a trace (a backend one block behind, or on the
   * other branch, answers `[]` for part of the range). Each block's logsBloom tells which blocks may
   * hold watched Transfer logs: those the range returned nothing for are read again by block hash, in
   * one batched request. Logs for a block whose bloom rules them out mean the answers disagree: retry.
   */
  private async recheckLogs(blocks: readonly RawBlock[], byHash: Map<string, RawLog[]>): Promise<void> {
    const verdict = crossCheckRangeLogs(blocks, (hash) => byHash.get(hash)?.length ?? 0, this.bloom);
    if (verdict.contradicted) {
      throw new RpcError(
        `eth_getLogs returned logs for block ${verdict.contradicted.number} (${verdict.contradicted.hash}), whose logsBloom rules them out: retrying the range`,
        true,
      );
    }
    if (!verdict.recheck.length) return;
    const lists = await this.rpc.logsOfBlocks(
      verdict.recheck.map((b) => b.hash),
      [...this.watched.keys()],
      TRANSFER_TOPIC,
    );
    let found = 0;
    verdict.recheck.forEach((block, i) => {
      const logs = (lists[i] ?? []).filter((log) => log.blockHash === block.hash);
      if (!logs.length) return; // a bloom false positive
      found++;
      byHash.set(block.hash, logs);
    });
    if (found) {
      this.logger.warn(
        `eth_getLogs over a range missed the logs of ${found} block(s) that their blooms announced; read them by block hash`,
      );
    }
  }

  /** The node lacks `height`, below the head it reported: end the tick and wait, doubling the pause. */
  private backOffLacking(height: number, head: number): void {
    const delay = retryDelay(this.lackingStreak, Math.random, this.config.pollIntervalMs, LACKING_MAX_DELAY_MS);
    this.lackingStreak++;
    this.lackingUntil = Date.now() + delay;
    const message = `the node lacks block ${height} (its head is ${head}): catch-up pauses ${delay} ms (${this.lackingStreak} time(s) in a row)`;
    if (this.lackingStreak === 1) this.logger.warn(message);
    else this.logger.debug(message);
  }

  /** eth_getLogs over a range, halving it while the provider refuses it as too large. */
  private async logsInRange(from: number, to: number): Promise<RawLog[]> {
    try {
      return await this.rpc.logsInRange(from, to, [...this.watched.keys()], TRANSFER_TOPIC);
    } catch (err) {
      if (!isRangeTooLarge(err) || from === to) throw err;
      const middle = Math.floor((from + to) / 2);
      this.logger.debug(`eth_getLogs ${from}-${to} refused as too large: halving`);
      return [...(await this.logsInRange(from, middle)), ...(await this.logsInRange(middle + 1, to))];
    }
  }

  private async storeBlock(block: RawBlock, logs: RawLog[], live: boolean): Promise<void> {
    const bundle = decodeBlock(block, logs, this.watched);
    await this.store.saveBlock(bundle);
    this.checkpoint = { number: block.number, hash: block.hash };
    this.state.lastProcessedTimestamp = block.timestamp;
    this.lackingStreak = 0;
    // Published whether this process inserted the block or another replica sharing the database did:
    // each process handles a height once (its checkpoint only moves forward), so nothing repeats.
    this.events.publish({ kind: 'block_ingested', bundle, live });
    this.announced = this.checkpoint;
  }

  /**
   * `block` does not continue the stored tip. Find the highest stored block the node still has, remove
   * everything above it, and let the loop ingest the new branch from there.
   */
  private async resolveFork(block: RawBlock): Promise<void> {
    const oldHead = this.checkpoint as StoredBlockRef;
    const floor = Math.max(0, oldHead.number - this.config.maxReorgDepth);
    const stored = await this.store.blocksFrom(floor);
    const nodeHashes = new Map<number, string | null>();
    // Compare from the top down, a batch at a time: shallow forks (the common case) cost one request.
    for (let end = stored.length; end > 0; end -= ANCESTOR_BATCH) {
      const slice = stored.slice(Math.max(0, end - ANCESTOR_BATCH), end);
      const hashes = await this.rpc.hashesByNumbers(slice.map((b) => b.number));
      slice.forEach((b, i) => nodeHashes.set(b.number, hashes[i] ?? null));
      if (findCommonAncestor(slice, nodeHashes)) break;
    }
    const lowest = stored[0];
    const needBelow = lowest && lowest.number > 0 && !findCommonAncestor(stored, nodeHashes);
    const below = needBelow ? ((await this.rpc.hashesByNumbers([lowest.number - 1]))[0] ?? null) : null;
    const resolution = resolveForkPoint(stored, nodeHashes, below);
    if (resolution.kind === 'none') {
      // Not a reorg: the node lags, or a backend behind a balancer answered from elsewhere. Nothing is removed.
      throw new RpcError(
        `block ${block.number} does not continue stored block ${oldHead.number}, yet the node holds no other block at any stored height: retrying`,
        true,
      );
    }
    let ancestor: StoredBlockRef;
    if (resolution.kind === 'ancestor') {
      ancestor = resolution.ancestor;
    } else {
      // Deeper than MAX_REORG_DEPTH: drop the compared window and resync from its bottom; if the chain
      // still disagrees there, the next fork resolution goes further down.
      this.state.reorgError = `fork deeper than MAX_REORG_DEPTH=${this.config.maxReorgDepth} below block ${oldHead.number}: resyncing from block ${floor}`;
      this.logger.error(this.state.reorgError);
      const under = floor > 0 ? (await this.store.blocksFrom(floor - 1))[0] : undefined;
      ancestor = under && under.number === floor - 1 ? under : { number: floor - 1, hash: '0x' + '0'.repeat(64) };
    }
    if (this.state.finalized !== null && ancestor.number < this.state.finalized) {
      // The node finalized a block we hold a different version of: it should never happen on a sound
      // node; resolved the same way, and shown in health.
      this.state.reorgError = `fork below the node's finalized block ${this.state.finalized} (common ancestor ${ancestor.number})`;
      this.logger.error(this.state.reorgError);
    }
    const depth = oldHead.number - ancestor.number;
    const frame = (removed: ReorgData['removed']): ReorgData => ({
      commonAncestor: { number: Math.max(0, ancestor.number), hash: ancestor.hash },
      oldHead,
      newHead: { number: block.number, hash: block.hash },
      depth,
      removed,
    });
    const preview = await this.store.removalPreview(ancestor.number + 1);
    let removed: ReorgData['removed'];
    try {
      removed = await this.store.removeFrom(ancestor.number + 1);
    } catch (err) {
      // The removal may have gone ahead in part; the store's repair finishes it, and then it is announced.
      this.unannouncedReorg = frame(preview);
      throw err;
    }
    this.checkpoint = await this.store.latestBlock();
    this.announced = this.checkpoint;
    if (!this.checkpoint) this.startHeight = ancestor.number + 1;
    this.state.lastReorg = { depth, at: new Date(), commonAncestor: ancestor.number };
    this.logger.warn(
      `reorg: block ${block.number} (${block.hash}) forks from block ${ancestor.number}; removed ${removed.blocks} blocks (depth ${depth}), ` +
        `${removed.badges_minted} mints, ${removed.passports_issued} passports, ${removed.badges_revoked} revocations`,
    );
    this.events.publish({ kind: 'reorg', reorg: frame(removed) });
  }

  private beginSync(from: number): void {
    if (this.state.syncing) return;
    this.state.syncing = true;
    this.syncStartedAt = Date.now();
    this.syncStartHeight = from;
    this.lastSyncStatusAt = 0;
  }

  private reportSync(head: number, done: boolean): void {
    const processed = this.checkpoint?.number ?? this.syncStartHeight;
    const now = Date.now();
    if (!done && now - this.lastSyncStatusAt < SYNC_STATUS_INTERVAL_MS) return;
    this.lastSyncStatusAt = now;
    const elapsed = (now - this.syncStartedAt) / 1000;
    const rate = elapsed > 0 ? (processed - this.syncStartHeight + 1) / elapsed : null;
    const lag = Math.max(0, head - processed);
    const eta = rate && rate > 0 ? Math.round(lag / rate) : null;
    if (done) {
      this.state.syncing = false;
      this.logger.log(`caught up at block ${processed} (${rate?.toFixed(1) ?? '?'} blocks/s)`);
    } else {
      this.logger.log(
        `catching up: block ${processed} of ${head}, ${rate?.toFixed(1) ?? '?'} blocks/s, ETA ${eta ?? '?'} s`,
      );
    }
    this.events.publish({
      kind: 'sync_status',
      status: {
        state: done ? 'live' : 'syncing',
        head,
        processed,
        lagBlocks: lag,
        blocksPerSecond: rate === null ? null : Math.round(rate * 10) / 10,
        etaSeconds: done ? 0 : eta,
      },
    });
  }

  private recordError(err: unknown): void {
    // The store may have changed under a failed write (or its repair will change it): read the checkpoint again.
    this.checkpointLoaded = false;
    const detail = err instanceof Error ? err.message : String(err);
    // lastError is public (health): a database driver's message names hosts and stays in the log.
    const message = isDatabaseError(err)
      ? `database ${isDatabaseUnavailable(err) ? 'unreachable' : 'error'}: ingestion holds at its checkpoint`
      : detail;
    const first = this.state.lastError !== message;
    this.state.lastError = message;
    this.state.lastErrorAt = new Date();
    if (err instanceof RpcError && err.retryable && this.rpc.endpoints().every((e) => !e.healthy))
      this.state.reachable = false;
    // Log a repeated error once, not every poll.
    if (first)
      this.logger.warn(
        `tick failed, will retry from block ${(this.checkpoint?.number ?? (this.startHeight ?? 0) - 1) + 1}: ${detail}`,
      );
  }
}

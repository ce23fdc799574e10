import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { ActivityStore, type StoredBlockRef } from '../activity/activity-store.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import { decodeBlock, type WatchedContracts } from './block-decoder';
import { ChainEvents } from './chain-events.service';
import { ChainRpc } from './chain-rpc.service';
import { TRANSFER_TOPIC } from './erc721-decoder';

/** Upper bound of blocks handled in one tick, so that a long catch-up still lets health see progress. */
const MAX_BLOCKS_PER_TICK = 500;
const POLL_JOB = 'block-follower-poll';

export interface FollowerStatus {
  reachable: boolean;
  chainId: number | null;
  head: number | null;
  lastProcessed: StoredBlockRef | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  lastBlockAt: Date | null;
}

/**
 * Follows the chain head: on each tick, processes every height from the checkpoint + 1 to the head, in
 * order, never skipping one. Invariant: every stored block links to its parent (parentHash equals the
 * hash stored one height below). A block whose parent does not match means the stored tip left the
 * canonical chain: the tip is removed and the follower steps back until the links agree again.
 */
@Injectable()
export class BlockFollower implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BlockFollower.name);
  private readonly watched: WatchedContracts;
  private running: Promise<void> | null = null;
  private stopped = false;
  private checkpoint: StoredBlockRef | null = null;
  private checkpointLoaded = false;
  private readonly state: FollowerStatus = {
    reachable: false,
    chainId: null,
    head: null,
    lastProcessed: null,
    lastError: null,
    lastErrorAt: null,
    lastBlockAt: null,
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rpc: ChainRpc,
    private readonly store: ActivityStore,
    private readonly events: ChainEvents,
    private readonly scheduler: SchedulerRegistry,
  ) {
    const watched = new Map<string, 'badge' | 'passport'>();
    if (config.badgeContract) watched.set(config.badgeContract, 'badge');
    if (config.passportContract) watched.set(config.passportContract, 'passport');
    this.watched = watched;
  }

  onApplicationBootstrap(): void {
    this.logger.log(
      `following ${this.rpc.url} every ${this.config.pollIntervalMs} ms; watching ${
        [...this.watched].map(([a, r]) => `${r}=${a}`).join(', ') || 'no contracts'
      }`,
    );
    this.scheduler.addInterval(POLL_JOB, setInterval(() => void this.tick(), this.config.pollIntervalMs));
    void this.tick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', POLL_JOB)) this.scheduler.deleteInterval(POLL_JOB);
    await this.running;
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
      this.state.head = head;
      this.state.reachable = true;
      if (!this.checkpointLoaded) {
        this.checkpoint = await this.store.latestBlock();
        this.checkpointLoaded = true;
        this.logger.log(
          this.checkpoint
            ? `resuming after block ${this.checkpoint.number} (${this.checkpoint.hash})`
            : `no stored blocks: starting at the head, block ${head}`,
        );
      }
      let next = this.checkpoint ? this.checkpoint.number + 1 : head;
      const last = Math.min(head, next + MAX_BLOCKS_PER_TICK - 1);
      while (next <= last && !this.stopped) {
        const advanced = await this.processHeight(next);
        if (!advanced) break;
        next = this.checkpoint ? this.checkpoint.number + 1 : next + 1;
      }
      this.state.lastError = null;
    } catch (err) {
      this.recordError(err);
    }
  }

  private async checkChain(): Promise<void> {
    if (this.state.chainId !== null) return;
    const chainId = await this.rpc.chainId();
    if (this.config.chainId !== null && chainId !== this.config.chainId) {
      throw new Error(`the node at ${this.rpc.url} serves chain ${chainId}, but CHAIN_ID is ${this.config.chainId}`);
    }
    this.state.chainId = chainId;
  }

  /** Returns false when the follower must stop for this tick (block not available, or it stepped back). */
  private async processHeight(height: number): Promise<boolean> {
    const block = await this.rpc.blockByNumber(height);
    if (!block) return false; // the node announced a head it cannot serve yet: try again next tick
    if (this.checkpoint && block.parentHash !== this.checkpoint.hash) {
      await this.stepBack(block.number, block.parentHash);
      return true;
    }
    const logs = await this.rpc.logsOfBlock(block.hash, [...this.watched.keys()], TRANSFER_TOPIC);
    const bundle = decodeBlock(block, logs, this.watched);
    const isNew = await this.store.saveBlock(bundle);
    this.checkpoint = { number: block.number, hash: block.hash };
    this.state.lastBlockAt = new Date();
    if (isNew) this.events.publish({ kind: 'block_ingested', bundle });
    return true;
  }

  /** The stored tip is not the parent of the node's block at `height`: drop the tip and retry below it. */
  private async stepBack(height: number, expectedParent: string): Promise<void> {
    const tip = this.checkpoint as StoredBlockRef;
    this.logger.warn(
      `block ${height} has parent ${expectedParent}, stored block ${tip.number} is ${tip.hash}: removing it (reorg)`,
    );
    const removedHashes = await this.store.removeFrom(tip.number);
    this.checkpoint = await this.store.latestBlock();
    this.events.publish({ kind: 'blocks_removed', fromNumber: tip.number, removedHashes });
  }

  private recordError(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const first = this.state.lastError !== message;
    this.state.lastError = message;
    this.state.lastErrorAt = new Date();
    if (/ECONNREFUSED|ETIMEDOUT|timeout|fetch failed|ENOTFOUND|socket hang up/i.test(message)) this.state.reachable = false;
    // Log a repeated error once, not every poll.
    if (first) this.logger.warn(`tick failed, will retry from block ${(this.checkpoint?.number ?? -1) + 1}: ${message}`);
  }
}

import { computed, signal } from '@angular/core';

import type {
  AnyServerFrame,
  BadgeMintedData,
  NewBlockData,
  NewTransactionData,
  ReorgData,
  StatsUpdateData,
  SyncStatusData,
} from '@aura/events';

/** Items kept per feed: a day on a wall screen must not grow memory. */
export const FEED_LIMIT = 50;
export const REORG_NOTICES = 5;

export type TokenKind = 'badge_minted' | 'passport_issued' | 'badge_revoked';
export interface TokenItem {
  kind: TokenKind;
  data: BadgeMintedData;
  key: string;
}

/** Schedules one flush per animation frame (a fake in tests). */
export type FrameScheduler = (flush: () => void) => void;

export const animationFrameScheduler: FrameScheduler = (flush) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => flush()) : setTimeout(flush, 16);

const tokenKey = (d: BadgeMintedData) => `${d.txHash}:${d.logIndex ?? d.tokenId ?? d.address}`;

function newestFirst<T>(items: T[], key: (t: T) => string, order: (t: T) => number): T[] {
  const seen = new Set<string>();
  return items
    .filter((t) => {
      const k = key(t);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => order(b) - order(a))
    .slice(0, FEED_LIMIT);
}

/**
 * The dashboard's live state. Frames are queued and applied together once per animation frame, so a
 * burst of 50 events/s costs one change detection per frame, not one per event. Lists are bounded.
 * Pausing freezes what is shown; frames keep being applied underneath, and resuming shows the present.
 */
export class FeedStore {
  private readonly queue: AnyServerFrame[] = [];
  private scheduled = false;

  readonly stats = signal<StatsUpdateData | null>(null);
  readonly latestBlock = signal<NewBlockData | null>(null);
  readonly sync = signal<SyncStatusData | null>(null);
  readonly reorgs = signal<ReorgData[]>([]);
  private readonly blocksLive = signal<NewBlockData[]>([]);
  private readonly transactionsLive = signal<NewTransactionData[]>([]);
  private readonly tokensLive = signal<TokenItem[]>([]);

  readonly paused = signal(false);
  private readonly frozen = signal<{
    blocks: NewBlockData[];
    transactions: NewTransactionData[];
    tokens: TokenItem[];
  } | null>(null);
  /** Lower-case address, or '' for everything. */
  readonly addressFilter = signal('');

  readonly blocks = computed(() => this.frozen()?.blocks ?? this.blocksLive());
  readonly transactions = computed(() => {
    const a = this.addressFilter();
    const list = this.frozen()?.transactions ?? this.transactionsLive();
    return a ? list.filter((t) => t.from.toLowerCase() === a || t.to.toLowerCase() === a) : list;
  });
  readonly tokens = computed(() => {
    const a = this.addressFilter();
    const list = this.frozen()?.tokens ?? this.tokensLive();
    return a ? list.filter((t) => t.data.address.toLowerCase() === a) : list;
  });
  /** Items that arrived while paused (shown on the resume button). */
  readonly heldCount = computed(() => {
    const f = this.frozen();
    if (!f) return 0;
    const known = new Set([
      ...f.blocks.map((b) => b.hash),
      ...f.transactions.map((t) => t.hash),
      ...f.tokens.map((t) => t.key),
    ]);
    return [
      ...this.blocksLive().map((b) => b.hash),
      ...this.transactionsLive().map((t) => t.hash),
      ...this.tokensLive().map((t) => t.key),
    ].filter((k) => !known.has(k)).length;
  });

  constructor(private readonly schedule: FrameScheduler = animationFrameScheduler) {}

  push(frame: AnyServerFrame): void {
    this.queue.push(frame);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Applies every queued frame in one go (one signal write per list). */
  flush(): void {
    this.scheduled = false;
    const frames = this.queue.splice(0);
    if (!frames.length) return;
    let blocks = this.blocksLive();
    let txs = this.transactionsLive();
    let tokens = this.tokensLive();
    for (const frame of frames) {
      switch (frame.type) {
        case 'snapshot':
          this.stats.set(frame.data.stats);
          blocks = [...frame.data.blocks, ...blocks];
          txs = [...frame.data.transactions, ...txs];
          tokens = [
            ...frame.data.badges.map((d) => ({ kind: 'badge_minted' as const, data: d, key: tokenKey(d) })),
            ...tokens,
          ];
          break;
        case 'new_block':
          blocks = [frame.data, ...blocks];
          break;
        case 'new_transaction':
          txs = [frame.data, ...txs];
          break;
        case 'badge_minted':
        case 'passport_issued':
        case 'badge_revoked':
          tokens = [{ kind: frame.type, data: frame.data, key: tokenKey(frame.data) }, ...tokens];
          break;
        case 'stats_update':
          this.stats.set(frame.data);
          break;
        case 'sync_status':
          this.sync.set(frame.data);
          break;
        case 'reorg': {
          const gone = new Set(frame.data.removed.blockHashes);
          const ancestor = frame.data.commonAncestor.number;
          blocks = blocks.filter((b) => !gone.has(b.hash) && b.number <= ancestor);
          txs = txs.filter((t) => (t.blockNumber ?? 0) <= ancestor);
          tokens = tokens.filter((t) => t.data.blockNumber <= ancestor);
          this.reorgs.update((r) => [frame.data, ...r].slice(0, REORG_NOTICES));
          break;
        }
        default:
          break;
      }
    }
    this.blocksLive.set(
      newestFirst(
        blocks,
        (b) => b.hash,
        (b) => b.number,
      ),
    );
    this.transactionsLive.set(
      newestFirst(
        txs,
        (t) => t.hash,
        (t) => t.blockNumber ?? 0,
      ),
    );
    this.tokensLive.set(
      newestFirst(
        tokens,
        (t) => t.key,
        (t) => t.data.blockNumber * 1e4 + (t.data.logIndex ?? 0),
      ),
    );
    const newest = this.blocksLive()[0] ?? null;
    if (newest && (this.latestBlock()?.number ?? -1) !== newest.number) this.latestBlock.set(newest);
    if (!newest) this.latestBlock.set(null);
  }

  /** Blocks read from the REST API after a reconnect (the gap a new server process cannot replay). */
  mergeBlocks(blocks: NewBlockData[]): void {
    this.blocksLive.set(
      newestFirst(
        [...this.blocksLive(), ...blocks],
        (b) => b.hash,
        (b) => b.number,
      ),
    );
    const newest = this.blocksLive()[0];
    if (newest && (this.latestBlock()?.number ?? -1) < newest.number) this.latestBlock.set(newest);
  }

  setPaused(paused: boolean): void {
    this.paused.set(paused);
    this.frozen.set(
      paused ? { blocks: this.blocksLive(), transactions: this.transactionsLive(), tokens: this.tokensLive() } : null,
    );
  }

  dismissReorg(notice: ReorgData): void {
    this.reorgs.update((r) => r.filter((x) => x !== notice));
  }
}

// The newest activity items in memory, newest first, so that GET /activity does not sort the
// collections per request. Pure (no I/O): the store feeds it, the query service reads it.
import type { ActivityItem, ActivityType } from '@aura/events';

import { compareFeed, type FeedPosition } from './activity-cursor';
import { byFeedOrder, feedPosition } from './wire-shapes';

export interface FeedFilter {
  types: readonly ActivityType[];
  address: string | null;
  limit: number;
  before: FeedPosition | null;
}

/** The addresses an item involves (none for a block). */
function addressesOf(item: ActivityItem): string[] {
  if (item.type === 'block') return [];
  if (item.type === 'transaction')
    return item.data.from === item.data.to ? [item.data.from] : [item.data.from, item.data.to];
  return [item.data.address];
}

export class RecentFeedWindow {
  /** Newest first. Every stored item newer than the last one here is here (the window has no holes). */
  private items: ActivityItem[] = [];
  /** Items by address, in feed order; rebuilt on the first address query after a change. */
  private byAddress: Map<string, ActivityItem[]> | null = null;

  constructor(
    readonly capacity: number,
    /** True when the window holds everything stored (nothing older exists in the database). */
    private complete: boolean,
  ) {}

  get size(): number {
    return this.items.length;
  }

  /** Replaces the content (a load from the database); `complete` as above. */
  reset(items: ActivityItem[], complete: boolean): void {
    this.items = [...items].sort(byFeedOrder);
    this.complete = complete;
    this.trim();
    this.byAddress = null;
  }

  /** Adds newly stored items (any order; already present ones are ignored). */
  add(items: readonly ActivityItem[]): void {
    if (!items.length) return;
    const fresh = [...items].sort(byFeedOrder);
    const newestHeld = this.items[0];
    if (!newestHeld || byFeedOrder(fresh[fresh.length - 1] as ActivityItem, newestHeld) < 0) {
      // The usual case, a new head: everything is newer than what is held, so it goes in front
      // (no re-sort of the whole window per block).
      this.items = fresh.concat(this.items);
    } else {
      const known = new Set(this.items.map((i) => `${i.type}:${i.id}`));
      this.items = [...fresh.filter((i) => !known.has(`${i.type}:${i.id}`)), ...this.items].sort(byFeedOrder);
    }
    this.trim();
    this.byAddress = null;
  }

  /** Drops every item at or above `height` (a reorg removed them from the store). */
  removeFrom(height: number): void {
    this.items = this.items.filter((i) => i.blockNumber < height);
    this.byAddress = null;
  }

  /**
   * The page from memory, or null when `before` points below the oldest item held while older ones
   * exist in the database (the caller then asks the database). A page that runs out of held items
   * before `limit` ends with `next` at the oldest held item: every item newer than it is held, so the
   * next page, read from the database, continues exactly there (a page may be short; `next` says more).
   */
  page(filter: FeedFilter): { items: ActivityItem[]; next: FeedPosition | null } | null {
    if (filter.before && this.firstAfter(this.items, filter.before) >= this.items.length && !this.complete) return null;
    // With an address, walk only that address's items (an index, not a scan of the whole window).
    const list = filter.address ? (this.addressIndex().get(filter.address) ?? []) : this.items;
    const start = filter.before ? this.firstAfter(list, filter.before) : 0;
    const types = new Set(filter.types);
    const out: ActivityItem[] = [];
    for (let i = start; i < list.length; i++) {
      const item = list[i] as ActivityItem;
      if (!types.has(item.type)) continue;
      if (out.length === filter.limit) return { items: out, next: feedPosition(out[out.length - 1] as ActivityItem) };
      out.push(item);
    }
    const oldest = this.items[this.items.length - 1];
    return { items: out, next: this.complete || !oldest ? null : feedPosition(oldest) };
  }

  private addressIndex(): Map<string, ActivityItem[]> {
    if (!this.byAddress) {
      this.byAddress = new Map();
      for (const item of this.items) {
        for (const a of addressesOf(item)) {
          const list = this.byAddress.get(a);
          if (list) list.push(item);
          else this.byAddress.set(a, [item]);
        }
      }
    }
    return this.byAddress;
  }

  /** Index of the first item of `list` (in feed order) strictly after (older than) `p`. */
  private firstAfter(list: ActivityItem[], p: FeedPosition): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareFeed(feedPosition(list[mid] as ActivityItem), p) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private trim(): void {
    if (this.items.length <= this.capacity) return;
    this.items.length = this.capacity;
    this.complete = false;
  }
}

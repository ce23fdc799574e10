import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DEFAULT_IPV6_SUBNET_PREFIX, normalizeIp, type ThrottlerStorage } from '@nestjs/throttler';

/** How often records with no live hits are dropped (the default storage's interval). */
const SWEEP_INTERVAL_MS = 60_000;
/** Expired hits are cut off the front of a record's list once this many have piled up (and half of it). */
const COMPACT_AFTER = 1_024;
/** Clients whose rate-limit key is remembered (see trackerOf); past this the memo starts over. */
const MAX_TRACKERS = 10_000;

interface HitRecord {
  /** Expiry times of the hits counted, ascending; those before `head` have expired. */
  hits: number[];
  head: number;
  expiresAt: number;
  blockExpiresAt: number;
  isBlocked: boolean;
}

/**
 * @nestjs/throttler's in-memory storage (ThrottlerStorageService) with the same answers, in amortised
 * O(1) per request. The default keeps each hit's expiry and filters the whole list into a new array on
 * every request: O(hits in the window), which at a high limit (100k requests a minute from one client)
 * cost more than the rest of the request. Here expiries are appended in order (a throttler has one ttl)
 * and expired ones are dropped from the front; the steps (block, unblock) are the default's, one for one.
 */
@Injectable()
export class ThrottlerHitLog implements ThrottlerStorage, OnApplicationShutdown {
  private readonly records = new Map<string, HitRecord>();
  private sweep: NodeJS.Timeout | undefined;

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    return this.incrementNow(key, ttl, limit, blockDuration, throttlerName);
  }

  /** increment(), without the promise (RateLimitGuard). */
  incrementNow(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    return this.hit(`${throttlerName}\u0000${key}`, ttl, limit, blockDuration, Date.now());
  }

  hit(id: string, ttl: number, limit: number, blockDuration: number, now: number) {
    this.sweep ??= setInterval(() => this.evictIdle(Date.now()), SWEEP_INTERVAL_MS).unref();
    let r = this.records.get(id);
    if (!r) {
      r = { hits: [], head: 0, expiresAt: now + ttl, blockExpiresAt: 0, isBlocked: false };
      this.records.set(id, r);
    }
    prune(r, now);
    let timeToExpire = Math.ceil((r.expiresAt - now) / 1000);
    if (timeToExpire <= 0) {
      r.expiresAt = now + ttl;
      timeToExpire = Math.ceil(ttl / 1000);
    }
    if (blockDuration <= 0) {
      // No blocking: every hit over the limit is refused, until the oldest counted one expires.
      const isBlocked = count(r) >= limit;
      if (!isBlocked) add(r, now + ttl);
      const oldest = r.hits[r.head];
      const timeToBlockExpire = oldest === undefined ? timeToExpire : Math.ceil((oldest - now) / 1000);
      return {
        totalHits: count(r) + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? timeToBlockExpire : 0,
      };
    }
    if (!r.isBlocked) add(r, now + ttl);
    if (count(r) > limit && !r.isBlocked) {
      r.isBlocked = true;
      r.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = Math.ceil((r.blockExpiresAt - now) / 1000);
    if (timeToBlockExpire <= 0 && r.isBlocked) {
      // The block is over: the count starts again from this hit.
      r.isBlocked = false;
      r.hits = [];
      r.head = 0;
      add(r, now + ttl);
    }
    return { totalHits: count(r), timeToExpire, isBlocked: r.isBlocked, timeToBlockExpire };
  }

  /** Drops the records with nothing left to count (memory stays bounded by the last window's clients). */
  evictIdle(now: number): void {
    for (const [id, r] of this.records) {
      if ((r.isBlocked && r.blockExpiresAt > now) || r.expiresAt > now) continue;
      prune(r, now);
      if (count(r) === 0) this.records.delete(id);
    }
  }

  get size(): number {
    return this.records.size;
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
    this.sweep = undefined;
    this.records.clear();
  }
}

const count = (r: HitRecord) => r.hits.length - r.head;

function prune(r: HitRecord, now: number): void {
  const { hits } = r;
  while (r.head < hits.length && (hits[r.head] as number) <= now) r.head++;
  if (r.head === hits.length) {
    r.hits = [];
    r.head = 0;
  } else if (r.head >= COMPACT_AFTER && r.head * 2 >= hits.length) {
    r.hits = hits.slice(r.head);
    r.head = 0;
  }
}

/** Appends in order; an expiry before the last one (a route with a shorter ttl, a clock step) is sorted in. */
function add(r: HitRecord, expiresAt: number): void {
  const { hits } = r;
  let i = hits.length;
  if (i === r.head || (hits[i - 1] as number) <= expiresAt) {
    hits.push(expiresAt);
    return;
  }
  while (i > r.head && (hits[i - 1] as number) > expiresAt) i--;
  hits.splice(i, 0, expiresAt);
}

const trackers = new Map<string, string>();

/**
 * The throttler's default tracker (the client's address, IPv6 by /64 subnet), remembered per address: the
 * server listens on `::`, so every IPv4 client arrives as ::ffff:a.b.c.d and the default parsed it into
 * hextets on each request.
 */
export function trackerOf(req: Record<string, unknown>): string {
  const ip = req['ip'];
  if (typeof ip !== 'string') return normalizeIp(ip as string, DEFAULT_IPV6_SUBNET_PREFIX);
  let tracker = trackers.get(ip);
  if (tracker === undefined) {
    if (trackers.size >= MAX_TRACKERS) trackers.clear();
    tracker = normalizeIp(ip, DEFAULT_IPV6_SUBNET_PREFIX);
    trackers.set(ip, tracker);
  }
  return tracker;
}

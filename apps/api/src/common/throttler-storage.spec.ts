import { ThrottlerStorageService } from '@nestjs/throttler';

import { ThrottlerHitLog, trackerOf } from './throttler-storage';

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe('ThrottlerHitLog', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => jest.useRealTimers());

  it.each([
    { name: 'blocking (blockDuration = ttl, as the app)', ttl: 60_000, limit: 5, block: 60_000 },
    { name: 'a longer block', ttl: 10_000, limit: 3, block: 25_000 },
    { name: 'no blocking (blockDuration 0)', ttl: 10_000, limit: 4, block: 0 },
  ])('answers as the default storage, request for request: $name', async ({ ttl, limit, block }) => {
    const reference = new ThrottlerStorageService();
    const ours = new ThrottlerHitLog();
    const next = random(ttl + limit + block);
    let blocked = 0;
    for (let i = 0; i < 3_000; i++) {
      // Bursts and pauses, up to past the ttl and the block, from three clients.
      const r = next();
      jest.advanceTimersByTime(
        r < 0.7 ? Math.floor(next() * 300) : r < 0.95 ? Math.floor(next() * 4_000) : ttl + block,
      );
      const key = `default:client-${Math.floor(next() * 3)}`;
      const expected = await reference.increment(key, ttl, limit, block, 'default');
      expect({ i, answer: await ours.increment(key, ttl, limit, block, 'default') }).toEqual({ i, answer: expected });
      if (expected.isBlocked) blocked++;
    }
    // Both answers seen plenty: the sequence limits, blocks and lets clients through again.
    expect(blocked).toBeGreaterThan(300);
    expect(blocked).toBeLessThan(2_700);
    reference.onApplicationShutdown();
    ours.onApplicationShutdown();
  });

  it('keeps its cost flat however many hits a client has in the window', () => {
    jest.useRealTimers();
    const storage = new ThrottlerHitLog();
    const times: number[] = [];
    let now = 0;
    const hit = () => {
      times.push(now);
      return storage.hit('one', 60_000, 1_000_000, 60_000, now);
    };
    // 200k hits in 50 s from one client (4 per ms), then 20k more, one per ms.
    for (let i = 0; i < 200_000; i++) {
      hit();
      if (i % 4 === 3) now++;
    }
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) {
      now++;
      hit();
    }
    // The default storage filters its ~200k-entry list into a new array each time: seconds for 20k requests.
    expect(performance.now() - started).toBeLessThan(500);
    now++;
    const live = times.filter((t) => t + 60_000 > now).length;
    expect(hit().totalHits).toBe(live + 1);
    expect(live).toBeLessThan(200_000);
    storage.onApplicationShutdown();
  });

  it('forgets clients with no hits left in the window', async () => {
    const storage = new ThrottlerHitLog();
    await storage.increment('default:a', 1_000, 10, 1_000, 'default');
    await storage.increment('default:b', 5_000, 10, 5_000, 'default');
    jest.advanceTimersByTime(2_000);
    storage.evictIdle(Date.now());
    expect(storage.size).toBe(1);
    jest.advanceTimersByTime(60_000); // the sweep
    expect(storage.size).toBe(0);
    storage.onApplicationShutdown();
  });
});

describe('trackerOf', () => {
  it('is the default tracker: IPv4 as is, IPv4-mapped as IPv4, IPv6 by /64', () => {
    expect(trackerOf({ ip: '203.0.113.7' })).toBe('203.0.113.7');
    expect(trackerOf({ ip: '::ffff:127.0.0.1' })).toBe('127.0.0.1');
    expect(trackerOf({ ip: '::ffff:127.0.0.1' })).toBe('127.0.0.1');
    expect(trackerOf({ ip: '2001:db8:1:2:3:4:5:6' })).toBe('2001:db8:1:2::/64');
    expect(trackerOf({ ip: '::1' })).toBe('::1');
  });
});

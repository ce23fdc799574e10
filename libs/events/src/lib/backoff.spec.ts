import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const opts = { baseMs: 100, maxMs: 1_000, jitter: 0 };

  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, opts))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('keeps jitter within [delay - jitter*delay, delay]', () => {
    const j = { ...opts, jitter: 0.5 };
    expect(backoffDelay(2, j, () => 0)).toBe(100);
    expect(backoffDelay(2, j, () => 1)).toBe(200);
  });
});

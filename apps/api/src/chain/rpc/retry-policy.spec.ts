import { endpointCooldown, parseRetryAfter, retryDelay } from './retry-policy';

describe('retryDelay', () => {
  it('grows exponentially with jitter between half and all of the step', () => {
    expect(retryDelay(0, () => 0, 100, 10_000)).toBe(50);
    expect(retryDelay(0, () => 1, 100, 10_000)).toBe(100);
    expect(retryDelay(3, () => 1, 100, 10_000)).toBe(800);
    expect(retryDelay(3, () => 0, 100, 10_000)).toBe(400);
  });
  it('is capped', () => {
    expect(retryDelay(30, () => 1, 100, 1_000)).toBe(1_000);
  });
});

describe('endpointCooldown', () => {
  it('doubles per consecutive failure up to a minute', () => {
    expect([1, 2, 3].map(endpointCooldown)).toEqual([2_000, 4_000, 8_000]);
    expect(endpointCooldown(20)).toBe(60_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
  });
  it('ignores absent or unreadable values and caps huge ones', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('86400', now, 60_000)).toBe(60_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });
});

import { isRetryableStatus, MAX_RETRY_AFTER_MS, parseRetryAfter, retryAfterSecondsToMs } from './send-outcome';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('reads an HTTP date relative to now; a past date is 0', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });

  it('gives null for absent or unreadable values, so the deliverer backs off on its own', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('-3', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('Someday, 99 Foo 2025', now)).toBeNull();
  });

  it('caps absurd values at a day', () => {
    expect(parseRetryAfter('99999999', now)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('retryAfterSecondsToMs', () => {
  it('takes non-negative finite numbers of seconds only', () => {
    expect(retryAfterSecondsToMs(3)).toBe(3000);
    expect(retryAfterSecondsToMs(0.25)).toBe(250);
    expect(retryAfterSecondsToMs('3')).toBeNull();
    expect(retryAfterSecondsToMs(-1)).toBeNull();
    expect(retryAfterSecondsToMs(Number.NaN)).toBeNull();
    expect(retryAfterSecondsToMs(undefined)).toBeNull();
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 429 and 5xx; not other 4xx or 3xx', () => {
    for (const s of [408, 429, 500, 502, 503, 504]) expect(isRetryableStatus(s)).toBe(true);
    for (const s of [301, 302, 400, 401, 403, 404, 410, 413, 422]) expect(isRetryableStatus(s)).toBe(false);
  });
});

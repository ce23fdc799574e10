/** What one delivery attempt came to; the deliverer schedules retries from it. */
export type SendOutcome =
  | { ok: true; status: number | null }
  | { ok: false; retryable: boolean; retryAfterMs: number | null; error: string };

/** A server asking for more than this is read as this: a delivery is not parked for days on one header. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

export function failure(error: string, retryable: boolean, retryAfterMs: number | null = null): SendOutcome {
  return { ok: false, retryable, retryAfterMs, error };
}

/**
 * Retry-After as RFC 9110 gives it: delay-seconds or an HTTP date. A date in the past means now (0);
 * anything unreadable is null so the deliverer's own backoff applies.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return clampRetryAfter(Number(text) * 1000);
  // Date.parse also takes loose forms like "5": only a text naming a weekday or month is read as a date.
  if (!/[a-z]{3}/i.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : clampRetryAfter(at - nowMs);
}

/** A `retry_after` in seconds from a JSON body (Telegram's `parameters.retry_after`, Discord's `retry_after`). */
export function retryAfterSecondsToMs(seconds: unknown): number | null {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0
    ? clampRetryAfter(seconds * 1000)
    : null;
}

function clampRetryAfter(ms: number): number {
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));
}

/**
 * Whether an HTTP status is worth another try: 429 and 5xx are the receiver's state, 408 is a timeout
 * on its side; any other 4xx says the request itself is wrong (bad URL, revoked token) and would fail
 * again unchanged. A 3xx is not followed (a redirected POST turns into a GET), so it is an error too.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

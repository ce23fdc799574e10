// Retry arithmetic for RPC calls, kept pure for tests.
import { backoffDelay } from '@aura/events';

/** Attempts per call across all endpoints before the call fails (the tick then retries later). */
export const RETRY_COUNT = 4;
export const BASE_DELAY_MS = 250;
export const MAX_DELAY_MS = 10_000;
/** An endpoint that failed is skipped for this long, doubled per consecutive failure (capped). */
export const ENDPOINT_COOLDOWN_MS = 2_000;
export const MAX_ENDPOINT_COOLDOWN_MS = 60_000;

/** base * 2^attempt (attempt 0 = the first retry), capped, with "equal jitter": half fixed, half random. */
export function retryDelay(
  attempt: number,
  random: () => number = Math.random,
  base = BASE_DELAY_MS,
  max = MAX_DELAY_MS,
): number {
  return backoffDelay(attempt + 1, { baseMs: base, maxMs: max, jitter: 0.5 }, random);
}

/** Cooldown of an endpoint after its n-th consecutive failure (n ≥ 1). */
export function endpointCooldown(consecutiveFailures: number): number {
  return backoffDelay(consecutiveFailures, {
    baseMs: ENDPOINT_COOLDOWN_MS,
    maxMs: MAX_ENDPOINT_COOLDOWN_MS,
    jitter: 0,
  });
}

/**
 * Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Returns ms, or null when
 * absent or unreadable. Capped so a hostile header cannot park the follower for hours.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now(), cap = MAX_DELAY_MS * 6): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(cap, Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(cap, Math.max(0, at - now));
}

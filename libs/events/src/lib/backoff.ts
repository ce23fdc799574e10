// Exponential backoff with jitter, once for every retry in the product: the API's RPC retries, the
// dashboard's and MonitorClient's reconnects. Pure.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /**
   * 0..1: how much of the delay is randomised, so that many clients do not retry in step (0.5 is
   * "equal jitter": half fixed, half random).
   */
  jitter: number;
}

/** A client's reconnect: 0.5 s, doubling to 30 s, 30 % random. */
export const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, jitter: 0.3 };

/** Delay before retry `attempt` (1 = the first retry): base * 2^(attempt-1), capped, with jitter. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = RECONNECT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const spread = exp * options.jitter;
  return Math.round(exp - spread + random() * spread);
}

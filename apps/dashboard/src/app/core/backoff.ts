export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** 0..1: how much of the delay is randomised, so that many dashboards do not reconnect in step. */
  jitter: number;
}

export const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, jitter: 0.3 };

/** Delay before reconnect attempt `attempt` (1 = first retry): base * 2^(attempt-1), capped, with jitter. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = RECONNECT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const spread = exp * options.jitter;
  return Math.round(exp - spread + random() * spread);
}

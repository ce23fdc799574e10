// Pure: per-minute counters → evenly spaced points for a chart.
import type { TimeseriesBucket, TimeseriesMetric } from '@aura/events';

import type { BucketCounters } from '../activity/minute-buckets';

export const BUCKET_MS: Record<TimeseriesBucket, number> = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000 };
export const METRIC_FIELD: Record<TimeseriesMetric, keyof BucketCounters> = {
  blocks: 'blocks',
  transactions: 'transactions',
  contract_transactions: 'contractTransactions',
  gas: 'gasUsed',
  mints: 'mints',
  passports: 'passports',
  revocations: 'revocations',
};
export const MAX_POINTS = 1_440;
const MAX_WINDOW_MS = 7 * 24 * 3_600_000;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "90m", "24h", "7d" → milliseconds; an error message for anything else. */
export function parseWindow(window: string): number | string {
  const m = /^(\d{1,4})([mhd])$/.exec(window);
  if (!m) return `window must be a number followed by m, h or d (e.g. 30m, 24h, 7d); got "${window.slice(0, 40)}"`;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms <= 0 || ms > MAX_WINDOW_MS) return `window must be more than 0 and at most 7d; got "${window}"`;
  return ms;
}

/**
 * The instant a series ends at: the server's clock, or the head block's time when that is later. Block
 * times come from the chain's producers, whose clocks may run ahead of ours (a devnet that mines several
 * blocks a second always does); the newest block must never fall past the last bucket.
 */
export function seriesEnd(now: number, headBlockTime: string | null): number {
  const head = headBlockTime === null ? Number.NaN : Date.parse(headBlockTime);
  return Number.isFinite(head) ? Math.max(now, head) : now;
}

/** The aligned range of buckets that ends with the one holding `now`. */
export function bucketRange(
  windowMs: number,
  bucketMs: number,
  now: number,
): { from: number; to: number; count: number } {
  const count = Math.max(1, Math.ceil(windowMs / bucketMs));
  const to = (Math.floor(now / bucketMs) + 1) * bucketMs;
  return { from: to - count * bucketMs, to, count };
}

export function toPoints(
  rows: readonly ({ minute: Date } & Partial<BucketCounters>)[],
  field: keyof BucketCounters,
  range: { from: number; count: number },
  bucketMs: number,
): { t: string; value: number }[] {
  const values = new Array<number>(range.count).fill(0);
  for (const row of rows) {
    const i = Math.floor((new Date(row.minute).getTime() - range.from) / bucketMs);
    if (i >= 0 && i < range.count) values[i] = (values[i] ?? 0) + (row[field] ?? 0);
  }
  return values.map((value, i) => ({ t: new Date(range.from + i * bucketMs).toISOString(), value }));
}

import { bucketRange, parseWindow, seriesEnd, toPoints } from './timeseries';

describe('timeseries', () => {
  it('parses windows and explains bad ones', () => {
    expect(parseWindow('30m')).toBe(1_800_000);
    expect(parseWindow('24h')).toBe(86_400_000);
    expect(parseWindow('7d')).toBe(604_800_000);
    expect(parseWindow('8d')).toContain('at most 7d');
    expect(parseWindow('0m')).toContain('more than 0');
    expect(parseWindow('1w')).toContain('followed by m, h or d');
    expect(parseWindow('-5m')).toContain('followed by m, h or d');
  });

  it('aligns the range so that the last bucket holds now', () => {
    const now = Date.parse('2026-01-01T10:07:30Z');
    const r = bucketRange(15 * 60_000, 5 * 60_000, now);
    expect(new Date(r.from).toISOString()).toBe('2026-01-01T09:55:00.000Z');
    expect(new Date(r.to).toISOString()).toBe('2026-01-01T10:10:00.000Z');
    expect(r.count).toBe(3);
  });

  it('ends the series at the head block when its time runs ahead of the server clock', () => {
    const now = Date.parse('2026-01-01T10:07:30Z');
    expect(seriesEnd(now, '2026-01-01T10:09:02.000Z')).toBe(Date.parse('2026-01-01T10:09:02Z'));
    expect(seriesEnd(now, '2026-01-01T10:01:00.000Z')).toBe(now);
    expect(seriesEnd(now, null)).toBe(now);
    expect(seriesEnd(now, 'not a date')).toBe(now);
    // The minute of a block 92 s ahead of the clock is the last bucket of the range, not outside it.
    const r = bucketRange(3_600_000, 60_000, seriesEnd(now, '2026-01-01T10:09:02.000Z'));
    expect(new Date(r.to - 60_000).toISOString()).toBe('2026-01-01T10:09:00.000Z');
  });

  it('sums minutes into buckets, with empty buckets as 0 and rows outside left out', () => {
    const range = { from: Date.parse('2026-01-01T10:00:00Z'), count: 3 };
    const rows = [
      { minute: new Date('2026-01-01T10:00:00Z'), mints: 2 },
      { minute: new Date('2026-01-01T10:04:00Z'), mints: 3 },
      { minute: new Date('2026-01-01T10:12:00Z'), mints: 1 },
      { minute: new Date('2026-01-01T09:59:00Z'), mints: 100 },
      { minute: new Date('2026-01-01T10:15:00Z'), mints: 100 },
      { minute: new Date('2026-01-01T10:13:00Z') },
    ];
    expect(toPoints(rows, 'mints', range, 300_000)).toEqual([
      { t: '2026-01-01T10:00:00.000Z', value: 5 },
      { t: '2026-01-01T10:05:00.000Z', value: 0 },
      { t: '2026-01-01T10:10:00.000Z', value: 1 },
    ]);
  });
});

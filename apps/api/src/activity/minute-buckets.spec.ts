import { bucketIncrements, minuteKey, tokenEventCounter } from './minute-buckets';

describe('minuteKey', () => {
  it('truncates to the start of the minute', () => {
    expect(minuteKey(1_700_000_000)).toBe('2023-11-14T22:13:00.000Z');
    expect(minuteKey(1_700_000_019)).toBe('2023-11-14T22:13:00.000Z');
    expect(minuteKey(1_700_000_040)).toBe('2023-11-14T22:14:00.000Z');
  });
});

describe('bucketIncrements', () => {
  const t = 1_700_000_000; // 22:13:20
  const contributions = [
    { timestamp: t, blocks: 1, transactions: 3, gasUsed: 100 },
    { timestamp: t + 2, blocks: 1, transactions: 1, gasUsed: 50, contractTransactions: 1 },
    { timestamp: t + 2, mints: 1 },
    { timestamp: t + 45, blocks: 1, gasUsed: 7, revocations: 1 },
  ];

  it('sums per minute and drops zero fields', () => {
    expect(Object.fromEntries(bucketIncrements(contributions))).toEqual({
      '2023-11-14T22:13:00.000Z': { blocks: 2, transactions: 4, contractTransactions: 1, gasUsed: 150, mints: 1 },
      '2023-11-14T22:14:00.000Z': { blocks: 1, gasUsed: 7, revocations: 1 },
    });
  });

  it('negates for a rollback, so applying both leaves nothing', () => {
    const up = bucketIncrements(contributions);
    const down = bucketIncrements(contributions, -1);
    for (const [key, inc] of up) {
      for (const [field, value] of Object.entries(inc))
        expect((down.get(key) as Record<string, number>)[field]).toBe(-value);
    }
  });

  it('maps token event kinds to counters', () => {
    expect(tokenEventCounter('badge_minted')).toBe('mints');
    expect(tokenEventCounter('passport_issued')).toBe('passports');
    expect(tokenEventCounter('badge_revoked')).toBe('revocations');
    expect(tokenEventCounter('passport_revoked')).toBeNull();
  });
});

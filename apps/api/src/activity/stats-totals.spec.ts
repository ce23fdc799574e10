import { totalsDelta } from './stats-totals';

const A = '0x' + 'aa'.repeat(20);
const B = '0x' + 'bb'.repeat(20);

describe('totalsDelta', () => {
  it('counts events by kind and users at their first block', () => {
    const d = totalsDelta([
      {
        block: { number: 7, timestamp: 700 },
        transactions: [{ from: A.toUpperCase().replace('0X', '0x') }],
        tokenEvents: [{ kind: 'badge_minted', address: B }],
      },
      {
        block: { number: 5, timestamp: 500 },
        transactions: [],
        tokenEvents: [{ kind: 'passport_issued', address: A }],
      },
      {
        block: { number: 9, timestamp: 900 },
        transactions: [{ from: B }],
        tokenEvents: [
          { kind: 'badge_revoked', address: B },
          { kind: 'badge_minted', address: B },
        ],
      },
    ]);
    expect(d.counters).toEqual({ badges: 2, passports: 1, revocations: 1, contractTransactions: 2 });
    expect([...d.users]).toEqual([
      [A, { firstBlock: 5, timestamp: 500 }],
      [B, { firstBlock: 7, timestamp: 700 }],
    ]);
  });

  it('does not make the holder of a revoked badge a user by the revocation alone', () => {
    const d = totalsDelta([
      { block: { number: 1, timestamp: 1 }, transactions: [], tokenEvents: [{ kind: 'badge_revoked', address: A }] },
    ]);
    expect(d.users.size).toBe(0);
    expect(d.counters.revocations).toBe(1);
  });
});

import {
  blockShare,
  bucketShare,
  continuingBlocks,
  firstAppearances,
  type SharedBlockRow,
  totalsShare,
} from './block-share';

const A = '0x' + 'a'.repeat(40);
const B = '0x' + 'b'.repeat(40);

function row(number: number, parentHash: string, share: Partial<SharedBlockRow> = {}): SharedBlockRow {
  return {
    number,
    hash: `h${number}`,
    parentHash,
    timestamp: 1_700_000_000 + number * 2,
    transactionCount: 3,
    gasUsed: 100,
    contractTransactions: 0,
    mints: 0,
    passports: 0,
    revocations: 0,
    users: [],
    ...share,
  };
}

describe('block share', () => {
  it('counts mints, passports, revocations and contract transactions, and names each user once', () => {
    const share = blockShare({
      transactions: [{ from: A.toUpperCase().replace('0X', '0x') }, { from: A }],
      tokenEvents: [
        { kind: 'badge_minted', address: B },
        { kind: 'passport_issued', address: A },
        { kind: 'badge_revoked', address: B },
        { kind: 'badge_minted', address: B },
      ],
    });
    expect(share).toEqual({ contractTransactions: 2, mints: 2, passports: 1, revocations: 1, users: [A, B] });
  });

  it('does not make a revocation holder a user', () => {
    expect(blockShare({ transactions: [], tokenEvents: [{ kind: 'badge_revoked', address: B }] }).users).toEqual([]);
  });

  it('puts a whole block in the minute of its timestamp, dropping zero counters, negated for a revert', () => {
    const r = row(30, 'h29', { mints: 2, contractTransactions: 2 });
    expect(bucketShare(r)).toEqual({
      minute: new Date(Math.floor(r.timestamp / 60) * 60_000).toISOString(),
      inc: { blocks: 1, transactions: 3, gasUsed: 100, mints: 2, contractTransactions: 2 },
    });
    expect(bucketShare(r, -1).inc).toEqual({
      blocks: -1,
      transactions: -3,
      gasUsed: -100,
      mints: -2,
      contractTransactions: -2,
    });
  });

  it('sums totals and negates them', () => {
    const rows = [row(1, 'h0', { mints: 1, revocations: 1 }), row(2, 'h1', { passports: 2, contractTransactions: 4 })];
    expect(totalsShare(rows)).toEqual({ badges: 1, passports: 2, revocations: 1, contractTransactions: 4 });
    expect(totalsShare(rows, -1)).toEqual({ badges: -1, passports: -2, revocations: -1, contractTransactions: -4 });
  });

  it('attributes a user to the first block naming it', () => {
    const first = firstAppearances([row(1, 'h0', { users: [A] }), row(2, 'h1', { users: [B, A] })]);
    expect([...first].map(([u, r]) => [u, r.number])).toEqual([
      [A, 1],
      [B, 2],
    ]);
  });

  it('counts only blocks that continue the head, link by link', () => {
    const rows = [row(5, 'h4'), row(6, 'h5'), row(7, 'other'), row(8, 'h7')];
    expect(continuingBlocks({ headHash: 'h4' }, rows)).toBe(2);
    expect(continuingBlocks({ headHash: 'h3' }, rows)).toBe(0);
    expect(continuingBlocks({ headHash: null }, rows)).toBe(2);
  });
});

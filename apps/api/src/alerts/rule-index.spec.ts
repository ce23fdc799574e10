import type { AlertRule } from '@aura/events';

import { type ChainEventInput, RuleIndex } from './rule-index';

const A = '0x' + 'a'.repeat(40);
const B = '0x' + 'b'.repeat(40);
const C = '0x' + 'c'.repeat(40);

function rule(id: string, condition: AlertRule['condition'], extra: Partial<AlertRule> = {}): AlertRule {
  return {
    id,
    name: id,
    enabled: true,
    severity: 'warning',
    condition,
    channels: [],
    cooldownSeconds: 0,
    dedupBy: 'rule',
    delivery: { mode: 'tip' },
    sinceBlock: 0,
    createdAt: '',
    updatedAt: '',
    ...extra,
  };
}

const mint = (address: string, blockNumber = 10): ChainEventInput => ({
  type: 'badge_minted',
  id: `0x1:${blockNumber}`,
  contract: C,
  txHash: '0x1',
  logIndex: 0,
  blockNumber,
  blockHash: '0xb',
  timestamp: 100,
  address,
  tokenId: '1',
});
const tx = (from: string, to: string, value: bigint): ChainEventInput => ({
  type: 'transaction',
  id: '0x2',
  contract: C,
  txHash: '0x2',
  blockNumber: 10,
  blockHash: '0xb',
  timestamp: 100,
  from,
  to,
  value,
});

describe('RuleIndex', () => {
  it('matches token events by kind, with and without an address filter', () => {
    const index = new RuleIndex([
      rule('any-mint', { kind: 'token_event', events: ['badge_minted'] }),
      rule('mint-to-a', { kind: 'token_event', events: ['badge_minted', 'badge_revoked'], addresses: [A] }),
      rule('passport', { kind: 'token_event', events: ['passport_issued'] }),
    ]);
    expect(
      index
        .match(mint(A))
        .map((r) => r.id)
        .sort(),
    ).toEqual(['any-mint', 'mint-to-a']);
    expect(index.match(mint(B)).map((r) => r.id)).toEqual(['any-mint']);
    expect(index.size).toBe(3);
  });

  it('skips disabled rules and blocks at or below a rule’s sinceBlock', () => {
    const index = new RuleIndex([
      rule('off', { kind: 'token_event', events: ['badge_minted'] }, { enabled: false }),
      rule('new', { kind: 'token_event', events: ['badge_minted'] }, { sinceBlock: 10 }),
    ]);
    expect(index.match(mint(A, 10))).toEqual([]);
    expect(index.match(mint(A, 11)).map((r) => r.id)).toEqual(['new']);
  });

  it('matches transactions by value and by from/to, each rule once', () => {
    const index = new RuleIndex([
      rule('big', { kind: 'large_transaction', minValueWei: '1000' }),
      rule('from-a', { kind: 'large_transaction', minValueWei: '1', from: [A] }),
      rule('to-b', { kind: 'large_transaction', minValueWei: '1', to: [B] }),
      rule('a-to-b', { kind: 'large_transaction', minValueWei: '1', from: [A], to: [B] }),
    ]);
    expect(
      index
        .match(tx(A, B, 5n))
        .map((r) => r.id)
        .sort(),
    ).toEqual(['a-to-b', 'from-a', 'to-b']);
    expect(
      index
        .match(tx(A, C, 5000n))
        .map((r) => r.id)
        .sort(),
    ).toEqual(['big', 'from-a']);
    expect(index.match(tx(C, C, 999n))).toEqual([]);
    // Values beyond 2^53 compare exactly.
    const huge = new RuleIndex([rule('huge', { kind: 'large_transaction', minValueWei: '100000000000000000000001' })]);
    expect(huge.match(tx(A, B, 100000000000000000000000n))).toEqual([]);
    expect(huge.match(tx(A, B, 100000000000000000000001n)).map((r) => r.id)).toEqual(['huge']);
  });

  it('looks up 1,000 address rules without visiting the ones that cannot match', () => {
    const rules = Array.from({ length: 1_000 }, (_, i) =>
      rule(`r${i}`, {
        kind: 'token_event',
        events: ['badge_minted'],
        addresses: ['0x' + i.toString(16).padStart(40, '0')],
      }),
    );
    const index = new RuleIndex(rules);
    expect(index.match(mint('0x' + (417).toString(16).padStart(40, '0'))).map((r) => r.id)).toEqual(['r417']);
    expect(index.match(mint(A))).toEqual([]);
  });
});

import { BlockTracker } from './block-tracker';
import type { AnyServerFrame } from './server-frames';

const hash = (n: number) => '0x' + n.toString(16).padStart(64, '0');
const block = (n: number) =>
  ({
    type: 'new_block',
    data: { number: n, hash: hash(n), timestamp: 1, transactions: 0, gasUsed: 0 },
  }) as AnyServerFrame;
const mint = (n: number, logIndex: number) =>
  ({
    type: 'badge_minted',
    data: { txHash: hash(1000 + n), address: '0x' + '11'.repeat(20), blockNumber: n, logIndex },
  }) as AnyServerFrame;

describe('BlockTracker', () => {
  it('follows the newest block and drops repeats of its events only', () => {
    const t = new BlockTracker();
    expect([block(5), mint(5, 0), block(6), mint(6, 0)].map((f) => t.accept(f))).toEqual([true, true, true, true]);
    expect(t.last).toBe(6);
    // A resume from block 6 repeats it: the parts received are dropped, the rest passes.
    expect([block(6), mint(6, 0), mint(6, 1), block(7)].map((f) => t.accept(f))).toEqual([false, false, true, true]);
    expect(t.last).toBe(7);
    // Control and stats frames are not tied to a block.
    expect(t.accept({ type: 'pong', data: { ts: '2026-01-01T00:00:00Z' } } as AnyServerFrame)).toBe(true);
  });

  it('starts again from an older block after a reorg (its new branch)', () => {
    const t = new BlockTracker();
    t.accept(block(9));
    expect(t.accept({ ...block(8), data: { ...block(8).data, hash: hash(88) } } as AnyServerFrame)).toBe(true);
    expect(t.last).toBe(8);
  });
});

describe('BlockTracker across a reorg', () => {
  const blockFrame = (number: number, hash: string) =>
    ({
      type: 'new_block',
      data: { number, hash, timestamp: 1, transactions: 1, gasUsed: 1, parentHash: '0x00' },
    }) as AnyServerFrame;
  const txFrame = (blockNumber: number, hash: string) =>
    ({
      type: 'new_transaction',
      data: { hash, from: '0x01', to: '0x02', value: '0', timestamp: '2026-01-01T00:00:00.000Z', blockNumber },
    }) as AnyServerFrame;
  const reorgFrame = (ancestor: number) =>
    ({
      type: 'reorg',
      data: {
        commonAncestor: { number: ancestor, hash: '0xa' },
        oldHead: { number: ancestor + 1, hash: '0xb' },
        newHead: { number: ancestor + 2, hash: '0xc' },
        depth: 1,
        removed: {
          blocks: 1,
          transactions: 1,
          badges_minted: 0,
          passports_issued: 0,
          badges_revoked: 0,
          blockHashes: ['0xb'],
        },
      },
    }) as AnyServerFrame;

  it('accepts a transaction included in both branches once per branch', () => {
    const t = new BlockTracker();
    expect(t.accept(blockFrame(124, '0xold'))).toBe(true);
    expect(t.accept(txFrame(124, '0xtx'))).toBe(true);
    expect(t.accept(reorgFrame(123))).toBe(true);
    expect(t.last).toBe(123);
    expect(t.accept(blockFrame(124, '0xnew'))).toBe(true);
    expect(t.accept(txFrame(124, '0xtx'))).toBe(true);
    expect(t.accept(txFrame(124, '0xtx'))).toBe(false);
  });

  it('takes a new_block of another hash at the last height as the new branch even without the reorg frame', () => {
    const t = new BlockTracker();
    t.accept(blockFrame(124, '0xold'));
    t.accept(txFrame(124, '0xtx'));
    expect(t.accept(blockFrame(124, '0xnew'))).toBe(true);
    expect(t.accept(txFrame(124, '0xtx'))).toBe(true);
  });
});

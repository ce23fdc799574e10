import { BlockTracker, DEDUP_WINDOW_BLOCKS, RESUME_REFS } from './block-tracker';
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

  it('takes older blocks (a replay behind live events) without going back, each event once', () => {
    const t = new BlockTracker();
    t.replayRequested(5);
    expect([block(9), block(5), mint(5, 0), block(6), mint(5, 0), block(9)].map((f) => t.accept(f))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    // Frames not marked replay are not the replay's progress: a resume now starts where it was asked from.
    expect(t.last).toBe(5);
    const replayed = (f: AnyServerFrame) => ({ ...f, replay: true }) as AnyServerFrame;
    const u = new BlockTracker();
    u.accept(block(4));
    u.replayRequested(5);
    u.accept(block(9));
    u.accept(replayed(block(5)));
    expect(u.last).toBe(5);
    u.accept({ type: 'sync_status', replay: true, data: {} } as unknown as AnyServerFrame);
    expect(u.last).toBe(9);
  });

  it('starts a new branch at a block of another hash at a height received, without the reorg frame', () => {
    const t = new BlockTracker();
    [block(7), block(8), block(9)].forEach((f) => t.accept(f));
    expect(t.accept({ ...block(8), data: { ...block(8).data, hash: hash(88) } } as AnyServerFrame)).toBe(true);
    expect(t.last).toBe(8);
    expect(t.recentBlocks()).toEqual([
      { number: 8, hash: hash(88) },
      { number: 7, hash: hash(7) },
    ]);
    // Block 9 of the old branch was forgotten: the new branch's 9 is new.
    expect(t.accept(block(9))).toBe(true);
  });

  it('keeps its memory bounded', () => {
    const t = new BlockTracker();
    for (let n = 0; n < DEDUP_WINDOW_BLOCKS + 50; n++) t.accept(block(n));
    expect(t.recentBlocks()).toHaveLength(RESUME_REFS);
    expect(t.recentBlocks()[0]).toEqual({ number: DEDUP_WINDOW_BLOCKS + 49, hash: hash(DEDUP_WINDOW_BLOCKS + 49) });
    // The newest DEDUP_WINDOW_BLOCKS blocks are still deduplicated.
    expect(t.accept(block(50))).toBe(false);
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

import type { AnyServerFrame } from '@aura/events';

import { FEED_LIMIT, FeedStore } from './feed-store';

const hash = (n: number) => '0x' + n.toString(16).padStart(64, '0');
const A = '0x' + 'aa'.repeat(20);
const B = '0x' + 'bb'.repeat(20);
const block = (n: number): AnyServerFrame => ({
  type: 'new_block',
  data: { number: n, hash: hash(n), timestamp: n, transactions: 1, gasUsed: 21_000 },
});
const tx = (n: number, from: string): AnyServerFrame => ({
  type: 'new_transaction',
  data: { hash: hash(1000 + n), from, to: B, value: '0', timestamp: '2026-01-01T00:00:00Z', blockNumber: n },
});
const mint = (n: number, to: string): AnyServerFrame => ({
  type: 'badge_minted',
  data: { txHash: hash(2000 + n), address: to, blockNumber: n, logIndex: 0 },
});

describe('FeedStore', () => {
  let flushes: (() => void)[];
  let store: FeedStore;
  const frame = () => flushes.splice(0).forEach((f) => f());

  beforeEach(() => {
    flushes = [];
    store = new FeedStore((f) => flushes.push(f));
  });

  it('applies a burst in one animation frame, newest first', () => {
    for (let n = 1; n <= 5; n++) store.push(block(n));
    expect(flushes).toHaveLength(1); // one frame scheduled for the whole burst
    expect(store.blocks()).toEqual([]);
    frame();
    expect(store.blocks().map((b) => b.number)).toEqual([5, 4, 3, 2, 1]);
    expect(store.latestBlock()?.number).toBe(5);
  });

  it('keeps every list bounded and drops repeats', () => {
    for (let n = 1; n <= FEED_LIMIT * 3; n++) store.push(block(n));
    store.push(block(FEED_LIMIT * 3));
    frame();
    expect(store.blocks()).toHaveLength(FEED_LIMIT);
    expect(store.blocks()[0]?.number).toBe(FEED_LIMIT * 3);
    expect(store.blocks()[1]?.number).toBe(FEED_LIMIT * 3 - 1);
  });

  it('filters transactions and tokens by address', () => {
    [tx(1, A), tx(2, B), mint(1, A), mint(2, B)].forEach((f) => store.push(f));
    frame();
    store.addressFilter.set(A);
    expect(store.transactions().map((t) => t.blockNumber)).toEqual([1]); // tx 2 is from B to B
    expect(store.tokens().map((t) => t.data.address)).toEqual([A]);
  });

  it('freezes what is shown while paused and counts what arrived', () => {
    store.push(block(1));
    frame();
    store.setPaused(true);
    store.push(block(2));
    store.push(mint(2, A));
    frame();
    expect(store.blocks().map((b) => b.number)).toEqual([1]);
    expect(store.heldCount()).toBe(2);
    store.setPaused(false);
    expect(store.blocks().map((b) => b.number)).toEqual([2, 1]);
    expect(store.tokens()).toHaveLength(1);
  });

  it('drops what a reorg removed and keeps a notice', () => {
    [block(1), block(2), block(3), tx(3, A), mint(3, A)].forEach((f) => store.push(f));
    frame();
    store.push({
      type: 'reorg',
      data: {
        commonAncestor: { number: 1, hash: hash(1) },
        oldHead: { number: 3, hash: hash(3) },
        newHead: { number: 2, hash: hash(99) },
        depth: 2,
        removed: {
          blocks: 2,
          transactions: 1,
          badges_minted: 1,
          passports_issued: 0,
          badges_revoked: 0,
          blockHashes: [hash(2), hash(3)],
        },
      },
    });
    frame();
    expect(store.blocks().map((b) => b.number)).toEqual([1]);
    expect(store.transactions()).toEqual([]);
    expect(store.tokens()).toEqual([]);
    expect(store.reorgs()[0]?.depth).toBe(2);
    expect(store.latestBlock()?.number).toBe(1);
  });

  it('merges blocks read over REST after a reconnect, filling the gap', () => {
    [block(1), block(5)].forEach((f) => store.push(f));
    frame();
    store.mergeBlocks([2, 3, 4, 5].map((n) => (block(n) as unknown as { data: never }).data));
    expect(store.blocks().map((b) => b.number)).toEqual([5, 4, 3, 2, 1]);
  });
});

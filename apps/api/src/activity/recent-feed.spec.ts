import type { ActivityItem } from '@aura/events';

import { decodeCursor, encodeCursor } from './activity-cursor';
import { RecentFeedWindow } from './recent-feed';

const A = '0x' + 'aa'.repeat(20);
const B = '0x' + 'bb'.repeat(20);
const C = '0x' + 'cc'.repeat(20);
const block = (n: number): ActivityItem => ({
  type: 'block',
  id: `b${n}`,
  blockNumber: n,
  timestamp: '',
  data: { number: n, hash: `b${n}`, timestamp: 0, transactions: 1, gasUsed: 1 },
});
const mint = (n: number, to: string): ActivityItem => ({
  type: 'badge_minted',
  id: `m${n}`,
  blockNumber: n,
  timestamp: '',
  data: { txHash: `t${n}`, address: to, blockNumber: n },
});
const tx = (n: number, from: string): ActivityItem => ({
  type: 'transaction',
  id: `t${n}`,
  blockNumber: n,
  timestamp: '',
  data: { hash: `t${n}`, from, to: C, value: '0', timestamp: '' },
});

const all = [1, 2, 3, 4, 5].flatMap((n) => [block(n), tx(n, A), mint(n, n % 2 ? A : B)]);
const ids = (items: ActivityItem[] | undefined) => items?.map((i) => i.id);

describe('RecentFeedWindow', () => {
  it('pages newest first with filters and cursors when it holds everything', () => {
    const w = new RecentFeedWindow(100, true);
    w.reset(all, true);
    const first = w.page({ types: ['block', 'transaction', 'badge_minted'], address: null, limit: 4, before: null });
    expect(ids(first?.items)).toEqual(['m5', 't5', 'b5', 'm4']);
    expect(first?.next).toEqual({ blockNumber: 4, rank: 3, id: 'm4' });
    const cursor = decodeCursor(encodeCursor({ blockNumber: 4, rank: 3, id: 'm4' }));
    expect(ids(w.page({ types: ['block'], address: null, limit: 10, before: cursor })?.items)).toEqual([
      'b4',
      'b3',
      'b2',
      'b1',
    ]);
    expect(ids(w.page({ types: ['badge_minted', 'transaction'], address: B, limit: 10, before: null })?.items)).toEqual(
      ['m4', 'm2'],
    );
    expect(w.page({ types: ['badge_minted'], address: B, limit: 10, before: null })?.next).toBeNull();
    // An address page continues after its cursor, through the address index.
    const firstA = w.page({ types: ['transaction', 'badge_minted'], address: A, limit: 3, before: null });
    expect(ids(firstA?.items)).toEqual(['m5', 't5', 't4']);
    expect(
      ids(
        w.page({ types: ['transaction', 'badge_minted'], address: A, limit: 3, before: firstA?.next ?? null })?.items,
      ),
    ).toEqual(['m3', 't3', 't2']);
    // Exactly `limit` matches and nothing after: no further page.
    expect(w.page({ types: ['badge_minted'], address: B, limit: 2, before: null })?.next).toBeNull();
  });

  it('defers to the database when a page would reach below what it holds', () => {
    const w = new RecentFeedWindow(6, true);
    w.reset(all, true); // trimmed to the 6 newest: no longer complete
    expect(w.size).toBe(6);
    expect(
      ids(w.page({ types: ['block', 'transaction', 'badge_minted'], address: null, limit: 3, before: null })?.items),
    ).toEqual(['m5', 't5', 'b5']);
    // Runs out of held items: a short page that continues below the oldest one held (b4).
    expect(w.page({ types: ['block'], address: null, limit: 3, before: null })).toEqual({
      items: [block(5), block(4)],
      next: { blockNumber: 4, rank: 1, id: 'b4' },
    });
    expect(
      w.page({ types: ['block'], address: null, limit: 3, before: { blockNumber: 4, rank: 1, id: 'b4' } }),
    ).toBeNull();
  });

  it('adds new items without repeats and forgets a reorganised range', () => {
    const w = new RecentFeedWindow(100, true);
    w.reset(
      all.filter((i) => i.blockNumber <= 3),
      true,
    );
    w.add([block(4), mint(4, A), block(3)]);
    expect(ids(w.page({ types: ['block'], address: null, limit: 10, before: null })?.items)).toEqual([
      'b4',
      'b3',
      'b2',
      'b1',
    ]);
    w.removeFrom(3);
    expect(ids(w.page({ types: ['block', 'badge_minted'], address: null, limit: 10, before: null })?.items)).toEqual([
      'm2',
      'b2',
      'm1',
      'b1',
    ]);
    // A new head, given in any order, goes in front of what is held.
    w.add([block(3), mint(3, B)]);
    expect(ids(w.page({ types: ['block', 'badge_minted'], address: B, limit: 10, before: null })?.items)).toEqual([
      'm3',
      'm2',
    ]);
    expect(ids(w.page({ types: ['block', 'badge_minted'], address: null, limit: 3, before: null })?.items)).toEqual([
      'm3',
      'b3',
      'm2',
    ]);
  });
});

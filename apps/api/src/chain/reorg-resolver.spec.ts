import { findCommonAncestor, firstBrokenLink, resolveForkPoint } from './reorg-resolver';

const h = (n: number, fork = 'a') => `0x${fork}${n.toString(16).padStart(63, '0')}`;

describe('findCommonAncestor', () => {
  const stored = [10, 11, 12, 13].map((n) => ({ number: n, hash: h(n) }));

  it('finds the highest block both chains share', () => {
    const node = new Map([
      [10, h(10)],
      [11, h(11)],
      [12, h(12, 'b')],
      [13, h(13, 'b')],
    ]);
    expect(findCommonAncestor(stored, node)).toEqual({ number: 11, hash: h(11) });
  });

  it('returns null when the fork is deeper than what was compared', () => {
    const node = new Map(stored.map((b) => [b.number, h(b.number, 'b')] as [number, string]));
    expect(findCommonAncestor(stored, node)).toBeNull();
  });

  it('treats heights the node does not have (a lagging node) as unknown, not as shared', () => {
    const node = new Map<number, string | null>([
      [10, h(10)],
      [11, h(11)],
      [12, null],
      [13, null],
    ]);
    expect(findCommonAncestor(stored, node)).toEqual({ number: 11, hash: h(11) });
  });
});

describe('firstBrokenLink', () => {
  const chain = (from: number, to: number, fork = 'a') =>
    Array.from({ length: to - from + 1 }, (_, i) => ({
      number: from + i,
      hash: h(from + i, fork),
      parentHash: h(from + i - 1, fork),
    }));

  it('accepts a chain that continues the tip', () => {
    expect(firstBrokenLink({ number: 9, hash: h(9) }, chain(10, 15))).toBe(-1);
    expect(firstBrokenLink(null, chain(10, 15))).toBe(-1);
  });

  it('points at the first block whose parent is not the previous block', () => {
    const blocks = [...chain(10, 12), ...chain(13, 14, 'b')];
    expect(firstBrokenLink({ number: 9, hash: h(9) }, blocks)).toBe(3);
    expect(firstBrokenLink({ number: 9, hash: h(9, 'z') }, chain(10, 12))).toBe(0);
  });

  it('refuses a gap in heights', () => {
    const blocks = chain(10, 12);
    blocks.splice(1, 1);
    expect(firstBrokenLink(null, blocks)).toBe(1);
  });
});

describe('resolveForkPoint', () => {
  const stored = [
    { number: 10, hash: 'a10', parentHash: 'a9' },
    { number: 11, hash: 'a11', parentHash: 'a10' },
    { number: 12, hash: 'a12', parentHash: 'a11' },
  ];
  const node = (entries: [number, string | null][]) => new Map(entries);

  it('cuts above the highest block both chains hold', () => {
    expect(
      resolveForkPoint(
        stored,
        node([
          [12, 'b12'],
          [11, 'b11'],
          [10, 'a10'],
        ]),
      ),
    ).toEqual({
      kind: 'ancestor',
      ancestor: { number: 10, hash: 'a10', parentHash: 'a9' },
    });
  });

  it('is no reorg when the node lags (null above its head): nothing is removed', () => {
    expect(
      resolveForkPoint(
        stored,
        node([
          [12, null],
          [11, null],
          [10, 'a10'],
        ]),
      ),
    ).toEqual({ kind: 'none' });
    expect(
      resolveForkPoint(
        stored,
        node([
          [12, null],
          [11, null],
          [10, null],
        ]),
      ),
    ).toEqual({ kind: 'none' });
  });

  it('is no reorg when the common ancestor is the stored head itself (no depth-0 reorg)', () => {
    expect(resolveForkPoint(stored, node([[12, 'a12']]))).toEqual({ kind: 'none' });
  });

  it('cuts below the window when every stored block left the chain but their parent did not', () => {
    expect(
      resolveForkPoint(
        stored,
        node([
          [12, 'b12'],
          [11, 'b11'],
          [10, 'b10'],
        ]),
        'a9',
      ),
    ).toEqual({
      kind: 'ancestor',
      ancestor: { number: 9, hash: 'a9' },
    });
  });

  it('is deeper than the window when the parent of the lowest block is gone too', () => {
    expect(
      resolveForkPoint(
        stored,
        node([
          [12, 'b12'],
          [11, 'b11'],
          [10, 'b10'],
        ]),
        'b9',
      ),
    ).toEqual({ kind: 'deeper' });
  });
});

import { afterCursorFilter, compareFeed, decodeCursor, encodeCursor } from './activity-cursor';

describe('activity cursor', () => {
  it('round-trips a position and refuses anything else', () => {
    const p = { blockNumber: 42, rank: 3, id: '0xab:1' };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
    for (const bad of [
      '',
      'not base64!',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('[-1,2,"a"]').toString('base64url'),
      Buffer.from('[1,9,"a"]').toString('base64url'),
      Buffer.from('{"a":1}').toString('base64url'),
      'x'.repeat(401),
    ]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });

  it('orders newest block first, then events, transactions, the block, then id descending', () => {
    const items = [
      { blockNumber: 1, rank: 1, id: 'b1' },
      { blockNumber: 2, rank: 2, id: 't1' },
      { blockNumber: 2, rank: 3, id: 'e1' },
      { blockNumber: 2, rank: 3, id: 'e2' },
      { blockNumber: 2, rank: 1, id: 'b2' },
    ];
    expect([...items].sort(compareFeed).map((i) => i.id)).toEqual(['e2', 'e1', 't1', 'b2', 'b1']);
  });

  it('builds filters that select exactly what follows the cursor', () => {
    const c = { blockNumber: 10, rank: 2, id: 'm' };
    expect(afterCursorFilter(null, 2, 'blockNumber')).toEqual({});
    expect(afterCursorFilter(c, 1, 'number')).toEqual({ number: { $lte: 10 } });
    expect(afterCursorFilter(c, 3, 'blockNumber')).toEqual({ blockNumber: { $lt: 10 } });
    expect(afterCursorFilter(c, 2, 'blockNumber')).toEqual({
      $or: [{ blockNumber: { $lt: 10 } }, { blockNumber: 10, _id: { $lt: 'm' } }],
    });
  });
});

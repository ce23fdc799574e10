import { diffStores, type StoreDump } from './store-dump';

const empty = (): StoreDump => ({
  blocks: [],
  transactions: [],
  events: [],
  totals: { badges: 0 },
  removing: null,
  buckets: [],
  addresses: [],
});

describe('diffStores', () => {
  it('finds nothing between equal stores', () => {
    expect(diffStores(empty(), empty())).toEqual([]);
  });

  it('names missing, extra and differing rows, totals and an unfinished removal', () => {
    const got = { ...empty(), blocks: [{ _id: 'a', number: 1 }, { _id: 'x' }], totals: { badges: 2 }, removing: 5 };
    const want = { ...empty(), blocks: [{ _id: 'a', number: 2 }, { _id: 'b' }], totals: { badges: 1 } };
    expect(diffStores(got, want)).toEqual([
      'blocks: a differs: stored {"_id":"a","number":1} vs chain {"_id":"a","number":2}',
      'blocks: missing b',
      'blocks: extra x',
      'totals differ: stored {"badges":2} vs chain {"badges":1}',
      'an unfinished reorg removal from block 5',
    ]);
  });
});

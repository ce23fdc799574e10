import { findClientFork } from './client-fork';

const ref = (number: number, branch: string) => ({ number, hash: '0x' + branch.repeat(64) });

describe('findClientFork', () => {
  const stored = new Set([ref(10, 'a'), ref(11, 'a'), ref(12, 'b'), ref(13, 'b')].map((r) => r.hash + r.number));
  const isStored = (r: { number: number; hash: string }) => Promise.resolve(stored.has(r.hash + r.number));

  it('is null when the newest block the client holds is stored (one lookup)', async () => {
    const asked: number[] = [];
    const fork = await findClientFork([ref(10, 'a'), ref(11, 'a')], (r) => {
      asked.push(r.number);
      return isStored(r);
    });
    expect(fork).toBeNull();
    expect(asked).toEqual([11]);
  });

  it('finds the newest stored block below the ones that left the chain, whatever the order given', async () => {
    expect(await findClientFork([ref(12, 'a'), ref(10, 'a'), ref(13, 'a'), ref(11, 'a')], isStored)).toEqual({
      ancestor: ref(11, 'a'),
      stale: [ref(13, 'a'), ref(12, 'a')],
    });
  });

  it('reports no ancestor when none of the blocks is stored, and nothing for no blocks', async () => {
    expect(await findClientFork([ref(12, 'c'), ref(13, 'c')], isStored)).toEqual({
      ancestor: null,
      stale: [ref(13, 'c'), ref(12, 'c')],
    });
    expect(await findClientFork([], isStored)).toBeNull();
  });
});

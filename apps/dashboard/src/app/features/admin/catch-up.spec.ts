import { catchUp } from './catch-up';

describe('catchUp', () => {
  it('measures the way done since the first reading, the rate and the time left', () => {
    const result = catchUp({ at: 0, processed: 100, target: 1100 }, { at: 10_000, processed: 600, target: 1100 });
    expect(result).toEqual({ percent: 50, remaining: 500, blocksPerSecond: 50, etaSeconds: 10 });
  });

  it('has no rate or time left before time passes or while nothing moves', () => {
    const sample = { at: 5, processed: 10, target: 20 };
    expect(catchUp(sample, sample)).toMatchObject({
      percent: 0,
      remaining: 10,
      blocksPerSecond: null,
      etaSeconds: null,
    });
    expect(catchUp(sample, { ...sample, at: 2005 })).toMatchObject({ blocksPerSecond: 0, etaSeconds: null });
  });

  it('is done when the target is reached, also when the head moved on meanwhile', () => {
    expect(catchUp({ at: 0, processed: 10, target: 10 }, { at: 1000, processed: 12, target: 12 })).toMatchObject({
      percent: 100,
      remaining: 0,
    });
  });
});

import { parseWeights, pickAction } from './traffic-simulator';

describe('parseWeights', () => {
  it('reads action weights and leaves the others at zero', () => {
    expect(parseWeights('mint:5, revoke:1')).toEqual({ mint: 5, passport: 0, transfer: 0, revoke: 1 });
  });
  it('names the bad part', () => {
    expect(() => parseWeights('mint:5,burn:2')).toThrow('SIM_WEIGHTS: "burn:2"');
    expect(() => parseWeights('mint:x')).toThrow('SIM_WEIGHTS: "mint:x"');
  });
});

describe('pickAction', () => {
  const w = { mint: 2, passport: 1, transfer: 1, revoke: 0 };
  it('splits [0,1) by weight', () => {
    expect(pickAction(w, 0)).toBe('mint');
    expect(pickAction(w, 0.49)).toBe('mint');
    expect(pickAction(w, 0.5)).toBe('passport');
    expect(pickAction(w, 0.99)).toBe('transfer');
  });
  it('returns null when every weight is zero', () => {
    expect(pickAction({ mint: 0, passport: 0, transfer: 0, revoke: 0 }, 0.5)).toBeNull();
  });
});

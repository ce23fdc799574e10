import { CooldownGate, RateWindow, ThresholdCounter } from './alert-gates';

describe('CooldownGate', () => {
  it('sends one message per key per cooldown and counts the held-back ones into the next', () => {
    const gate = new CooldownGate();
    expect(gate.decide('r|a', 0, 60_000)).toEqual({ send: true, suppressed: 0 });
    expect(gate.decide('r|a', 10_000, 60_000)).toEqual({ send: false });
    expect(gate.decide('r|a', 20_000, 60_000)).toEqual({ send: false });
    // Another key of the same rule has its own cooldown.
    expect(gate.decide('r|b', 20_000, 60_000)).toEqual({ send: true, suppressed: 0 });
    expect(gate.decide('r|a', 60_000, 60_000)).toEqual({ send: true, suppressed: 2 });
    expect(gate.decide('r|a', 61_000, 60_000)).toEqual({ send: false });
  });

  it('sends everything without a cooldown, and resumes from a seeded state', () => {
    const gate = new CooldownGate();
    expect(gate.decide('r|a', 0, 0)).toEqual({ send: true, suppressed: 0 });
    expect(gate.decide('r|a', 1, 0)).toEqual({ send: true, suppressed: 0 });
    gate.seed('s|a', 1_000, 3, 5_000);
    expect(gate.decide('s|a', 2_000, 5_000)).toEqual({ send: false });
    expect(gate.decide('s|a', 6_000, 5_000)).toEqual({ send: true, suppressed: 4 });
    gate.forgetRule('s');
    expect(gate.has('s|a')).toBe(false);
  });

  it('prunes keys whose cooldown ran out with nothing held back, and keeps those that owe a count', () => {
    const gate = new CooldownGate();
    gate.decide('r|a', 0, 1_000);
    gate.decide('r|b', 0, 1_000);
    gate.decide('r|b', 500, 1_000); // held back: r|b owes a count to its next message
    gate.prune(2_000);
    expect(gate.has('r|a')).toBe(false);
    expect(gate.has('r|b')).toBe(true);
    expect(gate.decide('r|b', 2_000, 1_000)).toEqual({ send: true, suppressed: 1 });
  });
});

describe('ThresholdCounter', () => {
  it('fires at N matches within the window of chain time, then counts again', () => {
    const t = new ThresholdCounter();
    expect(t.add('k', 'a', 100, 3, 60)).toBeNull();
    expect(t.add('k', 'b', 130, 3, 60)).toBeNull();
    // 100 has left the window (t - 60 = 101): only two in it.
    expect(t.add('k', 'c', 161, 3, 60)).toBeNull();
    expect(t.add('k', 'd', 165, 3, 60)).toBe(3);
    expect(t.add('k', 'e', 166, 3, 60)).toBeNull();
  });

  it('counts a match once however often it is added, and prunes keys past their window', () => {
    const t = new ThresholdCounter();
    expect(t.add('k', 'a', 100, 2, 60)).toBeNull();
    expect(t.add('k', 'a', 100, 2, 60)).toBeNull();
    expect(t.add('k', 'b', 101, 2, 60)).toBe(2);
    t.add('j', 'x', 100, 2, 60);
    t.prune(159);
    expect(t.size).toBe(1);
    t.prune(160);
    expect(t.size).toBe(0);
  });
});

describe('RateWindow', () => {
  it('counts events in (t - window, t] and forgets a reorged range', () => {
    const w = new RateWindow(3_600);
    for (const t of [10, 20, 30, 40]) w.add('badge_minted', t);
    w.add('badge_revoked', 35);
    expect(w.count('badge_minted', 40, 30)).toBe(3);
    expect(w.count('badge_minted', 40, 5)).toBe(1);
    expect(w.count('badge_minted', 25, 100)).toBe(2);
    expect(w.count('badge_revoked', 40, 30)).toBe(1);
    w.removeFrom(30);
    expect(w.count('badge_minted', 40, 100)).toBe(2);
    expect(w.count('badge_revoked', 40, 100)).toBe(0);
  });

  it('prunes what no window can reach', () => {
    const w = new RateWindow(100);
    w.add('badge_minted', 0);
    w.add('badge_minted', 500);
    w.prune();
    expect(w.count('badge_minted', 500, 10_000)).toBe(1);
  });
});

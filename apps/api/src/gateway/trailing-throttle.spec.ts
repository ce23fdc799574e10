import { type Clock, TrailingThrottle } from './trailing-throttle';

class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.ids;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== id);
  };
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const next = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}

describe('TrailingThrottle', () => {
  it('runs the first request at once, then at most once per interval, keeping the last request', () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    const throttle = new TrailingThrottle(2_000, () => runs.push(clock.t), clock);
    throttle.request();
    clock.advance(0);
    expect(runs).toEqual([0]);
    for (let i = 0; i < 10; i++) {
      clock.advance(100);
      throttle.request();
    }
    clock.advance(5_000);
    expect(runs).toEqual([0, 2_000]);
    clock.advance(10_000);
    throttle.request();
    clock.advance(0);
    expect(runs).toEqual([0, 2_000, 16_000]);
  });

  it('does nothing after cancel', () => {
    const clock = new FakeClock();
    let runs = 0;
    const throttle = new TrailingThrottle(1_000, () => runs++, clock);
    throttle.request();
    throttle.cancel();
    clock.advance(5_000);
    expect(runs).toBe(0);
  });
});

// Runs a task at most once per interval, however often it is requested; a request during the quiet
// period is kept and runs when the period ends (trailing edge), so the last change is never lost.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class TrailingThrottle {
  private timer: unknown = null;
  private lastRun = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => void,
    private readonly clock: Clock = realClock,
  ) {}

  request(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastRun + this.intervalMs - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.lastRun = this.clock.now();
      this.task();
    }, wait);
  }

  cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

// The flood controls of a rule, kept pure: the cooldown (one message per rule and key per cooldown, the
// held-back ones counted into the next), the threshold (N matches within a window of chain time) and
// the rate window of event_rate conditions.

/** Cooldown per `${ruleId}|${dedupKey}`. The evaluator seeds it from the stored alerts at first use. */
export class CooldownGate {
  private readonly last = new Map<string, { sentAt: number; suppressed: number }>();

  has(key: string): boolean {
    return this.last.has(key);
  }

  seed(key: string, sentAt: number | null, suppressed: number): void {
    if (sentAt !== null) this.last.set(key, { sentAt, suppressed });
  }

  /** send: this one goes out, carrying the count held back before it; hold: suppressed. */
  decide(key: string, now: number, cooldownMs: number): { send: true; suppressed: number } | { send: false } {
    const entry = this.last.get(key);
    if (cooldownMs > 0 && entry && now - entry.sentAt < cooldownMs) {
      entry.suppressed++;
      return { send: false };
    }
    const suppressed = entry?.suppressed ?? 0;
    if (cooldownMs > 0) this.last.set(key, { sentAt: now, suppressed: 0 });
    return { send: true, suppressed };
  }

  forgetRule(ruleId: string): void {
    for (const key of this.last.keys()) if (key.startsWith(`${ruleId}|`)) this.last.delete(key);
  }
}

/** Threshold per key: fires when `count` matches fell within `windowSeconds` of chain time, then starts over. */
export class ThresholdCounter {
  private readonly times = new Map<string, number[]>();

  /** Adds a match at chain time `t` (unix s); returns the matches counted when it fires, else null. */
  add(key: string, t: number, count: number, windowSeconds: number): number | null {
    const list = (this.times.get(key) ?? []).filter((x) => x > t - windowSeconds);
    list.push(t);
    if (list.length >= count) {
      this.times.delete(key);
      return list.length;
    }
    this.times.set(key, list);
    return null;
  }

  forgetRule(ruleId: string): void {
    for (const key of this.times.keys()) if (key.startsWith(`${ruleId}|`)) this.times.delete(key);
  }
}

/** Token events by chain time, for event_rate conditions: counts in (t - window, t]. */
export class RateWindow {
  private readonly events = new Map<string, number[]>();
  private newest = 0;

  constructor(private readonly keepSeconds: number) {}

  add(kind: string, t: number): void {
    const list = this.events.get(kind) ?? [];
    // Blocks come in order, so each list stays sorted.
    list.push(t);
    this.events.set(kind, list);
    if (t > this.newest) this.newest = t;
  }

  /** Forgets everything at or above chain time `t` (a reorg took those blocks). */
  removeFrom(t: number): void {
    for (const [kind, list] of this.events)
      this.events.set(
        kind,
        list.filter((x) => x < t),
      );
  }

  count(kind: string, t: number, windowSeconds: number): number {
    const list = this.events.get(kind);
    if (!list) return 0;
    let n = 0;
    for (let i = list.length - 1; i >= 0; i--) {
      const x = list[i] as number;
      if (x > t) continue;
      if (x <= t - windowSeconds) break;
      n++;
    }
    return n;
  }

  prune(): void {
    const floor = this.newest - this.keepSeconds;
    for (const [kind, list] of this.events) {
      const i = list.findIndex((x) => x > floor);
      this.events.set(kind, i === -1 ? [] : list.slice(i));
    }
  }
}

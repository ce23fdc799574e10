// The flood controls of a rule, kept pure: the cooldown (one message per rule and key per cooldown, the
// held-back ones counted into the next), the threshold (N matches within a window of chain time) and
// the rate window of event_rate conditions.

/** Cooldown per `${ruleId}|${dedupKey}`. The evaluator seeds it from the stored alerts at first use. */
export class CooldownGate {
  private readonly last = new Map<string, { sentAt: number; suppressed: number; cooldownMs: number }>();

  get size(): number {
    return this.last.size;
  }

  has(key: string): boolean {
    return this.last.has(key);
  }

  seed(key: string, sentAt: number | null, suppressed: number, cooldownMs: number): void {
    if (sentAt !== null) this.last.set(key, { sentAt, suppressed, cooldownMs });
  }

  /** send: this one goes out, carrying the count held back before it; hold: suppressed. */
  decide(key: string, now: number, cooldownMs: number): { send: true; suppressed: number } | { send: false } {
    const entry = this.last.get(key);
    if (cooldownMs > 0 && entry && now - entry.sentAt < cooldownMs) {
      entry.suppressed++;
      return { send: false };
    }
    const suppressed = entry?.suppressed ?? 0;
    if (cooldownMs > 0) this.last.set(key, { sentAt: now, suppressed: 0, cooldownMs });
    else this.last.delete(key);
    return { send: true, suppressed };
  }

  /**
   * Forgets keys whose cooldown ran out with nothing held back: the next message for them goes out
   * anyway, so memory stays bounded by the keys active within one cooldown (dedupBy transaction or
   * address would otherwise keep one entry per key forever).
   */
  prune(now: number): void {
    for (const [key, e] of this.last) if (e.suppressed === 0 && now - e.sentAt >= e.cooldownMs) this.last.delete(key);
  }

  forgetRule(ruleId: string): void {
    for (const key of this.last.keys()) if (key.startsWith(`${ruleId}|`)) this.last.delete(key);
  }
}

/**
 * Threshold per key: fires when `count` matches fell within `windowSeconds` of chain time, then starts
 * over. A match is counted once by its id, however often it is added (a batch evaluated again).
 */
export class ThresholdCounter {
  private readonly matches = new Map<string, { windowSeconds: number; list: { id: string; t: number }[] }>();

  get size(): number {
    return this.matches.size;
  }

  /** Adds match `id` at chain time `t` (unix s); returns the matches counted when it fires, else null. */
  add(key: string, id: string, t: number, count: number, windowSeconds: number): number | null {
    const entry = this.matches.get(key) ?? { windowSeconds, list: [] };
    if (entry.list.some((m) => m.id === id)) return null;
    entry.list = entry.list.filter((m) => m.t > t - windowSeconds);
    entry.list.push({ id, t });
    entry.windowSeconds = windowSeconds;
    if (entry.list.length >= count) {
      this.matches.delete(key);
      return entry.list.length;
    }
    this.matches.set(key, entry);
    return null;
  }

  /** Forgets keys whose newest match has left its window by chain time `t`. */
  prune(t: number): void {
    for (const [key, e] of this.matches) {
      const newest = e.list[e.list.length - 1]?.t ?? 0;
      if (newest <= t - e.windowSeconds) this.matches.delete(key);
    }
  }

  forgetRule(ruleId: string): void {
    for (const key of this.matches.keys()) if (key.startsWith(`${ruleId}|`)) this.matches.delete(key);
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

interface Answer<T> {
  at: number;
  value: Promise<T>;
  /** Set once `value` has resolved (to `result`): only a settled answer is given out while a newer one is read. */
  settled: boolean;
  result?: T;
  refreshing: boolean;
}

/**
 * Answers shared between requests: a read in flight or done is reused for the same key until it is
 * older than `maxAgeMs`, fails `stillValid`, or everything is dropped (a block was stored). A failed
 * read is not kept, so the next request tries again. Bounded: past `maxKeys` it starts over.
 *
 * With `staleMs`, an answer merely older than `maxAgeMs` (still valid, nothing dropped) is still given out,
 * for up to `staleMs` more, while one read of the new answer runs: under load every request would otherwise
 * wait for that read, each time the age runs out (with 100 concurrent clients of /stats on FerretDB, a
 * stall of a few hundred ms every 5 s, a quarter of the throughput).
 */
export class SharedAnswers<T> {
  private readonly answers = new Map<string, Answer<T>>();
  /** Counts clear()s: a read started before one is not kept after it. */
  private generation = 0;

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxKeys = 500,
    private readonly staleMs = 0,
  ) {}

  get(key: string, now: number, read: () => Promise<T>, stillValid: (at: number) => boolean = () => true): Promise<T> {
    const hit = this.usable(key, now, read, stillValid);
    if (hit) return hit.value;
    if (this.answers.size >= this.maxKeys) this.answers.clear();
    return this.start(key, now, read).value;
  }

  /**
   * What get() would answer, when that answer has arrived already (a stale one's refresh starts as with
   * get()); otherwise undefined: call get(). Lets a caller skip the promise on the common path.
   */
  peek(
    key: string,
    now: number,
    read: () => Promise<T>,
    stillValid: (at: number) => boolean = () => true,
  ): T | undefined {
    const hit = this.usable(key, now, read, stillValid);
    return hit?.settled ? hit.result : undefined;
  }

  clear(): void {
    this.generation++;
    this.answers.clear();
  }

  /** The answer to give out for `key` now, if any (starting its refresh when it is stale). */
  private usable(
    key: string,
    now: number,
    read: () => Promise<T>,
    stillValid: (at: number) => boolean,
  ): Answer<T> | undefined {
    const hit = this.answers.get(key);
    if (!hit || !stillValid(hit.at)) return undefined;
    const age = now - hit.at;
    if (age < this.maxAgeMs) return hit;
    if (!hit.settled || age >= this.maxAgeMs + this.staleMs) return undefined;
    if (!hit.refreshing) this.refresh(key, hit, now, read);
    return hit;
  }

  private start(key: string, now: number, read: () => Promise<T>): Answer<T> {
    const value = read();
    const answer: Answer<T> = { at: now, value, settled: false, refreshing: false };
    this.answers.set(key, answer);
    value.then(
      (result) => {
        answer.result = result;
        answer.settled = true;
      },
      () => {
        if (this.answers.get(key) === answer) this.answers.delete(key);
      },
    );
    return answer;
  }

  /** Reads the next answer in the background; it replaces `stale` once it has arrived. */
  private refresh(key: string, stale: Answer<T>, now: number, read: () => Promise<T>): void {
    stale.refreshing = true;
    const generation = this.generation;
    read().then(
      (value) => {
        if (this.generation !== generation || this.answers.get(key) !== stale) return;
        this.answers.set(key, {
          at: now,
          value: Promise.resolve(value),
          settled: true,
          result: value,
          refreshing: false,
        });
      },
      () => {
        // Not kept: the next request reads (and waits) again.
        if (this.answers.get(key) === stale) this.answers.delete(key);
      },
    );
  }
}

/**
 * Answers shared between requests: a read in flight or done is reused for the same key until it is
 * older than `maxAgeMs`, fails `stillValid`, or everything is dropped (a block was stored). A failed
 * read is not kept, so the next request tries again. Bounded: past `maxKeys` it starts over.
 */
export class SharedAnswers<T> {
  private readonly answers = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxKeys = 500,
  ) {}

  get(key: string, now: number, read: () => Promise<T>, stillValid: (at: number) => boolean = () => true): Promise<T> {
    const hit = this.answers.get(key);
    if (hit && now - hit.at < this.maxAgeMs && stillValid(hit.at)) return hit.value;
    if (this.answers.size >= this.maxKeys) this.answers.clear();
    const value = read();
    this.answers.set(key, { at: now, value });
    value.catch(() => {
      if (this.answers.get(key)?.value === value) this.answers.delete(key);
    });
    return value;
  }

  clear(): void {
    this.answers.clear();
  }
}

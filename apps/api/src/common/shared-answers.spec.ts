import { SharedAnswers } from './shared-answers';

describe('SharedAnswers', () => {
  it('shares a read until it is too old, no longer valid, or cleared', async () => {
    const answers = new SharedAnswers<number>(5_000);
    let reads = 0;
    const read = () => Promise.resolve(++reads);
    expect(await answers.get('a', 0, read)).toBe(1);
    expect(await answers.get('a', 4_999, read)).toBe(1);
    expect(await answers.get('b', 4_999, read)).toBe(2);
    expect(await answers.get('a', 5_000, read)).toBe(3);
    expect(await answers.get('a', 5_001, read, () => false)).toBe(4);
    answers.clear();
    expect(await answers.get('a', 5_002, read)).toBe(5);
  });

  it('does not keep a failed read', async () => {
    const answers = new SharedAnswers<number>(5_000);
    await expect(answers.get('a', 0, () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await answers.get('a', 1, () => Promise.resolve(7))).toBe(7);
  });

  it('starts over past maxKeys', async () => {
    const answers = new SharedAnswers<string>(5_000, 2);
    let reads = 0;
    const read = () => Promise.resolve(`r${++reads}`);
    await answers.get('a', 0, read);
    await answers.get('b', 0, read);
    await answers.get('c', 0, read); // clears a and b
    expect(await answers.get('a', 0, read)).toBe('r4');
  });

  describe('with staleMs', () => {
    const tick = () => new Promise((r) => setImmediate(r));

    it('gives the last answer out while one read of the next runs, then the next', async () => {
      const answers = new SharedAnswers<number>(5_000, 500, 5_000);
      let reads = 0;
      let release = () => undefined as void;
      const slow = () =>
        new Promise<number>((resolve) => {
          const n = ++reads;
          release = () => resolve(n);
        });
      const first = answers.get('a', 0, slow);
      release();
      expect(await first).toBe(1);
      // Past maxAge: the old answer at once, and one read started for all the requests meanwhile.
      expect(await answers.get('a', 5_000, slow)).toBe(1);
      expect(await answers.get('a', 6_000, slow)).toBe(1);
      expect(reads).toBe(2);
      release();
      await tick();
      expect(await answers.get('a', 6_001, slow)).toBe(2);
      expect(reads).toBe(2);
    });

    it('waits for a new read past maxAge + staleMs, when no longer valid, and until a first answer', async () => {
      const answers = new SharedAnswers<number>(5_000, 500, 5_000);
      let reads = 0;
      const read = () => Promise.resolve(++reads);
      expect(await answers.get('a', 0, read)).toBe(1);
      expect(await answers.get('a', 10_000, read)).toBe(2);
      expect(await answers.get('a', 15_000, read, () => false)).toBe(3);
      // A read still running is not an answer to give out stale: past maxAge a new one starts, as without.
      const never = new SharedAnswers<number>(5_000, 500, 5_000);
      void never.get('b', 0, () => new Promise<number>(() => undefined));
      expect(await never.get('b', 5_000, read)).toBe(4);
    });

    it('keeps no answer read before a clear()', async () => {
      const answers = new SharedAnswers<number>(5_000, 500, 5_000);
      expect(await answers.get('a', 0, () => Promise.resolve(1))).toBe(1);
      let release = () => undefined as void;
      const before = () => new Promise<number>((resolve) => (release = () => resolve(2)));
      expect(await answers.get('a', 5_000, before)).toBe(1);
      answers.clear(); // a block was stored while the refresh ran
      release();
      await tick();
      expect(await answers.get('a', 5_001, () => Promise.resolve(3))).toBe(3);
      expect(await answers.get('a', 5_002, () => Promise.resolve(4))).toBe(3);
    });

    it('drops the answer when its refresh fails, so that the next request reads again', async () => {
      const answers = new SharedAnswers<number>(5_000, 500, 5_000);
      expect(await answers.get('a', 0, () => Promise.resolve(1))).toBe(1);
      expect(await answers.get('a', 5_000, () => Promise.reject(new Error('db down')))).toBe(1);
      await tick();
      await expect(answers.get('a', 5_001, () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    });
  });

  it('peek: the answer get() would give when it has arrived, undefined otherwise', async () => {
    const answers = new SharedAnswers<number>(5_000, 500, 5_000);
    let reads = 0;
    const read = () => Promise.resolve(++reads);
    expect(answers.peek('a', 0, read)).toBeUndefined();
    expect(reads).toBe(0);
    const pending = answers.get('a', 0, read);
    expect(answers.peek('a', 1, read)).toBeUndefined(); // still being read
    await pending;
    expect(answers.peek('a', 4_999, read)).toBe(1);
    expect(answers.peek('a', 5_000, read)).toBe(1); // stale: given out, and the refresh starts
    expect(reads).toBe(2);
    await new Promise((r) => setImmediate(r));
    expect(answers.peek('a', 5_001, read)).toBe(2);
    expect(answers.peek('a', 20_000, read)).toBeUndefined();
  });
});

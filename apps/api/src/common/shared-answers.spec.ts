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
});

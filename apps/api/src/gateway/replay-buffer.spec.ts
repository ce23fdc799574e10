import { backpressureAction, ReplayBuffer } from './replay-buffer';

const frame = (seq: number) => ({
  seq,
  topic: 'blocks' as const,
  addresses: [],
  valueWei: null,
  payload: Buffer.from(String(seq)),
});

describe('ReplayBuffer', () => {
  const buffer = new ReplayBuffer(3);
  for (let s = 1; s <= 5; s++) buffer.push(frame(s));

  it('gives the frames after lastSeq while the buffer still holds them', () => {
    expect(buffer.since(2, 5)?.map((f) => f.seq)).toEqual([3, 4, 5]);
    expect(buffer.since(4, 5)?.map((f) => f.seq)).toEqual([5]);
    expect(buffer.since(5, 5)).toEqual([]);
  });

  it('refuses a gap (too old) and a seq from another server process', () => {
    expect(buffer.since(1, 5)).toBeNull();
    expect(buffer.since(9, 5)).toBeNull();
  });
});

describe('backpressureAction', () => {
  const limits = { softBytes: 100, hardBytes: 1000 };
  it('sends below the soft limit, drops only non-essential frames between the limits, closes at the hard limit', () => {
    expect(backpressureAction(0, 'stats', limits)).toBe('send');
    expect(backpressureAction(150, 'stats', limits)).toBe('drop');
    expect(backpressureAction(150, 'status', limits)).toBe('drop');
    expect(backpressureAction(150, 'badges', limits)).toBe('send');
    expect(backpressureAction(1000, 'badges', limits)).toBe('close');
  });
});

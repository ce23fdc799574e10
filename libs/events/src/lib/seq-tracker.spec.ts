import { SeqTracker } from './seq-tracker';

describe('SeqTracker epochs', () => {
  it('resumes only within the epoch that issued lastSeq, and while the server still buffers after it', () => {
    const t = new SeqTracker();
    t.welcomed(0, 'epoch-aaaa');
    expect(t.accept(1)).toBe(true);
    expect(t.accept(2)).toBe(true);
    expect(t.canResume({ lastSeq: 5, epoch: 'epoch-aaaa' })).toBe(true);
    expect(t.canResume({ lastSeq: 5, epoch: 'epoch-aaaa', oldestSeq: 3 })).toBe(true);
    expect(t.canResume({ lastSeq: 5, epoch: 'epoch-aaaa', oldestSeq: 4 })).toBe(false);
    expect(t.canResume({ lastSeq: 50, epoch: 'epoch-bbbb' })).toBe(false);
    expect(t.canResume({ lastSeq: 1, epoch: 'epoch-aaaa' })).toBe(false);
  });

  it('forgets its seqs on a welcome from another epoch, keeps them on the same one', () => {
    const t = new SeqTracker();
    t.welcomed(0, 'epoch-aaaa');
    t.accept(7);
    t.welcomed(9, 'epoch-aaaa');
    expect(t.lastSeq).toBe(7);
    t.welcomed(90, 'epoch-bbbb');
    expect(t.lastSeq).toBe(0);
    expect(t.epoch).toBe('epoch-bbbb');
    expect(t.accept(3)).toBe(true);
  });
});

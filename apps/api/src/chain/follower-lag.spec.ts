import { followerLag } from './follower-lag';

describe('followerLag', () => {
  it('measures against the target (head - CONFIRMATIONS) and the block time, never below zero', () => {
    expect(
      followerLag(
        { target: 110, lastProcessed: { number: 100, hash: '0x' }, lastProcessedTimestamp: 1_000 },
        1_004_400,
      ),
    ).toEqual({ blocks: 10, seconds: 4 });
    expect(
      followerLag({ target: 90, lastProcessed: { number: 100, hash: '0x' }, lastProcessedTimestamp: 2_000 }, 1_000_000),
    ).toEqual({ blocks: 0, seconds: 0 });
    expect(followerLag({ target: null, lastProcessed: null, lastProcessedTimestamp: null }, 0)).toEqual({
      blocks: null,
      seconds: null,
    });
  });
});

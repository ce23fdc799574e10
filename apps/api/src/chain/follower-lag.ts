// Pure: how far the follower is behind, one definition for health, stats and metrics.
import type { FollowerStatus } from './block-follower.service';

export interface FollowerLag {
  /** Blocks between the last stored block and the block the follower aims at (head - CONFIRMATIONS). */
  blocks: number | null;
  /** Seconds between the last stored block's timestamp and `now`. */
  seconds: number | null;
}

export function followerLag(
  f: Pick<FollowerStatus, 'target' | 'lastProcessed' | 'lastProcessedTimestamp'>,
  now: number,
): FollowerLag {
  return {
    blocks: f.target !== null && f.lastProcessed ? Math.max(0, f.target - f.lastProcessed.number) : null,
    seconds: f.lastProcessedTimestamp === null ? null : Math.max(0, Math.round(now / 1000 - f.lastProcessedTimestamp)),
  };
}

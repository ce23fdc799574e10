/** One reading of the follower's position, from /health. */
export interface FollowerSample {
  /** Epoch ms of the reading. */
  at: number;
  /** Last block stored. */
  processed: number;
  /** The block the follower is heading for: the node's head less the confirmations. */
  target: number;
}

export interface CatchUp {
  /** 0–100: the share of the way from the first reading to the target done so far. */
  percent: number;
  remaining: number;
  /** Between the two readings; null until time has passed. */
  blocksPerSecond: number | null;
  /** At that rate; null while nothing moves. */
  etaSeconds: number | null;
}

/** Progress of a catch-up between the first reading of this page and the latest. */
export function catchUp(first: FollowerSample, latest: FollowerSample): CatchUp {
  const remaining = Math.max(0, latest.target - latest.processed);
  const span = latest.target - first.processed;
  const percent = span <= 0 ? 100 : Math.min(100, Math.max(0, ((latest.processed - first.processed) / span) * 100));
  const seconds = (latest.at - first.at) / 1000;
  const blocksPerSecond = seconds > 0 ? Math.max(0, (latest.processed - first.processed) / seconds) : null;
  const etaSeconds = blocksPerSecond ? Math.ceil(remaining / blocksPerSecond) : null;
  return { percent, remaining, blocksPerSecond, etaSeconds };
}

// The last N broadcast frames, already serialized, for clients that resume after a drop. Pure.
import type { Topic } from '@aura/events';

export interface BufferedFrame {
  seq: number;
  topic: Topic;
  addresses: string[];
  valueWei: bigint | null;
  /** The exact bytes sent live (same seq and ts). */
  payload: Buffer;
}

export class ReplayBuffer {
  private readonly frames: BufferedFrame[] = [];

  constructor(readonly capacity: number) {}

  push(frame: BufferedFrame): void {
    if (this.capacity <= 0) return;
    this.frames.push(frame);
    if (this.frames.length > this.capacity) this.frames.shift();
  }

  /**
   * Frames after `lastSeq`, or null when they cannot all be given: older than the buffer holds, or a
   * seq this server never issued (a client of a previous server process). The caller then sends a
   * fresh snapshot instead.
   */
  /** The oldest seq still held (0 when none): a resume from lastSeq >= oldestSeq - 1 is complete. */
  get oldestSeq(): number {
    return this.frames[0]?.seq ?? 0;
  }

  since(lastSeq: number, currentSeq: number): BufferedFrame[] | null {
    if (lastSeq > currentSeq) return null;
    if (lastSeq === currentSeq) return [];
    const oldest = this.frames[0]?.seq;
    if (oldest === undefined || lastSeq < oldest - 1) return null;
    return this.frames.filter((f) => f.seq > lastSeq);
  }
}

export interface BackpressureLimits {
  /** Above this many unsent bytes, only essential frames are sent. */
  softBytes: number;
  /** Above this, the client is closed with 1013 ("try again later"). */
  hardBytes: number;
}

/** Frames a lagging client may lose: the next one of the same kind supersedes them. */
const NON_ESSENTIAL: ReadonlySet<Topic> = new Set(['stats', 'status']);

/** What to do with a frame for a client that has `bufferedAmount` bytes not yet sent. */
export function backpressureAction(
  bufferedAmount: number,
  topic: Topic,
  limits: BackpressureLimits,
): 'send' | 'drop' | 'close' {
  if (bufferedAmount >= limits.hardBytes) return 'close';
  if (bufferedAmount >= limits.softBytes && NON_ESSENTIAL.has(topic)) return 'drop';
  return 'send';
}

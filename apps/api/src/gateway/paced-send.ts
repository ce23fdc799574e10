// Sends a long run of frames (a resume's replay) without letting one client monopolise the event loop
// or the server's memory: in chunks, yielding between them, and waiting while the client's unsent
// bytes are above the soft limit. Pure apart from timers.

/** The part of a `ws` WebSocket this needs. */
export interface PacedTarget {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean }): void;
}

export interface PaceOptions {
  /** Wait before sending more while this many bytes are still unsent (WS_SOFT_BUFFER_BYTES). */
  softBytes: number;
  /** Frames sent in one turn of the event loop. */
  chunkFrames: number;
  /** Give up when the client has not drained below softBytes for this long (it is then too slow). */
  drainTimeoutMs: number;
  /** How often a full buffer is looked at again. */
  pollMs?: number;
  /** Test seams. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Frames per chunk of a replay: small enough that other clients' broadcasts interleave. */
export const REPLAY_CHUNK_FRAMES = 64;
const OPEN = 1;
const DRAIN_POLL_MS = 20;

const defaultSleep = (ms: number) =>
  new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

/** Why a paced send ended: all sent, the client went away, or it stopped reading. */
export type PaceOutcome = 'done' | 'closed' | 'stalled';

/**
 * Sends `payloads` in order. Before each chunk (and whenever the unsent bytes reach `softBytes`) it
 * yields to the event loop and waits for the client to drain below `softBytes`, so the bytes buffered
 * for it stay under softBytes + one frame. `payloads` may be a lazy iterable (read chunk by chunk).
 */
export async function sendPaced(
  client: PacedTarget,
  payloads: Iterable<Buffer>,
  options: PaceOptions,
): Promise<PaceOutcome> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  let inChunk = 0;
  for (const payload of payloads) {
    if (client.readyState !== OPEN) return 'closed';
    if (inChunk >= options.chunkFrames || client.bufferedAmount >= options.softBytes) {
      const drained = await drain(client, options, sleep, now);
      if (drained !== 'done') return drained;
      inChunk = 0;
    }
    client.send(payload, { binary: false });
    inChunk++;
  }
  return client.readyState === OPEN ? 'done' : 'closed';
}

/** Yields once, then waits (bounded) until the client's unsent bytes are below the soft limit. */
export async function drain(
  client: PacedTarget,
  options: PaceOptions,
  sleep: (ms: number) => Promise<void> = options.sleep ?? defaultSleep,
  now: () => number = options.now ?? Date.now,
): Promise<PaceOutcome> {
  await sleep(0);
  const since = now();
  while (client.readyState === OPEN && client.bufferedAmount >= options.softBytes) {
    if (now() - since >= options.drainTimeoutMs) return 'stalled';
    await sleep(options.pollMs ?? DRAIN_POLL_MS);
  }
  return client.readyState === OPEN ? 'done' : 'closed';
}

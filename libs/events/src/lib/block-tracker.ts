// Where a client stands in the chain, for `resume { fromBlock, recentBlocks }` after a restart, a catch-up
// or a reorg during a reconnect, and the exactly-once check for what a resume repeats. Pure; used by
// MonitorClient.
import type { AnyServerFrame, BlockRefData } from './server-frames';

/** Block numbers whose event keys are remembered: a resume repeating fewer blocks than this is deduplicated. */
export const DEDUP_WINDOW_BLOCKS = 256;
/** Block hashes a client sends with a resume by block (the server finds the fork point among them). */
export const RESUME_REFS = 32;

/** The block an event frame belongs to (null: stats, reorg, status and control frames). */
export function blockNumberOf(frame: AnyServerFrame): number | null {
  switch (frame.type) {
    case 'new_block':
      return frame.data.number;
    case 'new_transaction':
      return frame.data.blockNumber ?? null;
    case 'badge_minted':
    case 'badge_revoked':
    case 'passport_issued':
      return frame.data.blockNumber;
    default:
      return null;
  }
}

function keyOf(frame: AnyServerFrame): string {
  switch (frame.type) {
    case 'new_block':
      return `block:${frame.data.hash}`;
    case 'new_transaction':
      return `tx:${frame.data.hash}`;
    case 'badge_minted':
    case 'badge_revoked':
    case 'passport_issued':
      return `${frame.type}:${frame.data.txHash}:${frame.data.logIndex ?? ''}:${frame.data.tokenId ?? ''}`;
    default:
      return '';
  }
}

const isReplay = (frame: AnyServerFrame) => (frame as { replay?: unknown }).replay === true;

/**
 * A replay by block the client asked for and has not seen end: live frames may have overtaken it (sent
 * before the server read the resume), so until its end (a `sync_status` with `replay: true`) a later
 * resume starts from the replay's progress, not from the newest block received.
 */
interface OpenReplay {
  /** The newest block the replay has reached (a resume starts there: its repeats are dropped). */
  next: number;
}

export class BlockTracker {
  /** The newest block whose events arrived (live or replayed); lowered only by a reorg. */
  private highest: number | null = null;
  private replay: OpenReplay | null = null;
  /** Event keys per block number, for the newest DEDUP_WINDOW_BLOCKS numbers. */
  private readonly keys = new Map<number, Set<string>>();
  /** new_block hashes per number, newest RESUME_REFS kept: sent with a resume to detect a missed reorg. */
  private readonly hashes = new Map<number, string>();

  /**
   * Where a resume by block starts: the newest block received (its repeats are dropped), or, while a
   * replay asked for is still running, the block it has reached. Null: nothing received yet.
   */
  get last(): number | null {
    if (this.replay && this.highest !== null) return Math.min(this.replay.next, this.highest);
    return this.highest;
  }

  /** The newest blocks received, newest first (for `resume { recentBlocks }`). */
  recentBlocks(): BlockRefData[] {
    return [...this.hashes].sort((a, b) => b[0] - a[0]).map(([number, hash]) => ({ number, hash }));
  }

  /** A resume by block from `fromBlock` was sent: until its end frame, resumes start from its progress. */
  replayRequested(fromBlock: number): void {
    if (this.replay) this.replay.next = Math.min(this.replay.next, fromBlock);
    else this.replay = { next: fromBlock };
  }

  /** The replay asked for ended (its end frame, or the server refused or could not start it). */
  replayEnded(): void {
    this.replay = null;
  }

  /** Whether a replay asked for has not ended yet. */
  get replaying(): boolean {
    return this.replay !== null;
  }

  /** False for an event received already (a resume repeats blocks); true otherwise. */
  accept(frame: AnyServerFrame): boolean {
    if (frame.type === 'reorg') {
      // Everything above the ancestor is of the old branch: the new branch's events are new, even when a
      // transaction was included in both (its key would otherwise look like a repeat).
      this.forgetAbove(frame.data.commonAncestor.number);
      return true;
    }
    if (frame.type === 'sync_status' && isReplay(frame)) {
      this.replay = null;
      return true;
    }
    const block = blockNumberOf(frame);
    if (block === null) return true;
    if (frame.type === 'new_block') {
      const known = this.hashes.get(block);
      // Another hash at a height received already, without the reorg frame: the new branch starts here.
      if (known !== undefined && known !== frame.data.hash) this.forgetAbove(block - 1);
    }
    const key = keyOf(frame);
    let seen = this.keys.get(block);
    if (seen?.has(key)) return false;
    if (!seen) {
      seen = new Set();
      this.keys.set(block, seen);
      if (this.keys.size > DEDUP_WINDOW_BLOCKS) this.keys.delete(Math.min(...this.keys.keys()));
    }
    seen.add(key);
    if (frame.type === 'new_block') {
      this.hashes.set(block, frame.data.hash);
      if (this.hashes.size > RESUME_REFS) this.hashes.delete(Math.min(...this.hashes.keys()));
    }
    if (this.replay && isReplay(frame)) this.replay.next = Math.max(this.replay.next, block);
    this.highest = this.highest === null ? block : Math.max(this.highest, block);
    return true;
  }

  private forgetAbove(ancestor: number): void {
    for (const map of [this.keys, this.hashes]) for (const n of [...map.keys()]) if (n > ancestor) map.delete(n);
    if (this.highest !== null && this.highest > ancestor) this.highest = ancestor;
    if (this.replay && this.replay.next > ancestor + 1) this.replay.next = ancestor + 1;
  }
}

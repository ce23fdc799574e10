// The highest block a client has received events of, for `resume { fromBlock }` after a restart or a
// catch-up, and the exactly-once check for the one block a resume may repeat. Pure; used by MonitorClient.
import type { AnyServerFrame } from './server-frames';

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

export class BlockTracker {
  /**
   * The newest block whose events began to arrive. Events come in block order, so every older block is
   * complete; this one may be cut short by a drop, so a resume starts from it, and its repeats are dropped.
   */
  last: number | null = null;
  private readonly keysOfLast = new Set<string>();

  /** False for an event of the last block received already (a resume repeats that block); true otherwise. */
  accept(frame: AnyServerFrame): boolean {
    if (frame.type === 'reorg') {
      // Everything above the ancestor is of the old branch: the new branch's events are new, even when a
      // transaction was included in both (its key would otherwise look like a repeat).
      const ancestor = frame.data.commonAncestor.number;
      if (this.last !== null && this.last > ancestor) {
        this.last = ancestor;
        this.keysOfLast.clear();
      }
      return true;
    }
    const block = blockNumberOf(frame);
    if (block === null) return true;
    const key = keyOf(frame);
    const otherBranch = frame.type === 'new_block' && block === this.last && !this.keysOfLast.has(key);
    if (
      this.last === null ||
      block > this.last ||
      (block < this.last && frame.type === 'new_block') ||
      (otherBranch && [...this.keysOfLast].some((k) => k.startsWith('block:')))
    ) {
      // A newer block; or an older one after a reorg (its new branch): start again from it.
      this.last = block;
      this.keysOfLast.clear();
    } else if (block === this.last && this.keysOfLast.has(key)) {
      return false;
    }
    if (block === this.last) this.keysOfLast.add(key);
    return true;
  }
}

// Exactly-once bookkeeping of broadcast `seq` numbers for a reconnecting client. Pure; used by the
// shared MonitorClient and the dashboard's socket service.

/** A replay after a resume is at most REPLAY_BUFFER_SIZE events: past this, the memory stays bounded. */
const MAX_REMEMBERED = 10_000;

export class SeqTracker {
  /** seq of the newest event passed on; a reconnect resumes after it. */
  lastSeq = 0;
  private resumedFrom: number | null = null;
  private readonly seenSinceResume = new Set<number>();

  /** Call when sending `resume`: replayed events (after the current lastSeq) may come after live ones. */
  resumed(): void {
    this.resumedFrom = this.lastSeq;
    this.seenSinceResume.clear();
  }

  /** A `welcome` from a new server process (its seqs start again): ours mean nothing there. */
  welcomed(serverLastSeq: number): void {
    if (serverLastSeq >= this.lastSeq) return;
    this.lastSeq = 0;
    this.resumedFrom = null;
  }

  /** True when an event with this seq is new: pass it on. Each seq is accepted once. */
  accept(seq: number): boolean {
    const replayed = this.resumedFrom !== null && seq > this.resumedFrom && seq <= this.lastSeq;
    if (seq <= this.lastSeq && (!replayed || this.seenSinceResume.has(seq))) return false;
    if (this.resumedFrom !== null) {
      this.seenSinceResume.add(seq);
      if (this.seenSinceResume.size > MAX_REMEMBERED) this.resumedFrom = null;
    }
    this.lastSeq = Math.max(this.lastSeq, seq);
    return true;
  }
}

// Exactly-once bookkeeping of broadcast `seq` numbers for a reconnecting client. Pure; used by the
// shared MonitorClient and the dashboard's socket service.

/** A replay after a resume is at most REPLAY_BUFFER_SIZE events: past this, the memory stays bounded. */
const MAX_REMEMBERED = 10_000;

/** What a `welcome` says about the server process (see WelcomeData). */
export interface WelcomeSeqs {
  lastSeq: number;
  epoch?: string;
  oldestSeq?: number;
}

export class SeqTracker {
  /** seq of the newest event passed on; a reconnect resumes after it. */
  lastSeq = 0;
  /** The server process (welcome.epoch) that issued lastSeq: a seq means nothing to another one. */
  epoch: string | null = null;
  private resumedFrom: number | null = null;
  private readonly seenSinceResume = new Set<number>();

  /**
   * Whether `resume { lastSeq }` can give every event missed: the same server process (epoch) still
   * buffers the events after lastSeq. Ask before `welcomed()`, which forgets a seq of another epoch.
   */
  canResume(welcome: WelcomeSeqs): boolean {
    if (this.lastSeq <= 0 || this.lastSeq > welcome.lastSeq) return false;
    if (welcome.epoch !== undefined && welcome.epoch !== this.epoch) return false;
    return welcome.oldestSeq === undefined || this.lastSeq >= welcome.oldestSeq - 1;
  }

  /** Call when sending `resume`: replayed events (after the current lastSeq) may come after live ones. */
  resumed(): void {
    this.resumedFrom = this.lastSeq;
    this.seenSinceResume.clear();
  }

  /**
   * A `welcome`: from another server process (another epoch, or, from a server without epochs, a lower
   * seq than ours), our seqs mean nothing there and start again.
   */
  welcomed(serverLastSeq: number, epoch?: string): void {
    const otherProcess =
      epoch !== undefined ? this.epoch !== null && epoch !== this.epoch : serverLastSeq < this.lastSeq;
    if (epoch !== undefined) this.epoch = epoch;
    if (!otherProcess) return;
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

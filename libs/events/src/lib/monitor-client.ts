// A small typed client for /ws/monitor: connect, subscribe, resume after a drop, reconnect with
// backoff. Runs in browsers (global WebSocket) and in Node (pass a factory built on `ws`).
import { backoffDelay, type BackoffOptions, RECONNECT_BACKOFF } from './backoff';
import { BlockTracker } from './block-tracker';
import type { SubscriptionFilters, Topic } from './client-frames';
import { SeqTracker } from './seq-tracker';
import type { AnyServerFrame, ServerEventMap, ServerEventType, WelcomeData } from './server-frames';
import { parseServerFrame } from './validators';

/** The part of the WebSocket API the client uses (browser WebSocket and `ws` both have it). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type MonitorClientState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface MonitorClientOptions {
  url: string;
  factory?: (url: string) => WebSocketLike;
  /** Reconnect delay: base * 2^(attempt-1), capped, with up to `jitter` of it randomised. */
  backoff?: BackoffOptions;
  onState?: (state: MonitorClientState) => void;
  /** A frame that failed the shared validators (it is not delivered). */
  onInvalid?: (errors: string[], text: string) => void;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

const OPEN = 1;

export class MonitorClient {
  private socket: WebSocketLike | null = null;
  private readonly handlers = new Map<string, Set<(data: unknown, frame: AnyServerFrame) => void>>();
  private readonly subscriptions = new Map<Topic, SubscriptionFilters | null>();
  private attempt = 0;
  private timer: unknown = null;
  private closedByUser = false;
  /** Each seq once, also when a resume's replay arrives behind live events. */
  private readonly seqs = new SeqTracker();
  /** The newest block received: a resume by block starts there when seqs cannot help. */
  private readonly blocks = new BlockTracker();
  /** The stored head a by-block resume was last asked up to on this connection. */
  private resumeAskedThrough = -1;
  /** A stored head reported while a replay ran: asked for once the replay ends. */
  private pendingThrough = -1;
  /** Consecutive resume_failed answers (the server's store was unreachable): retried a few times. */
  private resumeFailures = 0;
  state: MonitorClientState = 'closed';

  constructor(private readonly options: MonitorClientOptions) {}

  /** seq of the last event received: a reconnect resumes from it. */
  get lastSeq(): number {
    return this.seqs.lastSeq;
  }

  /** The newest block whose events were received (null: none yet). */
  get lastBlock(): number | null {
    return this.blocks.last;
  }

  connect(): void {
    this.closedByUser = false;
    this.open(this.attempt === 0 ? 'connecting' : 'reconnecting');
  }

  close(): void {
    this.closedByUser = true;
    if (this.timer !== null) (this.options.clearTimer ?? clearTimeout)(this.timer as never);
    this.timer = null;
    this.socket?.close(1000, 'client closed');
    this.setState('closed');
  }

  /** Subscribes (again after every reconnect). With no subscription at all, the server sends everything. */
  subscribe(topics: Topic[], filters?: SubscriptionFilters): void {
    for (const t of topics) this.subscriptions.set(t, filters ?? null);
    this.send({ type: 'subscribe', data: { topics, ...(filters ? { filters } : {}) } });
  }

  unsubscribe(topics: Topic[]): void {
    for (const t of topics) this.subscriptions.delete(t);
    this.send({ type: 'unsubscribe', data: { topics } });
  }

  /** Registers a handler for one frame type; returns a function that removes it. */
  on<K extends ServerEventType>(
    type: K | '*',
    handler: (data: ServerEventMap[K], frame: AnyServerFrame) => void,
  ): () => void {
    const set = this.handlers.get(type) ?? new Set();
    this.handlers.set(type, set);
    set.add(handler as (data: unknown, frame: AnyServerFrame) => void);
    return () => set.delete(handler as (data: unknown, frame: AnyServerFrame) => void);
  }

  private open(state: MonitorClientState): void {
    this.setState(state);
    const factory =
      this.options.factory ??
      ((url: string) => new (globalThis as unknown as { WebSocket: new (u: string) => WebSocketLike }).WebSocket(url));
    const socket = factory(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState('live');
      // The server forgot this connection's subscriptions: say them again.
      for (const [filters, topics] of groupByFilters(this.subscriptions)) {
        this.send({ type: 'subscribe', data: { topics, ...(filters ? { filters } : {}) } });
      }
      // What was missed is asked for once the welcome says which server process this is (onText).
    };
    socket.onmessage = (ev) => this.onText(String(ev.data));
    socket.onerror = () => undefined; // onclose follows and decides
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closedByUser) return;
      this.scheduleReconnect();
    };
  }

  private onText(text: string): void {
    const result = parseServerFrame(text);
    if (!result.ok) {
      this.options.onInvalid?.(result.errors, text);
      return;
    }
    const frame = result.value;
    const seq = (frame as { seq?: unknown }).seq;
    if (typeof seq === 'number' && !this.seqs.accept(seq)) return;
    const replayEnd = frame.type === 'sync_status' && (frame as { replay?: unknown }).replay === true;
    if (!this.blocks.accept(frame)) return;
    if (frame.type === 'welcome') this.onWelcome(frame.data);
    if (replayEnd) this.onReplayEnd();
    else if (frame.type === 'sync_status') this.onSyncStatus(frame.data.state, frame.data.processed);
    if (frame.type === 'error') this.onError(frame.data.code);
    for (const type of [frame.type, '*']) for (const h of this.handlers.get(type) ?? []) h(frame.data, frame);
  }

  /**
   * Asks for what was missed while away: the events after lastSeq when the same server process (epoch)
   * still buffers them; otherwise (a restart, or too long away) the events of every stored block from
   * the last one received (its repeats are dropped), read from the server's store, with the hashes of
   * the newest blocks received so that a reorg missed meanwhile comes as a `reorg` frame first.
   */
  private onWelcome(welcome: WelcomeData): void {
    this.resumeAskedThrough = -1;
    this.pendingThrough = -1;
    this.resumeFailures = 0;
    // A replay asked for on the previous connection ended with it: this one asks again from its progress.
    const last = this.blocks.last;
    this.blocks.replayEnded();
    const resumable = this.seqs.canResume(welcome);
    const lastSeq = this.seqs.lastSeq;
    this.seqs.welcomed(welcome.lastSeq, welcome.epoch);
    if (resumable) {
      this.seqs.resumed();
      this.send({ type: 'resume', data: { lastSeq, ...(welcome.epoch ? { epoch: welcome.epoch } : {}) } });
    } else if (last !== null) {
      this.resumeFromBlock(last);
    }
  }

  private resumeFromBlock(fromBlock: number): void {
    if (this.socket?.readyState !== OPEN) return;
    this.blocks.replayRequested(fromBlock);
    this.send({ type: 'resume', data: { fromBlock, recentBlocks: this.blocks.recentBlocks() } });
  }

  /**
   * Blocks stored during a catch-up are reported by sync_status, not broadcast: once live again, the
   * ones after the last block received are asked for (the server replays them before later live events).
   * Decided by the stored head the frame reports, so a catch-up whose `syncing` frames were missed counts
   * too. While a replay asked for runs, the request waits for its end (the server replays one at a time).
   */
  private onSyncStatus(state: 'syncing' | 'live', processed: number): void {
    const last = this.blocks.last;
    if (state !== 'live' || last === null) return;
    if (processed <= last || processed <= this.resumeAskedThrough) return;
    this.resumeAskedThrough = processed;
    if (this.blocks.replaying) {
      this.pendingThrough = Math.max(this.pendingThrough, processed);
      return;
    }
    this.resumeFromBlock(last + 1);
  }

  /** A replay ended: blocks reported stored while it ran, beyond what it covered, are asked for now. */
  private onReplayEnd(): void {
    this.resumeFailures = 0;
    const last = this.blocks.last;
    const through = this.pendingThrough;
    this.pendingThrough = -1;
    if (last !== null && through > last) this.resumeFromBlock(last + 1);
  }

  private onError(code: string): void {
    if (code === 'resume_failed') return this.onResumeFailed();
    // Not replayed (refused, or too far back): no end frame follows; the newest block received counts.
    if (code === 'resume_refused' || code === 'resume_too_old') this.blocks.replayEnded();
  }

  /** The server could not read its store for a resume: ask again shortly, from where the replay got, a few times. */
  private onResumeFailed(): void {
    if (++this.resumeFailures > 5 || this.blocks.last === null) {
      this.blocks.replayEnded();
      return;
    }
    const socket = this.socket;
    (this.options.setTimer ?? setTimeout)(() => {
      const last = this.blocks.last;
      if (this.socket !== socket || last === null) return;
      this.resumeFromBlock(last);
    }, 1_000 * this.resumeFailures);
  }

  private scheduleReconnect(): void {
    this.attempt++;
    const delay = backoffDelay(this.attempt, this.options.backoff ?? RECONNECT_BACKOFF, this.options.random);
    this.setState('reconnecting');
    this.timer = (this.options.setTimer ?? setTimeout)(() => {
      this.timer = null;
      if (!this.closedByUser) this.open('reconnecting');
    }, delay);
  }

  private send(message: unknown): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private setState(state: MonitorClientState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState?.(state);
  }
}

function groupByFilters(subs: Map<Topic, SubscriptionFilters | null>): [SubscriptionFilters | null, Topic[]][] {
  const groups = new Map<string, [SubscriptionFilters | null, Topic[]]>();
  for (const [topic, filters] of subs) {
    const key = JSON.stringify(filters);
    const group = groups.get(key) ?? [filters, []];
    group[1].push(topic);
    groups.set(key, group);
  }
  return [...groups.values()];
}

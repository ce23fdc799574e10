import { DestroyRef, inject, Injectable, InjectionToken, type OnDestroy, signal } from '@angular/core';
import {
  defer,
  filter,
  fromEvent,
  map,
  merge,
  type Observable,
  repeat,
  retry,
  share,
  Subject,
  type Subscription,
  take,
  timer,
} from 'rxjs';
import { webSocket, type WebSocketSubject, type WebSocketSubjectConfig } from 'rxjs/webSocket';

import {
  type AnyServerFrame,
  backoffDelay,
  parseServerFrame,
  SeqTracker,
  type ServerEventMap,
  type ServerEventType,
} from '@aura/events';

import { monitorSocketUrl, RUNTIME_CONFIG } from './runtime-config';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The WebSocketSubject factory; tests give a fake one. */
export const WEB_SOCKET_FACTORY = new InjectionToken<
  (config: WebSocketSubjectConfig<string>) => WebSocketSubject<string>
>('WEB_SOCKET_FACTORY', { factory: () => webSocket });

/** The browser's online/offline signals (a fake in tests). */
export const NETWORK_EVENTS = new InjectionToken<EventTarget & { navigator?: { onLine: boolean } }>('NETWORK_EVENTS', {
  factory: () => globalThis as unknown as EventTarget,
});

/**
 * The one owner of the /ws/monitor socket. Components never parse frames: they read typed streams per
 * event type (`on('new_block')`) and the connection signals. Frames failing the shared validators are
 * dropped with a warning. After a reconnect it sends `resume` with the last `seq` seen and its `epoch`
 * (a restarted server answers with a snapshot, and the page fills gaps over REST), and passes each `seq` on once (replayed events may come after live ones; both are new to us). Going offline stops the
 * retries; coming back online retries at once.
 */
@Injectable({ providedIn: 'root' })
export class MonitorSocket implements OnDestroy {
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly factory = inject(WEB_SOCKET_FACTORY);
  private readonly network = inject(NETWORK_EVENTS);
  readonly url = monitorSocketUrl(this.config, globalThis.location ?? { protocol: 'http:', host: 'localhost' });

  readonly state = signal<ConnectionState>('connecting');
  /** Consecutive failed attempts since the last open socket. */
  readonly attempts = signal(0);
  /** When the next attempt starts (epoch ms), for a countdown; null while connected. */
  readonly nextAttemptAt = signal<number | null>(null);
  /** Frames dropped because they failed validation. */
  readonly rejectedFrames = signal(0);
  /** Opens after the first: the page may have missed something and should fill gaps. */
  readonly reconnected$ = new Subject<void>();

  readonly frames$: Observable<AnyServerFrame>;
  private keepAlive: Subscription | null = null;
  private current: WebSocketSubject<string> | null = null;
  private opens = 0;
  /** Each seq once, also when a resume's replay arrives behind live events (shared with MonitorClient). */
  private readonly seqs = new SeqTracker();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.reconnected$.complete());
    const socket$ = defer(() => {
      const subject = this.factory({
        url: this.url,
        // Keep frames as text: parsing belongs to the shared validators, and a JSON error inside the
        // subject would tear the connection down.
        deserializer: (event: MessageEvent) => String(event.data),
        serializer: (value: string) => value,
        openObserver: { next: () => this.onOpen(subject) },
        closeObserver: { next: () => this.state.set(this.isOffline() ? 'offline' : 'reconnecting') },
      });
      this.current = subject;
      return subject;
    });
    const nextDelay = () => {
      this.attempts.update((n) => n + 1);
      if (this.isOffline()) {
        // Nothing to gain from retrying without a network: wait for the browser to say it is back.
        this.state.set('offline');
        this.nextAttemptAt.set(null);
        return fromEvent(this.network, 'online').pipe(take(1));
      }
      const delay = backoffDelay(this.attempts());
      this.state.set('reconnecting');
      this.nextAttemptAt.set(Date.now() + delay);
      return merge(timer(delay), fromEvent(this.network, 'online')).pipe(take(1));
    };
    this.frames$ = socket$.pipe(
      // An error (refused, dropped) and a clean close (complete) both lead to a new attempt.
      retry({ delay: nextDelay }),
      repeat({ delay: nextDelay }),
      map((text) => this.parse(text)),
      filter((frame): frame is AnyServerFrame => frame !== null && this.isNew(frame)),
      share(),
    );
  }

  /** Opens the socket and keeps it open even while no component listens. */
  connect(): void {
    if (this.keepAlive) return;
    this.keepAlive = this.frames$.subscribe();
    this.keepAlive.add(
      fromEvent(this.network, 'offline').subscribe(() => {
        this.state.set('offline');
        // A dead link may not close the socket for minutes: close it, the retry waits for 'online'.
        this.current?.complete();
      }),
    );
  }

  on<K extends ServerEventType>(type: K): Observable<ServerEventMap[K]> {
    return this.frames$.pipe(
      filter((f) => f.type === type),
      map((f) => f.data as ServerEventMap[K]),
    );
  }

  ngOnDestroy(): void {
    this.keepAlive?.unsubscribe();
  }

  private onOpen(subject: WebSocketSubject<string>): void {
    this.attempts.set(0);
    this.nextAttemptAt.set(null);
    this.state.set('live');
    if (this.seqs.lastSeq > 0) {
      // With the epoch of the server process that issued lastSeq: another process (a restart, another
      // replica) answers with a fresh snapshot instead of frames its own seqs would name.
      this.seqs.resumed();
      const epoch = this.seqs.epoch;
      subject.next(
        JSON.stringify({ type: 'resume', data: { lastSeq: this.seqs.lastSeq, ...(epoch ? { epoch } : {}) } }),
      );
    }
    if (this.opens++ > 0) this.reconnected$.next();
  }

  private isOffline(): boolean {
    const nav = (this.network as { navigator?: { onLine: boolean } }).navigator;
    return nav?.onLine === false;
  }

  /** Each seq once; frames without seq (welcome, snapshot, pong, error) always. */
  private isNew(frame: AnyServerFrame): boolean {
    // A welcome from another epoch (a restarted server): our seqs mean nothing there, they start again.
    if (frame.type === 'welcome') this.seqs.welcomed(frame.data.lastSeq, frame.data.epoch);
    const seq = (frame as { seq?: unknown }).seq;
    return typeof seq !== 'number' || this.seqs.accept(seq);
  }

  private parse(text: string): AnyServerFrame | null {
    const result = parseServerFrame(text);
    if (result.ok) return result.value;
    this.rejectedFrames.update((n) => n + 1);
    console.warn(`ignored a bad frame from ${this.url}: ${result.errors.join('; ')}`);
    return null;
  }
}

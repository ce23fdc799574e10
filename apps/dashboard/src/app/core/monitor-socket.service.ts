import { DestroyRef, inject, Injectable, InjectionToken, type OnDestroy, signal } from '@angular/core';
import {
  defer,
  EMPTY,
  filter,
  fromEvent,
  map,
  merge,
  type Observable,
  of,
  repeat,
  retry,
  share,
  Subject,
  type Subscription,
  switchMap,
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

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'revoked';

/** The close code the server uses for a socket whose API key was revoked: no point in reconnecting. */
export const KEY_REVOKED_CLOSE_CODE = 1008;

/** What the socket needs from the sign-in: a URL for each attempt (with a fresh ticket), and who to tell of a revocation. */
export interface SocketAuth {
  socketUrl(url: string): Observable<string>;
  revoked(): void;
}

/** The socket's credentials; the app gives AuthSession, the default (and tests) connect without any. */
export const SOCKET_AUTH = new InjectionToken<SocketAuth>('SOCKET_AUTH', {
  factory: () => ({ socketUrl: (url: string) => of(url), revoked: () => undefined }),
});

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
 * retries; coming back online retries at once. Each attempt asks SOCKET_AUTH for its URL (a single-use ticket
 * when signed in with a key); a close with 1008 (the key was revoked) ends the retries.
 */
@Injectable({ providedIn: 'root' })
export class MonitorSocket implements OnDestroy {
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly factory = inject(WEB_SOCKET_FACTORY);
  private readonly network = inject(NETWORK_EVENTS);
  private readonly auth = inject(SOCKET_AUTH);
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
    const open = (url: string) => {
      const subject = this.factory({
        url,
        // Keep frames as text: parsing belongs to the shared validators, and a JSON error inside the
        // subject would tear the connection down.
        deserializer: (event: MessageEvent) => String(event.data),
        serializer: (value: string) => value,
        openObserver: { next: () => this.onOpen(subject) },
        closeObserver: { next: (event: CloseEvent) => this.onClose(event) },
      });
      this.current = subject;
      return subject;
    };
    // One URL per attempt (take(1): the socket, not the ticket request, decides when the attempt ends).
    const socket$ = defer(() => this.auth.socketUrl(this.url)).pipe(take(1), switchMap(open));
    const nextDelay = () => {
      // Returning EMPTY completes the stream instead of trying again.
      if (this.state() === 'revoked') return EMPTY;
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
    if (this.keepAlive && !this.keepAlive.closed) return;
    // Not what the last socket (before a sign-out or a revocation) ended with.
    this.state.set('connecting');
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

  /** Closes the socket and stops reconnecting (signed out); connect() opens it again. */
  disconnect(): void {
    this.keepAlive?.unsubscribe();
    this.keepAlive = null;
    this.current = null;
    this.nextAttemptAt.set(null);
  }

  ngOnDestroy(): void {
    this.keepAlive?.unsubscribe();
  }

  private onClose(event: CloseEvent): void {
    if (event?.code === KEY_REVOKED_CLOSE_CODE) {
      this.state.set('revoked');
      this.nextAttemptAt.set(null);
      this.auth.revoked();
      return;
    }
    this.state.set(this.isOffline() ? 'offline' : 'reconnecting');
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

import { Injectable, InjectionToken, type OnDestroy, inject, signal } from '@angular/core';
import { type Observable, type Subscription, defer, filter, map, repeat, retry, share, timer } from 'rxjs';
import { type WebSocketSubject, type WebSocketSubjectConfig, webSocket } from 'rxjs/webSocket';

import { type AnyServerFrame, type ServerEventMap, type ServerEventType, parseServerFrame } from '@aura/events';

import { backoffDelay } from './backoff';
import { RUNTIME_CONFIG, monitorSocketUrl } from './runtime-config';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/** The WebSocketSubject factory; tests give a fake one. */
export const WEB_SOCKET_FACTORY = new InjectionToken<(config: WebSocketSubjectConfig<string>) => WebSocketSubject<string>>(
  'WEB_SOCKET_FACTORY',
  { factory: () => webSocket },
);

/**
 * The one owner of the /ws/monitor socket. Components never parse frames: they read typed streams per
 * event type (`on('new_block')`) and the connection state signal. Frames failing the shared validators
 * are dropped with a warning, never passed on.
 */
@Injectable({ providedIn: 'root' })
export class MonitorSocket implements OnDestroy {
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly factory = inject(WEB_SOCKET_FACTORY);
  readonly url = monitorSocketUrl(this.config, globalThis.location ?? { protocol: 'http:', host: 'localhost' });

  readonly state = signal<ConnectionState>('connecting');
  /** Consecutive failed attempts since the last open socket. */
  readonly attempts = signal(0);
  /** Frames dropped because they failed validation. */
  readonly rejectedFrames = signal(0);

  readonly frames$: Observable<AnyServerFrame>;
  private keepAlive: Subscription | null = null;

  constructor() {
    const socket$ = defer(() =>
      this.factory({
        url: this.url,
        // Keep frames as text: parsing belongs to the shared validators, and a JSON error inside the
        // subject would tear the connection down.
        deserializer: (event: MessageEvent) => String(event.data),
        serializer: (value: string) => value,
        openObserver: {
          next: () => {
            this.attempts.set(0);
            this.state.set('live');
          },
        },
        closeObserver: { next: () => this.state.set('reconnecting') },
      }),
    );
    const nextDelay = () => {
      this.attempts.update((n) => n + 1);
      this.state.set('reconnecting');
      return timer(backoffDelay(this.attempts()));
    };
    this.frames$ = socket$.pipe(
      // An error (refused, dropped) and a clean close (complete) both lead to a new attempt.
      retry({ delay: nextDelay }),
      repeat({ delay: nextDelay }),
      map((text) => this.parse(text)),
      filter((frame): frame is AnyServerFrame => frame !== null),
      share(),
    );
  }

  /** Opens the socket and keeps it open even while no component listens. */
  connect(): void {
    this.keepAlive ??= this.frames$.subscribe();
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

  private parse(text: string): AnyServerFrame | null {
    const result = parseServerFrame(text);
    if (result.ok) return result.value;
    this.rejectedFrames.update((n) => n + 1);
    console.warn(`ignored a bad frame from ${this.url}: ${result.errors.join('; ')}`);
    return null;
  }
}

import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, InjectionToken, signal } from '@angular/core';
import { map, type Observable, of, retry, type Subscription, throwError, timer } from 'rxjs';

import { backoffDelay } from '@aura/events';

import { getJson, postJson } from '../api/rest-client';
import type { AccessInfo } from '../api/rest-types';
import { RUNTIME_CONFIG } from '../runtime-config';

export type SessionState = 'checking' | 'signed-in' | 'signed-out';

/** Where the key is kept: this tab's sessionStorage (gone when the tab closes; never in the URL). */
export const KEY_STORAGE = new InjectionToken<Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null>(
  'KEY_STORAGE',
  {
    factory: () => {
      try {
        return globalThis.sessionStorage ?? null;
      } catch {
        return null; // storage disabled: the key lasts for this page only
      }
    },
  },
);
const STORAGE_ITEM = 'aura-api-key';
/** 'oidc' when the credential kept is an access token from the identity provider, not an API key. */
const KIND_ITEM = 'aura-credential-kind';

export type CredentialKind = 'key' | 'oidc';

export const MESSAGES = {
  refusedAtSignIn: 'That key was not accepted: it is unknown, revoked or expired.',
  expired: 'Your key is no longer accepted (revoked or expired). Sign in with another key.',
  revoked: 'Your key was revoked: the live feed stopped. Sign in with another key.',
  signedOut: 'Signed out.',
  sessionExpired: 'Your session expired: sign in again.',
  tokenRefused: 'The API did not accept the token from your identity provider. Try again, or ask an administrator.',
  noRole: 'Your account has no role in Aura Monitor: ask an administrator to give you one.',
  completing: 'Completing the sign-in…',
  unreachable: 'The API could not be reached: trying again…',
} as const;

/**
 * Who the dashboard acts as. At start it asks GET /auth/me: in AUTH_MODE=off everyone is let in; otherwise
 * an API key pasted on the sign-in screen, or the access token of a sign-in with the identity provider
 * (AUTH_MODE=oidc, see OidcSignIn), is kept in sessionStorage and sent as a bearer token (see
 * authInterceptor). A refusal later (401: revoked or expired; a socket closed with 1008) ends the session
 * with a message saying why.
 */
@Injectable({ providedIn: 'root' })
export class AuthSession {
  private readonly http = inject(HttpClient);
  private readonly base = inject(RUNTIME_CONFIG).backendUrl;
  private readonly storage = inject(KEY_STORAGE);
  private key: string | null = this.read(STORAGE_ITEM);
  private kind: CredentialKind = this.read(KIND_ITEM) === 'oidc' ? 'oidc' : 'key';
  private checking: Subscription | null = null;

  readonly state = signal<SessionState>('checking');
  readonly access = signal<AccessInfo | null>(null);
  /** Why the sign-in screen is shown, when there is a reason to tell. */
  readonly message = signal<string | null>(null);
  /** AUTH_MODE=off: no sign-in, everything open. */
  readonly open = computed(() => this.access()?.mode === 'off');
  readonly canOpenAdmin = computed(
    () => this.open() || ['operator', 'admin'].includes(this.access()?.principal.role ?? ''),
  );
  readonly isAdmin = computed(() => this.open() || this.access()?.principal.role === 'admin');

  /** The key to send, or null. */
  apiKey(): string | null {
    return this.key;
  }

  /** The API's own URLs: only they get the key. */
  isApiRequest(url: string): boolean {
    return url.startsWith(`${this.base}/api/`);
  }

  /** Asks who we are (with the key kept from earlier in this tab, if any). */
  start(): void {
    this.check(this.key ? this.expiredMessage() : null);
  }

  signIn(key: string): void {
    this.store(key.trim(), 'key');
    this.check(MESSAGES.refusedAtSignIn);
  }

  /** Coming back from the identity provider: the code is being exchanged for a token. */
  completingSignIn(): void {
    this.checking?.unsubscribe();
    this.state.set('checking');
    this.message.set(MESSAGES.completing);
  }

  /** An access token from the identity provider, kept and sent as an API key is. */
  signInWithToken(accessToken: string): void {
    this.store(accessToken, 'oidc');
    this.check(MESSAGES.tokenRefused);
  }

  /** The sign-in with the identity provider failed: the sign-in screen says why. */
  signInFailed(message: string): void {
    this.end(message);
  }

  signOut(): void {
    this.end(MESSAGES.signedOut);
  }

  /** A request was refused with 401 while signed in: the key was revoked or has expired. */
  refused(): void {
    if (this.state() === 'signed-in' && !this.open()) this.end(this.expiredMessage());
  }

  /** The server closed the socket because the key was revoked. */
  revoked(): void {
    if (this.state() === 'signed-in') this.end(MESSAGES.revoked);
  }

  /**
   * The socket URL for the next (re)connect: with a fresh single-use ticket when a key is in use (browsers
   * cannot set headers on an upgrade, and a key in a URL would reach proxy logs); as it is otherwise.
   */
  socketUrl(url: string): Observable<string> {
    if (this.open() || !this.key) return of(url);
    return postJson(this.http, this.base, '/api/monitor/auth/ws-ticket', null).pipe(
      map(({ ticket }) => `${url}${url.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}`),
    );
  }

  private check(messageOn401: string | null): void {
    this.checking?.unsubscribe();
    this.state.set('checking');
    this.message.set(null);
    this.checking = getJson(this.http, this.base, '/api/monitor/auth/me')
      .pipe(
        // An API that is down or restarting is waited for (as the socket does), not taken for a refusal.
        retry({
          delay: (err: unknown, attempt: number) => {
            if (isRefusal(err)) return throwError(() => err);
            this.message.set(MESSAGES.unreachable);
            return timer(backoffDelay(attempt));
          },
        }),
      )
      .subscribe({
        next: (access) => {
          this.access.set(access);
          this.message.set(null);
          this.state.set('signed-in');
        },
        error: (err: unknown) => {
          // 403 at /auth/me: the credential is genuine but grants no role (a person the provider knows, not Aura).
          const noRole = err instanceof HttpErrorResponse && err.status === 403 && this.kind === 'oidc';
          this.store(null);
          this.access.set(null);
          this.message.set(noRole ? MESSAGES.noRole : messageOn401);
          this.state.set('signed-out');
        },
      });
  }

  private end(message: string): void {
    this.store(null);
    this.access.set(null);
    this.message.set(message);
    this.state.set('signed-out');
  }

  private expiredMessage(): string {
    return this.kind === 'oidc' ? MESSAGES.sessionExpired : MESSAGES.expired;
  }

  private read(item: string): string | null {
    try {
      return this.storage?.getItem(item) || null;
    } catch {
      return null;
    }
  }

  private store(key: string | null, kind: CredentialKind = 'key'): void {
    this.key = key || null;
    this.kind = kind;
    try {
      if (this.key) this.storage?.setItem(STORAGE_ITEM, this.key);
      else this.storage?.removeItem(STORAGE_ITEM);
      if (this.key && kind === 'oidc') this.storage?.setItem(KIND_ITEM, kind);
      else this.storage?.removeItem(KIND_ITEM);
    } catch {
      // storage disabled: the key lasts for this page only
    }
  }
}

function isRefusal(err: unknown): boolean {
  return err instanceof HttpErrorResponse && (err.status === 401 || err.status === 403);
}

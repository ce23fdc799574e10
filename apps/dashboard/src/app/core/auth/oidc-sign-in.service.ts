import { HttpClient, HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { inject, Injectable, InjectionToken, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { getJson } from '../api/rest-client';
import { RUNTIME_CONFIG } from '../runtime-config';
import { AuthSession, KEY_STORAGE } from './auth-session';
import {
  authorizationUrl,
  CALLBACK_PATH,
  createPkcePair,
  parseCallback,
  type PendingSignIn,
  randomToken,
  readPending,
  tokenRequestBody,
} from './oidc-flow';

/** How to sign in, as GET /auth/config answers. */
export interface SignInConfig {
  mode: 'off' | 'keys' | 'oidc';
  oidc: { issuer: string; clientId: string | null; audience: string } | null;
}

/** The browser's location: where we are, and leaving for the identity provider (replaced in tests). */
export const BROWSER_LOCATION = new InjectionToken<Pick<Location, 'origin' | 'assign'>>('BROWSER_LOCATION', {
  factory: () => globalThis.location,
});

const PENDING_ITEM = 'aura-oidc-pending';

interface Discovery {
  authorization_endpoint?: string;
  token_endpoint?: string;
}

/**
 * Sign-in with the identity provider (AUTH_MODE=oidc): authorization code + PKCE as a public client, no
 * library. begin() reads the provider's discovery document and leaves for its login page; complete() runs
 * on /auth/callback, exchanges the code and hands the access token to AuthSession.
 */
@Injectable({ providedIn: 'root' })
export class OidcSignIn {
  private readonly http = inject(HttpClient);
  private readonly base = inject(RUNTIME_CONFIG).backendUrl;
  private readonly storage = inject(KEY_STORAGE);
  private readonly location = inject(BROWSER_LOCATION);
  private readonly session = inject(AuthSession);

  /** GET /auth/config's answer; null until it arrives (or when the API did not answer). */
  readonly config = signal<SignInConfig | null>(null);
  /** Why the last begin() failed, for the sign-in screen. */
  readonly error = signal<string | null>(null);
  readonly leaving = signal(false);

  loadConfig(): void {
    getJson(this.http, this.base, '/api/monitor/auth/config').subscribe({
      next: (config) => this.config.set(config),
      error: () => this.config.set(null), // the key field still works
    });
  }

  async begin(): Promise<void> {
    const oidc = this.config()?.oidc;
    if (!oidc?.clientId) {
      this.error.set('Company sign-in is not configured on the API (OIDC_CLIENT_ID): use an API key.');
      return;
    }
    this.error.set(null);
    this.leaving.set(true);
    try {
      const discovery = await firstValueFrom(
        this.http.get<Discovery>(`${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`),
      );
      if (!discovery.authorization_endpoint || !discovery.token_endpoint) {
        throw new Error('the discovery document names no authorization or token endpoint');
      }
      const { codeVerifier, codeChallenge } = await createPkcePair();
      const pending: PendingSignIn = {
        state: randomToken(),
        nonce: randomToken(),
        codeVerifier,
        tokenEndpoint: discovery.token_endpoint,
        clientId: oidc.clientId,
        redirectUri: `${this.location.origin}${CALLBACK_PATH}`,
        audience: oidc.audience,
      };
      this.storage?.setItem(PENDING_ITEM, JSON.stringify(pending));
      this.location.assign(
        authorizationUrl({ ...pending, authorizationEndpoint: discovery.authorization_endpoint, codeChallenge }),
      );
    } catch (err) {
      this.leaving.set(false);
      this.error.set(`The identity provider ${oidc.issuer} could not be reached (${describe(err)}). Try again later.`);
    }
  }

  /** On /auth/callback: checks the state, exchanges the code, and signs in with the access token. */
  async complete(search: string): Promise<void> {
    this.session.completingSignIn();
    const pending = readPending(this.storage?.getItem(PENDING_ITEM) ?? null);
    this.storage?.removeItem(PENDING_ITEM); // single use, whatever happens next
    const result = parseCallback(search, pending);
    if ('error' in result || !pending) {
      this.session.signInFailed('error' in result ? result.error : 'The sign-in could not be completed.');
      return;
    }
    try {
      const answer = await firstValueFrom(
        this.http.post<{ access_token?: string }>(pending.tokenEndpoint, tokenRequestBody(pending, result.code), {
          headers: new HttpHeaders({ 'Content-Type': 'application/x-www-form-urlencoded' }),
        }),
      );
      if (!answer.access_token) throw new Error('no access_token in the answer');
      this.session.signInWithToken(answer.access_token);
    } catch (err) {
      this.session.signInFailed(`The identity provider did not issue a token (${describe(err)}). Try again.`);
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof HttpErrorResponse) {
    const body = err.error as { error?: string; error_description?: string } | null;
    if (body && typeof body === 'object' && body.error) {
      return `${body.error}${body.error_description ? `: ${body.error_description}` : ''}`;
    }
    return err.status ? `HTTP ${err.status}` : 'network error';
  }
  return err instanceof Error ? err.message : String(err);
}

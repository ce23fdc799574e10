// Authorization code + PKCE (RFC 6749, RFC 7636) as a public browser client, in pure functions: the
// service that does the I/O (discovery, redirect, code exchange) is oidc-sign-in.service.ts.

/** What the browser keeps (sessionStorage) between leaving for the provider and coming back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  tokenEndpoint: string;
  clientId: string;
  redirectUri: string;
  audience: string;
}

export interface AuthorizationRequest {
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  audience: string;
  codeChallenge: string;
  state: string;
  nonce: string;
}

export type CallbackResult = { code: string } | { error: string };

export const CALLBACK_PATH = '/auth/callback';

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes, base64url: 43 characters, the length RFC 7636 recommends for a verifier. */
export function randomToken(crypto: Crypto = globalThis.crypto): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** S256: base64url(SHA-256(ASCII(verifier))). */
export async function codeChallengeFor(verifier: string, crypto: Crypto = globalThis.crypto): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export async function createPkcePair(
  crypto: Crypto = globalThis.crypto,
): Promise<{ codeVerifier: string; codeChallenge: string }> {
  const codeVerifier = randomToken(crypto);
  return { codeVerifier, codeChallenge: await codeChallengeFor(codeVerifier, crypto) };
}

/**
 * The provider's authorization URL. `resource` names the API: providers that follow RFC 8707 (oidc-provider)
 * issue a JWT access token for it, with the API's audience.
 */
export function authorizationUrl(request: AuthorizationRequest): string {
  const url = new URL(request.authorizationEndpoint);
  const params = {
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: 'openid profile',
    resource: request.audience,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
    state: request.state,
    nonce: request.nonce,
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** The code from the redirect back, or why there is none, in words a person can act on. */
export function parseCallback(search: string, pending: PendingSignIn | null): CallbackResult {
  const params = new URLSearchParams(search);
  if (!pending) {
    return { error: 'The sign-in could not be completed: it was started in another tab or too long ago. Try again.' };
  }
  if (params.get('state') !== pending.state) {
    return { error: 'The sign-in could not be completed: its state did not match. Try again.' };
  }
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    const reason = error === 'access_denied' ? 'access was denied' : error;
    return { error: `The identity provider refused the sign-in: ${reason}${description ? ` (${description})` : ''}.` };
  }
  const code = params.get('code');
  return code ? { code } : { error: 'The identity provider sent no authorization code. Try again.' };
}

/** The form the token endpoint is sent (a public client: the verifier proves it started the sign-in). */
export function tokenRequestBody(pending: PendingSignIn, code: string): string {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: pending.redirectUri,
    client_id: pending.clientId,
    code_verifier: pending.codeVerifier,
    resource: pending.audience,
  }).toString();
}

/** A PendingSignIn read back from storage, or null when it is missing or not one. */
export function readPending(text: string | null): PendingSignIn | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<PendingSignIn>;
    const fields = ['state', 'nonce', 'codeVerifier', 'tokenEndpoint', 'clientId', 'redirectUri', 'audience'] as const;
    return fields.every((f) => typeof value[f] === 'string') ? (value as PendingSignIn) : null;
  } catch {
    return null;
  }
}

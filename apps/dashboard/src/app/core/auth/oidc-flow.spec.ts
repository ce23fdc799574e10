import {
  authorizationUrl,
  base64url,
  codeChallengeFor,
  createPkcePair,
  parseCallback,
  type PendingSignIn,
  readPending,
  tokenRequestBody,
} from './oidc-flow';

const pending: PendingSignIn = {
  state: 'st',
  nonce: 'no',
  codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  tokenEndpoint: 'https://idp.test/token',
  clientId: 'aura-dashboard',
  redirectUri: 'https://dash.test/auth/callback',
  audience: 'urn:aura:api',
};

function entries(params: URLSearchParams): Record<string, string> {
  const all: Record<string, string> = {};
  params.forEach((value, name) => (all[name] = value));
  return all;
}

describe('oidc-flow', () => {
  it('encodes base64url without padding', () => {
    expect(base64url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
    expect(base64url(new Uint8Array([1]))).toBe('AQ');
  });

  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallengeFor(pending.codeVerifier)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh 43-character verifier each time, with its challenge', async () => {
    const a = await createPkcePair();
    const b = await createPkcePair();
    expect(a.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.codeVerifier).not.toBe(b.codeVerifier);
    expect(a.codeChallenge).toBe(await codeChallengeFor(a.codeVerifier));
  });

  it('builds the authorization URL with PKCE, state, nonce and the resource', () => {
    const url = new URL(
      authorizationUrl({
        authorizationEndpoint: 'https://idp.test/auth?kc=1',
        clientId: 'aura-dashboard',
        redirectUri: pending.redirectUri,
        audience: 'urn:aura:api',
        codeChallenge: 'ch',
        state: 'st',
        nonce: 'no',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://idp.test/auth');
    expect(entries(url.searchParams)).toEqual({
      kc: '1',
      response_type: 'code',
      client_id: 'aura-dashboard',
      redirect_uri: 'https://dash.test/auth/callback',
      scope: 'openid profile',
      resource: 'urn:aura:api',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      state: 'st',
      nonce: 'no',
    });
  });

  it('takes the code only when the state matches, and says why otherwise', () => {
    expect(parseCallback('?code=c1&state=st', pending)).toEqual({ code: 'c1' });
    expect(parseCallback('?code=c1&state=other', pending)).toEqual({ error: expect.stringContaining('state') });
    expect(parseCallback('?code=c1&state=st', null)).toEqual({ error: expect.stringContaining('another tab') });
    expect(parseCallback('?error=access_denied&error_description=no%20thanks&state=st', pending)).toEqual({
      error: 'The identity provider refused the sign-in: access was denied (no thanks).',
    });
    expect(parseCallback('?state=st', pending)).toEqual({ error: expect.stringContaining('no authorization code') });
  });

  it('sends the code with the verifier, the redirect URI and the resource', () => {
    expect(entries(new URLSearchParams(tokenRequestBody(pending, 'c1')))).toEqual({
      grant_type: 'authorization_code',
      code: 'c1',
      redirect_uri: pending.redirectUri,
      client_id: 'aura-dashboard',
      code_verifier: pending.codeVerifier,
      resource: 'urn:aura:api',
    });
  });

  it('reads back only a complete pending sign-in', () => {
    expect(readPending(JSON.stringify(pending))).toEqual(pending);
    expect(readPending(JSON.stringify({ ...pending, state: 1 }))).toBeNull();
    expect(readPending('{')).toBeNull();
    expect(readPending(null)).toBeNull();
  });
});

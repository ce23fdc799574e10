import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';

import { OidcTokenError, type OidcTokenErrorReason } from '../src/auth/oidc/oidc-token-error';
import { OidcTokenVerifier, type OidcTokenVerifierOptions } from '../src/auth/oidc/oidc-token-verifier';
import { forgedToken, type OidcTestProvider, startOidcProvider } from './support/oidc-provider/start-oidc-provider';

// Access tokens from a real OpenID provider (oidc-provider, in a child process) checked by the verifier
// the API uses: discovery, the remote key set, key rotation and every refusal reason.

const POLL_INTERVAL_MS = 200;
const POLL_LIMIT_MS = 30_000;

/** The refusal `verify` throws; fails the test when it resolves or throws anything else. */
async function refusal(verifier: OidcTokenVerifier, token: string): Promise<OidcTokenError> {
  try {
    const principal = await verifier.verify(token);
    throw new Error(`expected a refusal, got ${JSON.stringify(principal)}`);
  } catch (error) {
    if (!(error instanceof OidcTokenError)) throw error;
    // A refusal is logged and answered: it must never carry the token.
    for (const part of [token, ...token.split('.')].filter((text) => text.length > 16)) {
      expect(error.message).not.toContain(part);
    }
    return error;
  }
}

async function expectRefused(verifier: OidcTokenVerifier, token: string, reason: OidcTokenErrorReason): Promise<void> {
  expect((await refusal(verifier, token)).reason).toBe(reason);
}

async function pollUntil(what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + POLL_LIMIT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${POLL_LIMIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

describe('OIDC access tokens against a real provider', () => {
  let provider: OidcTestProvider;
  let verifier: OidcTokenVerifier;
  let options: OidcTokenVerifierOptions;

  beforeAll(async () => {
    provider = await startOidcProvider({ shortAccessTokenTtlSeconds: 1 });
    // Cooldown 0: a token with an unknown kid always fetches the keys again (the rotation test relies on it).
    options = { issuerUrl: provider.issuer, audience: provider.audience, jwksCooldownSeconds: 0 };
    verifier = await OidcTokenVerifier.create(options);
  });

  afterAll(async () => {
    await provider?.stop();
  });

  it('maps each account to its highest role', async () => {
    const token = await provider.tokenFor({ account: 'alice' });
    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'tests-alice',
      name: 'alice',
      role: 'admin',
      expiresAt: (decodeJwt(token).exp as number) * 1000,
    });
    await expect(verifier.verify(await provider.tokenFor({ account: 'olga' }))).resolves.toMatchObject({
      role: 'operator',
    });
    await expect(verifier.verify(await provider.tokenFor({ account: 'victor' }))).resolves.toMatchObject({
      role: 'viewer',
    });
  });

  it('reads a nested role claim through a role map', async () => {
    const mapped = new OidcTokenVerifier({
      ...options,
      roleClaim: 'realm_access.roles',
      roleMap: { viewer: ['viewer'], operator: ['admin'] },
    });
    await expect(mapped.verify(await provider.tokenFor({ account: 'alice' }))).resolves.toMatchObject({
      role: 'operator',
    });
  });

  it('refuses a token without a role: no_role', async () => {
    await expectRefused(verifier, await provider.tokenFor({ account: 'nora' }), 'no_role');
  });

  it('refuses a token for another resource: wrong_audience', async () => {
    const token = await provider.tokenFor({ account: 'alice', resource: provider.otherAudience });
    expect(decodeJwt(token).aud).toBe(provider.otherAudience);
    await expectRefused(verifier, token, 'wrong_audience');
  });

  it('refuses a token once it has expired: expired', async () => {
    const strict = new OidcTokenVerifier({ ...options, clockToleranceSeconds: 0 });
    const token = await provider.tokenFor({ account: 'alice', shortLived: true });
    const { exp, iat } = decodeJwt(token);
    expect((exp ?? 0) - (iat ?? 0)).toBe(1);
    let last: unknown;
    await pollUntil('the short-lived token expires', async () => {
      last = await strict.verify(token).catch((error: unknown) => error);
      return last instanceof OidcTokenError;
    });
    expect((last as OidcTokenError).reason).toBe('expired');
    await expectRefused(strict, token, 'expired');
  });

  it('refuses a token signed by a key the issuer does not publish: unknown_key', async () => {
    const forged = await forgedToken(provider, 'not-published-by-the-issuer');
    await expectRefused(verifier, forged, 'unknown_key');
  });

  it('refuses a token whose claims were altered: bad_signature', async () => {
    const [header, payload, signature] = (await provider.tokenFor({ account: 'victor' })).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
    await expectRefused(verifier, `${header}.${altered}.${signature}`, 'bad_signature');
  });

  it('refuses what is not a JWT: malformed', async () => {
    await expectRefused(verifier, 'not-a-jwt', 'malformed');
    await expectRefused(verifier, 'a.b.c', 'malformed');
    // A symmetric signature is refused whatever the key: the issuer's published keys are public.
    const symmetric = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(provider.issuer)
      .setAudience(provider.audience)
      .setSubject('mallory')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!'));
    await expectRefused(verifier, symmetric, 'malformed');
  });

  it('accepts tokens signed by a rotated key with the same verifier instance', async () => {
    const before = await provider.tokenFor({ account: 'alice' });
    await expect(verifier.verify(before)).resolves.toMatchObject({ role: 'admin' });

    const { kid } = await provider.rotateKeys();
    const after = await provider.tokenFor({ account: 'victor' });
    expect(decodeProtectedHeader(after).kid).toBe(kid);
    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);

    // The cached key set does not hold the new kid: the verifier fetches it again.
    await expect(verifier.verify(after)).resolves.toMatchObject({ role: 'viewer' });
    // The previous key stays published during the rotation.
    await expect(verifier.verify(before)).resolves.toMatchObject({ role: 'admin' });
  });

  it('signs a person in with authorization code + PKCE, as the dashboard does', async () => {
    const { accessToken, idToken } = await provider.signInWithAuthorizationCode('alice');
    expect(idToken).toEqual(expect.any(String));
    expect(decodeJwt(accessToken).aud).toBe(provider.audience);
    await expect(verifier.verify(accessToken)).resolves.toEqual({
      subject: 'alice',
      name: 'alice',
      role: 'admin',
      expiresAt: (decodeJwt(accessToken).exp as number) * 1000,
    });

    const viewer = await provider.signInWithAuthorizationCode('victor');
    await expect(verifier.verify(viewer.accessToken)).resolves.toMatchObject({ subject: 'victor', role: 'viewer' });
  });

  describe('another issuer', () => {
    let other: OidcTestProvider | undefined;

    afterEach(async () => {
      await other?.stop();
      other = undefined;
    });

    it("refuses another issuer's token: wrong_issuer", async () => {
      other = await startOidcProvider({ audience: provider.audience });
      await expectRefused(verifier, await other.tokenFor({ account: 'alice' }), 'wrong_issuer');
    });

    it('says issuer_unreachable when the issuer goes down between discovery and the first key fetch', async () => {
      other = await startOidcProvider({ audience: provider.audience });
      // Discovery only: jose fetches the key set on the first verification.
      const discovered = await OidcTokenVerifier.create({ ...options, issuerUrl: other.issuer, httpTimeoutMs: 2_000 });
      const token = await other.tokenFor({ account: 'alice' });
      await other.stop();
      other = undefined;
      await expectRefused(discovered, token, 'issuer_unreachable');
    });

    it('says issuer_unreachable while the issuer is down, and discovers again once it is back', async () => {
      other = await startOidcProvider({ audience: provider.audience });
      const { issuer, port } = other;
      const token = await other.tokenFor({ account: 'alice' });
      await other.stop();
      other = undefined;

      const down = { ...options, issuerUrl: issuer, httpTimeoutMs: 2_000 };
      await expect(OidcTokenVerifier.create(down)).rejects.toMatchObject({ reason: 'issuer_unreachable' });
      const lazy = new OidcTokenVerifier(down);
      await expectRefused(lazy, token, 'issuer_unreachable');

      // The same issuer URL up again (a new key set): the failed discovery was not remembered.
      other = await startOidcProvider({ port, audience: provider.audience });
      await expect(lazy.verify(await other.tokenFor({ account: 'victor' }))).resolves.toMatchObject({ role: 'viewer' });
      // The token of the previous incarnation was signed by a key that is gone.
      await expectRefused(lazy, token, 'unknown_key');
    });
  });
});

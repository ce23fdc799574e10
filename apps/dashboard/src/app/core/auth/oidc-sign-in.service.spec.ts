import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { RUNTIME_CONFIG } from '../runtime-config';
import { authInterceptor } from './auth.interceptor';
import { AuthSession, KEY_STORAGE, MESSAGES } from './auth-session';
import { codeChallengeFor, readPending } from './oidc-flow';
import { BROWSER_LOCATION, OidcSignIn } from './oidc-sign-in.service';

const ISSUER = 'http://idp.test';
const CONFIG = { mode: 'oidc', oidc: { issuer: ISSUER, clientId: 'aura-dashboard', audience: 'urn:aura:api' } };
const ME = 'http://api.test/api/monitor/auth/me';

describe('OidcSignIn', () => {
  let storage: Map<string, string>;
  let http: HttpTestingController;
  const assign = vi.fn();

  function setUp(): { oidc: OidcSignIn; session: AuthSession } {
    storage = new Map();
    assign.mockReset();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: { backendUrl: 'http://api.test', explorerUrl: '' } },
        { provide: BROWSER_LOCATION, useValue: { origin: 'http://dash.test', assign } },
        {
          provide: KEY_STORAGE,
          useValue: {
            getItem: (k: string) => storage.get(k) ?? null,
            setItem: (k: string, v: string) => storage.set(k, v),
            removeItem: (k: string) => storage.delete(k),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const oidc = TestBed.inject(OidcSignIn);
    oidc.loadConfig();
    http.expectOne('http://api.test/api/monitor/auth/config').flush(CONFIG);
    return { oidc, session: TestBed.inject(AuthSession) };
  }

  afterEach(() => http.verify());

  async function leaveForProvider(oidc: OidcSignIn): Promise<URL> {
    const leaving = oidc.begin();
    http
      .expectOne(`${ISSUER}/.well-known/openid-configuration`)
      .flush({ authorization_endpoint: `${ISSUER}/auth`, token_endpoint: `${ISSUER}/token` });
    await leaving;
    expect(assign).toHaveBeenCalledTimes(1);
    return new URL(assign.mock.calls[0][0] as string);
  }

  it('leaves for the provider with PKCE (S256), state and nonce kept in this tab', async () => {
    const { oidc } = setUp();
    const url = await leaveForProvider(oidc);
    const pending = readPending(storage.get('aura-oidc-pending') ?? null);
    expect(pending).not.toBeNull();
    expect(url.searchParams.get('state')).toBe(pending?.state);
    expect(url.searchParams.get('nonce')).toBe(pending?.nonce);
    expect(url.searchParams.get('redirect_uri')).toBe('http://dash.test/auth/callback');
    expect(url.searchParams.get('resource')).toBe('urn:aura:api');
    expect(url.searchParams.get('code_challenge')).toBe(await codeChallengeFor(pending?.codeVerifier ?? ''));
  });

  it('exchanges the code for a token and signs in with it; the token is then sent to the API', async () => {
    const { oidc, session } = setUp();
    const url = await leaveForProvider(oidc);
    const done = oidc.complete(`?code=c1&state=${url.searchParams.get('state')}`);
    expect(session.state()).toBe('checking');
    const token = http.expectOne({ method: 'POST', url: `${ISSUER}/token` });
    expect(token.request.headers.has('Authorization')).toBe(false);
    expect(new URLSearchParams(token.request.body as string).get('code')).toBe('c1');
    token.flush({ access_token: 'jwt.access.token', token_type: 'Bearer' });
    await done;
    expect(storage.has('aura-oidc-pending')).toBe(false);
    const me = http.expectOne(ME);
    expect(me.request.headers.get('Authorization')).toBe('Bearer jwt.access.token');
    me.flush({ mode: 'oidc', principal: { kind: 'oidc', name: 'alice', role: 'admin' }, oidc: CONFIG.oidc });
    expect(session.state()).toBe('signed-in');
    expect(session.isAdmin()).toBe(true);

    // Later the token expires: back to the sign-in, saying the session expired.
    session.refused();
    expect(session.message()).toBe(MESSAGES.sessionExpired);
    expect(storage.size).toBe(0);
  });

  it('refuses a callback whose state does not match, without calling the token endpoint', async () => {
    const { oidc, session } = setUp();
    await leaveForProvider(oidc);
    await oidc.complete('?code=c1&state=forged');
    expect(session.state()).toBe('signed-out');
    expect(session.message()).toContain('state did not match');
  });

  it('says the provider refused or failed, and that an account without a role has no access', async () => {
    const { oidc, session } = setUp();
    let url = await leaveForProvider(oidc);
    await oidc.complete(`?error=access_denied&state=${url.searchParams.get('state')}`);
    expect(session.message()).toContain('access was denied');

    assign.mockReset();
    url = await leaveForProvider(oidc);
    let done = oidc.complete(`?code=c2&state=${url.searchParams.get('state')}`);
    http
      .expectOne(`${ISSUER}/token`)
      .flush(
        { error: 'invalid_grant', error_description: 'grant request is invalid' },
        { status: 400, statusText: 'Bad' },
      );
    await done;
    expect(session.message()).toBe(
      'The identity provider did not issue a token (invalid_grant: grant request is invalid). Try again.',
    );

    assign.mockReset();
    url = await leaveForProvider(oidc);
    done = oidc.complete(`?code=c3&state=${url.searchParams.get('state')}`);
    http.expectOne(`${ISSUER}/token`).flush({ access_token: 'nora.token' });
    await done;
    http.expectOne(ME).flush({ message: 'no role' }, { status: 403, statusText: 'Forbidden' });
    expect(session.state()).toBe('signed-out');
    expect(session.message()).toBe(MESSAGES.noRole);
  });

  it('says when the provider cannot be reached', async () => {
    const { oidc } = setUp();
    const leaving = oidc.begin();
    http.expectOne(`${ISSUER}/.well-known/openid-configuration`).error(new ProgressEvent('error'), { status: 0 });
    await leaving;
    expect(assign).not.toHaveBeenCalled();
    expect(oidc.error()).toBe(`The identity provider ${ISSUER} could not be reached (network error). Try again later.`);
    expect(oidc.leaving()).toBe(false);
  });
});

import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { RUNTIME_CONFIG } from '../runtime-config';
import { authInterceptor } from './auth.interceptor';
import { AuthSession, KEY_STORAGE, MESSAGES } from './auth-session';

const KEY = 'aura_' + 'k'.repeat(43);
const ME = 'http://api.test/api/monitor/auth/me';
const keyAccess = { mode: 'keys', principal: { kind: 'key', name: 'ops', role: 'admin' }, oidc: null };

describe('AuthSession and authInterceptor', () => {
  let storage: Map<string, string>;
  let http: HttpTestingController;

  function setUp(stored?: string): AuthSession {
    storage = new Map(stored ? [['aura-api-key', stored]] : []);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: { backendUrl: 'http://api.test', explorerUrl: '' } },
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
    return TestBed.inject(AuthSession);
  }

  afterEach(() => http.verify());

  it('lets everyone in with AUTH_MODE=off, without a key or a ticket', () => {
    const session = setUp();
    session.start();
    expect(session.state()).toBe('checking');
    const req = http.expectOne(ME);
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush({ mode: 'off', principal: { kind: 'anonymous', name: 'anonymous', role: 'admin' }, oidc: null });
    expect(session.state()).toBe('signed-in');
    expect(session.open()).toBe(true);
    expect(session.canOpenAdmin()).toBe(true);
    let url = '';
    session.socketUrl('ws://api.test/ws/monitor').subscribe((u) => (url = u));
    expect(url).toBe('ws://api.test/ws/monitor');
  });

  it('shows the sign-in without a key, then signs in with one sent as a bearer token', () => {
    const session = setUp();
    session.start();
    http.expectOne(ME).flush({ message: 'a credential is required' }, { status: 401, statusText: 'Unauthorized' });
    expect(session.state()).toBe('signed-out');
    expect(session.message()).toBeNull();

    session.signIn(`  ${KEY} `);
    const req = http.expectOne(ME);
    expect(req.request.headers.get('Authorization')).toBe(`Bearer ${KEY}`);
    req.flush(keyAccess);
    expect(session.state()).toBe('signed-in');
    expect(session.isAdmin()).toBe(true);
    expect(storage.get('aura-api-key')).toBe(KEY);
  });

  it('refuses a wrong key with a message and forgets it', () => {
    const session = setUp();
    session.signIn(KEY);
    http.expectOne(ME).flush({ message: 'unknown or revoked API key' }, { status: 401, statusText: 'Unauthorized' });
    expect(session.state()).toBe('signed-out');
    expect(session.message()).toBe(MESSAGES.refusedAtSignIn);
    expect(storage.has('aura-api-key')).toBe(false);
  });

  it('gives operators the admin pages without the admin parts, and viewers none', () => {
    const session = setUp(KEY);
    session.start();
    http.expectOne(ME).flush({ ...keyAccess, principal: { kind: 'key', name: 'ops', role: 'operator' } });
    expect([session.canOpenAdmin(), session.isAdmin()]).toEqual([true, false]);
    session.signIn(KEY);
    http.expectOne(ME).flush({ ...keyAccess, principal: { kind: 'key', name: 'wall', role: 'viewer' } });
    expect([session.canOpenAdmin(), session.isAdmin()]).toEqual([false, false]);
  });

  it('gets a ticket for the socket, the key never in the URL', () => {
    const session = setUp(KEY);
    session.start();
    http.expectOne(ME).flush(keyAccess);
    let url = '';
    session.socketUrl('ws://api.test/ws/monitor').subscribe((u) => (url = u));
    const req = http.expectOne({ method: 'POST', url: 'http://api.test/api/monitor/auth/ws-ticket' });
    expect(req.request.headers.get('Authorization')).toBe(`Bearer ${KEY}`);
    req.flush({ ticket: 'a+b/c', expiresAt: '2026-01-01T00:00:30Z' });
    expect(url).toBe('ws://api.test/ws/monitor?ticket=a%2Bb%2Fc');
    expect(url).not.toContain(KEY);
  });

  it('returns to the sign-in with a message on a later 401, and on a revocation', () => {
    const session = setUp(KEY);
    session.start();
    http.expectOne(ME).flush(keyAccess);
    session.socketUrl('ws://x').subscribe({ error: () => undefined });
    http
      .expectOne('http://api.test/api/monitor/auth/ws-ticket')
      .flush({ message: 'unknown or revoked API key' }, { status: 401, statusText: 'Unauthorized' });
    expect(session.state()).toBe('signed-out');
    expect(session.message()).toBe(MESSAGES.expired);
    expect(session.apiKey()).toBeNull();

    session.signIn(KEY);
    http.expectOne(ME).flush(keyAccess);
    session.revoked();
    expect(session.message()).toBe(MESSAGES.revoked);
  });

  it('waits for an API that cannot be reached instead of showing the sign-in', () => {
    vi.useFakeTimers();
    try {
      const session = setUp();
      session.start();
      http.expectOne(ME).error(new ProgressEvent('error'), { status: 0 });
      expect(session.state()).toBe('checking');
      expect(session.message()).toBe(MESSAGES.unreachable);
      vi.advanceTimersByTime(1_000);
      http.expectOne(ME).flush({ message: 'down' }, { status: 503, statusText: 'Service Unavailable' });
      vi.advanceTimersByTime(2_000);
      http.expectOne(ME).flush({ ...keyAccess, mode: 'off' });
      expect(session.state()).toBe('signed-in');
      expect(session.message()).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends the key to the API only, and forgets it on sign-out', () => {
    const session = setUp(KEY);
    session.start();
    http.expectOne(ME).flush(keyAccess);
    const client = TestBed.inject(HttpClient);
    client.get('https://elsewhere.test/api/x').subscribe();
    expect(http.expectOne('https://elsewhere.test/api/x').request.headers.has('Authorization')).toBe(false);
    session.signOut();
    expect(storage.size).toBe(0);
    expect(session.state()).toBe('signed-out');
    expect(session.message()).toBe(MESSAGES.signedOut);
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { generateKeyPair, SignJWT } from 'jose';

/** The test people provider.mjs knows: alice admin, olga operator (and viewer), victor viewer, nora no role. */
export type TestAccount = 'alice' | 'olga' | 'victor' | 'nora';

export interface StartOidcProviderOptions {
  /** Default: a free port in PORT_RANGE. */
  port?: number;
  /** The API's resource indicator: the `aud` of the access tokens. Default 'urn:aura:api'. */
  audience?: string;
  /** The dashboard client's redirect URI. Default 'http://localhost:4200/auth/callback'. */
  redirectUri?: string;
  /** Lifetime of ordinary access tokens. Default 300 s. */
  accessTokenTtlSeconds?: number;
  /** Lifetime of `shortLived` tokens. Default 1 s. */
  shortAccessTokenTtlSeconds?: number;
  /** How long to wait for the ready line. Default 20 s (a loaded 2-core machine). */
  readyTimeoutMs?: number;
}

export interface TokenRequest {
  /** The service client bound to this account signs in (client_credentials): the token carries its roles. */
  account: TestAccount;
  /** A token living `shortAccessTokenTtlSeconds`. */
  shortLived?: boolean;
  /** Ask for another resource than `audience` (e.g. `otherAudience`, for a wrong-audience token). */
  resource?: string;
}

export interface OidcTestProvider {
  readonly issuer: string;
  readonly port: number;
  readonly audience: string;
  /** A second resource server the provider knows: its tokens have the wrong audience for the API. */
  readonly otherAudience: string;
  /** The dashboard's public client (authorization code + PKCE). */
  readonly dashboardClientId: string;
  readonly redirectUri: string;
  /** An access token (JWT) from the client_credentials grant. */
  tokenFor(request: TokenRequest): Promise<string>;
  /**
   * A person's sign-in as the dashboard does it: authorization code + PKCE through the provider's own
   * login and consent pages (devInteractions; any password), then the code exchange.
   */
  signInWithAuthorizationCode(account: TestAccount): Promise<{ accessToken: string; idToken?: string }>;
  /** A new signing key signs from now on; the previous keys stay published. Resolves with the new kid. */
  rotateKeys(): Promise<{ kid: string }>;
  /** Stops the provider (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
}

export const PORT_RANGE = { first: 47200, last: 47299 } as const;
const PROVIDER_FILE = join(__dirname, 'provider.mjs');
const CLIENT_SECRET = 'aura-tests-secret';
const DASHBOARD_CLIENT_ID = 'aura-dashboard';
const OTHER_AUDIENCE = 'urn:aura:other-api';
const STOP_GRACE_MS = 5_000;
const MAX_SIGN_IN_STEPS = 12;

/** Starts provider.mjs as a child process and resolves once it prints its ready line. */
export async function startOidcProvider(options: StartOidcProviderOptions = {}): Promise<OidcTestProvider> {
  const port = options.port ?? (await findFreePort());
  const audience = options.audience ?? 'urn:aura:api';
  const redirectUri = options.redirectUri ?? 'http://localhost:4200/auth/callback';
  const child = spawn(
    process.execPath,
    [
      PROVIDER_FILE,
      `--port=${port}`,
      `--audience=${audience}`,
      `--redirect-uri=${redirectUri}`,
      `--ttl=${options.accessTokenTtlSeconds ?? 300}`,
      `--short-ttl=${options.shortAccessTokenTtlSeconds ?? 1}`,
      `--client-secret=${CLIENT_SECRET}`,
    ],
    // stdin is a pipe the child watches: when this process dies, the child exits too.
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let issuer: string;
  try {
    issuer = await waitForReady(child, options.readyTimeoutMs ?? 20_000);
  } catch (error) {
    process.removeListener('exit', killOnExit);
    child.kill('SIGKILL');
    throw error;
  }

  const tokenEndpoint = `${issuer}/token`;
  return {
    issuer,
    port,
    audience,
    otherAudience: OTHER_AUDIENCE,
    dashboardClientId: DASHBOARD_CLIENT_ID,
    redirectUri,
    async tokenFor({ account, shortLived = false, resource }: TokenRequest): Promise<string> {
      const clientId = `tests-${account}${shortLived ? '-short' : ''}`;
      const body = new URLSearchParams({ grant_type: 'client_credentials' });
      if (resource) body.set('resource', resource);
      const response = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${clientId}:${CLIENT_SECRET}`).toString('base64')}` },
        body,
      });
      return accessTokenFrom(response, `client_credentials for ${clientId}`);
    },
    signInWithAuthorizationCode: (account) => signInWithAuthorizationCode(issuer, redirectUri, account),
    async rotateKeys(): Promise<{ kid: string }> {
      const response = await fetch(`${issuer}/__test/rotate-keys`, { method: 'POST' });
      if (!response.ok) throw new Error(`rotate-keys answered HTTP ${response.status}`);
      return (await response.json()) as { kid: string };
    },
    async stop(): Promise<void> {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
    },
  };
}

/** A port in PORT_RANGE nothing listens on right now (also useful as an unreachable issuer). */
export async function findFreePort(): Promise<number> {
  const size = PORT_RANGE.last - PORT_RANGE.first + 1;
  const start = Math.floor(Math.random() * size);
  for (let i = 0; i < size; i++) {
    const port = PORT_RANGE.first + ((start + i) % size);
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port in ${PORT_RANGE.first}-${PORT_RANGE.last}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<string> {
  const { stdout, stderr: stderrStream } = child;
  if (!stdout || !stderrStream) return Promise.reject(new Error('the OIDC test provider was spawned without pipes'));
  return new Promise((resolve, reject) => {
    let stderr = '';
    stderrStream.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    const timer = setTimeout(() => {
      reject(
        new Error(`the OIDC test provider did not print its ready line within ${timeoutMs} ms; stderr: ${stderr}`),
      );
    }, timeoutMs);
    const lines = createInterface({ input: stdout });
    lines.on('line', (line) => {
      let message: { issuer?: string; ready?: boolean };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return;
      }
      if (message.ready && typeof message.issuer === 'string') {
        clearTimeout(timer);
        resolve(message.issuer);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`the OIDC test provider exited before it was ready (code ${code}, ${signal}); stderr: ${stderr}`),
      );
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function accessTokenFrom(response: Response, what: string): Promise<string> {
  const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !body.access_token) {
    throw new Error(`${what}: HTTP ${response.status} ${body.error ?? ''} ${body.error_description ?? ''}`);
  }
  return body.access_token;
}

/**
 * Drives the browser's part of authorization code + PKCE with fetch: follows the provider's redirects by
 * hand with a cookie jar, answers the login page with the account (devInteractions accept any password)
 * and the consent page, then exchanges the code with the verifier as the dashboard's public client does.
 */
async function signInWithAuthorizationCode(
  issuer: string,
  redirectUri: string,
  account: TestAccount,
): Promise<{ accessToken: string; idToken?: string }> {
  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL(`${issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: DASHBOARD_CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    state,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();

  const cookies = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string> | undefined),
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  };

  let url = authorize.toString();
  for (let step = 0; step < MAX_SIGN_IN_STEPS; step++) {
    if (url.startsWith(redirectUri)) {
      const callback = new URL(url);
      if (callback.searchParams.get('state') !== state) throw new Error('sign-in: the state came back changed');
      const code = callback.searchParams.get('code');
      if (!code) throw new Error(`sign-in refused: ${callback.searchParams.get('error')} ${callback.search}`);
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: DASHBOARD_CLIENT_ID,
          code,
          redirect_uri: redirectUri,
          code_verifier: codeVerifier,
        }),
      });
      const accessToken = await accessTokenFrom(response.clone(), 'authorization_code exchange');
      const { id_token: idToken } = (await response.json()) as { id_token?: string };
      return { accessToken, idToken };
    }
    let response = await send(url);
    const interaction = /\/interaction\/[^/?#]+$/.exec(new URL(url).pathname);
    if (interaction && response.status === 200) {
      const page = await response.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      const form =
        prompt === 'login'
          ? new URLSearchParams({ prompt, login: account, password: 'any' })
          : new URLSearchParams({ prompt: prompt ?? 'consent' });
      response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`sign-in stopped at ${new URL(url).pathname}: HTTP ${response.status}`);
    }
    url = new URL(location, url).toString();
  }
  throw new Error(`sign-in did not reach ${redirectUri} in ${MAX_SIGN_IN_STEPS} steps`);
}

/**
 * An admin token with the provider's issuer and audience, signed by a fresh key the issuer does not
 * publish (`kid`): a forgery the API must refuse as unknown_key.
 */
export async function forgedToken(
  provider: Pick<OidcTestProvider, 'issuer' | 'audience'>,
  kid: string,
): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT({ roles: ['admin'] })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(provider.issuer)
    .setAudience(provider.audience)
    .setSubject('mallory')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
}

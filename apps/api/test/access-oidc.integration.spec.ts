// AUTH_MODE=oidc against the real app and a real OpenID provider (oidc-provider in a child process):
// access tokens on REST and on the WebSocket upgrade, roles from the token's claim, every refusal, and
// API keys still accepted for machines.
import type { INestApplication } from '@nestjs/common';
import WebSocket from 'ws';

import { generateApiKey } from '../src/auth/access-roles';
import { forgedToken, type OidcTestProvider, startOidcProvider } from './support/oidc-provider/start-oidc-provider';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';

const ADMIN_KEY = generateApiKey();

function upgrade(url: string, headers?: Record<string, string>) {
  return new Promise<{ status: number; socket: WebSocket | null }>((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, socket: null });
      socket.terminate();
    });
    socket.once('open', () => resolve({ status: 101, socket }));
    socket.once('error', () => undefined);
  });
}

describe('access control (AUTH_MODE=oidc) with a real OpenID provider', () => {
  let stack: TestStack;
  let provider: OidcTestProvider;
  let api: { app: INestApplication; url: string; wsUrl: string };
  const open: WebSocket[] = [];
  const get = (path: string, token?: string) =>
    fetch(`${api.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const status = async (path: string, token?: string) => (await get(path, token)).status;

  beforeAll(async () => {
    [stack, provider] = await Promise.all([startTestStack(), startOidcProvider({ shortAccessTokenTtlSeconds: 1 })]);
    api = await startApi(stack, {
      AUTH_MODE: 'oidc',
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_AUDIENCE: provider.audience,
      OIDC_CLIENT_ID: provider.dashboardClientId,
      ADMIN_API_KEY: ADMIN_KEY,
    });
  });

  afterAll(async () => {
    for (const s of open) s.terminate();
    await api?.app.close();
    await Promise.all([stack?.stop(), provider?.stop()]);
    for (const k of ['AUTH_MODE', 'OIDC_ISSUER_URL', 'OIDC_AUDIENCE', 'OIDC_CLIENT_ID', 'ADMIN_API_KEY'])
      delete process.env[k];
  });

  it('maps the token role claim to the routes: admin, viewer, and no role at all', async () => {
    const alice = await provider.tokenFor({ account: 'alice' });
    const victor = await provider.tokenFor({ account: 'victor' });
    const nora = await provider.tokenFor({ account: 'nora' });
    expect(await status('/api/monitor/admin/keys', alice)).toBe(200);
    expect(await status('/api/monitor/stats', victor)).toBe(200);
    expect(await status('/api/monitor/admin/keys', victor)).toBe(403);
    expect(await status('/api/monitor/stats', nora)).toBe(403);
    expect(await (await get('/api/monitor/auth/config')).json()).toEqual({
      mode: 'oidc',
      oidc: { issuer: provider.issuer, clientId: provider.dashboardClientId, audience: provider.audience },
    });
    const me = (await (await get('/api/monitor/auth/me', victor)).json()) as Record<string, unknown>;
    expect(me).toMatchObject({
      mode: 'oidc',
      principal: { kind: 'oidc', role: 'viewer' },
      oidc: { issuer: provider.issuer, clientId: provider.dashboardClientId, audience: provider.audience },
    });
  });

  it('refuses a token for another audience, an expired one and one signed by an unknown key', async () => {
    const other = await provider.tokenFor({ account: 'alice', resource: provider.otherAudience });
    const refused = await get('/api/monitor/stats', other);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toMatch(/wrong_audience/);
    const short = await provider.tokenFor({ account: 'victor', shortLived: true });
    await eventually(async () => expect(await status('/api/monitor/stats', short)).toBe(401), 30_000, 250);
    const forged = await forgedToken(provider, 'not-published');
    const forgedAnswer = await get('/api/monitor/stats', forged);
    expect(forgedAnswer.status).toBe(401);
    expect(((await forgedAnswer.json()) as { message: string }).message).toMatch(/unknown_key/);
  });

  it('accepts the sign-in of a person (authorization code + PKCE) and the same token on the WebSocket', async () => {
    const { accessToken } = await provider.signInWithAuthorizationCode('alice');
    expect(await status('/api/monitor/admin/keys', accessToken)).toBe(200);
    const byHeader = await upgrade(api.wsUrl, { Authorization: `Bearer ${accessToken}` });
    expect(byHeader.status).toBe(101);
    open.push(byHeader.socket as WebSocket);
    const ticket = (await (
      await fetch(`${api.url}/api/monitor/auth/ws-ticket`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}` },
      })
    ).json()) as { ticket: string };
    const byTicket = await upgrade(`${api.wsUrl}?ticket=${ticket.ticket}`);
    expect(byTicket.status).toBe(101);
    open.push(byTicket.socket as WebSocket);
    expect(
      (await upgrade(api.wsUrl, { Authorization: `Bearer ${await provider.tokenFor({ account: 'nora' })}` })).status,
    ).toBe(403);
    expect((await upgrade(api.wsUrl)).status).toBe(401);
  });

  it('still takes API keys (machines) in oidc mode', async () => {
    expect(await status('/api/monitor/admin/keys', ADMIN_KEY)).toBe(200);
    expect(await status('/api/monitor/stats', generateApiKey())).toBe(401);
  });
});

import { type ExecutionContext, HttpException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import type { AppConfig } from '../config/app-config';
import { MetricsAccess, Public, RequireRole } from './access.decorators';
import { AccessGuard, type AuthenticatedRequest } from './access.guard';
import { AccessControl } from './access-control.service';
import { generateApiKey, hashApiKey } from './access-roles';
import type { AccessStore } from './store/access-store.service';

class Routes {
  @Public() live() {
    return 'live';
  }
  @RequireRole('admin') keys() {
    return 'keys';
  }
  stats() {
    return 'stats';
  }
  @MetricsAccess() metrics() {
    return 'metrics';
  }
}

const viewerKey = generateApiKey();
const store = {
  keyById: async (id: string) =>
    id === hashApiKey(viewerKey)
      ? { _id: id, name: 'reader', role: 'viewer', expiresAt: null, hint: '', createdAt: new Date() }
      : null,
  touchKey: async () => undefined,
} as unknown as AccessStore;

function guardFor(config: Partial<AppConfig>) {
  const full = { authMode: 'keys', keyRateLimitPerMinute: 0, metricsToken: null, oidc: null, ...config } as AppConfig;
  return new AccessGuard(new AccessControl(store, full), new Reflector(), full);
}

function call(guard: AccessGuard, route: keyof Routes, headers: Record<string, string> = {}) {
  const req = { headers, ip: '10.0.0.1' } as unknown as AuthenticatedRequest;
  const responseHeaders: Record<string, string> = {};
  const context = {
    getType: () => 'http',
    getHandler: () => Routes.prototype[route],
    getClass: () => Routes,
    switchToHttp: () => ({
      getRequest: () => req,
      getResponse: () => ({ setHeader: (k: string, v: string) => (responseHeaders[k] = v) }),
    }),
  } as unknown as ExecutionContext;
  return Promise.resolve()
    .then(() => guard.canActivate(context))
    .then(
      (ok) => ({ ok, status: 200, req, responseHeaders }),
      (err: HttpException) => ({ ok: false, status: err.getStatus(), req, responseHeaders }),
    );
}

describe('AccessGuard', () => {
  it('lets everything through as the anonymous admin in AUTH_MODE=off', async () => {
    const guard = guardFor({ authMode: 'off' });
    const result = await call(guard, 'keys');
    expect(result).toMatchObject({ ok: true, req: { principal: { kind: 'anonymous', role: 'admin' } } });
  });

  it('keeps probes public, and asks the rest for a credential with the role of the route', async () => {
    const guard = guardFor({});
    expect(await call(guard, 'live')).toMatchObject({ ok: true });
    const none = await call(guard, 'stats');
    expect(none).toMatchObject({ status: 401, responseHeaders: { 'WWW-Authenticate': 'Bearer' } });
    expect(await call(guard, 'stats', { 'x-api-key': viewerKey })).toMatchObject({
      ok: true,
      req: { principal: { kind: 'key', name: 'reader', role: 'viewer' } },
    });
    expect(await call(guard, 'keys', { authorization: `Bearer ${viewerKey}` })).toMatchObject({ status: 403 });
  });

  it('gives /metrics to METRICS_TOKEN alone, in every mode', async () => {
    const token = 'scrape-token-0123456789';
    for (const authMode of ['off', 'keys'] as const) {
      const guard = guardFor({ authMode, metricsToken: token });
      expect(await call(guard, 'metrics', { authorization: `Bearer ${token}` })).toMatchObject({ ok: true });
      expect(await call(guard, 'metrics')).toMatchObject({ status: 401 });
    }
    expect(await call(guardFor({}), 'metrics', { authorization: `Bearer ${viewerKey}` })).toMatchObject({ ok: true });
  });

  it('answers 429 with Retry-After beyond the per-key limit', async () => {
    const guard = guardFor({ keyRateLimitPerMinute: 1 });
    expect(await call(guard, 'stats', { 'x-api-key': viewerKey })).toMatchObject({ ok: true });
    const limited = await call(guard, 'stats', { 'x-api-key': viewerKey });
    expect(limited.status).toBe(429);
    expect(Number(limited.responseHeaders['Retry-After'])).toBeGreaterThan(0);
  });
});

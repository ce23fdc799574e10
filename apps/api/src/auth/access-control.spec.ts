import type { AppConfig } from '../config/app-config';
import { AccessControl, isRefusal } from './access-control.service';
import { ANONYMOUS, generateApiKey, hashApiKey, type Principal } from './access-roles';
import type { AccessStore } from './store/access-store.service';
import type { ApiKeyRecord } from './store/api-key.schema';

function accessWith(records: ApiKeyRecord[], config: Partial<AppConfig> = {}) {
  const reads: string[] = [];
  const audit: unknown[] = [];
  const store = {
    keyById: async (id: string) => {
      reads.push(id);
      return records.find((r) => r._id === id) ?? null;
    },
    touchKey: async () => undefined,
    recordAudit: async (entry: unknown) => void audit.push(entry),
    revokeKey: async (id: string) => records.find((r) => r._id === id) ?? null,
  } as unknown as AccessStore;
  const access = new AccessControl(store, { authMode: 'keys', keyRateLimitPerMinute: 0, ...config } as AppConfig);
  return { access, reads, audit };
}

const record = (key: string, extra: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  _id: hashApiKey(key),
  name: 'k',
  role: 'viewer',
  hint: 'aura_…',
  createdAt: new Date(),
  expiresAt: null,
  lastUsedAt: null,
  lastUsedIp: null,
  createdBy: null,
  ...extra,
});

describe('AccessControl', () => {
  it('lets everyone in as the anonymous admin when AUTH_MODE=off', async () => {
    const { access } = accessWith([], { authMode: 'off' });
    expect(await access.authenticate(null, null)).toBe(ANONYMOUS);
  });

  it('reads a key once, then from memory; a revocation in this process applies at once', async () => {
    const key = generateApiKey();
    const { access, reads, audit } = accessWith([record(key)]);
    for (let i = 0; i < 5; i++) expect(isRefusal(await access.authenticate(key, '10.0.0.1'))).toBe(false);
    expect(reads).toHaveLength(1);
    const revoked: string[] = [];
    access.revocations.subscribe((id) => revoked.push(id));
    await access.revokeKey(hashApiKey(key));
    expect(await access.authenticate(key, null)).toMatchObject({ status: 401 });
    expect(revoked).toEqual([hashApiKey(key)]);
    expect(audit).toEqual([expect.objectContaining({ action: 'key.revoke', actorName: 'anonymous' })]);
  });

  it('refuses an expired key and a role too low', async () => {
    const key = generateApiKey();
    const { access } = accessWith([record(key, { expiresAt: new Date(Date.now() - 1) })]);
    expect(await access.authenticate(key, null)).toMatchObject({
      status: 401,
      message: expect.stringContaining('expired'),
    });
    const viewer: Principal = { kind: 'key', id: 'x', name: 'k', role: 'viewer' };
    expect(access.authorize(viewer, 'admin')).toMatchObject({ status: 403 });
    expect(access.authorize(viewer, 'viewer')).toBeNull();
  });

  it('counts requests per key per minute, each key on its own', () => {
    const { access } = accessWith([], { keyRateLimitPerMinute: 2 });
    const a: Principal = { kind: 'key', id: 'a', name: 'a', role: 'viewer' };
    const b: Principal = { kind: 'key', id: 'b', name: 'b', role: 'viewer' };
    expect(access.countRequest(a, 0)).toBeNull();
    expect(access.countRequest(a, 1)).toBeNull();
    expect(access.countRequest(a, 2)).toMatchObject({ status: 429, retryAfterSeconds: 60 });
    expect(access.countRequest(b, 3)).toBeNull();
    expect(access.countRequest(a, 60_000)).toBeNull();
  });
});

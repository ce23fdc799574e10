import { createHash } from 'node:crypto';

import {
  credentialOf,
  generateApiKey,
  hashApiKey,
  keyDocument,
  keyFromProtocols,
  keyHint,
  looksLikeApiKey,
  roleAtLeast,
  WS_PROTOCOL,
} from './access-roles';

describe('API keys', () => {
  it('are 256 random bits behind a recognisable prefix, never twice the same', () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(looksLikeApiKey(key)).toBe(true);
    expect(Buffer.from(generateApiKey().slice(5), 'base64url')).toHaveLength(32);
    expect(looksLikeApiKey('aura_short')).toBe(false);
    expect(looksLikeApiKey('eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBe(false);
  });

  it('are stored as their SHA-256 only, with a hint that does not give them away', () => {
    const key = 'aura_' + 'A'.repeat(43);
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).not.toBe(hashApiKey(key.replace(/A$/, 'B')));
    expect(keyHint(key)).toBe('aura_AAAA…');
    const doc = keyDocument(key, { name: 'ops', role: 'admin', expiresAt: null, createdBy: 'test' });
    expect(doc._id).toBe(hashApiKey(key));
    expect(JSON.stringify(doc)).not.toContain(key);
  });
});

describe('credentials', () => {
  const key = generateApiKey();

  it('come from X-API-Key or a bearer Authorization header', () => {
    expect(credentialOf({ 'x-api-key': ` ${key} ` })).toBe(key);
    expect(credentialOf({ authorization: `Bearer ${key}` })).toBe(key);
    expect(credentialOf({ authorization: `bearer ${key}` })).toBe(key);
    expect(credentialOf({ authorization: `Basic ${key}` })).toBeNull();
    expect(credentialOf({})).toBeNull();
  });

  it('come as a WebSocket subprotocol next to aura.v1', () => {
    expect(keyFromProtocols([WS_PROTOCOL, key])).toBe(key);
    expect(keyFromProtocols([WS_PROTOCOL])).toBeNull();
    expect(keyFromProtocols(['chat', 'aura_nope'])).toBeNull();
  });
});

describe('roles', () => {
  it('are ordered viewer < operator < admin', () => {
    expect(roleAtLeast('admin', 'viewer')).toBe(true);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
    expect(roleAtLeast('operator', 'admin')).toBe(false);
  });
});

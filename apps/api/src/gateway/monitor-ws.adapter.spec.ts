import type { IncomingMessage } from 'node:http';

import { clientIp, compileTrust } from './client-ip';
import { decideUpgrade, OpenConnections } from './monitor-ws.adapter';

describe('decideUpgrade', () => {
  const allowed = ['http://localhost:4200'];
  it('lets in an allowed browser origin and clients without Origin', () => {
    expect(decideUpgrade('http://localhost:4200', allowed, 0, 10)).toEqual({ ok: true });
    expect(decideUpgrade(undefined, allowed, 0, 10)).toEqual({ ok: true });
    expect(decideUpgrade('https://evil.example', ['*'], 0, 10)).toEqual({ ok: true });
  });
  it('refuses another origin with 403 and a full server with 503', () => {
    expect(decideUpgrade('https://evil.example', allowed, 0, 10)).toMatchObject({ ok: false, status: 403 });
    expect(decideUpgrade(undefined, allowed, 10, 10)).toMatchObject({
      ok: false,
      status: 503,
      reason: expect.stringContaining('MAX_CLIENTS'),
    });
  });
  it('refuses an address at MAX_CLIENTS_PER_IP with 429', () => {
    expect(decideUpgrade(undefined, allowed, 3, 10, { clients: 1, max: 2 })).toEqual({ ok: true });
    expect(decideUpgrade(undefined, allowed, 3, 10, { clients: 2, max: 2 })).toMatchObject({
      ok: false,
      status: 429,
      reason: expect.stringContaining('MAX_CLIENTS_PER_IP'),
    });
  });
});

describe('OpenConnections', () => {
  it('counts until each socket closes, once, and forgets an address with none', () => {
    const perIp = new OpenConnections();
    const releases: (() => void)[] = [];
    perIp.add('10.0.0.1', (r) => releases.push(r));
    perIp.add('10.0.0.1', (r) => releases.push(r));
    perIp.add('10.0.0.2', (r) => releases.push(r));
    expect(perIp.of('10.0.0.1')).toBe(2);
    releases[0]?.();
    releases[0]?.();
    expect(perIp.of('10.0.0.1')).toBe(1);
    releases[1]?.();
    releases[2]?.();
    expect(perIp.addresses).toBe(0);
  });
});

describe('clientIp (the Express trust rule)', () => {
  const req = (remoteAddress: string, xff?: string) =>
    ({
      socket: { remoteAddress },
      connection: { remoteAddress },
      headers: xff ? { 'x-forwarded-for': xff } : {},
    }) as unknown as IncomingMessage;

  it('takes X-Forwarded-For only from a trusted proxy', () => {
    const loopback = compileTrust(['loopback']);
    expect(clientIp(req('127.0.0.1', '203.0.113.7'), loopback)).toBe('203.0.113.7');
    expect(clientIp(req('198.51.100.2', '203.0.113.7'), loopback)).toBe('198.51.100.2');
    expect(clientIp(req('127.0.0.1'), loopback)).toBe('127.0.0.1');
    expect(clientIp(req('127.0.0.1', '203.0.113.7'), compileTrust(false))).toBe('127.0.0.1');
  });

  it('with a named proxy, a forged entry before it is not the client; with a hop count, the nth from the end', () => {
    const nginx = compileTrust(['172.29.57.10']);
    expect(clientIp(req('172.29.57.10', '6.6.6.6, 203.0.113.7'), nginx)).toBe('203.0.113.7');
    expect(clientIp(req('172.29.57.10', '6.6.6.6, 203.0.113.7'), compileTrust(1))).toBe('203.0.113.7');
    expect(clientIp(req('172.29.57.10', '6.6.6.6, 203.0.113.7'), compileTrust(2))).toBe('6.6.6.6');
  });
});

import { decideUpgrade } from './monitor-ws.adapter';

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
});

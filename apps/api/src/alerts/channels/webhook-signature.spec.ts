import { signatureHeader, signWebhook, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'whsec_test_secret_0123456789';
const OLD = 'whsec_previous_secret_98765';
const BODY = '{"hello":"world"}';
const TS = 1_700_000_000;
const AT_TS = TS * 1000;

describe('signWebhook', () => {
  it('is HMAC-SHA256 over "timestamp.body" in hex (the documented vector, checked with openssl)', () => {
    expect(signWebhook(SECRET, TS, BODY)).toBe('d12786d8d6aa381a25aeb619c97a361aa6e18dccc979554c0189241492ab49b5');
  });

  it('signs the same bytes whether the body is a string or a Buffer', () => {
    expect(signWebhook(SECRET, String(TS), Buffer.from(BODY))).toBe(signWebhook(SECRET, TS, BODY));
  });

  it('puts one v1= per secret in the header, the current one first', () => {
    const header = signatureHeader([SECRET, OLD], TS, BODY);
    expect(header).toBe(`v1=${signWebhook(SECRET, TS, BODY)}, v1=${signWebhook(OLD, TS, BODY)}`);
  });
});

describe('verifyWebhookSignature', () => {
  const header = signatureHeader([SECRET, OLD], TS, BODY);
  const verify = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
    verifyWebhookSignature({ header, timestamp: String(TS), body: BODY, secrets: [SECRET], now: AT_TS, ...over });

  it('accepts a request signed with either secret during a rotation', () => {
    expect(verify({ secrets: [SECRET] })).toEqual({ ok: true });
    expect(verify({ secrets: [OLD] })).toEqual({ ok: true });
    expect(verify({ header: signatureHeader([OLD], TS, BODY), secrets: [SECRET, OLD] })).toEqual({ ok: true });
  });

  it('refuses a signature made with another secret', () => {
    expect(verify({ secrets: ['not-the-secret-at-all'] })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify({ secrets: [] })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a changed body or timestamp', () => {
    expect(verify({ body: '{"hello":"World"}' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify({ timestamp: String(TS + 1), now: AT_TS })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses timestamps beyond the tolerance either way, and accepts them at the edge', () => {
    expect(verify({ now: (TS + 300) * 1000 })).toEqual({ ok: true });
    expect(verify({ now: (TS + 301) * 1000 })).toEqual({ ok: false, reason: 'stale' });
    expect(verify({ now: (TS - 301) * 1000 })).toEqual({ ok: false, reason: 'future' });
    expect(verify({ now: new Date((TS + 30) * 1000), toleranceSeconds: 10 })).toEqual({ ok: false, reason: 'stale' });
  });

  it('tells missing and malformed headers apart from a mismatch', () => {
    expect(verify({ header: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(verify({ header: '' })).toEqual({ ok: false, reason: 'missing' });
    expect(verify({ timestamp: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(verify({ timestamp: '17e8' })).toEqual({ ok: false, reason: 'malformed' });
    expect(verify({ header: 'v1=abc' })).toEqual({ ok: false, reason: 'malformed' });
    expect(verify({ header: signWebhook(SECRET, TS, BODY) })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('ignores signatures of other versions beside a valid v1, and takes a repeated header as a list', () => {
    expect(verify({ header: `v0=deadbeef, ${header}` })).toEqual({ ok: true });
    expect(verify({ header: ['v2=zzz', `v1=${signWebhook(SECRET, TS, BODY)}`] })).toEqual({ ok: true });
  });

  it('reads the clock when no now is given', () => {
    const ts = Math.floor(Date.now() / 1000);
    const fresh = signatureHeader([SECRET], ts, BODY);
    expect(verifyWebhookSignature({ header: fresh, timestamp: ts, body: BODY, secrets: [SECRET] })).toEqual({
      ok: true,
    });
  });
});

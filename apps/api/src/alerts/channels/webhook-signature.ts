// The webhook channel's signature: `X-Aura-Signature: v1=<hex>` where hex is HMAC-SHA256(secret,
// `${timestamp}.${body}`) over the raw body bytes, and `X-Aura-Timestamp` is the signing time in Unix
// seconds. Signing the timestamp with the body lets a receiver refuse a replayed request once it is
// older than its tolerance; during a secret rotation the header carries one `v1=` per secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Aura-Signature';
export const TIMESTAMP_HEADER = 'X-Aura-Timestamp';
export const IDEMPOTENCY_HEADER = 'X-Aura-Idempotency-Key';
export const SIGNATURE_VERSION = 'v1';
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The hex HMAC-SHA256 of `${timestamp}.${body}` under `secret`. */
export function signWebhook(secret: string, timestamp: number | string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The X-Aura-Signature value for a request signed with each of `secrets` (the current one first). */
export function signatureHeader(secrets: readonly string[], timestamp: number | string, body: string | Buffer): string {
  return secrets.map((secret) => `${SIGNATURE_VERSION}=${signWebhook(secret, timestamp, body)}`).join(', ');
}

export interface VerifyWebhookSignatureInput {
  /** The X-Aura-Signature header as received (one or more `v1=<hex>`, comma-separated). */
  header: string | string[] | null | undefined;
  /** The X-Aura-Timestamp header as received (Unix seconds). */
  timestamp: string | number | null | undefined;
  /** The raw request body, exactly as received: a re-serialised JSON object would not match. */
  body: string | Buffer;
  /** The secrets to accept: during a rotation, the new one and the old one. */
  secrets: readonly string[];
  toleranceSeconds?: number;
  /** The receiver's clock: a Date, or milliseconds since the epoch (Date.now()). */
  now?: Date | number;
}

export type VerifyWebhookSignatureResult =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'future' | 'mismatch' };

/**
 * Checks a received webhook: the timestamp within `toleranceSeconds` of `now` either way (a replay is
 * refused once it is old; a clock far ahead is refused too), and one `v1=` signature equal, in constant
 * time, to the HMAC under one of `secrets`. Signatures of other versions are ignored, not failed on, so
 * a later scheme can be added beside v1.
 */
export function verifyWebhookSignature(input: VerifyWebhookSignatureInput): VerifyWebhookSignatureResult {
  const header = Array.isArray(input.header) ? input.header.join(',') : input.header;
  if (header === null || header === undefined || header === '') return { ok: false, reason: 'missing' };
  if (input.timestamp === null || input.timestamp === undefined || input.timestamp === '') {
    return { ok: false, reason: 'missing' };
  }
  const timestamp = String(input.timestamp).trim();
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed' };

  const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  const nowMs = input.now === undefined ? Date.now() : typeof input.now === 'number' ? input.now : input.now.getTime();
  const age = Math.floor(nowMs / 1000) - Number(timestamp);
  if (age > tolerance) return { ok: false, reason: 'stale' };
  if (age < -tolerance) return { ok: false, reason: 'future' };

  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const [version, value] = part.trim().split('=', 2);
    if (version === SIGNATURE_VERSION && value !== undefined && /^[0-9a-f]{64}$/i.test(value)) {
      candidates.push(Buffer.from(value, 'hex'));
    }
  }
  if (candidates.length === 0) return { ok: false, reason: 'malformed' };

  let matched = false;
  // Every pair is compared, not the first match only: the time taken does not tell which secret matched.
  for (const secret of input.secrets) {
    if (secret === '') continue;
    const expected = Buffer.from(signWebhook(secret, timestamp, input.body), 'hex');
    for (const candidate of candidates) {
      if (timingSafeEqual(expected, candidate)) matched = true;
    }
  }
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}

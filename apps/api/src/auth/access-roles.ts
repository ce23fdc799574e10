// Roles, credentials and API keys: pure, shared by the guard, the WebSocket upgrade and `npm run keys`.
import { createHash, randomBytes } from 'node:crypto';

/** viewer reads REST and the WebSocket; operator also manages alert rules; admin also manages keys. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const AUTH_MODES = ['off', 'keys', 'oidc'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` may do what `needed` may. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Who a request or a socket acts as. */
export interface Principal {
  /** anonymous: AUTH_MODE=off (everyone may do everything, as the local stack always did). */
  kind: 'anonymous' | 'key' | 'oidc' | 'metrics-token';
  /** The key's id (its hash), the token's subject, or null. */
  id: string | null;
  name: string;
  role: Role;
  /** When the credential stops being valid (ms since the epoch); null or absent: never. */
  expiresAt?: number | null;
}

export const ANONYMOUS: Principal = { kind: 'anonymous', id: null, name: 'anonymous', role: 'admin' };

/** The prefix every key starts with: recognisable in a leaked config, and told apart from a JWT. */
export const KEY_PREFIX = 'aura_';
const KEY_RE = /^aura_[A-Za-z0-9_-]{43}$/;

/** A new API key: 256 random bits, base64url, shown once. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_RE.test(value);
}

/**
 * How a key is stored and looked up: SHA-256, hex. Keys are random, so a slow password hash would buy
 * nothing and cost every request; the hash is the document id.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What may be shown of a key after its creation: its first characters (to tell keys apart). */
export function keyHint(key: string): string {
  return `${key.slice(0, KEY_PREFIX.length + 4)}…`;
}

/** The credential a request carries, if any: `Authorization: Bearer <key or token>` or `X-API-Key`. */
export function credentialOf(headers: Record<string, string | string[] | undefined>): string | null {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return apiKey.trim();
  const authorization = headers['authorization'];
  if (typeof authorization === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (m?.[1]) return m[1];
  }
  return null;
}

/** The WebSocket subprotocol a client names the protocol with; a key may follow it in the offer. */
export const WS_PROTOCOL = 'aura.v1';

/**
 * The key a WebSocket client offers as a subprotocol (`Sec-WebSocket-Protocol: aura.v1, <key>`): the
 * server selects `aura.v1` and never echoes the key.
 */
export function keyFromProtocols(protocols: Iterable<string>): string | null {
  for (const p of protocols) if (p !== WS_PROTOCOL && looksLikeApiKey(p)) return p;
  return null;
}

/** What a new key is given: a name, a role, an optional expiry, and who made it. */
export interface KeySpec {
  name: string;
  role: Role;
  expiresAt: Date | null;
  createdBy: string | null;
}

/** The stored document of a key (collection api_keys): the key itself is not in it, only its hash. */
export function keyDocument(key: string, spec: KeySpec, now = new Date()) {
  return {
    _id: hashApiKey(key),
    name: spec.name,
    role: spec.role,
    hint: keyHint(key),
    createdAt: now,
    expiresAt: spec.expiresAt,
    lastUsedAt: null as Date | null,
    lastUsedIp: null as string | null,
    createdBy: spec.createdBy,
    revokedAt: null as Date | null,
  };
}

export const API_KEYS_COLLECTION = 'api_keys';
/**
 * When each key was last used, apart from the keys: FerretDB 1.24 can lose one of two concurrent updates of one
 * document, and a use recorded beside a revocation must never undo it (docs/database.md).
 */
export const KEY_USAGE_COLLECTION = 'api_key_usage';

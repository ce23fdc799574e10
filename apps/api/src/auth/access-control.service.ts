import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import { ANONYMOUS, hashApiKey, looksLikeApiKey, type Principal, type Role, roleAtLeast } from './access-roles';
import { OidcTokenError } from './oidc/oidc-token-error';
import { OidcTokenVerifier } from './oidc/oidc-token-verifier';
import { AccessStore, type NewKey } from './store/access-store.service';
import type { ApiKeyRecord, AuditEntryRecord } from './store/api-key.schema';

/** Why a credential was refused: the HTTP status and a message for the client (never the credential). */
export interface Refusal {
  status: 401 | 403 | 429 | 503;
  message: string;
  retryAfterSeconds?: number;
}

export const isRefusal = (value: Principal | Refusal): value is Refusal => 'status' in value;

interface CachedKey {
  record: ApiKeyRecord | null;
  until: number;
  principal?: Principal;
}

/** A key found is remembered this long (a revocation in this process takes effect at once regardless). */
const KEY_CACHE_MS = 10_000;
/** An unknown key is remembered this long, so a client retrying a bad key does not read the database each time. */
const UNKNOWN_KEY_CACHE_MS = 2_000;
/** Last-used time and address are written at most this often per key. */
const TOUCH_INTERVAL_MS = 60_000;
const CACHE_LIMIT = 10_000;

/**
 * Who may do what. AUTH_MODE=off: everyone is the anonymous admin (the local stack, as it always was).
 * keys: a request or socket needs an API key, looked up by its SHA-256 in the store and remembered
 * briefly in memory, so a request costs a hash and a map read. oidc: an access token of the company's
 * identity provider (checked against its published keys), or an API key (machines).
 */
@Injectable()
export class AccessControl implements OnModuleInit {
  private readonly logger = new Logger(AccessControl.name);
  private readonly cache = new Map<string, CachedKey>();
  private readonly touched = new Map<string, number>();
  /** Keys revoked by this process (a lookup in flight at the time must not bring one back). */
  private readonly revokedAt = new Map<string, number>();
  /** Key → id (SHA-256) for keys that were valid lately; only looked-up keys get in (bounded). */
  private readonly ids = new Map<string, string>();
  private readonly hits = new Map<string, { windowStart: number; count: number }>();
  private readonly revoked = new Subject<string>();
  /** Ids of keys revoked in this process (the gateway closes their sockets). */
  readonly revocations: Observable<string> = this.revoked.asObservable();

  /** AUTH_MODE=oidc: checks access tokens against the issuer's published keys. */
  private readonly oidc: OidcTokenVerifier | null;

  constructor(
    private readonly store: AccessStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.oidc = config.oidc
      ? new OidcTokenVerifier({
          issuerUrl: config.oidc.issuerUrl,
          audience: config.oidc.audience,
          roleClaim: config.oidc.roleClaim,
        })
      : null;
  }

  get mode(): AppConfig['authMode'] {
    return this.config.authMode;
  }

  /** Where people sign in (AUTH_MODE=oidc), for the dashboard; null otherwise. */
  get signIn(): { issuer: string; clientId: string | null; audience: string } | null {
    const oidc = this.config.oidc;
    return oidc ? { issuer: oidc.issuerUrl, clientId: oidc.clientId, audience: oidc.audience } : null;
  }

  get enabled(): boolean {
    return this.config.authMode !== 'off';
  }

  async onModuleInit(): Promise<void> {
    const key = this.config.adminApiKey;
    if (!key) return;
    const stored = await this.store.ensureKey(key, {
      name: 'ADMIN_API_KEY',
      role: 'admin',
      expiresAt: null,
      createdBy: 'ADMIN_API_KEY',
    });
    if (stored === 'stored') this.logger.log('stored the admin key given by ADMIN_API_KEY');
    if (stored === 'revoked')
      this.logger.warn('the key in ADMIN_API_KEY was revoked: it stays refused (remove it from the environment)');
  }

  /**
   * The principal of an API key remembered from a recent lookup (or a refusal), without a promise:
   * null when the store must be asked (then `authenticate`). A request with a known key costs map reads.
   */
  authenticateFromMemory(credential: string | null, ip: string | null): Principal | Refusal | null {
    if (credential === null) return null;
    const id = this.ids.get(credential);
    if (id === undefined) return null;
    const cached = this.cache.get(id);
    const now = Date.now();
    if (!cached || cached.until <= now) return null;
    return this.principalOf(id, cached.record, ip, now, cached);
  }

  /** The principal a credential names, or why not. */
  async authenticate(credential: string | null, ip: string | null): Promise<Principal | Refusal> {
    if (!this.enabled) return ANONYMOUS;
    if (credential === null)
      return {
        status: 401,
        message: 'a credential is required: send Authorization: Bearer <API key> or X-API-Key: <API key>',
      };
    if (!looksLikeApiKey(credential)) {
      if (this.oidc && credential.split('.').length === 3) return this.verifyAccessToken(this.oidc, credential);
      return {
        status: 401,
        message: this.oidc
          ? 'the credential is neither an API key of this monitor (aura_…) nor an access token (JWT)'
          : 'the credential is not an API key of this monitor (aura_…)',
      };
    }
    const id = this.idOf(credential);
    return this.principalOf(id, await this.keyRecord(id), ip);
  }

  private principalOf(
    id: string,
    record: ApiKeyRecord | null,
    ip: string | null,
    now = Date.now(),
    cached?: CachedKey,
  ): Principal | Refusal {
    if (!record) return { status: 401, message: 'unknown or revoked API key' };
    if (record.expiresAt && record.expiresAt.getTime() <= now)
      return { status: 401, message: `API key "${record.name}" expired at ${record.expiresAt.toISOString()}` };
    this.touch(id, ip, now);
    // One principal object per remembered key, not one per request.
    const principal: Principal = {
      kind: 'key',
      id,
      name: record.name,
      role: record.role,
      expiresAt: record.expiresAt?.getTime() ?? null,
    };
    if (cached) return (cached.principal ??= principal);
    return principal;
  }

  /** The key's id (its SHA-256), remembered per key so a busy key is hashed once, not per request. */
  private idOf(key: string): string {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = hashApiKey(key);
      if (this.ids.size >= CACHE_LIMIT) this.ids.clear();
      this.ids.set(key, id);
    }
    return id;
  }

  /** An OIDC access token: a person (or a service) of the company's identity provider. */
  private async verifyAccessToken(verifier: OidcTokenVerifier, token: string): Promise<Principal | Refusal> {
    try {
      const { subject, name, role, expiresAt } = await verifier.verify(token);
      return { kind: 'oidc', id: `oidc:${subject}`, name, role, expiresAt };
    } catch (err) {
      if (!(err instanceof OidcTokenError)) throw err;
      if (err.reason === 'issuer_unreachable') {
        this.logger.warn(`OIDC issuer unreachable: ${err.message}`);
        return { status: 503, message: 'the identity provider cannot be reached to check the token: retry shortly' };
      }
      // Authenticated but granted nothing: forbidden rather than unknown.
      if (err.reason === 'no_role') return { status: 403, message: err.message };
      return { status: 401, message: `access token refused (${err.reason}): ${err.message}` };
    }
  }

  /** 403 when the principal's role is below `needed`. */
  authorize(principal: Principal, needed: Role): Refusal | null {
    if (roleAtLeast(principal.role, needed)) return null;
    return {
      status: 403,
      message: `this needs the ${needed} role; the credential "${principal.name}" has ${principal.role}`,
    };
  }

  /** REST requests per key per minute (KEY_RATE_LIMIT_PER_MINUTE; 0: no limit): a 429 beyond it. */
  countRequest(principal: Principal, now = Date.now()): Refusal | null {
    const limit = this.config.keyRateLimitPerMinute;
    if (!limit || principal.id === null) return null;
    let window = this.hits.get(principal.id);
    if (!window || now - window.windowStart >= 60_000) {
      window = { windowStart: now, count: 0 };
      this.hits.set(principal.id, window);
    }
    if (++window.count <= limit) return null;
    return {
      status: 429,
      message: `more than ${limit} requests a minute with the credential "${principal.name}" (KEY_RATE_LIMIT_PER_MINUTE)`,
      retryAfterSeconds: Math.max(1, Math.ceil((window.windowStart + 60_000 - now) / 1000)),
    };
  }

  /** Creates a key; the action is written to the audit log with who did it, from where. */
  async createKey(
    spec: NewKey,
    actor: Principal = ANONYMOUS,
    ip: string | null = null,
  ): Promise<{ key: string; record: ApiKeyRecord }> {
    const created = await this.store.createKey(spec);
    await this.audit(
      actor,
      'key.create',
      `${created.record.name} (${created.record.role}, ${created.record._id.slice(0, 12)}…)`,
      ip,
    );
    return created;
  }

  /** The newest admin actions, newest first. */
  async auditLog(limit: number): Promise<AuditEntryRecord[]> {
    return this.store.auditEntries(limit);
  }

  private async audit(actor: Principal, action: string, target: string, ip: string | null): Promise<void> {
    await this.store.recordAudit({ at: new Date(), actorKind: actor.kind, actorName: actor.name, action, target, ip });
  }

  listKeys(): Promise<ApiKeyRecord[]> {
    return this.store.listKeys();
  }

  /** Deletes a key: refused from now on, and its open sockets are closed. False when there was none. */
  async revokeKey(id: string, actor: Principal = ANONYMOUS, ip: string | null = null): Promise<ApiKeyRecord | null> {
    this.revokedAt.set(id, Date.now());
    if (this.revokedAt.size > CACHE_LIMIT) this.revokedAt.delete(this.revokedAt.keys().next().value as string);
    const removed = await this.store.revokeKey(id);
    this.cache.set(id, { record: null, until: Date.now() + KEY_CACHE_MS });
    this.revoked.next(id);
    if (removed) await this.audit(actor, 'key.revoke', `${removed.name} (${removed.role}, ${id.slice(0, 12)}…)`, ip);
    return removed;
  }

  /** A single-use ticket for a WebSocket upgrade by a principal that authenticated over REST. */
  issueTicket(principal: Principal): Promise<{ ticket: string; expiresAt: Date }> {
    return this.store.issueTicket(principal, this.config.wsTicketTtlSeconds * 1000);
  }

  /** The principal a ticket was issued to, using it up; a refusal when unknown, used or expired. */
  async redeemTicket(ticket: string): Promise<Principal | Refusal> {
    const row = await this.store.redeemTicket(ticket);
    if (!row) return { status: 401, message: 'unknown, used or expired WebSocket ticket: ask for a new one' };
    // A ticket outlives nothing: its key must still be valid (not revoked, not expired) now.
    if (row.principalId !== null && row.kind === 'key') {
      const principal = this.principalOf(row.principalId, await this.keyRecord(row.principalId), null);
      if (isRefusal(principal))
        return { status: 401, message: `the ticket's key is refused now: ${principal.message}` };
      return principal;
    }
    if (row.credentialExpiresAt && row.credentialExpiresAt.getTime() <= Date.now())
      return { status: 401, message: 'the access token the ticket was issued for has expired: sign in again' };
    return {
      kind: row.kind as Principal['kind'],
      id: row.principalId,
      name: row.name,
      role: row.role,
      expiresAt: row.credentialExpiresAt?.getTime() ?? null,
    };
  }

  private async keyRecord(id: string): Promise<ApiKeyRecord | null> {
    const now = Date.now();
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return cached.record;
    const read = await this.store.keyById(id);
    // Revoked while the read was in flight: the read may predate the deletion.
    const record = this.revokedAt.has(id) ? null : read;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(id, { record, until: now + (record ? KEY_CACHE_MS : UNKNOWN_KEY_CACHE_MS) });
    return record;
  }

  private touch(id: string, ip: string | null, now: number): void {
    if (now - (this.touched.get(id) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.touched.set(id, now);
    this.store.touchKey(id, new Date(now), ip).catch((err: unknown) => {
      this.touched.delete(id);
      this.logger.warn(`could not record the use of key ${id.slice(0, 8)}…: ${(err as Error).message}`);
    });
  }
}

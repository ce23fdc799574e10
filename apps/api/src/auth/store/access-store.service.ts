import { randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

import { generateApiKey, hashApiKey, keyDocument, type KeySpec, type Principal } from '../access-roles';
import { ApiKeyRecord, AuditEntryRecord, KeyUsageRecord, WsTicketRecord } from './api-key.schema';

export type NewKey = KeySpec;

/**
 * The one owner of the access-control collections (api_keys, ws_tickets): AccessControl and the CLI go
 * through it. Lookups are by _id (the hash), an indexed read on MongoDB and FerretDB alike.
 */
@Injectable()
export class AccessStore {
  constructor(
    @InjectModel(ApiKeyRecord.name) private readonly keys: Model<ApiKeyRecord>,
    @InjectModel(WsTicketRecord.name) private readonly tickets: Model<WsTicketRecord>,
    @InjectModel(AuditEntryRecord.name) private readonly audit: Model<AuditEntryRecord>,
    @InjectModel(KeyUsageRecord.name) private readonly usage: Model<KeyUsageRecord>,
  ) {}

  /** Keys with their last use (kept apart: see KEY_USAGE_COLLECTION). */
  private async withUsage(rows: ApiKeyRecord[]): Promise<ApiKeyRecord[]> {
    if (!rows.length) return rows;
    const used = await this.usage.find({ _id: { $in: rows.map((r) => r._id) } }).lean<KeyUsageRecord[]>();
    const byId = new Map(used.map((u) => [u._id, u]));
    return rows.map((r) => {
      const u = byId.get(r._id);
      return u ? { ...r, lastUsedAt: u.lastUsedAt, lastUsedIp: u.lastUsedIp } : r;
    });
  }

  async recordAudit(entry: Omit<AuditEntryRecord, '_id'>): Promise<void> {
    await this.audit.collection.insertOne({
      _id: `${entry.at.toISOString()}:${randomBytes(4).toString('hex')}`,
      ...entry,
    } as never);
  }

  /** The newest `limit` entries, newest first. */
  async auditEntries(limit: number): Promise<AuditEntryRecord[]> {
    const rows = await this.audit.find().lean<AuditEntryRecord[]>();
    return rows.sort((a, b) => (a._id < b._id ? 1 : -1)).slice(0, limit);
  }

  /** Creates a key; the key itself is in the answer only. */
  async createKey(spec: NewKey): Promise<{ key: string; record: ApiKeyRecord }> {
    const key = generateApiKey();
    const record = await this.insertKey(key, spec);
    return { key, record };
  }

  /**
   * Stores a key given from outside (ADMIN_API_KEY) unless stored already, or revoked (its tombstone
   * stays): 'stored' now, 'present' before, or 'revoked'.
   */
  async ensureKey(key: string, spec: NewKey): Promise<'stored' | 'present' | 'revoked'> {
    const existing = await this.keys.findById(hashApiKey(key), { revokedAt: 1 }).lean<{ revokedAt?: Date | null }>();
    if (existing) return existing.revokedAt ? 'revoked' : 'present';
    await this.insertKey(key, spec);
    return 'stored';
  }

  private async insertKey(key: string, spec: NewKey): Promise<ApiKeyRecord> {
    const record: ApiKeyRecord = keyDocument(key, spec);
    await this.keys.collection.insertOne(record as never);
    return record;
  }

  /** The keys not revoked, oldest first. */
  async listKeys(): Promise<ApiKeyRecord[]> {
    const rows = await this.keys.find().lean<ApiKeyRecord[]>();
    return this.withUsage(
      rows.filter((r) => !r.revokedAt).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
    );
  }

  /** A key that is not revoked, by id. */
  async keyById(id: string): Promise<ApiKeyRecord | null> {
    const row = await this.keys.findById(id).lean<ApiKeyRecord>();
    return row && !row.revokedAt ? ((await this.withUsage([row]))[0] ?? null) : null;
  }

  /** Revokes a key (its document stays as a tombstone); the key as it was, or null when none or revoked already. */
  async revokeKey(id: string): Promise<ApiKeyRecord | null> {
    const before = await this.keys
      .findOneAndUpdate({ _id: id }, { $set: { revokedAt: new Date() } })
      .lean<ApiKeyRecord>();
    return before && !before.revokedAt ? before : null;
  }

  async touchKey(id: string, at: Date, ip: string | null): Promise<void> {
    await this.usage.replaceOne({ _id: id }, { lastUsedAt: at, lastUsedIp: ip }, { upsert: true });
  }

  /** A single-use ticket for one WebSocket upgrade, valid for `ttlMs`. */
  async issueTicket(principal: Principal, ttlMs: number): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = randomBytes(24).toString('base64url');
    const now = Date.now();
    const expiresAt = new Date(now + ttlMs);
    // Expired ones go here (FerretDB 1.x has no TTL index): the collection stays as small as the tickets in flight.
    await this.tickets.deleteMany({ expiresAt: { $lt: new Date(now) } });
    await this.tickets.collection.insertOne({
      _id: hashApiKey(ticket),
      principalId: principal.id,
      kind: principal.kind,
      name: principal.name,
      role: principal.role,
      expiresAt,
      credentialExpiresAt: principal.expiresAt ? new Date(principal.expiresAt) : null,
    } as never);
    return { ticket, expiresAt };
  }

  /** Uses a ticket up (atomically: on any process, once); null when unknown, used or expired. */
  async redeemTicket(ticket: string): Promise<WsTicketRecord | null> {
    const row = await this.tickets.findOneAndDelete({ _id: hashApiKey(ticket) }).lean<WsTicketRecord>();
    if (!row || row.expiresAt.getTime() <= Date.now()) return null;
    return row;
  }
}

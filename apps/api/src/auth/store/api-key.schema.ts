import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

import { API_KEYS_COLLECTION, KEY_USAGE_COLLECTION, type Role } from '../access-roles';

/** An API key, stored only as its SHA-256 (the id): the key itself is shown once, at creation. */
@Schema({ collection: API_KEYS_COLLECTION, versionKey: false })
export class ApiKeyRecord {
  /** hashApiKey(key). */
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ required: true, type: String }) role!: Role;
  /** The key's first characters, to tell keys apart in a list. */
  @Prop({ required: true }) hint!: string;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ type: Date, default: null }) expiresAt!: Date | null;
  /** Read from api_key_usage (KeyUsageRecord); older versions stored them here. */
  @Prop({ type: Date, default: null }) lastUsedAt!: Date | null;
  @Prop({ type: String, default: null }) lastUsedIp!: string | null;
  /** Who created it (a key's name, or "ADMIN_API_KEY", or "npm run keys"). */
  @Prop({ type: String, default: null }) createdBy!: string | null;
  /**
   * Set when revoked: the document stays as a tombstone, so a key given in ADMIN_API_KEY is not stored
   * again at the next boot (absent on documents of earlier versions: not revoked).
   */
  @Prop({ type: Date, default: null }) revokedAt?: Date | null;
}
export const ApiKeySchema = SchemaFactory.createForClass(ApiKeyRecord);

/**
 * A single-use WebSocket ticket (browsers cannot set headers on an upgrade, and a key in a URL ends up
 * in proxy logs): stored by its hash, taken with findOneAndDelete, so it works on any process once.
 */
@Schema({ collection: 'ws_tickets', versionKey: false })
export class WsTicketRecord {
  @Prop({ type: String }) _id!: string;
  @Prop({ type: String, default: null }) principalId!: string | null;
  @Prop({ required: true }) kind!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ required: true, type: String }) role!: Role;
  @Prop({ required: true }) expiresAt!: Date;
  /** When the credential the ticket was issued for expires (an OIDC token's exp), or null. */
  @Prop({ type: Date, default: null }) credentialExpiresAt?: Date | null;
}
export const WsTicketSchema = SchemaFactory.createForClass(WsTicketRecord);

/** One admin action (who, what, when, from where): written by AccessControl, read by the admin panel. */
@Schema({ collection: 'audit_log', versionKey: false })
export class AuditEntryRecord {
  /** Time-ordered and unique: ISO time + random suffix (no sort on a scan needed to page newest first). */
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) at!: Date;
  @Prop({ required: true }) actorKind!: string;
  @Prop({ required: true }) actorName!: string;
  /** key.create, key.revoke. */
  @Prop({ required: true }) action!: string;
  /** What it acted on (a key's name and id). */
  @Prop({ required: true }) target!: string;
  @Prop({ type: String, default: null }) ip!: string | null;
}
export const AuditEntrySchema = SchemaFactory.createForClass(AuditEntryRecord);

/** A key's last use, written by its own writer only (never on the key's document: see KEY_USAGE_COLLECTION). */
@Schema({ collection: KEY_USAGE_COLLECTION, versionKey: false })
export class KeyUsageRecord {
  /** The key's id. */
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) lastUsedAt!: Date;
  @Prop({ type: String, default: null }) lastUsedIp!: string | null;
}
export const KeyUsageSchema = SchemaFactory.createForClass(KeyUsageRecord);

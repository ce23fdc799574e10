import {
  BadRequestException,
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  type OnModuleInit,
} from '@nestjs/common';
import * as v from 'valibot';

import {
  type Channel,
  CHANNEL_SECRET_FIELDS,
  type ChannelInput,
  ChannelInputSchema,
  ChannelSettingsSchema,
  describeIssues,
  maskSecret,
} from '@aura/events';

import { newId } from './alert-id';
import { AlertStore } from './store/alert-store.service';
import type { AlertChannelRecord } from './store/schemas/alert-channel.schema';

/** How often channels are read again (another process may have changed them). */
const RELOAD_MS = 5_000;

/** The delivery channels: validated, stored with their secrets, answered masked; cached for the deliverer. */
@Injectable()
export class AlertChannels implements OnModuleInit {
  private readonly logger = new Logger(AlertChannels.name);
  private cache = new Map<string, AlertChannelRecord>();
  private loadedAt = 0;

  constructor(private readonly store: AlertStore) {}

  async onModuleInit(): Promise<void> {
    await this.reload().catch((err: unknown) =>
      this.logger.warn(`alert channels not loaded yet: ${(err as Error).message}`),
    );
  }

  async reload(): Promise<void> {
    const rows = await this.store.allChannels();
    this.cache = new Map(rows.map((r) => [r._id, r]));
    this.loadedAt = Date.now();
  }

  /** The cached channel (read again when stale; the cache answers while the database is down). */
  async get(id: string): Promise<AlertChannelRecord | undefined> {
    if (Date.now() - this.loadedAt > RELOAD_MS) await this.reload().catch(() => undefined);
    return this.cache.get(id);
  }

  cached(id: string): AlertChannelRecord | undefined {
    return this.cache.get(id);
  }

  async list(): Promise<Channel[]> {
    await this.reload();
    return [...this.cache.values()].map(toWire);
  }

  async one(id: string): Promise<Channel> {
    return toWire(await this.require(id));
  }

  async create(body: unknown): Promise<Channel> {
    const input = parseInput(body);
    const now = new Date();
    const record: AlertChannelRecord = {
      _id: newId('ch'),
      name: input.name,
      ...parseSettings(input.settings),
      createdAt: now,
      updatedAt: now,
    };
    await this.store.putChannel(record);
    this.cache.set(record._id, record);
    this.logger.log(`alert channel ${record._id} (${record.type}) created`);
    return toWire(record);
  }

  /** A secret left out (or sent back masked) keeps its stored value. */
  async replace(id: string, body: unknown): Promise<Channel> {
    const existing = await this.require(id);
    const input = parseInput(body);
    const merged: Record<string, unknown> = { ...input.settings };
    const type = (merged['type'] ?? existing.type) as string;
    // null ends a rotation: only the new secret signs from then on.
    const cleared = new Set(
      Object.keys(merged).filter((field) => field === 'previousSecret' && merged[field] === null),
    );
    for (const field of cleared) delete merged[field];
    if (type === existing.type) {
      for (const field of CHANNEL_SECRET_FIELDS[existing.type]) {
        if (cleared.has(field)) continue;
        const given = merged[field];
        const keep = given === undefined || (typeof given === 'string' && given.startsWith('••••'));
        const stored = (existing.settings as unknown as Record<string, unknown>)[field];
        if (keep && stored !== undefined) merged[field] = stored;
      }
    }
    const record: AlertChannelRecord = {
      ...existing,
      name: input.name,
      ...parseSettings(merged),
      updatedAt: new Date(),
    };
    await this.store.putChannel(record);
    this.cache.set(id, record);
    return toWire(record);
  }

  async remove(id: string, usedBy: string[]): Promise<void> {
    await this.require(id);
    if (usedBy.length)
      throw new ConflictException(`channel ${id} is used by rule(s) ${usedBy.join(', ')}: take it out of them first`);
    await this.store.deleteChannel(id);
    this.cache.delete(id);
  }

  async require(id: string): Promise<AlertChannelRecord> {
    const row = (await this.store.allChannels()).find((c) => c._id === id);
    if (!row) throw new NotFoundException(`no alert channel ${id}`);
    this.cache.set(id, row);
    return row;
  }
}

function parseInput(body: unknown): ChannelInput {
  const parsed = v.safeParse(ChannelInputSchema, body);
  if (!parsed.success) throw new BadRequestException(describeIssues('body', parsed.issues).join('; '));
  return parsed.output;
}

function parseSettings(settings: unknown): Pick<AlertChannelRecord, 'type' | 'settings'> {
  const parsed = v.safeParse(ChannelSettingsSchema, settings);
  if (!parsed.success) throw new BadRequestException(describeIssues('body.settings', parsed.issues).join('; '));
  return { type: parsed.output.type, settings: parsed.output };
}

export function toWire(record: AlertChannelRecord): Channel {
  const settings: Record<string, unknown> = { ...(record.settings as unknown as Record<string, unknown>) };
  for (const field of CHANNEL_SECRET_FIELDS[record.type]) {
    const value = settings[field];
    if (typeof value === 'string') settings[field] = maskSecret(value);
  }
  return {
    id: record._id,
    name: record.name,
    type: record.type,
    settings,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

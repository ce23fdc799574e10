import * as v from 'valibot';

import {
  type Channel,
  CHANNEL_SECRET_FIELDS,
  ChannelInputSchema,
  ChannelSettingsSchema,
  type ChannelType,
  describeIssues,
} from '@aura/events';

import type { ChannelRequest } from './alerts-api.service';
import { type CheckedDraft, type FieldErrors, fieldErrors } from './field-errors';

/** What the channel form edits: every type's settings as typed (secrets empty: on an edit, empty keeps them). */
export interface ChannelDraft {
  name: string;
  type: ChannelType;
  url: string;
  secret: string;
  previousSecret: string;
  webhookUrl: string;
  botToken: string;
  chatId: string;
  routingKey: string;
  to: string;
}

export const EMPTY_CHANNEL: ChannelDraft = {
  name: '',
  type: 'webhook',
  url: '',
  secret: '',
  previousSecret: '',
  webhookUrl: '',
  botToken: '',
  chatId: '',
  routingKey: '',
  to: '',
};

/** The settings fields of each type, in the form's order. */
export const CHANNEL_FIELDS: Record<ChannelType, readonly (keyof ChannelDraft)[]> = {
  webhook: ['url', 'secret', 'previousSecret'],
  slack: ['webhookUrl'],
  discord: ['webhookUrl'],
  telegram: ['botToken', 'chatId'],
  pagerduty: ['routingKey'],
  email: ['to'],
  dashboard: [],
};

export const isSecretField = (type: ChannelType, field: string): boolean => CHANNEL_SECRET_FIELDS[type].includes(field);

/** The draft of a stored channel: its plain settings; secrets stay empty (the API only shows them masked). */
export function channelDraftOf(channel: Channel): ChannelDraft {
  const d: ChannelDraft = { ...EMPTY_CHANNEL, name: channel.name, type: channel.type };
  for (const field of CHANNEL_FIELDS[channel.type]) {
    if (isSecretField(channel.type, field)) continue;
    const value = channel.settings[field];
    d[field] = (Array.isArray(value) ? value.join('\n') : typeof value === 'string' ? value : '') as never;
  }
  return d;
}

/** Secret fields left empty: on an edit they are left out of the body, which keeps the stored value. */
function keptSecrets(d: ChannelDraft, editing: boolean): Set<string> {
  if (!editing) return new Set();
  return new Set(CHANNEL_SECRET_FIELDS[d.type].filter((f) => d[f as keyof ChannelDraft] === ''));
}

/** The request body the draft stands for. */
export function channelRequest(d: ChannelDraft, editing: boolean): ChannelRequest {
  const kept = keptSecrets(d, editing);
  const settings: Record<string, unknown> = { type: d.type };
  for (const field of CHANNEL_FIELDS[d.type]) {
    const text = d[field].trim();
    if (kept.has(field) || (field === 'previousSecret' && text === '')) continue;
    settings[field] = field === 'to' ? text.split(/[\s,;]+/).filter(Boolean) : text;
  }
  return { name: d.name, settings };
}

const CHANNEL_BODY_FIELDS = new Set(['name', 'settings']);

/** Messages (the schema's or the API's) per channel form field: `name`, `settings.url`… */
export function channelFieldErrors(messages: readonly string[]): FieldErrors {
  return fieldErrors(messages, CHANNEL_BODY_FIELDS);
}

/**
 * The draft checked with the API's schemas: the body to send, or the messages per field. The secrets an edit
 * keeps are absent from the body; their "is required" is not a problem.
 */
export function checkChannel(d: ChannelDraft, editing: boolean): CheckedDraft<ChannelRequest> {
  const request = channelRequest(d, editing);
  const kept = keptSecrets(d, editing);
  const messages: string[] = [];
  const body = v.safeParse(ChannelInputSchema, request);
  if (!body.success) messages.push(...describeIssues('channel', body.issues));
  const settings = v.safeParse(ChannelSettingsSchema, request.settings);
  if (!settings.success) {
    const issues = settings.issues.filter((i) => !kept.has(String(i.path?.[0]?.key)));
    messages.push(...describeIssues('channel.settings', issues));
  }
  return messages.length ? { ok: false, errors: channelFieldErrors(messages) } : { ok: true, body: request };
}

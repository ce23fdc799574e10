import { CHANNEL_SECRET_FIELDS, type ChannelSettings } from '@aura/events';

import { redactUrl } from '../../common/redact-url';

export const REDACTED = '[redacted]';

/**
 * Every string of a channel's settings that must not leave the process, in each form it may take in
 * an error text: the write-only fields as stored, and for the URL-shaped ones (a Slack or Discord
 * webhook URL is its own credential) also the path and each longer path segment, raw and encoded.
 */
export function channelSecrets(settings: ChannelSettings): string[] {
  const fields = CHANNEL_SECRET_FIELDS[settings.type] ?? [];
  const values: string[] = [];
  for (const field of fields) {
    const value = (settings as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' && value !== '') values.push(value, ...urlParts(value));
  }
  if (settings.type === 'webhook') values.push(...userinfoOf(settings.url));
  return values;
}

/** The userinfo of an SMTP or HTTP URL: a password there is a secret whatever the channel. */
export function userinfoOf(value: string): string[] {
  try {
    const url = new URL(value);
    return [url.password, decode(url.password)].filter((s) => s !== '');
  } catch {
    return [];
  }
}

/** Replaces each secret (and its URL-encoded form) in `text`, longest first so no part of one survives. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(REDACTED);
  return out;
}

/** Where a request went, as an error may show it: scheme and host only (paths carry tokens). */
export function endpointLabel(url: string): string {
  return redactUrl(url);
}

function urlParts(value: string): string[] {
  if (!/^https?:\/\//i.test(value)) return [];
  try {
    const url = new URL(value);
    const path = `${url.pathname}${url.search}`;
    const segments = url.pathname.split('/').filter((s) => s.length >= 8);
    return [path, ...segments, ...segments.map(decode), ...userinfoOf(value)].filter((s) => s.length > 1);
  } catch {
    return [];
  }
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

import { HttpErrorResponse } from '@angular/common/http';

/**
 * Messages per form field, keyed by the field's path in the request body (`name`, `condition.minValueWei`,
 * `settings.url`); '' for the body as a whole. A list item's index stays in its message (`[2] must be…`).
 */
export type FieldErrors = Record<string, string>;

/** A form's draft after the check: the request body, or the messages per field. */
export type CheckedDraft<B> = { ok: true; body: B } | { ok: false; errors: FieldErrors };

/**
 * The field a message names, and the rest of the message. Messages read `<prefix><path> <problem>` (the shared
 * `describeIssues`, which the API's 400 reasons use too): the path starts at the first segment that is one of the
 * body's `fields`, whatever prefix the sender gave (`body.`, `rule.`, none).
 */
export function fieldOfMessage(message: string, fields: ReadonlySet<string>): { field: string; text: string } {
  const space = message.indexOf(' ');
  if (space < 0) return { field: '', text: message.trim() };
  const segments = message
    .slice(0, space)
    .split(/(?=[.[])/)
    .map((s) => s.replace(/^\./, ''));
  const start = segments.findIndex((s) => fields.has(s));
  if (start < 0) return { field: '', text: message.trim() };
  const path = segments.slice(start);
  const field = path.filter((s) => !s.startsWith('[')).join('.');
  const indexes = path.filter((s) => s.startsWith('['));
  return { field, text: [...indexes, message.slice(space + 1)].join(' ') };
}

/** The first message per field. */
export function fieldErrors(
  messages: readonly string[],
  fields: ReadonlySet<string>,
  alias: Readonly<Record<string, string>> = {},
): FieldErrors {
  const errors: FieldErrors = {};
  for (const message of messages) {
    const { field, text } = fieldOfMessage(message, fields);
    errors[alias[field] ?? field] ??= text;
  }
  return errors;
}

/** The messages of a 400 answer (one string, several joined by '; ', or a list); null for any other failure. */
export function badRequestMessages(err: unknown): string[] | null {
  if (!(err instanceof HttpErrorResponse) || err.status !== 400) return null;
  const message = (err.error as { message?: unknown } | null)?.message;
  if (Array.isArray(message)) return message.map(String);
  return typeof message === 'string' ? message.split('; ') : null;
}

/**
 * The ids for a field's aria-describedby: its message (`<prefix>-err-<field with dashes>`) while it has one, and a
 * hint; null when there is neither.
 */
export function describedBy(errors: FieldErrors, prefix: string, field: string, hint?: string): string | null {
  const ids = [errors[field] !== undefined ? `${prefix}-err-${field.replace(/\./g, '-')}` : '', hint ?? ''];
  return ids.filter(Boolean).join(' ') || null;
}

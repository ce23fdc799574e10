// Runtime checks for frames, shared by the server (before sending), the dashboard (on receipt) and the
// tests: the schemas of server-frames.ts, with messages that name the field.
import * as v from 'valibot';

import {
  type AnyServerFrame,
  FRAME_ENVELOPE_SCHEMA,
  SERVER_DATA_SCHEMAS,
  SERVER_EVENT_TYPES,
  type ServerEventMap,
  type ServerEventType,
  type ServerFrame,
} from './server-frames';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One message per field, in the schema's order: `<prefix>.<path> <problem>`, "is required" for a
 * missing one (valibot reports every failed check of a field; the first says enough).
 */
export function describeIssues(prefix: string, issues: readonly v.BaseIssue<unknown>[]): string[] {
  const messages = new Map<string, string>();
  for (const issue of issues) {
    const path = (issue.path ?? [])
      .map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`))
      .join('');
    if (messages.has(path)) continue;
    const missing = issue.type === 'object' && issue.input === undefined && path !== '';
    messages.set(path, `${prefix}${path} ${missing ? 'is required' : issue.message}`);
  }
  return [...messages.values()];
}

export function isServerEventType(value: unknown): value is ServerEventType {
  return typeof value === 'string' && (SERVER_EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * The data check for a map of frame schemas (the real map below; a test builds one from a changed schema
 * to show that the check, the types and the AsyncAPI document follow the definition together).
 */
export function createEventDataValidator<M extends Record<string, v.GenericSchema>>(schemas: M) {
  return <K extends keyof M & string>(type: K, data: unknown): ValidationResult<v.InferOutput<M[K]>> => {
    if (!isRecord(data)) return { ok: false, errors: [`${type}.data must be an object`] };
    const result = v.safeParse(schemas[type] as v.GenericSchema, data);
    // The input itself, not valibot's output: that one drops unknown fields.
    if (result.success) return { ok: true, value: data as v.InferOutput<M[K]> };
    return { ok: false, errors: describeIssues(`${type}.data`, result.issues) };
  };
}

const checkEventData = createEventDataValidator(SERVER_DATA_SCHEMAS);

/** Checks the `data` of a frame of the given type. Unknown extra fields are allowed (forward compatible). */
export function validateEventData<K extends ServerEventType>(
  type: K,
  data: unknown,
): ValidationResult<ServerEventMap[K]> {
  return checkEventData(type, data) as ValidationResult<ServerEventMap[K]>;
}

/** Checks a whole server frame (already parsed from JSON). */
export function validateServerFrame(frame: unknown): ValidationResult<AnyServerFrame> {
  if (!isRecord(frame)) return { ok: false, errors: ['frame must be a JSON object'] };
  if (!isServerEventType(frame['type'])) {
    return { ok: false, errors: [`frame.type must be one of ${SERVER_EVENT_TYPES.join(', ')}`] };
  }
  const data = validateEventData(frame['type'], frame['data']);
  if (!data.ok) return data;
  const envelope = v.safeParse(FRAME_ENVELOPE_SCHEMA, frame);
  if (!envelope.success) return { ok: false, errors: describeIssues('frame', envelope.issues) };
  return { ok: true, value: frame as unknown as AnyServerFrame };
}

/** Parses a text frame; never throws. */
export function parseServerFrame(text: string): ValidationResult<AnyServerFrame> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, errors: ['frame is not valid JSON'] };
  }
  return validateServerFrame(parsed);
}

export function isServerFrame<K extends ServerEventType>(frame: unknown, type: K): frame is ServerFrame<K> {
  const result = validateServerFrame(frame);
  return result.ok && result.value.type === type;
}

import * as v from 'valibot';

import {
  type AlertConditionKind,
  type AlertDedupKey,
  type AlertRule,
  type AlertRuleInput,
  AlertRuleInputSchema,
  type AlertSeverity,
  type AlertTokenEvent,
  describeIssues,
  EVENT_CONDITION_KINDS,
} from '@aura/events';

import { type CheckedDraft, type FieldErrors, fieldErrors } from './field-errors';

/** What the rule form edits: text as typed, every kind's parameters kept while the operator switches kinds. */
export interface RuleDraft {
  name: string;
  enabled: boolean;
  severity: AlertSeverity;
  kind: AlertConditionKind;
  events: AlertTokenEvent[];
  addresses: string;
  minValueWei: string;
  from: string;
  to: string;
  rateEvent: AlertTokenEvent;
  windowSeconds: string;
  direction: 'above' | 'below';
  rateCount: string;
  noBlockSeconds: string;
  lagBlocks: string;
  lagSeconds: string;
  depth: string;
  endpoint: string;
  channels: string[];
  cooldownSeconds: string;
  dedupBy: AlertDedupKey;
  threshold: boolean;
  thresholdCount: string;
  thresholdWindow: string;
  deliveryMode: 'tip' | 'confirmations' | 'finalized';
  confirmations: string;
}

export const EMPTY_DRAFT: RuleDraft = {
  name: '',
  enabled: true,
  severity: 'warning',
  kind: 'token_event',
  events: ['badge_minted'],
  addresses: '',
  minValueWei: '',
  from: '',
  to: '',
  rateEvent: 'badge_minted',
  windowSeconds: '300',
  direction: 'above',
  rateCount: '',
  noBlockSeconds: '60',
  lagBlocks: '',
  lagSeconds: '',
  depth: '2',
  endpoint: '',
  channels: [],
  cooldownSeconds: '0',
  dedupBy: 'rule',
  threshold: false,
  thresholdCount: '',
  thresholdWindow: '',
  deliveryMode: 'tip',
  confirmations: '12',
};

export const isEventKind = (kind: AlertConditionKind): boolean =>
  (EVENT_CONDITION_KINDS as readonly string[]).includes(kind);

/** A number as typed ('' is absent; anything else goes to the schema, whose message names the problem). */
const num = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()));
/** Addresses separated by commas, spaces or new lines ('' is absent). */
const list = (text: string): string[] | undefined => {
  const items = text.split(/[\s,]+/).filter(Boolean);
  return items.length ? items : undefined;
};

function condition(d: RuleDraft): Record<string, unknown> {
  switch (d.kind) {
    case 'token_event':
      return { kind: d.kind, events: d.events, addresses: list(d.addresses) };
    case 'large_transaction':
      return { kind: d.kind, minValueWei: d.minValueWei.trim(), from: list(d.from), to: list(d.to) };
    case 'event_rate':
      return { kind: d.kind, event: d.rateEvent, windowSeconds: num(d.windowSeconds), [d.direction]: num(d.rateCount) };
    case 'no_new_block':
      return { kind: d.kind, seconds: num(d.noBlockSeconds) };
    case 'sync_lag':
      return { kind: d.kind, blocks: num(d.lagBlocks), seconds: num(d.lagSeconds) };
    case 'reorg_depth':
      return { kind: d.kind, depth: num(d.depth) };
    case 'rpc_unhealthy':
      return { kind: d.kind, endpoint: d.endpoint.trim() || undefined };
    default:
      return { kind: d.kind };
  }
}

/** Drops the keys whose value is undefined (JSON would drop them too; the schema sees what the API will). */
function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as T;
}

/** The request body the draft stands for; not yet checked (see `checkRule`). */
export function ruleInput(d: RuleDraft): AlertRuleInput {
  const eventKind = isEventKind(d.kind);
  return defined({
    name: d.name,
    enabled: d.enabled,
    severity: d.severity,
    condition: defined(condition(d)),
    channels: d.channels,
    // Cooldown, dedup key, threshold and the delivery modes apply to event conditions only: not sent for
    // the others (a state condition fires once when it starts and once when it resolves).
    cooldownSeconds: eventKind ? (num(d.cooldownSeconds) ?? 0) : undefined,
    dedupBy: eventKind ? d.dedupBy : undefined,
    threshold:
      eventKind && d.threshold ? { count: num(d.thresholdCount), windowSeconds: num(d.thresholdWindow) } : undefined,
    delivery: !eventKind
      ? { mode: 'tip' }
      : d.deliveryMode === 'confirmations'
        ? { mode: 'confirmations', confirmations: num(d.confirmations) }
        : { mode: d.deliveryMode },
  }) as unknown as AlertRuleInput;
}

/** The draft of a stored rule, for editing. */
export function draftOf(rule: AlertRule): RuleDraft {
  const d: RuleDraft = {
    ...EMPTY_DRAFT,
    name: rule.name,
    enabled: rule.enabled,
    severity: rule.severity,
    kind: rule.condition.kind,
    channels: [...rule.channels],
    cooldownSeconds: String(rule.cooldownSeconds),
    dedupBy: rule.dedupBy,
    threshold: rule.threshold !== undefined,
    thresholdCount: rule.threshold ? String(rule.threshold.count) : '',
    thresholdWindow: rule.threshold ? String(rule.threshold.windowSeconds) : '',
    deliveryMode: rule.delivery.mode,
    confirmations: rule.delivery.mode === 'confirmations' ? String(rule.delivery.confirmations) : '12',
  };
  const c = rule.condition;
  const text = (n: number | undefined) => (n === undefined ? '' : String(n));
  switch (c.kind) {
    case 'token_event':
      return { ...d, events: [...c.events], addresses: (c.addresses ?? []).join('\n') };
    case 'large_transaction':
      return { ...d, minValueWei: c.minValueWei, from: (c.from ?? []).join('\n'), to: (c.to ?? []).join('\n') };
    case 'event_rate':
      return {
        ...d,
        rateEvent: c.event,
        windowSeconds: String(c.windowSeconds),
        direction: c.above !== undefined ? 'above' : 'below',
        rateCount: text(c.above ?? c.below),
      };
    case 'no_new_block':
      return { ...d, noBlockSeconds: String(c.seconds) };
    case 'sync_lag':
      return { ...d, lagBlocks: text(c.blocks), lagSeconds: text(c.seconds) };
    case 'reorg_depth':
      return { ...d, depth: String(c.depth) };
    case 'rpc_unhealthy':
      return { ...d, endpoint: c.endpoint ?? '' };
    default:
      return d;
  }
}

const RULE_FIELDS = new Set([
  'name',
  'enabled',
  'severity',
  'condition',
  'channels',
  'cooldownSeconds',
  'dedupBy',
  'threshold',
  'delivery',
]);
/** The form shows event_rate's `above` or `below` as one "count" input. */
const RULE_ALIASES = { 'condition.above': 'condition.count', 'condition.below': 'condition.count' };

/** Messages (the schema's or the API's) per rule form field. */
export function ruleFieldErrors(messages: readonly string[]): FieldErrors {
  return fieldErrors(messages, RULE_FIELDS, RULE_ALIASES);
}

/** The draft checked with the API's own schema: the body to send, or the messages per field. */
export function checkRule(d: RuleDraft): CheckedDraft<AlertRuleInput> {
  const input = ruleInput(d);
  const result = v.safeParse(AlertRuleInputSchema, input);
  if (result.success) return { ok: true, body: input };
  return { ok: false, errors: ruleFieldErrors(describeIssues('rule', result.issues)) };
}

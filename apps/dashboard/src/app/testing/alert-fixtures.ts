import type { AlertDelivery, AlertMessage, AlertRule, Channel } from '@aura/events';

// Alerting shapes for specs (imported by specs only, never by the app).

const CREATED = '2026-01-01T00:00:00Z';

/** A dashboard channel (no settings). */
export const wallChannel: Channel = {
  id: 'ch_0123456789',
  name: 'wall',
  type: 'dashboard',
  settings: { type: 'dashboard' },
  createdAt: CREATED,
  updatedAt: CREATED,
};

/** A webhook channel as the API answers it: its secret masked. */
export const webhookChannel: Channel = {
  id: 'ch_0123456789',
  name: 'ops hook',
  type: 'webhook',
  settings: { type: 'webhook', url: 'https://hooks.test/aura', secret: '••••cdef' },
  createdAt: CREATED,
  updatedAt: CREATED,
};

/** A stored rule: a token event to `wallChannel`, at the tip; `patch` changes any field. */
export function alertRule(patch: Partial<AlertRule> = {}): AlertRule {
  return {
    id: 'rule_1',
    name: 'badge minted',
    enabled: true,
    severity: 'warning',
    condition: { kind: 'token_event', events: ['badge_minted'] },
    channels: [wallChannel.id],
    cooldownSeconds: 0,
    dedupBy: 'rule',
    delivery: { mode: 'tip' },
    sinceBlock: 1,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...patch,
  };
}

/** An alert message of rule_1 ("badge minted"); `patch` changes any field. */
export function alertMessage(patch: Partial<AlertMessage> = {}): AlertMessage {
  return {
    id: 'al_1',
    kind: 'fired',
    ruleId: 'rule_1',
    ruleName: 'badge minted',
    severity: 'warning',
    condition: 'token_event',
    title: 'Badge minted',
    text: '',
    at: CREATED,
    suppressed: 0,
    ...patch,
  } as AlertMessage;
}

/** Delivery `n` of message al_`n` to `wallChannel`, created `n` seconds after the epoch of the fixtures. */
export function alertDelivery(n: number, patch: Partial<AlertDelivery> = {}): AlertDelivery {
  return {
    id: `dl_${n}`,
    alertId: `al_${n}`,
    ruleId: 'rule_1',
    ruleName: 'badge minted',
    channelId: wallChannel.id,
    channelName: wallChannel.name,
    channelType: 'dashboard',
    status: 'delivered',
    attempts: 1,
    lastError: null,
    nextAttemptAt: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    deliveredAt: null,
    latencyMs: 420,
    message: alertMessage({ id: `al_${n}` }),
    ...patch,
  };
}

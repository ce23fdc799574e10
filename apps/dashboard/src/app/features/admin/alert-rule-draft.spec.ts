import type { AlertRule } from '@aura/events';

import { checkRule, draftOf, EMPTY_DRAFT, ruleFieldErrors, ruleInput } from './alert-rule-draft';
import { fieldOfMessage } from './field-errors';

const ADDRESS = '0x' + 'ab'.repeat(20);
const CHANNEL = 'ch_0123456789';

const stored: AlertRule = {
  id: 'rule_1',
  name: 'whale',
  enabled: false,
  severity: 'critical',
  condition: { kind: 'large_transaction', minValueWei: '1000', to: [ADDRESS] },
  channels: [CHANNEL],
  cooldownSeconds: 60,
  dedupBy: 'address',
  threshold: { count: 3, windowSeconds: 600 },
  delivery: { mode: 'confirmations', confirmations: 5 },
  sinceBlock: 10,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('rule drafts', () => {
  it('builds the body of each kind with only its own parameters', () => {
    const base = { ...EMPTY_DRAFT, name: ' minted ', channels: [CHANNEL] };
    expect(ruleInput({ ...base, addresses: `${ADDRESS},\n${ADDRESS.toUpperCase().replace('0X', '0x')}` })).toEqual({
      name: ' minted ',
      enabled: true,
      severity: 'warning',
      condition: { kind: 'token_event', events: ['badge_minted'], addresses: [ADDRESS, '0x' + 'AB'.repeat(20)] },
      channels: [CHANNEL],
      cooldownSeconds: 0,
      dedupBy: 'rule',
      delivery: { mode: 'tip' },
    });
    expect(
      ruleInput({ ...base, kind: 'event_rate', rateEvent: 'badge_revoked', direction: 'below', rateCount: '2' })
        .condition,
    ).toEqual({ kind: 'event_rate', event: 'badge_revoked', windowSeconds: 300, below: 2 });
    expect(ruleInput({ ...base, kind: 'sync_lag', lagSeconds: '30' }).condition).toEqual({
      kind: 'sync_lag',
      seconds: 30,
    });
    expect(ruleInput({ ...base, kind: 'rpc_unhealthy' }).condition).toEqual({ kind: 'rpc_unhealthy' });
    expect(ruleInput({ ...base, kind: 'database_down' }).condition).toEqual({ kind: 'database_down' });
  });

  it('sends threshold and delivery modes for event conditions only', () => {
    const draft = {
      ...EMPTY_DRAFT,
      threshold: true,
      thresholdCount: '3',
      thresholdWindow: '60',
      deliveryMode: 'confirmations' as const,
      confirmations: '4',
    };
    expect(ruleInput(draft)).toMatchObject({
      threshold: { count: 3, windowSeconds: 60 },
      delivery: { mode: 'confirmations', confirmations: 4 },
    });
    const health = ruleInput({ ...draft, kind: 'no_new_block' });
    expect(health.threshold).toBeUndefined();
    expect(health.delivery).toEqual({ mode: 'tip' });
  });

  it('edits a stored rule as it is', () => {
    const d = draftOf(stored);
    expect(d).toMatchObject({ kind: 'large_transaction', to: ADDRESS, threshold: true, confirmations: '5' });
    const { id, sinceBlock, createdAt, updatedAt, ...body } = stored;
    expect([id, sinceBlock, createdAt, updatedAt]).toHaveLength(4);
    expect(ruleInput(d)).toEqual(body);
    expect(checkRule(d).ok).toBe(true);
  });

  it("gives the schema's messages per field", () => {
    const result = checkRule({
      ...EMPTY_DRAFT,
      kind: 'large_transaction',
      minValueWei: '12.5',
      from: `${ADDRESS} 0x123`,
      cooldownSeconds: '-1',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      name: 'must be a string of 1 to 100 characters',
      'condition.minValueWei': 'must be a decimal integer string (wei)',
      'condition.from': '[1] must be a 0x-prefixed 20-byte address',
      cooldownSeconds: 'must be an integer from 0 to 604800 (seconds)',
    });
  });

  it('puts a missing parameter and a condition-wide check where the form shows them', () => {
    const missing = checkRule({ ...EMPTY_DRAFT, name: 'x', kind: 'reorg_depth', depth: '' });
    expect(missing.ok || missing.errors).toEqual({ 'condition.depth': 'is required' });
    const rate = checkRule({ ...EMPTY_DRAFT, name: 'x', kind: 'event_rate', rateCount: '' });
    expect(rate.ok || rate.errors).toEqual({ condition: 'needs exactly one of above or below' });
    const rateBad = checkRule({ ...EMPTY_DRAFT, name: 'x', kind: 'event_rate', rateCount: '1.5' });
    expect(rateBad.ok || rateBad.errors).toEqual({
      'condition.count': 'must be an integer from 0 to 1000000 (events per window)',
    });
  });

  it("maps the API's 400 reasons to fields whatever their prefix", () => {
    expect(ruleFieldErrors(['body.channels[0] names no channel', 'threshold.count must be an integer'])).toEqual({
      channels: '[0] names no channel',
      'threshold.count': 'must be an integer',
    });
    expect(fieldOfMessage('rule not found', new Set(['name']))).toEqual({ field: '', text: 'rule not found' });
  });
});

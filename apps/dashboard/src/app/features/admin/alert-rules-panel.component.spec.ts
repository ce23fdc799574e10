import type { HttpTestingController } from '@angular/common/http/testing';

import type { AlertRule } from '@aura/events';

import { alertDelivery, alertMessage, alertRule, wallChannel as channel } from '../../testing/alert-fixtures';
import { API, byTestId, createWithApi } from '../../testing/api-testing';
import { AlertRulesPanelComponent } from './alert-rules-panel.component';

const BASE = `${API}/api/monitor/alerts`;
const rule = alertRule({
  condition: { kind: 'token_event', events: ['badge_minted', 'badge_revoked'] },
  cooldownSeconds: 60,
  threshold: { count: 3, windowSeconds: 600 },
  delivery: { mode: 'confirmations', confirmations: 5 },
});
const message = alertMessage({ kind: 'test', title: 'Test: badge minted', text: 'A test message.' });
const delivery = alertDelivery(1, { status: 'pending', attempts: 0, latencyMs: null, message });

describe('AlertRulesPanelComponent', () => {
  let http: HttpTestingController;

  function render(rules: AlertRule[] = [rule]) {
    const created = createWithApi(AlertRulesPanelComponent);
    const fixture = created.fixture;
    http = created.http;
    fixture.detectChanges();
    http.expectOne(`${BASE}/rules`).flush({ rules });
    http.expectOne(`${BASE}/channels`).flush({ channels: [channel] });
    fixture.detectChanges();
    const { el, $, click } = byTestId(fixture);
    return { fixture, el, $, click, row: () => el.querySelector('tr[data-rule="badge minted"]') as HTMLElement };
  }

  afterEach(() => http.verify());

  it('lists the rules: condition, channels by name, severity, cooldown, delivery mode, enabled', () => {
    const { row } = render();
    const text = row().textContent ?? '';
    expect(text).toContain('Badge minted, Badge revoked');
    expect(text).toContain('wall (Dashboard)');
    expect(text).toContain('warning');
    expect(text).toContain('60 s');
    expect(text).toContain('after 5 confirmations');
    expect(text).toContain('3 within 600 s');
    expect((row().querySelector('[data-testid="rule-toggle"]') as HTMLInputElement).checked).toBe(true);
  });

  it('disables a rule with a PATCH, then reads the list again', () => {
    const { fixture, row } = render();
    (row().querySelector('[data-testid="rule-toggle"]') as HTMLInputElement).click();
    const patch = http.expectOne({ method: 'PATCH', url: `${BASE}/rules/rule_1` });
    expect(patch.request.body).toEqual({ enabled: false });
    patch.flush({ ...rule, enabled: false });
    http.expectOne(`${BASE}/rules`).flush({ rules: [{ ...rule, enabled: false }] });
    fixture.detectChanges();
    expect((row().querySelector('[data-testid="rule-toggle"]') as HTMLInputElement).checked).toBe(false);
  });

  it('puts the toggle back when the API refuses the change', () => {
    const { fixture, el, row } = render();
    const toggle = row().querySelector('[data-testid="rule-toggle"]') as HTMLInputElement;
    toggle.click();
    http
      .expectOne({ method: 'PATCH', url: `${BASE}/rules/rule_1` })
      .flush({ message: 'operator role required' }, { status: 403, statusText: 'Forbidden' });
    fixture.detectChanges();
    expect(toggle.checked).toBe(true);
    expect(el.querySelector('[data-testid="rules-error"]')?.textContent).toContain(
      'badge minted: operator role required',
    );
  });

  it('asks before deleting, then deletes', () => {
    const { fixture, el, click, row } = render();
    click('rule-delete', row());
    http.expectNone({ method: 'DELETE' });
    click('rule-delete-confirm', row());
    http
      .expectOne({ method: 'DELETE', url: `${BASE}/rules/rule_1` })
      .flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne(`${BASE}/rules`).flush({ rules: [] });
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="rules-empty"]')?.textContent).toContain('No rules yet');
  });

  it('sends a test and shows the queued deliveries', () => {
    const { fixture, $, click, row } = render();
    click('rule-test', row());
    http
      .expectOne({ method: 'POST', url: `${BASE}/rules/rule_1/test` })
      .flush({ alertId: 'al_1', deliveries: [delivery] });
    fixture.detectChanges();
    expect($('rule-test-result').textContent).toContain('Test of “badge minted” queued');
    expect($('test-deliveries').textContent).toContain('wall');
    expect($('test-deliveries').textContent).toContain('pending');
  });

  it('runs a dry run over a block range (checked first) and shows what would be sent', () => {
    const { fixture, $, click, row } = render();
    click('rule-dry-run-open', row());
    $<HTMLInputElement>('dry-run-from').value = '20';
    $<HTMLInputElement>('dry-run-to').value = '10';
    click('dry-run-go');
    http.expectNone({ method: 'POST' });
    expect($('dry-run-error').textContent).toContain('toBlock must be ≥ fromBlock');
    $<HTMLInputElement>('dry-run-to').value = '30';
    click('dry-run-go');
    const req = http.expectOne({ method: 'POST', url: `${BASE}/rules/rule_1/dry-run` });
    expect(req.request.body).toEqual({ fromBlock: 20, toBlock: 30 });
    req.flush({
      fromBlock: 20,
      toBlock: 30,
      blocks: 11,
      messages: [{ ...message, kind: 'fired', title: 'Badge minted to 0xab…' }],
    });
    fixture.detectChanges();
    expect($('rule-dry-run').textContent).toContain('Blocks 20–30 (11 stored): 1 message would have been sent');
    expect($('dry-run-messages').textContent).toContain('Badge minted to 0xab…');
  });

  it('offers a dry run for chain conditions only', () => {
    const { el } = render([
      rule,
      { ...rule, id: 'rule_2', name: 'stalled', condition: { kind: 'no_new_block', seconds: 60 } },
    ]);
    const stalled = el.querySelector('tr[data-rule="stalled"]') as HTMLElement;
    expect(stalled.querySelector('[data-testid="rule-dry-run-open"]')).toBeNull();
    expect(stalled.querySelector('[data-testid="rule-test"]')).not.toBeNull();
  });

  it('opens the form for a new rule, and closes it and reads the list again once saved', () => {
    const { fixture, el, $, click } = render([]);
    document.body.appendChild(el);
    click('rule-new');
    expect(el.querySelector('aura-alert-rule-form')).not.toBeNull();
    expect(document.activeElement).toBe($('rule-name'));
    const name = $<HTMLInputElement>('rule-name');
    name.value = 'badge minted';
    name.dispatchEvent(new Event('input'));
    click('rule-channel-wall');
    click('rule-save');
    http.expectOne({ method: 'POST', url: `${BASE}/rules` }).flush(rule, { status: 201, statusText: 'Created' });
    http.expectOne(`${BASE}/rules`).flush({ rules: [rule] });
    fixture.detectChanges();
    expect(el.querySelector('aura-alert-rule-form')).toBeNull();
    expect(document.activeElement).toBe($('rule-new'));
    expect(el.querySelector('tr[data-rule="badge minted"]')).not.toBeNull();
  });
});

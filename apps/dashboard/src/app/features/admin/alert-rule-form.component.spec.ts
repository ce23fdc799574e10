import type { HttpTestingController } from '@angular/common/http/testing';

import type { AlertRule } from '@aura/events';

import { alertRule, wallChannel as channel } from '../../testing/alert-fixtures';
import { API, byTestId, createWithApi } from '../../testing/api-testing';
import { AlertRuleFormComponent } from './alert-rule-form.component';

const RULES = `${API}/api/monitor/alerts/rules`;
const stored = alertRule({ name: 'stalled', severity: 'critical', condition: { kind: 'no_new_block', seconds: 60 } });

describe('AlertRuleFormComponent', () => {
  let http: HttpTestingController;

  function render(rule: AlertRule | null = null) {
    const created = createWithApi(AlertRuleFormComponent);
    const fixture = created.fixture;
    http = created.http;
    fixture.componentRef.setInput('channels', [channel]);
    fixture.componentRef.setInput('rule', rule);
    const saved: AlertRule[] = [];
    fixture.componentInstance.saved.subscribe((r) => saved.push(r));
    fixture.detectChanges();
    const { el, $, click, type } = byTestId(fixture);
    document.body.appendChild(el);
    return { fixture, el, $, type, pick: type, click, saved };
  }

  afterEach(() => http.verify());

  it('creates a "badge minted" rule to a channel', () => {
    const { $, type, pick, click, saved } = render();
    type('rule-name', 'badge minted');
    pick('rule-severity', 'info');
    click('rule-channel-wall');
    type('rule-addresses', '0x' + 'ab'.repeat(20));
    click('rule-delivery-confirmations');
    type('rule-confirmations', '3');
    click('rule-save');
    const req = http.expectOne({ method: 'POST', url: RULES });
    expect(req.request.body).toEqual({
      name: 'badge minted',
      enabled: true,
      severity: 'info',
      condition: { kind: 'token_event', events: ['badge_minted'], addresses: ['0x' + 'ab'.repeat(20)] },
      channels: [channel.id],
      cooldownSeconds: 0,
      dedupBy: 'rule',
      delivery: { mode: 'confirmations', confirmations: 3 },
    });
    req.flush({ ...stored, id: 'rule_2', name: 'badge minted' }, { status: 201, statusText: 'Created' });
    expect(saved.map((r) => r.id)).toEqual(['rule_2']);
    expect($('rule-form-error')).toBeNull();
  });

  it('labels every control of every condition kind', () => {
    const { el, pick, click } = render();
    click('rule-threshold');
    click('rule-delivery-confirmations');
    const kinds = Array.from(el.querySelectorAll<HTMLOptionElement>('[data-testid="rule-kind"] option')).map(
      (o) => o.value,
    );
    expect(kinds).toHaveLength(9);
    for (const kind of kinds) {
      pick('rule-kind', kind);
      for (const control of Array.from(el.querySelectorAll<HTMLInputElement>('input, select, textarea'))) {
        expect(control.labels?.length, `${kind}: ${control.outerHTML}`).toBeGreaterThan(0);
      }
    }
  });

  it("shows the schema's messages beside each field, focuses the first, and sends nothing", () => {
    const { el, $, type, pick, click } = render();
    pick('rule-kind', 'large_transaction');
    type('rule-min-value', '1e18');
    $('rule-min-value').focus();
    click('rule-save');
    http.expectNone({ method: 'POST' });
    expect($('rule-name').getAttribute('aria-invalid')).toBe('true');
    expect(el.querySelector('#rule-err-name')?.textContent).toContain('must be a string of 1 to 100 characters');
    expect($('rule-name').getAttribute('aria-describedby')).toBe('rule-err-name');
    expect(el.querySelector('#rule-err-condition-minValueWei')?.textContent).toContain(
      'must be a decimal integer string (wei)',
    );
    expect(document.activeElement).toBe($('rule-name'));
    // The messages follow the edits once shown.
    type('rule-name', 'whale');
    expect(el.querySelector('#rule-err-name')).toBeNull();
    type('rule-min-value', '1000000000000000000');
    expect(el.querySelector('#rule-err-condition-minValueWei')).toBeNull();
  });

  it("puts the API's refusal (400) beside its field", () => {
    const { fixture, el, type, click } = render();
    type('rule-name', 'minted');
    click('rule-channel-wall');
    click('rule-save');
    http
      .expectOne({ method: 'POST', url: RULES })
      .flush(
        { statusCode: 400, message: ['rule.channels[0] names no channel (ch_0123456789)'] },
        { status: 400, statusText: 'Bad Request' },
      );
    fixture.detectChanges();
    expect(el.querySelector('#rule-err-channels')?.textContent).toContain('[0] names no channel (ch_0123456789)');
  });

  it('shows any other failure as a message for the whole form', () => {
    const { fixture, $, type, click } = render();
    type('rule-name', 'minted');
    click('rule-save');
    http
      .expectOne({ method: 'POST', url: RULES })
      .flush({ message: 'operator role required' }, { status: 403, statusText: 'Forbidden' });
    fixture.detectChanges();
    expect($('rule-form-error').textContent).toContain('operator role required');
  });

  it('edits a health rule with its values (no threshold or delivery mode for it) and PUTs it', () => {
    const { $, type, click, saved } = render(stored);
    expect($<HTMLInputElement>('rule-name').value).toBe('stalled');
    expect($<HTMLInputElement>('rule-no-block-seconds').value).toBe('60');
    expect($<HTMLInputElement>('rule-channel-wall').checked).toBe(true);
    expect($('rule-threshold')).toBeNull();
    expect($('rule-delivery-tip')).toBeNull();
    type('rule-no-block-seconds', '90');
    click('rule-save');
    const req = http.expectOne({ method: 'PUT', url: `${RULES}/rule_1` });
    expect(req.request.body).toMatchObject({ condition: { kind: 'no_new_block', seconds: 90 }, severity: 'critical' });
    req.flush({ ...stored, condition: { kind: 'no_new_block', seconds: 90 } });
    expect(saved).toHaveLength(1);
  });
});

import type { HttpTestingController } from '@angular/common/http/testing';

import type { AlertDelivery, DeliveryStatus } from '@aura/events';

import { alertDelivery as delivery } from '../../testing/alert-fixtures';
import { API, byTestId, createWithApi } from '../../testing/api-testing';
import { AlertDeliveriesPanelComponent, DELIVERY_PAGE } from './alert-deliveries-panel.component';
import { REFRESH_MS } from './refresh';

const BASE = `${API}/api/monitor/alerts`;
const LOG = `${BASE}/deliveries`;

describe('AlertDeliveriesPanelComponent', () => {
  let http: HttpTestingController;

  function render(first: AlertDelivery[], next: string | null = null, initialStatus: DeliveryStatus | '' = '') {
    const created = createWithApi(AlertDeliveriesPanelComponent);
    const fixture = created.fixture;
    http = created.http;
    fixture.componentRef.setInput('initialStatus', initialStatus);
    fixture.detectChanges();
    http.expectOne(`${BASE}/rules`).flush({
      rules: [
        { id: 'rule_1', name: 'badge minted' },
        { id: 'rule_2', name: 'stalled' },
      ],
    });
    const status = initialStatus ? `status=${initialStatus}&` : '';
    http.expectOne(`${LOG}?${status}limit=${DELIVERY_PAGE}`).flush({ deliveries: first, next });
    fixture.detectChanges();
    const { el, $ } = byTestId(fixture);
    const ids = () => Array.from(el.querySelectorAll('tr[data-delivery]')).map((r) => r.getAttribute('data-delivery'));
    return { fixture, el, $, ids };
  }

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  it('shows the log: time, rule, channel, status, attempts, last error, latency', () => {
    const { el } = render([
      delivery(2, { status: 'retrying', attempts: 3, lastError: 'HTTP 503 from the receiver', latencyMs: null }),
      delivery(1, { latencyMs: 1520 }),
    ]);
    const [retrying, delivered] = Array.from(el.querySelectorAll('tr[data-delivery]'));
    expect(retrying?.textContent).toContain('badge minted');
    expect(retrying?.textContent).toContain('wall');
    expect(retrying?.textContent).toContain('retrying');
    expect(retrying?.textContent).toContain('HTTP 503 from the receiver');
    expect(retrying?.querySelector('td.num')?.textContent?.trim()).toBe('3');
    expect(delivered?.textContent).toContain('delivered');
    expect(delivered?.textContent).toContain('1.5 s');
    expect(delivered?.querySelector('[data-testid="delivery-replay"]')).toBeNull();
    expect(retrying?.querySelector('[data-testid="delivery-replay"]')).not.toBeNull();
  });

  it('filters by rule and status', () => {
    const { fixture, $, ids } = render([delivery(1)]);
    const rule = $<HTMLSelectElement>('deliveries-rule');
    rule.value = 'rule_2';
    rule.dispatchEvent(new Event('change'));
    http.expectOne(`${LOG}?ruleId=rule_2&limit=${DELIVERY_PAGE}`).flush({ deliveries: [], next: null });
    const status = $<HTMLSelectElement>('deliveries-status');
    status.value = 'dead';
    status.dispatchEvent(new Event('change'));
    http
      .expectOne(`${LOG}?ruleId=rule_2&status=dead&limit=${DELIVERY_PAGE}`)
      .flush({ deliveries: [delivery(7, { status: 'dead' })], next: null });
    fixture.detectChanges();
    expect(ids()).toEqual(['dl_7']);
  });

  it('loads older pages with the next cursor, and keeps them while the newest page refreshes', () => {
    vi.useFakeTimers();
    const { fixture, $, ids } = render([delivery(3), delivery(2)], 'cursor-2');
    $('deliveries-older').click();
    http.expectOne(`${LOG}?limit=${DELIVERY_PAGE}&before=cursor-2`).flush({ deliveries: [delivery(1)], next: null });
    fixture.detectChanges();
    expect(ids()).toEqual(['dl_3', 'dl_2', 'dl_1']);
    expect($('deliveries-older')).toBeNull();

    // A new delivery pushes dl_2 off the newest page: it stays shown.
    vi.advanceTimersByTime(REFRESH_MS);
    http.expectOne(`${LOG}?limit=${DELIVERY_PAGE}`).flush({ deliveries: [delivery(4), delivery(3)], next: 'cursor-3' });
    fixture.detectChanges();
    expect(ids()).toEqual(['dl_4', 'dl_3', 'dl_2', 'dl_1']);
    http.expectOne(`${BASE}/rules`);
  });

  it('replays a dead delivery', () => {
    const { fixture, el, $ } = render([delivery(1, { status: 'dead', attempts: 8, lastError: 'timeout' })]);
    $('delivery-replay').click();
    http
      .expectOne({ method: 'POST', url: `${LOG}/dl_1/replay` })
      .flush(delivery(1, { status: 'pending', attempts: 8, lastError: 'timeout' }));
    fixture.detectChanges();
    expect(el.querySelector('tr[data-delivery="dl_1"]')?.getAttribute('data-status')).toBe('pending');
    expect($('delivery-replay')).toBeNull();
  });

  it("opens on a status (the status line's dead), its first read already filtered", () => {
    const { $ } = render([delivery(5, { status: 'dead' })], null, 'dead');
    expect($<HTMLSelectElement>('deliveries-status').value).toBe('dead');
    expect($('deliveries-table').textContent).toContain('dead (gave up)');
  });

  it('shows one status of every rule on request, from the first page', () => {
    const { fixture, $, ids } = render([delivery(3), delivery(2)], 'cursor-2');
    $<HTMLSelectElement>('deliveries-rule').value = 'rule_2';
    $('deliveries-rule').dispatchEvent(new Event('change'));
    http.expectOne(`${LOG}?ruleId=rule_2&limit=${DELIVERY_PAGE}`).flush({ deliveries: [], next: null });
    fixture.detectChanges();
    (fixture.componentInstance as AlertDeliveriesPanelComponent).showStatus('dead');
    http.expectOne(`${LOG}?status=dead&limit=${DELIVERY_PAGE}`).flush({ deliveries: [delivery(9)], next: null });
    fixture.detectChanges();
    expect(ids()).toEqual(['dl_9']);
    expect($<HTMLSelectElement>('deliveries-rule').value).toBe('');
    expect($<HTMLSelectElement>('deliveries-status').value).toBe('dead');
  });
});

import type { HttpTestingController } from '@angular/common/http/testing';

import { API, byTestId, createWithApi } from '../../testing/api-testing';
import { AlertingStatusComponent, evaluatorText, lagText, waitingDeliveries } from './alerting-status.component';
import type { AlertingStatus } from './alerts-api.service';
import { REFRESH_MS } from './refresh';

const STATUS = `${API}/api/monitor/alerts/status`;

function status(patch: { evaluator?: Partial<AlertingStatus['evaluator']>; dead?: number } = {}): AlertingStatus {
  return {
    instance: 'host:1:abc',
    leader: true,
    rules: { total: 3, enabled: 2 },
    evaluator: { checkpoint: 120, storedHead: 120, lagBlocks: 0, lastError: null, ...patch.evaluator },
    deliveries: {
      held: 1,
      pending: 2,
      sending: 0,
      retrying: 3,
      delivered: 40,
      dead: patch.dead ?? 0,
      cancelled: 5,
    },
  };
}

describe('alerting status text', () => {
  it('says where the evaluator is against the stored head', () => {
    const at = status({ evaluator: { checkpoint: 117, storedHead: 120, lagBlocks: 3 } }).evaluator;
    expect(evaluatorText(at)).toBe('Evaluator at block 117 of 120');
    expect(lagText(at)).toBe('behind by 3 blocks');
    expect(lagText({ ...at, lagBlocks: 1 })).toBe('behind by 1 block');
    expect(lagText({ ...at, lagBlocks: 0 })).toBeNull();
    expect(lagText({ ...at, lagBlocks: null })).toBeNull();
    expect(evaluatorText({ ...at, storedHead: null })).toBe('Evaluator at block 117');
    expect(evaluatorText({ ...at, checkpoint: null })).toBe('Evaluator: no block evaluated yet');
  });

  it('counts as waiting what is held, pending, sending or retrying', () => {
    expect(waitingDeliveries(status().deliveries)).toBe(6);
  });
});

describe('AlertingStatusComponent', () => {
  let http: HttpTestingController;

  function render() {
    const created = createWithApi(AlertingStatusComponent);
    const fixture = created.fixture;
    http = created.http;
    let dead = 0;
    fixture.componentInstance.showDead.subscribe(() => dead++);
    fixture.detectChanges();
    const flush = (body: AlertingStatus) => {
      http.expectOne(STATUS).flush(body);
      fixture.detectChanges();
    };
    return { fixture, flush, dead: () => dead, ...byTestId(fixture) };
  }

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  it('shows the evaluator level with the head, deliveries waiting and none dead', () => {
    const { $, flush } = render();
    flush(status());
    expect($('alerting-status').textContent).toContain('Evaluator at block 120 of 120');
    expect($('alerting-lag')).toBeNull();
    expect($('alerting-last-error')).toBeNull();
    expect($('alerting-waiting').textContent).toContain('6 waiting');
    expect($('alerting-dead-none').textContent).toContain('0 dead');
    expect($('alerting-dead')).toBeNull();
  });

  it('shows the lag, the last error, and the dead as a button that asks for them', () => {
    const { $, click, flush, dead } = render();
    flush(status({ evaluator: { checkpoint: 100, lagBlocks: 20, lastError: 'RPC timeout' }, dead: 4 }));
    expect($('alerting-evaluator').textContent).toContain('Evaluator at block 100 of 120');
    expect($('alerting-lag').textContent).toContain('behind by 20 blocks');
    expect($('alerting-last-error').textContent).toContain('RPC timeout');
    expect($('alerting-dead').textContent?.trim()).toBe('4 dead');
    expect($('alerting-dead').getAttribute('aria-label')).toBe('4 dead: show the dead deliveries');
    click('alerting-dead');
    expect(dead()).toBe(1);
  });

  it('reads the status again every 5 s; a failed read says so and keeps the last status', () => {
    vi.useFakeTimers();
    const { fixture, $, flush } = render();
    flush(status());
    vi.advanceTimersByTime(REFRESH_MS);
    http.expectOne(STATUS).flush({ message: 'operator role required' }, { status: 403, statusText: 'Forbidden' });
    fixture.detectChanges();
    expect($('alerting-status-error').textContent).toContain('operator role required');
    expect($('alerting-status')).not.toBeNull();
    vi.advanceTimersByTime(REFRESH_MS);
    flush(status({ evaluator: { checkpoint: 125, storedHead: 130, lagBlocks: 5 } }));
    expect($('alerting-status-error')).toBeNull();
    expect($('alerting-lag').textContent).toContain('behind by 5 blocks');
  });
});

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, input } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import type { WebSocketSubjectConfig } from 'rxjs/webSocket';

import { NETWORK_EVENTS, WEB_SOCKET_FACTORY } from '../../core/monitor-socket.service';
import { RUNTIME_CONFIG } from '../../core/runtime-config';
import { LineChartComponent } from '../../shared/line-chart.component';
import { LiveDashboardComponent } from './live-dashboard.component';

@Component({ selector: 'aura-line-chart', template: '<p class="chart-stub">{{ label() }}: {{ y().length }}</p>' })
class ChartStub {
  readonly label = input('');
  readonly x = input<number[]>([]);
  readonly y = input<number[]>([]);
  readonly kind = input('line');
  readonly theme = input('light');
}

const hash = (n: number) => '0x' + n.toString(16).padStart(64, '0');
const stats = { total_users: 7, total_badges: 5, total_passports: 2, recent_badges_24h: 3 };

describe('LiveDashboardComponent', () => {
  let sockets: { config: WebSocketSubjectConfig<string>; subject: Subject<string> }[];
  let http: HttpTestingController;

  const settle = () => new Promise((r) => setTimeout(r, 40)); // one animation frame

  beforeEach(() => {
    sockets = [];
    TestBed.configureTestingModule({
      imports: [LiveDashboardComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: RUNTIME_CONFIG,
          useValue: { backendUrl: 'http://api.test', explorerUrl: 'https://amoy.polygonscan.com' },
        },
        { provide: NETWORK_EVENTS, useValue: new EventTarget() },
        {
          provide: WEB_SOCKET_FACTORY,
          useValue: (config: WebSocketSubjectConfig<string>) => {
            const subject = new Subject<string>();
            sockets.push({ config, subject });
            return subject;
          },
        },
      ],
    }).overrideComponent(LiveDashboardComponent, {
      remove: { imports: [LineChartComponent] },
      add: { imports: [ChartStub] },
    });
    http = TestBed.inject(HttpTestingController);
  });

  function render() {
    const fixture = TestBed.createComponent(LiveDashboardComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const text = (id: string) => el.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();
    return { fixture, el, text };
  }

  it('fills the cards and feeds from the snapshot and live frames, newest highlighted', async () => {
    const { fixture, el, text } = render();
    const ws = sockets[0] as { config: WebSocketSubjectConfig<string>; subject: Subject<string> };
    ws.config.openObserver?.next(new Event('open'));
    const block = (n: number) => ({
      number: n,
      hash: hash(n),
      timestamp: 1_767_225_600 + n,
      transactions: n,
      gasUsed: n * 1_000,
    });
    ws.subject.next(
      JSON.stringify({ type: 'snapshot', data: { stats, blocks: [block(2), block(1)], transactions: [], badges: [] } }),
    );
    ws.subject.next(JSON.stringify({ type: 'new_block', data: block(3), seq: 1, ts: '2026-01-01T00:00:00Z' }));
    ws.subject.next(
      JSON.stringify({
        type: 'badge_minted',
        data: { txHash: hash(9), address: '0x' + 'ab'.repeat(20), blockNumber: 3, logIndex: 0 },
        seq: 2,
        ts: '2026-01-01T00:00:00Z',
      }),
    );
    await settle();
    fixture.detectChanges();

    expect(text('connection-state')).toBe('Live');
    expect(text('total-users')).toBe('7');
    expect(text('total-badges')).toBe('5');
    expect(text('block-number')).toBe('3');
    expect(text('block-gas')).toBe('3,000');
    const rows = Array.from(el.querySelectorAll('[data-testid="block-feed"] li[data-block]'));
    expect(rows.map((r) => r.getAttribute('data-block'))).toEqual(['3', '2', '1']);
    expect(rows[0]?.classList.contains('newest')).toBe(true);
    expect(rows[1]?.classList.contains('newest')).toBe(false);
    expect(el.querySelector('[data-testid="token-feed"]')?.textContent).toContain('Badge minted');
    http.match(() => true).forEach((r) => r.flush(null));
  });

  it('says it is reconnecting and shows a reorg notice', async () => {
    const { fixture, el, text } = render();
    const ws = sockets[0] as { config: WebSocketSubjectConfig<string>; subject: Subject<string> };
    ws.config.openObserver?.next(new Event('open'));
    ws.subject.next(
      JSON.stringify({
        type: 'reorg',
        data: {
          commonAncestor: { number: 10, hash: hash(10) },
          oldHead: { number: 12, hash: hash(12) },
          newHead: { number: 11, hash: hash(99) },
          depth: 2,
          removed: {
            blocks: 2,
            transactions: 1,
            badges_minted: 1,
            passports_issued: 0,
            badges_revoked: 0,
            blockHashes: [hash(11), hash(12)],
          },
        },
        seq: 1,
        ts: '2026-01-01T00:00:00Z',
      }),
    );
    await settle();
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="reorg-notice"]')?.textContent).toContain('2 blocks replaced above block 10');

    ws.subject.error(new Error('dropped'));
    fixture.detectChanges();
    expect(text('connection-state')).toBe('Reconnecting…');
    expect(text('retry-countdown')).toMatch(/^retry in \d+ s$/);
    http.match(() => true).forEach((r) => r.flush(null));
  });

  it('shows an alert frame as a toast and in the recent alerts; a retraction marks the original', async () => {
    const { fixture, el } = render();
    const ws = sockets[0] as { config: WebSocketSubjectConfig<string>; subject: Subject<string> };
    ws.config.openObserver?.next(new Event('open'));
    const alert = {
      id: 'al_1',
      kind: 'fired',
      ruleId: 'rule_1',
      ruleName: 'badge minted',
      severity: 'critical',
      condition: 'token_event',
      title: 'Badge minted to 0xabab…',
      text: 'Badge 7 minted in block 3.',
      at: '2026-01-01T00:00:00Z',
      suppressed: 0,
    };
    ws.subject.next(JSON.stringify({ type: 'alert', data: alert, seq: 1, ts: '2026-01-01T00:00:00Z' }));
    fixture.detectChanges();
    const toasts = () => Array.from(el.querySelectorAll('[data-testid="alert-toast"]'));
    expect(toasts()).toHaveLength(1);
    expect(toasts()[0]?.textContent).toContain('Badge minted to 0xabab…');
    expect(el.querySelector('[data-testid="alert-toasts"]')?.getAttribute('role')).toBe('status');
    expect(el.querySelector('[data-testid="recent-alerts"] li[data-kind="fired"]')?.textContent).toContain(
      'Badge 7 minted in block 3.',
    );

    ws.subject.next(
      JSON.stringify({
        type: 'alert',
        data: { ...alert, id: 'al_2', kind: 'retracted', retracts: 'al_1', title: 'Retracted: badge minted' },
        seq: 2,
        ts: '2026-01-01T00:00:01Z',
      }),
    );
    fixture.detectChanges();
    const items = Array.from(el.querySelectorAll('[data-testid="recent-alerts"] li'));
    expect(items.map((i) => i.getAttribute('data-kind'))).toEqual(['retracted', 'fired']);
    expect(items[1]?.querySelector('[data-testid="alert-retracted"]')).not.toBeNull();

    (toasts()[0]?.querySelector('button') as HTMLButtonElement).click();
    fixture.detectChanges();
    expect(toasts()).toHaveLength(1);
    await settle();
    http.match(() => true).forEach((r) => r.flush(null));
  });

  it('refuses a malformed address filter with a message', () => {
    const { fixture, el } = render();
    const input = el.querySelector('[data-testid="address-filter"]') as HTMLInputElement;
    input.value = '0x123';
    input.dispatchEvent(new Event('change'));
    fixture.detectChanges();
    expect(el.querySelector('#filter-help')?.textContent).toContain('Enter a full 0x address');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    http.match(() => true).forEach((r) => r.flush(null));
  });
});

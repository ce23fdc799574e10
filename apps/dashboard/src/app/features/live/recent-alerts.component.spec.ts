import { TestBed } from '@angular/core/testing';

import type { AlertMessage } from '@aura/events';

import { AlertFeed } from './alert-feed';
import { RecentAlertsComponent } from './recent-alerts.component';

const alert = (id: string, patch: Partial<AlertMessage> = {}): AlertMessage => ({
  id,
  kind: 'fired',
  ruleId: 'rule_1',
  ruleName: 'stalled',
  severity: 'critical',
  condition: 'no_new_block',
  title: 'No new block for 60 s',
  text: 'The node announced no block since 12:00.',
  at: '2026-01-01T12:01:00Z',
  suppressed: 0,
  ...patch,
});

describe('RecentAlertsComponent', () => {
  function render(feed: AlertFeed) {
    const fixture = TestBed.createComponent(RecentAlertsComponent);
    fixture.componentRef.setInput('alerts', feed.recent());
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('says when there is nothing yet', () => {
    expect(render(new AlertFeed()).textContent).toContain('No alerts since this page opened.');
  });

  it('shows each alert with severity, kind, time, title and text; a retracted one says so', () => {
    const feed = new AlertFeed();
    feed.push(alert('al_1', { kind: 'fired', severity: 'info', condition: 'token_event', title: 'Badge minted' }));
    feed.push(alert('al_2', { kind: 'resolved', title: 'Blocks again after 90 s' }));
    feed.push(alert('al_3', { kind: 'retracted', retracts: 'al_1', title: 'Retracted: badge minted' }));
    const el = render(feed);
    const items = Array.from(el.querySelectorAll('li'));
    expect(items.map((i) => i.getAttribute('data-kind'))).toEqual(['retracted', 'resolved', 'fired']);
    expect(items[1]?.textContent).toContain('Critical');
    expect(items[1]?.textContent).toContain('Resolved');
    expect(items[1]?.textContent).toContain('Blocks again after 90 s');
    expect(items[1]?.querySelector('time')?.getAttribute('datetime')).toBe('2026-01-01T12:01:00Z');
    expect(items[2]?.classList.contains('retracted')).toBe(true);
    expect(items[2]?.querySelector('[data-testid="alert-retracted"]')?.textContent).toContain('retracted later');
    expect(items[0]?.querySelector('[data-testid="alert-retracted"]')).toBeNull();
  });
});

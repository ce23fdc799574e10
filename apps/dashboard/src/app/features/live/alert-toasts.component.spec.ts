import { TestBed } from '@angular/core/testing';

import type { AlertMessage } from '@aura/events';

import { AlertFeed } from './alert-feed';
import { AlertToastsComponent } from './alert-toasts.component';

const alert = (id: string): AlertMessage => ({
  id,
  kind: 'test',
  ruleId: 'rule_1',
  ruleName: 'badge minted',
  severity: 'info',
  condition: 'token_event',
  title: `Test ${id}`,
  text: 'A test message.',
  at: '2026-01-01T00:00:00Z',
  suppressed: 0,
});

describe('AlertToastsComponent', () => {
  it('stacks the toasts in a polite live region and reports which one was dismissed', () => {
    const feed = new AlertFeed();
    for (const id of ['al_1', 'al_2', 'al_3', 'al_4']) feed.push(alert(id));
    const fixture = TestBed.createComponent(AlertToastsComponent);
    fixture.componentRef.setInput('toasts', feed.toasts());
    const dismissed: string[] = [];
    fixture.componentInstance.dismissed.subscribe((key) => dismissed.push(key));
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const region = el.querySelector('[data-testid="alert-toasts"]') as HTMLElement;
    expect(region.getAttribute('role')).toBe('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    const toasts = Array.from(el.querySelectorAll('[data-testid="alert-toast"]'));
    expect(toasts.map((t) => t.querySelector('.title')?.textContent)).toEqual(['Test al_4', 'Test al_3', 'Test al_2']);
    (toasts[2]?.querySelector('button') as HTMLButtonElement).click();
    expect(dismissed).toEqual(['test:al_2']);
  });
});

import { TestBed } from '@angular/core/testing';

import { AlertConditionFieldsComponent, type DraftChange } from './alert-condition-fields.component';
import { EMPTY_DRAFT, type RuleDraft } from './alert-rule-draft';

describe('AlertConditionFieldsComponent', () => {
  function render(draft: Partial<RuleDraft>, errors: Record<string, string> = {}) {
    const fixture = TestBed.createComponent(AlertConditionFieldsComponent);
    fixture.componentRef.setInput('draft', { ...EMPTY_DRAFT, ...draft });
    fixture.componentRef.setInput('errors', errors);
    const changes: DraftChange[] = [];
    fixture.componentInstance.changed.subscribe((c) => changes.push(c));
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const $ = <T extends Element = HTMLInputElement>(id: string) => el.querySelector(`[data-testid="${id}"]`) as T;
    return { el, $, changes };
  }

  it('shows the parameters of the kind only, and reports each edit', () => {
    const { el, $, changes } = render({ kind: 'event_rate' });
    expect($('rule-addresses')).toBeNull();
    expect($('rule-window').value).toBe('300');
    $('rule-rate-count').value = '12';
    $('rule-rate-count').dispatchEvent(new Event('input'));
    const direction = $<HTMLSelectElement>('rule-direction');
    direction.value = 'below';
    direction.dispatchEvent(new Event('change'));
    expect(changes).toEqual([
      { key: 'rateCount', value: '12' },
      { key: 'direction', value: 'below' },
    ]);
    expect(el.textContent).toContain('Events per window');
  });

  it('toggles token events', () => {
    const { $, changes } = render({ kind: 'token_event', events: ['badge_minted'] });
    $('rule-event-badge_revoked').click();
    $('rule-event-badge_minted').click();
    expect(changes).toEqual([
      { key: 'events', value: ['badge_minted', 'badge_revoked'] },
      { key: 'events', value: [] },
    ]);
  });

  it('shows a message beside its field, tied to it for screen readers', () => {
    const { el, $ } = render({ kind: 'reorg_depth', depth: '' }, { 'condition.depth': 'is required' });
    expect($('rule-depth').getAttribute('aria-invalid')).toBe('true');
    expect($('rule-depth').getAttribute('aria-describedby')).toBe('rule-err-condition-depth');
    expect(el.querySelector('#rule-err-condition-depth')?.textContent).toContain('is required');
  });

  it('has nothing to ask for the database and follower conditions', () => {
    const { el } = render({ kind: 'database_down' });
    expect(el.querySelectorAll('input, select, textarea')).toHaveLength(0);
    expect(el.textContent).toContain('No parameters');
  });
});

import { TestBed } from '@angular/core/testing';

import { alertMessage } from '../../testing/alert-fixtures';
import { AlertToastComponent, TOAST_MS } from './alert-toast.component';

const message = alertMessage({
  severity: 'critical',
  title: 'Badge minted to 0xab…',
  text: 'Badge 7 minted to 0xabab… in block 12.',
});

describe('AlertToastComponent', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function render() {
    const fixture = TestBed.createComponent(AlertToastComponent);
    fixture.componentRef.setInput('alert', message);
    let dismissed = 0;
    fixture.componentInstance.dismissed.subscribe(() => dismissed++);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    return { el, dismissed: () => dismissed };
  }

  it('shows severity, kind, rule, title and text, with a dismiss button', () => {
    const { el, dismissed } = render();
    expect(el.getAttribute('data-severity')).toBe('critical');
    expect(el.textContent).toContain('Critical · Fired · badge minted');
    expect(el.textContent).toContain('Badge minted to 0xab…');
    expect(el.textContent).toContain('in block 12');
    const close = el.querySelector('button') as HTMLButtonElement;
    expect(close.getAttribute('aria-label')).toBe('Dismiss alert: Badge minted to 0xab…');
    close.click();
    expect(dismissed()).toBe(1);
  });

  it(`dismisses itself after ${TOAST_MS / 1000} s`, () => {
    const { dismissed } = render();
    vi.advanceTimersByTime(TOAST_MS - 1);
    expect(dismissed()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(dismissed()).toBe(1);
  });

  it('stays while hovered or focused, and counts again once left', () => {
    const { el, dismissed } = render();
    el.dispatchEvent(new MouseEvent('mouseenter'));
    vi.advanceTimersByTime(TOAST_MS * 2);
    expect(dismissed()).toBe(0);
    (el.querySelector('button') as HTMLButtonElement).focus();
    el.dispatchEvent(new MouseEvent('mouseleave'));
    vi.advanceTimersByTime(TOAST_MS * 2);
    expect(dismissed()).toBe(0);
    (el.querySelector('button') as HTMLButtonElement).blur();
    vi.advanceTimersByTime(TOAST_MS - 1);
    expect(dismissed()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(dismissed()).toBe(1);
  });
});

import { TestBed } from '@angular/core/testing';

import type { AlertDelivery } from '@aura/events';

import { TestDeliveriesComponent } from './test-deliveries.component';

describe('TestDeliveriesComponent', () => {
  function render(deliveries: Partial<AlertDelivery>[]) {
    const fixture = TestBed.createComponent(TestDeliveriesComponent);
    fixture.componentRef.setInput('heading', 'Test of “badge minted” queued');
    fixture.componentRef.setInput('deliveries', deliveries);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('lists one line per channel with its status and error', () => {
    const el = render([
      { id: 'dl_1', channelName: 'wall', channelType: 'dashboard', status: 'delivered', lastError: null },
      { id: 'dl_2', channelName: 'hook', channelType: 'webhook', status: 'retrying', lastError: 'HTTP 500' },
    ]);
    const items = Array.from(el.querySelectorAll('li[data-channel]'));
    expect(items[0]?.textContent).toContain('wall (Dashboard): delivered');
    expect(items[1]?.textContent).toContain('hook (Webhook): retrying');
    expect(items[1]?.textContent).toContain('HTTP 500');
  });

  it('is a status labelled by its heading, and Close says so', () => {
    const fixture = TestBed.createComponent(TestDeliveriesComponent);
    fixture.componentRef.setInput('heading', 'Test to “wall” queued');
    fixture.componentRef.setInput('deliveries', []);
    let closed = 0;
    fixture.componentInstance.closed.subscribe(() => closed++);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.getAttribute('role')).toBe('status');
    expect(el.querySelector(`#${el.getAttribute('aria-labelledby')}`)?.textContent).toBe('Test to “wall” queued');
    el.querySelector('button')?.click();
    expect(closed).toBe(1);
  });

  it('says when nothing was queued', () => {
    expect(render([]).textContent).toContain('Nothing queued: the rule has no channels.');
  });
});

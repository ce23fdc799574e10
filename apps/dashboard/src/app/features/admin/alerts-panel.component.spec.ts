import { Component, input, output } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import type { DeliveryStatus } from '@aura/events';

import { AlertChannelsPanelComponent } from './alert-channels-panel.component';
import { AlertDeliveriesPanelComponent } from './alert-deliveries-panel.component';
import { AlertRulesPanelComponent } from './alert-rules-panel.component';
import { AlertingStatusComponent } from './alerting-status.component';
import { AlertsPanelComponent } from './alerts-panel.component';

@Component({ selector: 'aura-alert-rules-panel', template: '<p>rules</p>' })
class RulesStub {}
@Component({ selector: 'aura-alert-channels-panel', template: '<p>channels</p>' })
class ChannelsStub {}
@Component({ selector: 'aura-alert-deliveries-panel', template: '<p>deliveries{{ initialStatus() }}</p>' })
class DeliveriesStub {
  readonly initialStatus = input<DeliveryStatus | ''>('');
  readonly shown: DeliveryStatus[] = [];
  showStatus(status: DeliveryStatus): void {
    this.shown.push(status);
  }
}
@Component({
  selector: 'aura-alerting-status',
  template: '<button type="button" (click)="showDead.emit()">dead</button>',
})
class StatusStub {
  readonly showDead = output<void>();
}

describe('AlertsPanelComponent', () => {
  function render() {
    TestBed.configureTestingModule({ imports: [AlertsPanelComponent] }).overrideComponent(AlertsPanelComponent, {
      remove: {
        imports: [
          AlertChannelsPanelComponent,
          AlertDeliveriesPanelComponent,
          AlertingStatusComponent,
          AlertRulesPanelComponent,
        ],
      },
      add: { imports: [ChannelsStub, DeliveriesStub, RulesStub, StatusStub] },
    });
    const fixture = TestBed.createComponent(AlertsPanelComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    const tab = (id: string) => el.querySelector(`[data-testid="alerts-tab-${id}"]`) as HTMLButtonElement;
    const panel = () => el.querySelector('[role="tabpanel"]') as HTMLElement;
    const key = (id: string, k: string) => {
      tab(id).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
      fixture.detectChanges();
    };
    return { fixture, el, tab, panel, key };
  }

  it('opens on Rules and renders only the open tab', () => {
    const { tab, panel } = render();
    expect(tab('rules').getAttribute('aria-selected')).toBe('true');
    expect(tab('channels').tabIndex).toBe(-1);
    expect(panel().textContent?.trim()).toBe('rules');
    expect(panel().getAttribute('aria-labelledby')).toBe('alerts-tab-rules');
  });

  it('switches with a click and with the arrow keys, Home and End', () => {
    const { fixture, tab, panel, key } = render();
    tab('deliveries').click();
    fixture.detectChanges();
    expect(panel().textContent?.trim()).toBe('deliveries');
    key('deliveries', 'ArrowRight');
    expect(panel().textContent?.trim()).toBe('rules');
    expect(document.activeElement).toBe(tab('rules'));
    key('rules', 'ArrowLeft');
    expect(panel().textContent?.trim()).toBe('deliveries');
    key('deliveries', 'Home');
    expect(tab('rules').getAttribute('aria-selected')).toBe('true');
    key('rules', 'End');
    expect(document.activeElement).toBe(tab('deliveries'));
  });

  it('opens the Deliveries tab on the dead ones from the status line; the tabs open it unfiltered', () => {
    const { fixture, el, tab, panel } = render();
    const dead = () => {
      (el.querySelector('aura-alerting-status button') as HTMLButtonElement).click();
      fixture.detectChanges();
    };
    dead();
    expect(tab('deliveries').getAttribute('aria-selected')).toBe('true');
    expect(panel().textContent?.trim()).toBe('deliveriesdead');
    tab('rules').click();
    fixture.detectChanges();
    tab('deliveries').click();
    fixture.detectChanges();
    expect(panel().textContent?.trim()).toBe('deliveries');
  });

  it('filters the open Deliveries tab in place', () => {
    const { fixture, el, tab } = render();
    tab('deliveries').click();
    fixture.detectChanges();
    const open = fixture.debugElement.query((d) => d.name === 'aura-alert-deliveries-panel')
      .componentInstance as DeliveriesStub;
    (el.querySelector('aura-alerting-status button') as HTMLButtonElement).click();
    fixture.detectChanges();
    expect(open.shown).toEqual(['dead']);
  });
});

import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';

import type { DeliveryStatus } from '@aura/events';

import { AlertChannelsPanelComponent } from './alert-channels-panel.component';
import { AlertDeliveriesPanelComponent } from './alert-deliveries-panel.component';
import { AlertRulesPanelComponent } from './alert-rules-panel.component';
import { AlertingStatusComponent } from './alerting-status.component';

const TABS = [
  { id: 'rules', label: 'Rules' },
  { id: 'channels', label: 'Channels' },
  { id: 'deliveries', label: 'Deliveries' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/**
 * Alerting: a status line, then rules, channels and the delivery log as tabs (the WAI-ARIA tabs pattern: arrow
 * keys, Home and End move between tabs). Only the open tab is rendered, so only it reads the API. The status
 * line's dead deliveries open the log filtered to them.
 */
@Component({
  selector: 'aura-alerts-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    AlertChannelsPanelComponent,
    AlertDeliveriesPanelComponent,
    AlertingStatusComponent,
    AlertRulesPanelComponent,
  ],
  template: `
    <aura-alerting-status (showDead)="showDead()" />
    <div role="tablist" aria-label="Alerting" class="tabs">
      @for (t of tabs; track t.id) {
        <button
          type="button"
          role="tab"
          class="tab"
          [id]="'alerts-tab-' + t.id"
          [attr.aria-selected]="tab() === t.id"
          [attr.aria-controls]="'alerts-tabpanel-' + t.id"
          [tabindex]="tab() === t.id ? 0 : -1"
          (click)="select(t.id)"
          (keydown)="onKey($event)"
          [attr.data-testid]="'alerts-tab-' + t.id"
        >
          {{ t.label }}
        </button>
      }
    </div>
    <div role="tabpanel" tabindex="0" [id]="'alerts-tabpanel-' + tab()" [attr.aria-labelledby]="'alerts-tab-' + tab()">
      @switch (tab()) {
        @case ('rules') {
          <aura-alert-rules-panel />
        }
        @case ('channels') {
          <aura-alert-channels-panel />
        }
        @case ('deliveries') {
          <aura-alert-deliveries-panel #deliveries [initialStatus]="deliveriesStatus()" />
        }
      }
    </div>
  `,
  styles: `
    .tabs {
      display: flex;
      gap: 0.25rem;
      border-bottom: 1px solid var(--border);
      margin-bottom: 0.75rem;
    }
    .tab {
      padding: 0.4rem 0.9rem;
      border: 1px solid transparent;
      border-bottom: 0;
      border-radius: 0.35rem 0.35rem 0 0;
      background: none;
      color: var(--muted);
      cursor: pointer;
      margin-bottom: -1px;
    }
    .tab[aria-selected='true'] {
      color: var(--fg);
      font-weight: 600;
      background: var(--surface);
      border-color: var(--border);
      border-bottom: 1px solid var(--surface);
    }
  `,
})
export class AlertsPanelComponent {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly tabs = TABS;
  protected readonly tab = signal<Tab>('rules');
  /** The status filter the Deliveries tab opens with: '' from the tabs, `dead` from the status line. */
  protected readonly deliveriesStatus = signal<DeliveryStatus | ''>('');
  private readonly deliveries = viewChild<AlertDeliveriesPanelComponent>('deliveries');

  protected select(tab: Tab): void {
    this.deliveriesStatus.set('');
    this.tab.set(tab);
  }

  /** Opens the Deliveries tab on the dead ones; if it is open already, filters it. */
  protected showDead(): void {
    const open = this.deliveries();
    if (open) return open.showStatus('dead');
    this.deliveriesStatus.set('dead');
    this.tab.set('deliveries');
  }

  protected onKey(event: KeyboardEvent): void {
    const index = TABS.findIndex((t) => t.id === this.tab());
    const moves: Record<string, number> = {
      ArrowRight: (index + 1) % TABS.length,
      ArrowLeft: (index - 1 + TABS.length) % TABS.length,
      Home: 0,
      End: TABS.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = TABS[next];
    if (!tab) return;
    this.select(tab.id);
    this.host.nativeElement.querySelector<HTMLElement>(`#alerts-tab-${tab.id}`)?.focus();
  }
}

import { ChangeDetectionStrategy, Component, type ElementRef, inject, signal, viewChild } from '@angular/core';

import type { Channel } from '@aura/events';

import { AlertChannelFormComponent } from './alert-channel-form.component';
import { CHANNEL_TYPE_LABELS } from './alert-text';
import { AlertsApi, type TestResult } from './alerts-api.service';
import { ConfirmDeleteComponent } from './confirm-delete.component';
import { polled } from './polled';
import { rowCalls } from './row-calls';
import { TestDeliveriesComponent } from './test-deliveries.component';

type Aside = { kind: 'form'; channel: Channel | null } | { kind: 'test'; channel: Channel; result: TestResult };

/** A channel's settings as the API answers them (secrets already masked), one `key: value` each. */
export function settingsSummary(channel: Channel): string {
  return Object.entries(channel.settings)
    .filter(([key]) => key !== 'type')
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join(' · ');
}

/** Alert channels: the list (secrets masked as the API gives them), the form, send test, delete after a confirmation. */
@Component({
  selector: 'aura-alert-channels-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AlertChannelFormComponent, ConfirmDeleteComponent, TestDeliveriesComponent],
  templateUrl: './alert-channels-panel.component.html',
  styleUrl: './alerts.css',
})
export class AlertChannelsPanelComponent {
  private readonly api = inject(AlertsApi);
  protected readonly channels = polled(() => this.api.channels());
  protected readonly typeLabels = CHANNEL_TYPE_LABELS;
  protected readonly summary = settingsSummary;

  protected readonly aside = signal<Aside | null>(null);
  private readonly newButton = viewChild.required<ElementRef<HTMLButtonElement>>('newButton');
  protected readonly confirming = signal<string | null>(null);
  protected readonly calls = rowCalls();

  protected edit(channel: Channel | null): void {
    this.aside.set({ kind: 'form', channel });
  }

  protected saved(): void {
    this.close();
    this.channels.refresh();
  }

  /** Closes the form; the focus goes back to "New channel" rather than to the page's start. */
  protected close(): void {
    this.aside.set(null);
    this.newButton().nativeElement.focus();
  }

  protected test(channel: Channel): void {
    this.calls.run(channel, this.api.testChannel(channel.id), (result) =>
      this.aside.set({ kind: 'test', channel, result }),
    );
  }

  protected remove(channel: Channel): void {
    this.calls.run(channel, this.api.deleteChannel(channel.id), () => {
      this.confirming.set(null);
      this.aside.set(null);
      this.channels.refresh();
    });
  }
}

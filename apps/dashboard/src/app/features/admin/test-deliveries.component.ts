import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import type { AlertDelivery } from '@aura/events';

import { CHANNEL_TYPE_LABELS, STATUS_LABELS } from './alert-text';

/** The deliveries a "Send test" queued: one per channel, with the status the API gave (the log follows them). */
@Component({
  selector: 'aura-test-deliveries',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="plain" data-testid="test-deliveries">
      @for (d of deliveries(); track d.id) {
        <li [attr.data-channel]="d.channelName">
          {{ d.channelName }} <span class="muted">({{ typeLabels[d.channelType] }})</span>:
          <span class="status" [attr.data-status]="d.status">{{ statusLabels[d.status] }}</span>
          @if (d.lastError) {
            <span class="error">{{ d.lastError }}</span>
          }
        </li>
      } @empty {
        <li class="muted">Nothing queued: the rule has no channels.</li>
      }
    </ul>
    <p class="hint">The Deliveries tab follows them.</p>
  `,
  styleUrl: './alerts.css',
})
export class TestDeliveriesComponent {
  readonly deliveries = input.required<readonly AlertDelivery[]>();
  protected readonly typeLabels = CHANNEL_TYPE_LABELS;
  protected readonly statusLabels = STATUS_LABELS;
}

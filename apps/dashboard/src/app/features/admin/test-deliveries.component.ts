import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

import type { AlertDelivery } from '@aura/events';

import { CHANNEL_TYPE_LABELS, STATUS_LABELS } from './alert-text';

let nextId = 0;

/**
 * What a "Send test" queued, under its heading: one delivery per channel, with the status the API gave (the log
 * follows them), and Close.
 */
@Component({
  selector: 'aura-test-deliveries',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', '[attr.aria-labelledby]': 'headingId' },
  template: `
    <h3 [id]="headingId">{{ heading() }}</h3>
    <div>
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
    </div>
    <div class="actions"><button type="button" class="btn" (click)="closed.emit()">Close</button></div>
  `,
  styleUrl: './alerts.css',
})
export class TestDeliveriesComponent {
  readonly heading = input.required<string>();
  readonly deliveries = input.required<readonly AlertDelivery[]>();
  readonly closed = output<void>();
  protected readonly headingId = `test-deliveries-h-${nextId++}`;
  protected readonly typeLabels = CHANNEL_TYPE_LABELS;
  protected readonly statusLabels = STATUS_LABELS;
}

import { ChangeDetectionStrategy, Component, inject, output } from '@angular/core';

import { type AlertingStatus, AlertsApi } from './alerts-api.service';
import { polled } from './polled';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Where the evaluator is: "at block N of M" (the stored head), or that it has not evaluated a block yet. */
export function evaluatorText(evaluator: AlertingStatus['evaluator']): string {
  const { checkpoint, storedHead } = evaluator;
  if (checkpoint === null) return 'Evaluator: no block evaluated yet';
  return storedHead === null ? `Evaluator at block ${checkpoint}` : `Evaluator at block ${checkpoint} of ${storedHead}`;
}

/** "behind by K blocks" while the evaluator trails the stored head; null when it is level (or the lag unknown). */
export function lagText(evaluator: AlertingStatus['evaluator']): string | null {
  return evaluator.lagBlocks ? `behind by ${plural(evaluator.lagBlocks, 'block')}` : null;
}

/** Deliveries not finished yet: held for confirmations, pending, sending, or retrying. */
export function waitingDeliveries(deliveries: AlertingStatus['deliveries']): number {
  return deliveries.held + deliveries.pending + deliveries.sending + deliveries.retrying;
}

/**
 * One line above the alerting tabs: the evaluator against the stored head (and its last error), deliveries
 * waiting and dead. Read again every few seconds while the page is visible; "N dead" asks for the dead deliveries.
 */
@Component({
  selector: 'aura-alerting-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (status.error(); as message) {
      <p class="error" role="alert" data-testid="alerting-status-error">
        The alerting status could not be read: {{ message }}
      </p>
    }
    @if (status.value(); as s) {
      <p class="line" data-testid="alerting-status">
        <span data-testid="alerting-evaluator">{{ evaluator(s.evaluator) }}</span>
        @if (lag(s.evaluator); as behind) {
          <span class="warn" data-testid="alerting-lag">{{ behind }}</span>
        }
        @if (s.evaluator.lastError; as error) {
          <span class="bad" data-testid="alerting-last-error">last error: {{ error }}</span>
        }
        <span data-testid="alerting-waiting">{{ waiting(s.deliveries) }} waiting</span>
        @if (s.deliveries.dead > 0) {
          <span>
            <button
              type="button"
              class="dead"
              (click)="showDead.emit()"
              [attr.aria-label]="s.deliveries.dead + ' dead: show the dead deliveries'"
              data-testid="alerting-dead"
            >
              {{ s.deliveries.dead }} dead
            </button>
          </span>
        } @else {
          <span class="muted" data-testid="alerting-dead-none">0 dead</span>
        }
      </p>
    }
  `,
  styles: `
    .line {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 0.5rem;
      margin: 0 0 0.75rem;
      font-size: 0.85rem;
      font-variant-numeric: tabular-nums;
    }
    .line > * + *::before {
      content: '·';
      margin-right: 0.5rem;
      color: var(--muted);
    }
    .warn {
      color: var(--warn);
    }
    .bad,
    .dead {
      color: var(--bad);
      font-weight: 600;
    }
    .muted {
      color: var(--muted);
    }
    .dead {
      font: inherit;
      font-weight: 700;
      padding: 0;
      border: 0;
      background: none;
      text-decoration: underline;
      cursor: pointer;
    }
    .error {
      margin: 0 0 0.75rem;
    }
  `,
})
export class AlertingStatusComponent {
  private readonly api = inject(AlertsApi);
  protected readonly status = polled(() => this.api.status());
  /** "N dead" was pressed: the Deliveries tab should show the dead ones. */
  readonly showDead = output<void>();

  protected readonly evaluator = evaluatorText;
  protected readonly lag = lagText;
  protected readonly waiting = waitingDeliveries;
}

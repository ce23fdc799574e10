import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

import type { RecentAlert } from './alert-feed';
import { AlertToastComponent } from './alert-toast.component';

/** The toasts, top right, newest first; announced politely to screen readers. */
@Component({
  selector: 'aura-alert-toasts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AlertToastComponent],
  template: `
    <section class="stack" role="status" aria-live="polite" aria-label="New alerts" data-testid="alert-toasts">
      @for (t of toasts(); track t.key) {
        <aura-alert-toast [alert]="t.message" (dismissed)="dismissed.emit(t.key)" />
      }
    </section>
  `,
  styles: `
    .stack {
      position: fixed;
      /* Below the page header, whose status and buttons stay reachable. */
      top: 4.5rem;
      right: 1rem;
      z-index: 30;
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 0.5rem;
      width: min(24rem, calc(100vw - 2rem));
    }
  `,
})
export class AlertToastsComponent {
  readonly toasts = input.required<readonly RecentAlert[]>();
  readonly dismissed = output<string>();
}

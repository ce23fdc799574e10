import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { AdminApi } from './admin-api.service';
import { polled } from './polled';

/** How many audit entries the panel shows, newest first. */
export const AUDIT_ENTRIES = 50;
const ACTIONS: Partial<Record<string, string>> = { 'key.create': 'created key', 'key.revoke': 'revoked key' };

/** The audit log: who did what to which key, when and from where. */
@Component({
  selector: 'aura-audit-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  template: `
    @if (data.error(); as message) {
      <p class="error" role="alert">The audit log could not be read: {{ message }}</p>
    }
    @if (data.value(); as log) {
      <div class="scroll">
        <table class="table" data-testid="audit-table">
          <caption class="visually-hidden">
            Audit log, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            @for (e of log.entries; track $index) {
              <tr [attr.data-action]="e.action">
                <td>{{ e.at | date: 'medium' }}</td>
                <td>
                  {{ e.actor.name }}
                  @if (e.actor.kind !== e.actor.name) {
                    <span class="muted">{{ e.actor.kind }}</span>
                  }
                </td>
                <td>{{ actions[e.action] ?? e.action }} {{ e.target }}</td>
                <td class="mono">{{ e.ip ?? '—' }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="4" class="muted">Nothing recorded yet.</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    } @else if (!data.error()) {
      <p class="muted">Loading…</p>
    }
  `,
  styles: `
    .scroll {
      overflow-x: auto;
    }
  `,
})
export class AuditPanelComponent {
  private readonly api = inject(AdminApi);
  protected readonly actions = ACTIONS;
  protected readonly data = polled(() => this.api.audit(AUDIT_ENTRIES));

  constructor() {
    // The entry of a change made on this page shows at once, not at the next poll.
    this.api.changed$.pipe(takeUntilDestroyed()).subscribe(() => this.data.refresh());
  }
}

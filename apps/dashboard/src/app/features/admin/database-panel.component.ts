import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';

import { AdminApi } from './admin-api.service';
import { polled } from './polled';

/** The database: up or down, and the size of each collection. */
@Component({
  selector: 'aura-database-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DecimalPipe],
  template: `
    @if (data.error(); as message) {
      <p class="error" role="alert">The database report could not be read: {{ message }}</p>
    }
    @if (data.value(); as d) {
      <p>
        <span class="mono">{{ d.name }}</span
        >:
        <strong [class.ok]="d.state === 'up'" [class.error]="d.state === 'down'" data-testid="database-state">{{
          d.state
        }}</strong>
      </p>
      <table class="table" data-testid="database-collections">
        <caption class="visually-hidden">
          Collections
        </caption>
        <thead>
          <tr>
            <th scope="col">Collection</th>
            <th scope="col" class="num">Documents</th>
          </tr>
        </thead>
        <tbody>
          @for (c of d.collections; track c.name) {
            <tr>
              <td class="mono">{{ c.name }}</td>
              <td class="num">{{ c.documents | number }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="2" class="muted">No collections to show.</td>
            </tr>
          }
        </tbody>
      </table>
    } @else if (!data.error()) {
      <p class="muted">Loading…</p>
    }
  `,
  styles: `
    .ok {
      color: var(--ok);
    }
  `,
})
export class DatabasePanelComponent {
  private readonly api = inject(AdminApi);
  protected readonly data = polled(() => this.api.database());
}

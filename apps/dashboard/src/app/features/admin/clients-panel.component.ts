import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';

import { AdminApi } from './admin-api.service';
import { polled } from './polled';

/** The WebSocket clients connected now: counts by credential and by IP, and each connection (read-only). */
@Component({
  selector: 'aura-clients-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, DecimalPipe],
  template: `
    @if (data.error(); as message) {
      <p class="error" role="alert">Clients could not be read: {{ message }}</p>
    }
    @if (data.value(); as c) {
      <p data-testid="clients-summary">
        <strong data-testid="clients-total">{{ c.total }}</strong> connected · {{ c.droppedFrames | number }} frames
        dropped for slow readers · {{ c.slowClientsClosed }} slow clients closed
      </p>
      <div class="counts">
        <table class="table" data-testid="clients-by-credential">
          <caption class="visually-hidden">
            Connections by credential
          </caption>
          <thead>
            <tr>
              <th scope="col">Credential</th>
              <th scope="col" class="num">Connections</th>
            </tr>
          </thead>
          <tbody>
            @for (row of c.byCredential; track row.name) {
              <tr>
                <td>{{ row.name }}</td>
                <td class="num">{{ row.count }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="2" class="muted">None</td>
              </tr>
            }
          </tbody>
        </table>
        <table class="table" data-testid="clients-by-ip">
          <caption class="visually-hidden">
            Connections by IP
          </caption>
          <thead>
            <tr>
              <th scope="col">IP</th>
              <th scope="col" class="num">Connections</th>
            </tr>
          </thead>
          <tbody>
            @for (row of c.byIp; track row.ip) {
              <tr>
                <td class="mono">{{ row.ip }}</td>
                <td class="num">{{ row.count }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="2" class="muted">None</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      <div class="scroll">
        <table class="table" data-testid="clients-table">
          <caption class="visually-hidden">
            Connections
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Credential</th>
              <th scope="col">IP</th>
              <th scope="col">Since</th>
              <th scope="col">Subscriptions</th>
              <th scope="col" class="num">Bytes waiting</th>
            </tr>
          </thead>
          <tbody>
            @for (client of c.clients; track client.id) {
              <tr>
                <td>{{ client.id }}</td>
                <td>
                  {{ client.principal.name }} <span class="muted">{{ client.principal.role }}</span>
                </td>
                <td class="mono">{{ client.ip }}</td>
                <td>{{ client.connectedAt | date: 'mediumTime' }}</td>
                <td>{{ client.topics === null ? 'everything' : client.topics.join(', ') || 'nothing' }}</td>
                <td class="num">{{ client.bufferedBytes | number }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="6" class="muted">No clients connected.</td>
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
    .counts {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      gap: 1rem;
      margin-bottom: 1rem;
    }
    .scroll {
      overflow-x: auto;
    }
  `,
})
export class ClientsPanelComponent {
  private readonly api = inject(AdminApi);
  protected readonly data = polled(() => this.api.clients());
}

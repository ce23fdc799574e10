import { DatePipe, DecimalPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  effect,
  type ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { Observable } from 'rxjs';

import { explorerLink } from '@aura/events';

import type { AddressDetail, BlockDetail, TransactionDetail } from '../../core/api/rest-types';
import { MonitorApi } from '../../core/monitor-api.service';
import { RUNTIME_CONFIG } from '../../core/runtime-config';

export type DetailTarget =
  | { kind: 'block'; id: number }
  | { kind: 'transaction'; id: string }
  | { kind: 'address'; id: string };

type Loaded =
  | { kind: 'block'; data: BlockDetail }
  | { kind: 'transaction'; data: TransactionDetail }
  | { kind: 'address'; data: AddressDetail };

/** The detail of a block, transaction or address from the REST API, with block-explorer links. */
@Component({
  selector: 'aura-detail-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, DecimalPipe],
  templateUrl: './detail-panel.component.html',
  host: { '(document:keydown.escape)': 'closed.emit()' },
})
export class DetailPanelComponent {
  private readonly api = inject(MonitorApi);
  protected readonly explorer = inject(RUNTIME_CONFIG).explorerUrl;
  readonly target = input.required<DetailTarget>();
  readonly closed = output<void>();
  readonly navigate = output<DetailTarget>();
  protected readonly loaded = signal<Loaded | null>(null);
  protected readonly error = signal<string | null>(null);
  private readonly heading = viewChild<ElementRef<HTMLElement>>('heading');

  constructor() {
    effect((onCleanup) => {
      const t = this.target();
      this.loaded.set(null);
      this.error.set(null);
      const request: Observable<unknown> =
        t.kind === 'block'
          ? this.api.block(t.id)
          : t.kind === 'transaction'
            ? this.api.transaction(t.id)
            : this.api.address(t.id);
      const sub = request.subscribe({
        next: (data) => {
          this.loaded.set({ kind: t.kind, data } as Loaded);
          // Move focus into the panel so keyboard and screen-reader users land on it.
          queueMicrotask(() => this.heading()?.nativeElement.focus());
        },
        error: (err: { error?: { message?: string }; message?: string }) =>
          this.error.set(err.error?.message ?? err.message ?? 'request failed'),
      });
      onCleanup(() => sub.unsubscribe());
    });
  }

  protected link(path: 'block' | 'tx' | 'address', id: string | number): string | null {
    return explorerLink(this.explorer, path, id);
  }
}

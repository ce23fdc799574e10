import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  Injector,
  input,
  linkedSignal,
  type OnInit,
  signal,
} from '@angular/core';

import { type AlertDelivery, DELIVERY_STATUSES, type DeliveryStatus } from '@aura/events';

import { CHANNEL_TYPE_LABELS, STATUS_LABELS } from './alert-text';
import { AlertsApi, type DeliveryQuery } from './alerts-api.service';
import { apiErrorMessage } from './api-error';
import { poll, polled } from './polled';

/** Deliveries per page of the log. */
export const DELIVERY_PAGE = 50;

/** What the API replays: given up (dead), failed and waiting for its next try (retrying), or cancelled. */
export const canReplay = (d: AlertDelivery): boolean =>
  d.status === 'dead' || d.status === 'retrying' || d.status === 'cancelled';

export function latencyText(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}

/**
 * The delivery log, newest first: filtered by rule and status, read again every few seconds while visible; "Load
 * older" follows the `next` cursor, and the pages loaded stay while the newest one refreshes. Replay queues a
 * failed or dead delivery again.
 */
@Component({
  selector: 'aura-alert-deliveries-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  templateUrl: './alert-deliveries-panel.component.html',
  styleUrl: './alerts.css',
})
export class AlertDeliveriesPanelComponent implements OnInit {
  private readonly api = inject(AlertsApi);
  private readonly injector = inject(Injector);
  private refresh = (): void => undefined;

  /** The status filter the log opens with (the status line's dead deliveries). */
  readonly initialStatus = input<DeliveryStatus | ''>('');

  protected readonly statuses = DELIVERY_STATUSES;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly typeLabels = CHANNEL_TYPE_LABELS;
  protected readonly latency = latencyText;
  protected readonly canReplay = canReplay;
  protected readonly rules = polled(() => this.api.rules());

  protected readonly ruleId = signal('');
  protected readonly status = linkedSignal<DeliveryStatus | ''>(() => this.initialStatus());
  private readonly newest = signal<AlertDelivery[] | null>(null);
  /** Older pages loaded with "Load older", and what fell off the newest page since (so nothing goes missing). */
  private readonly older = signal<AlertDelivery[]>([]);
  private readonly newestNext = signal<string | null>(null);
  private readonly olderNext = signal<string | null | undefined>(undefined);
  protected readonly next = computed(() => (this.olderNext() === undefined ? this.newestNext() : this.olderNext()));
  protected readonly deliveries = computed(() => {
    const newest = this.newest();
    if (newest === null) return null;
    const ids = new Set(newest.map((d) => d.id));
    return [...newest, ...this.older().filter((d) => !ids.has(d.id))];
  });
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly loadingOlder = signal(false);

  /** Started once the inputs are set, so the first read already asks for `initialStatus`. */
  ngOnInit(): void {
    this.refresh = poll(
      () => this.api.deliveries(this.query()),
      (page) => {
        this.error.set(null);
        const previous = this.newest() ?? [];
        if (this.olderNext() !== undefined) {
          // Older pages are shown: what the refreshed newest page no longer holds joins them.
          const ids = new Set(page.deliveries.map((d) => d.id));
          const dropped = previous.filter((d) => !ids.has(d.id));
          this.older.update((older) => [...dropped, ...older.filter((d) => !dropped.some((x) => x.id === d.id))]);
        }
        this.newest.set(page.deliveries);
        this.newestNext.set(page.next);
      },
      (message) => this.error.set(message),
      this.injector,
    );
  }

  /** Shows the deliveries of one status (of every rule), from the first page. */
  showStatus(status: DeliveryStatus): void {
    this.filter('', status);
  }

  protected filter(ruleId: string, status: string): void {
    this.ruleId.set(ruleId);
    this.status.set(status as DeliveryStatus | '');
    this.newest.set(null);
    this.older.set([]);
    this.olderNext.set(undefined);
    this.refresh();
  }

  protected loadOlder(): void {
    const before = this.next();
    if (!before) return;
    this.loadingOlder.set(true);
    this.api.deliveries({ ...this.query(), before }).subscribe({
      next: (page) => {
        this.loadingOlder.set(false);
        this.older.update((older) => [...older, ...page.deliveries]);
        this.olderNext.set(page.next);
      },
      error: (err: unknown) => {
        this.loadingOlder.set(false);
        this.error.set(apiErrorMessage(err));
      },
    });
  }

  protected replay(d: AlertDelivery): void {
    this.busy.set(d.id);
    this.api.replay(d.id).subscribe({
      next: (queued) => {
        this.busy.set(null);
        this.error.set(null);
        const swap = (list: AlertDelivery[]) => list.map((x) => (x.id === queued.id ? queued : x));
        this.newest.update((list) => list && swap(list));
        this.older.update(swap);
      },
      error: (err: unknown) => {
        this.busy.set(null);
        this.error.set(`Replay of ${d.ruleName} → ${d.channelName}: ${apiErrorMessage(err)}`);
      },
    });
  }

  private query(): DeliveryQuery {
    return {
      ruleId: this.ruleId() || undefined,
      status: this.status() || undefined,
      limit: DELIVERY_PAGE,
    };
  }
}

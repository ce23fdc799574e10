import { DatePipe, DecimalPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  type OnInit,
  signal,
  type WritableSignal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { catchError, interval, merge, of, startWith, switchMap, throttleTime } from 'rxjs';

import {
  ADDRESS_RE,
  explorerLink,
  type NewBlockData,
  type TimeseriesBucket,
  type TimeseriesMetric,
} from '@aura/events';

import type { ActivityItem, Timeseries } from '../../core/api/rest-types';
import { AuthSession } from '../../core/auth/auth-session';
import { MonitorApi } from '../../core/monitor-api.service';
import { MonitorSocket } from '../../core/monitor-socket.service';
import { RUNTIME_CONFIG } from '../../core/runtime-config';
import { ThemeService } from '../../core/theme.service';
import { LineChartComponent } from '../../shared/line-chart.component';
import { AlertFeed } from './alert-feed';
import { AlertToastsComponent } from './alert-toasts.component';
import { DetailPanelComponent, type DetailTarget } from './detail-panel.component';
import { FeedStore, type TokenItem } from './feed-store';
import { RecentAlertsComponent } from './recent-alerts.component';

const STATE_LABELS = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  revoked: 'Key revoked',
} as const;
const TOKEN_LABELS: Record<TokenItem['kind'], string> = {
  badge_minted: 'Badge minted',
  passport_issued: 'Passport issued',
  badge_revoked: 'Badge revoked',
};
type ChartSeries = { x: number[]; y: number[] };
/** Screen readers hear a summary of new items at most this often (feeds update several times a second). */
const ANNOUNCE_EVERY_MS = 10_000;

@Component({
  selector: 'aura-live-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    AlertToastsComponent,
    DatePipe,
    DecimalPipe,
    DetailPanelComponent,
    LineChartComponent,
    RecentAlertsComponent,
    RouterLink,
  ],
  templateUrl: './live-dashboard.component.html',
  styleUrl: './live-dashboard.component.css',
})
export class LiveDashboardComponent implements OnInit {
  private readonly socket = inject(MonitorSocket);
  private readonly api = inject(MonitorApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly theme = inject(ThemeService);
  protected readonly session = inject(AuthSession);
  protected readonly explorerUrl = inject(RUNTIME_CONFIG).explorerUrl;
  protected readonly store = new FeedStore();
  protected readonly alerts = new AlertFeed();

  protected readonly state = this.socket.state;
  protected readonly stateLabel = computed(() => STATE_LABELS[this.state()]);
  protected readonly now = signal(Date.now());
  protected readonly retryIn = computed(() => {
    const at = this.socket.nextAttemptAt();
    return at === null ? null : Math.max(0, Math.ceil((at - this.now()) / 1000));
  });
  protected readonly backendUrl = this.socket.url;
  protected readonly tokenLabels = TOKEN_LABELS;
  protected readonly detail = signal<DetailTarget | null>(null);
  protected readonly filterText = signal('');
  protected readonly filterError = signal<string | null>(null);
  protected readonly announcement = signal('');
  protected readonly lagBlocks = signal<number | null>(null);

  protected readonly gasChart = computed(() => {
    const blocks = [...this.store.blocks()].reverse();
    return { x: blocks.map((b) => b.timestamp), y: blocks.map((b) => b.gasUsed) };
  });
  protected readonly txPerMinute = signal<ChartSeries>({ x: [], y: [] });
  protected readonly mintsPerHour = signal<ChartSeries>({ x: [], y: [] });

  private until<T>() {
    return takeUntilDestroyed<T>(this.destroyRef);
  }

  ngOnInit(): void {
    this.socket.frames$.pipe(this.until()).subscribe((frame) => this.store.push(frame));
    this.socket.reconnected$.pipe(this.until()).subscribe(() => this.fillGap());
    this.socket
      .on('alert')
      .pipe(this.until())
      .subscribe((alert) => this.alerts.push(alert));
    this.socket.connect();

    // History beyond the snapshot, from the REST API.
    this.api
      .stats()
      .pipe(
        catchError(() => of(null)),
        this.until(),
      )
      .subscribe((s) => {
        if (s && !this.store.stats()) this.store.stats.set(s);
        if (s) this.lagBlocks.set(s.sync_lag_blocks);
      });
    this.loadHistory();

    this.followSeries(this.txPerMinute, 'transactions', '1h', '1m', 60_000);
    this.followSeries(this.mintsPerHour, 'mints', '24h', '1h', 300_000);

    // Lag from health (the socket's sync_status covers catch-ups), and the countdown clock.
    interval(10_000)
      .pipe(
        switchMap(() => this.api.health().pipe(catchError(() => of(null)))),
        this.until(),
      )
      .subscribe((h) => h && this.lagBlocks.set(h.chain.lagBlocks));
    interval(1_000)
      .pipe(this.until())
      .subscribe(() => this.now.set(Date.now()));
    this.announceNewItems();
  }

  protected togglePause(): void {
    this.store.setPaused(!this.store.paused());
  }

  protected applyFilter(value: string): void {
    const v = value.trim();
    this.filterText.set(v);
    if (v && !ADDRESS_RE.test(v)) {
      this.filterError.set('Enter a full 0x address (42 characters)');
      return;
    }
    this.filterError.set(null);
    this.store.addressFilter.set(v.toLowerCase());
  }

  protected clearFilter(): void {
    this.applyFilter('');
  }

  protected open(target: DetailTarget): void {
    this.detail.set(target);
  }

  protected short(hex: string): string {
    return hex.length > 14 ? `${hex.slice(0, 8)}…${hex.slice(-6)}` : hex;
  }

  protected explorer(path: 'block' | 'tx' | 'address', id: string | number): string | null {
    return explorerLink(this.explorerUrl, path, id);
  }

  /** A chart from the time buckets: at start, after stats changes (at most every 10 s), and every `everyMs`. */
  private followSeries(
    target: WritableSignal<ChartSeries>,
    metric: TimeseriesMetric,
    window: string,
    bucket: TimeseriesBucket,
    everyMs: number,
  ): void {
    merge(this.socket.on('stats_update').pipe(throttleTime(10_000)), interval(everyMs))
      .pipe(
        startWith(null),
        switchMap(() => this.api.timeseries(metric, window, bucket).pipe(catchError(() => of(null)))),
        this.until(),
      )
      .subscribe((t) => t && target.set(series(t)));
  }

  /** The newest stored blocks over REST, merged into the feed (history at start, gaps after a reconnect). */
  private loadBlocks(limit: number): void {
    this.api
      .activity({ type: ['block'], limit })
      .pipe(
        catchError(() => of(null)),
        this.until(),
      )
      .subscribe((page) => page && this.store.mergeBlocks(blocksOf(page.items)));
  }

  private loadHistory(): void {
    this.loadBlocks(50);
    this.api
      .activity({ type: ['transaction', 'badge_minted', 'passport_issued', 'badge_revoked'], limit: 100 })
      .pipe(
        catchError(() => of(null)),
        this.until(),
      )
      .subscribe((page) => {
        if (!page) return;
        // Oldest first, so that the store's newest-first ordering holds.
        for (const item of [...page.items].reverse()) {
          if (item.type === 'transaction') this.store.push({ type: 'new_transaction', data: item.data });
          else if (item.type !== 'block') this.store.push({ type: item.type, data: item.data });
        }
      });
  }

  /**
   * After a reconnect to a new server process the missed events cannot be replayed: the blocks stored
   * meanwhile are read over REST so that the feed has no hole.
   */
  private fillGap(): void {
    this.loadBlocks(100);
  }

  private announceNewItems(): void {
    let lastBlock = 0;
    let lastTokens = new Set<string>();
    interval(ANNOUNCE_EVERY_MS)
      .pipe(this.until())
      .subscribe(() => {
        if (this.store.paused()) return;
        const newest = this.store.blocks()[0]?.number ?? 0;
        const tokens = this.store.tokens();
        const fresh = tokens.filter((t) => !lastTokens.has(t.key)).length;
        const parts = [];
        if (lastBlock && newest > lastBlock) parts.push(`${newest - lastBlock} new blocks, latest ${newest}`);
        if (lastTokens.size && fresh) parts.push(`${fresh} new badge or passport events`);
        lastBlock = newest;
        lastTokens = new Set(tokens.map((t) => t.key));
        if (parts.length) this.announcement.set(parts.join('; '));
      });
  }
}

function series(t: Timeseries): ChartSeries {
  return { x: t.points.map((p) => Date.parse(p.t) / 1000), y: t.points.map((p) => p.value) };
}

function blocksOf(items: ActivityItem[]): NewBlockData[] {
  return items.flatMap((i) => (i.type === 'block' ? [i.data] : []));
}

import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, type OnInit, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { catchError, of } from 'rxjs';

import type { NewBlockData, StatsUpdateData } from '@aura/events';

import { MonitorApi } from '../../core/monitor-api.service';
import { MonitorSocket } from '../../core/monitor-socket.service';

const STATE_LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

@Component({
  selector: 'aura-live-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DecimalPipe],
  templateUrl: './live-dashboard.component.html',
  styleUrl: './live-dashboard.component.css',
})
export class LiveDashboardComponent implements OnInit {
  private readonly socket = inject(MonitorSocket);
  private readonly api = inject(MonitorApi);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly state = this.socket.state;
  protected readonly stateLabel = computed(() => STATE_LABELS[this.state()]);
  protected readonly latestBlock = signal<NewBlockData | null>(null);
  protected readonly stats = signal<StatsUpdateData | null>(null);
  protected readonly backendUrl = this.socket.url;

  ngOnInit(): void {
    this.api
      .stats()
      .pipe(
        catchError(() => of(null)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((s) => {
        // A stats_update that arrived first is newer than this answer.
        if (s && !this.stats()) this.stats.set(s);
      });
    // The snapshot (sent on every connect and reconnect) fills the page before the next event.
    this.socket
      .on('snapshot')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((snap) => {
        this.stats.set(snap.stats);
        const newest = snap.blocks[0];
        if (newest && (this.latestBlock()?.number ?? -1) < newest.number) this.latestBlock.set(newest);
      });
    this.socket.on('new_block').pipe(takeUntilDestroyed(this.destroyRef)).subscribe((b) => this.latestBlock.set(b));
    this.socket.on('stats_update').pipe(takeUntilDestroyed(this.destroyRef)).subscribe((s) => this.stats.set(s));
    this.socket.connect();
  }
}

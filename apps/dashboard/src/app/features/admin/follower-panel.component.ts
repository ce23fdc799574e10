import { DatePipe, DecimalPipe, DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { catchError, of, switchMap } from 'rxjs';

import type { HealthReport } from '../../core/api/rest-types';
import { AdminApi } from './admin-api.service';
import { apiErrorMessage } from './api-error';
import { catchUp, type FollowerSample } from './catch-up';
import { whileVisible } from './refresh';

/** The block follower from /health: state, head and lag, each RPC endpoint, the last reorg, catch-up progress. */
@Component({
  selector: 'aura-follower-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, DecimalPipe],
  templateUrl: './follower-panel.component.html',
  styles: `
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25rem 1rem;
      margin: 0 0 1rem;
    }
    dt {
      color: var(--muted);
    }
    dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    .state[data-status='live'],
    .ok {
      color: var(--ok);
    }
    .state[data-status='syncing'] {
      color: var(--warn);
    }
    .state[data-status='degraded'],
    .state[data-status='down'],
    .bad {
      color: var(--bad);
    }
    .state {
      font-weight: 700;
    }
    progress {
      width: 100%;
      height: 1rem;
      accent-color: var(--accent);
    }
  `,
})
export class FollowerPanelComponent implements OnInit {
  private readonly api = inject(AdminApi);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly health = signal<HealthReport | null>(null);
  protected readonly error = signal<string | null>(null);
  private readonly first = signal<FollowerSample | null>(null);
  private readonly latest = signal<FollowerSample | null>(null);
  /** Shown while the follower is behind: since this page's first reading. */
  protected readonly progress = computed(() => {
    const [first, latest, health] = [this.first(), this.latest(), this.health()];
    if (!first || !latest || !health) return null;
    const behind = health.status === 'syncing' || (health.chain.lagBlocks ?? 0) > 1;
    return behind ? catchUp(first, latest) : null;
  });

  ngOnInit(): void {
    whileVisible(this.document)
      .pipe(
        switchMap(() =>
          this.api.health().pipe(catchError((err: unknown) => (this.error.set(apiErrorMessage(err)), of(null)))),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((health) => health && this.take(health));
  }

  private take(health: HealthReport): void {
    this.error.set(null);
    this.health.set(health);
    const { head, confirmations, lastProcessed } = health.chain;
    if (head === null || lastProcessed === null) return;
    const sample = { at: Date.now(), processed: lastProcessed, target: Math.max(0, head - confirmations) };
    // A new catch-up (the follower was in sync, or fell back) measures from here.
    if (!this.progress() || !this.first()) this.first.set(sample);
    this.latest.set(sample);
  }
}

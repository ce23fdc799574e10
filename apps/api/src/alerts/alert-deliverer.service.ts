import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';

import { backoffDelay } from '@aura/events';

import { ActivityReader } from '../activity/activity-reader.service';
import { BlockFollower } from '../chain/block-follower.service';
import { failpoint } from '../common/failpoints';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import { MonitorMetrics } from '../metrics/monitor-metrics.service';
import { AlertChannels } from './alert-channels.service';
import { AlertEvaluator } from './alert-evaluator.service';
import { AlertOutbox } from './alert-outbox.service';
import { ChannelSender } from './channels/channel-sender';
import { LEADERSHIP, type Leadership } from './leadership';
import { AlertStore } from './store/alert-store.service';
import type { AlertDeliveryRecord } from './store/schemas/alert-delivery.schema';

/** Deliveries in flight at once per process. */
const CONCURRENCY = 4;
/** The loop looks for due rows at least this often (and at once when the outbox is written). */
const POLL_MS = 500;
const SWEEP_EVERY_MS = 60 * 60_000;

/**
 * Sends the outbox: claims one due delivery at a time (an atomic findOneAndUpdate), sends it, and
 * settles it as delivered, retrying (exponential backoff with jitter, Retry-After honoured) or dead after
 * ALERT_MAX_ATTEMPTS. At least once: a process that dies after sending and before settling leaves a
 * claim that runs out, and the row is sent again with the same idempotency key. Runs on every process.
 */
@Injectable()
export class AlertDeliverer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AlertDeliverer.name);
  private timer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private subscription: Subscription | null = null;
  private inFlight = 0;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastError: string | null = null;
  delivered = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: AlertStore,
    private readonly outbox: AlertOutbox,
    private readonly channels: AlertChannels,
    private readonly sender: ChannelSender,
    private readonly reader: ActivityReader,
    private readonly follower: BlockFollower,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
    private readonly metrics: MonitorMetrics,
    private readonly evaluator: AlertEvaluator,
  ) {}

  /** Deliveries waiting (pending, retrying, held), as of the last count (every sweep of the loop, at most every 10 s). */
  private waiting: number | null = null;
  private countedAt = 0;

  onApplicationBootstrap(): void {
    this.metrics.watchAlerting(
      () => {
        const checkpoint = this.evaluator.status().checkpoint;
        const head = this.follower.status().lastProcessed?.number ?? null;
        return checkpoint === null || head === null ? null : Math.max(0, head - checkpoint);
      },
      () => this.waiting,
    );
    this.subscription = this.outbox.written$.subscribe(() => this.kick());
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweepTimer.unref();
    void this.sweep();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.subscription?.unsubscribe();
    await this.draining;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((err: unknown) => {
        const message = (err as Error).message;
        if (message !== this.lastError) this.logger.warn(`alert delivery paused: ${message}`);
        this.lastError = message;
      })
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Releases held rows whose gate is reached, then sends due rows until none is left. */
  private async drain(): Promise<void> {
    await this.releaseHeld();
    const running = new Set<Promise<void>>();
    while (!this.stopped) {
      if (running.size >= CONCURRENCY) {
        await Promise.race(running);
        continue;
      }
      const now = new Date();
      const row = await this.store.claimNext(
        this.leadership.instance,
        now,
        new Date(now.getTime() + this.config.alerts.claimMs),
      );
      if (!row) break;
      // Settled here: a failure of this one delivery (the database gone while it was sent) must not
      // become an unhandled rejection once the loop has moved on; its claim runs out and it is sent again.
      const p = this.deliver(row)
        .catch((err: unknown) => this.logger.warn(`alert delivery ${row._id} not settled: ${(err as Error).message}`))
        .finally(() => running.delete(p));
      running.add(p);
    }
    await Promise.all(running);
    this.lastError = null;
    if (Date.now() - this.countedAt > 10_000) {
      this.countedAt = Date.now();
      const counts = await this.store.deliveryCounts();
      this.waiting = (counts.pending ?? 0) + (counts.retrying ?? 0) + (counts.held ?? 0);
    }
  }

  private async releaseHeld(): Promise<void> {
    const head = await this.reader.storedHeadNumber();
    if (head === null) return;
    const ready = await this.store.heldReady(head, this.follower.status().finalized);
    if (!ready.length) return;
    // A reorg may have taken the event's block meanwhile: such a row is cancelled, never sent.
    const stored = await this.reader.storedHashes(ready.map((r) => r.blockHash).filter((h): h is string => h !== null));
    const gone = ready.filter((r) => r.blockHash !== null && !stored.has(r.blockHash));
    await this.store.cancel(
      gone.map((r) => r._id),
      'its event left the chain (reorg) before it was confirmed',
    );
    await this.store.release(
      ready.filter((r) => !gone.includes(r)).map((r) => r._id),
      new Date(),
    );
  }

  private async deliver(row: AlertDeliveryRecord): Promise<void> {
    const claimant = this.leadership.instance;
    const channel = await this.channels.get(row.channelId);
    if (!channel) {
      await this.store.settle(row._id, claimant, {
        status: 'dead',
        lastError: 'the channel was deleted',
        nextAttemptAt: null,
      });
      return;
    }
    // A reorg retracted its alert after it was queued (a retry after the retraction went out would tell
    // the receiver the event is live again).
    if ((await this.store.alertStatus(row.alertId)) === 'retracted') {
      await this.store.settle(row._id, claimant, {
        status: 'cancelled',
        lastError: 'its event left the chain (reorg): the alert was retracted',
        nextAttemptAt: null,
      });
      return;
    }
    this.inFlight++;
    let outcome;
    try {
      outcome = await this.sender.send(
        { id: channel._id, name: channel.name, settings: channel.settings },
        row.message,
        row._id,
      );
    } catch (err) {
      outcome = { ok: false as const, retryable: true, retryAfterMs: null, error: (err as Error).message };
    } finally {
      this.inFlight--;
    }
    failpoint('alerts-after-send');
    const now = new Date();
    if (outcome.ok) {
      this.delivered++;
      this.metrics.alertDelivery(
        row.channelType,
        'delivered',
        (now.getTime() - new Date(row.raisedAt).getTime()) / 1000,
      );
      await this.store.settle(row._id, claimant, {
        status: 'delivered',
        lastError: null,
        nextAttemptAt: null,
        deliveredAt: now,
        latencyMs: now.getTime() - new Date(row.raisedAt).getTime(),
      });
      return;
    }
    const exhausted = row.attempts >= this.config.alerts.maxAttempts;
    if (!outcome.retryable || exhausted) {
      this.logger.warn(
        `alert delivery ${row._id} to ${row.channelType} channel ${row.channelId} is dead after ${row.attempts} attempt(s): ${outcome.error}`,
      );
      this.metrics.alertDelivery(row.channelType, 'dead');
      await this.store.settle(row._id, claimant, { status: 'dead', lastError: outcome.error, nextAttemptAt: null });
      return;
    }
    this.metrics.alertDelivery(row.channelType, 'retry');
    const backoff = backoffDelay(row.attempts, {
      baseMs: this.config.alerts.retryBaseMs,
      maxMs: this.config.alerts.retryMaxMs,
      jitter: 0.5,
    });
    const delay = Math.max(backoff, outcome.retryAfterMs ?? 0);
    await this.store.settle(row._id, claimant, {
      status: 'retrying',
      lastError: outcome.error,
      nextAttemptAt: new Date(now.getTime() + delay),
    });
    // Woken again when it is due.
    setTimeout(() => this.kick(), delay + 10).unref();
  }

  /** Removes alerts and finished deliveries older than ALERT_RETENTION_DAYS (hourly, and at start). */
  async sweep(): Promise<void> {
    try {
      const before = new Date(Date.now() - this.config.alerts.retentionDays * 86_400_000);
      const removed = await this.store.sweep(before);
      if (removed.alerts || removed.deliveries)
        this.logger.log(
          `alert retention: removed ${removed.alerts} alerts and ${removed.deliveries} deliveries older than ${before.toISOString()}`,
        );
    } catch (err) {
      this.logger.warn(`alert retention sweep skipped: ${(err as Error).message}`);
    }
  }
}

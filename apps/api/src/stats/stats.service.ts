import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';

import type { MonitorStats, Timeseries, TimeseriesBucket, TimeseriesMetric } from '@aura/events';

import { ActivityReader } from '../activity/activity-reader.service';
import { BlockFollower } from '../chain/block-follower.service';
import { ChainEvents } from '../chain/chain-events.service';
import { type FollowerLag, followerLag } from '../chain/follower-lag';
import { SharedAnswers } from '../common/shared-answers';
import { BUCKET_MS, bucketRange, METRIC_FIELD, seriesEnd, toPoints } from './timeseries';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The 24 h window slides with the clock: stored figures are re-read at least this often. */
const MAX_AGE_MS = 5_000;
/** While they are re-read, requests get the previous figures, if these are not older than this again. */
const STALE_MS = MAX_AGE_MS;

type StoredFigures = Omit<MonitorStats, 'chain_id' | 'sync_lag_blocks' | 'sync_lag_seconds'>;

/**
 * The headline statistics, from aggregates kept on ingest and reorg (ActivityStore: the `stats_totals`
 * document and the per-minute buckets), never from scans of the event collections. Reads are shared:
 * every request between two stored blocks (and within 5 s) gets the same figures; older than that, they
 * are re-read in the background and requests get the previous ones meanwhile (up to 5 s more), so that a
 * re-read never holds up every request. A stored block is never answered from before it. The sync figures
 * come from the follower's memory on each call.
 */
@Injectable()
export class StatsService implements OnModuleInit, OnModuleDestroy {
  private readonly figures = new SharedAnswers<StoredFigures>(MAX_AGE_MS, 500, STALE_MS);
  private lastGood: StoredFigures | null = null;
  /** The last /stats body and what it was made of. */
  private body: { figures: StoredFigures; chainId: number | null; lag: FollowerLag; json: string } | null = null;
  /** Timeseries answers by query, dropped whenever a block is stored or removed (re-read after 5 s). */
  private readonly series = new SharedAnswers<Timeseries>(MAX_AGE_MS, 500, STALE_MS);
  private subscription: Subscription | null = null;

  constructor(
    private readonly store: ActivityReader,
    private readonly follower: BlockFollower,
    private readonly chainEvents: ChainEvents,
  ) {}

  onModuleInit(): void {
    // Read once at boot: there are figures to fall back on if the database goes away before a request.
    this.current().catch(() => undefined);
    // Anything stored or removed changes the figures.
    this.subscription = this.chainEvents.events$.subscribe(() => {
      this.figures.clear();
      this.series.clear();
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  async current(now = Date.now()): Promise<MonitorStats> {
    const figures = await this.storedFigures(now);
    const f = this.follower.status();
    return withSync(figures, f.chainId, followerLag(f, now));
  }

  /**
   * current() as GET /stats sends it, serialized once per change of the figures or of the sync state (not
   * per request), and without a promise when the figures are at hand, as for most requests.
   */
  currentJson(now = Date.now()): string | Promise<string> {
    const figures = this.figures.peek('stats', now, () => this.readFigures(now));
    if (figures === undefined) return this.storedFigures(now).then((f) => this.json(f, now));
    this.lastGood = figures;
    return this.json(figures, now);
  }

  private storedFigures(now: number): Promise<StoredFigures> {
    // During a database outage the last figures read are better than an error (health tells the state).
    return this.figures
      .get('stats', now, () => this.readFigures(now))
      .then(
        (f) => (this.lastGood = f),
        (err: unknown) => {
          if (this.lastGood) return this.lastGood;
          throw err;
        },
      );
  }

  private json(figures: StoredFigures, now: number): string {
    const f = this.follower.status();
    const lag = followerLag(f, now);
    const last = this.body;
    if (
      last?.figures === figures &&
      last.chainId === f.chainId &&
      last.lag.blocks === lag.blocks &&
      last.lag.seconds === lag.seconds
    )
      return last.json;
    const json = JSON.stringify(withSync(figures, f.chainId, lag));
    this.body = { figures, chainId: f.chainId, lag, json };
    return json;
  }

  private async readFigures(now: number): Promise<StoredFigures> {
    const checkpoint = this.follower.status().lastProcessed;
    const cutoff = new Date(now - DAY_MS);
    const totals = await this.store.totals();
    const headHash = checkpoint?.hash ?? totals?.headHash ?? null;
    const [last, recent] = await Promise.all([
      headHash ? this.store.blockByHash(headHash) : null,
      // Minutes that overlap the last 24 h (at most 1,441 small documents).
      this.store.bucketCounts('mints', new Date(Math.floor(cutoff.getTime() / 60_000) * 60_000)),
    ]);
    return {
      total_users: totals?.users ?? 0,
      total_badges: totals?.badges ?? 0,
      total_passports: totals?.passports ?? 0,
      recent_badges_24h: recent.reduce((sum, b) => sum + (b.mints ?? 0), 0),
      block_height: last?.number ?? null,
      contract_transactions: totals?.contractTransactions ?? 0,
      badges_revoked: totals?.revocations ?? 0,
      last_block_gas_used: last?.gasUsed ?? null,
      last_block_time: last ? new Date(last.timestamp * 1000).toISOString() : null,
    };
  }

  /** Shared between requests like current(): a dashboard fleet asks the same few questions. */
  async timeseries(
    metric: TimeseriesMetric,
    window: string,
    windowMs: number,
    bucket: TimeseriesBucket,
    clock = Date.now(),
  ): Promise<Timeseries> {
    // The head's time comes from the shared figures (no extra read); without them the clock alone decides.
    const head = await this.current(clock).then(
      (s) => s.last_block_time,
      () => null,
    );
    const now = seriesEnd(clock, head);
    const sameMinute = (at: number) => Math.floor(at / 60_000) === Math.floor(now / 60_000);
    const answer = await this.series.get(
      `${metric}|${windowMs}|${bucket}`,
      now,
      () => this.readTimeseries(metric, window, windowMs, bucket, now),
      sameMinute,
    );
    // "60m" and "1h" share an answer; each gets its own spelling back.
    return { ...answer, window };
  }

  private async readTimeseries(
    metric: TimeseriesMetric,
    window: string,
    windowMs: number,
    bucket: TimeseriesBucket,
    now: number,
  ): Promise<Timeseries> {
    const bucketMs = BUCKET_MS[bucket];
    const range = bucketRange(windowMs, bucketMs, now);
    const field = METRIC_FIELD[metric];
    const rows = await this.store.bucketCounts(field, new Date(range.from), new Date(range.to));
    return {
      metric,
      bucket,
      window,
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
      points: toPoints(rows, field, range, bucketMs),
    };
  }
}

function withSync(figures: StoredFigures, chainId: number | null, lag: FollowerLag): MonitorStats {
  return { ...figures, chain_id: chainId, sync_lag_blocks: lag.blocks, sync_lag_seconds: lag.seconds };
}

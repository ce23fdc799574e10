import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';

import type { AlertMessage, AlertRule, ReorgData } from '@aura/events';

import { BlockFollower } from '../chain/block-follower.service';
import { ChainEvents } from '../chain/chain-events.service';
import { isDatabaseError } from '../common/database-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import { HealthService } from '../health/health.service';
import { AlertChannels } from './alert-channels.service';
import { AlertOutbox, type RaisedAlert } from './alert-outbox.service';
import { AlertRules } from './alert-rules.service';
import { reorgMessage, stateFiredMessage, stateResolvedMessage } from './alert-text';
import { ChannelSender } from './channels/channel-sender';
import { type HealthCondition, healthConditionHolds, type HealthReading, isHealthCondition } from './health-conditions';
import { LEADERSHIP, type Leadership } from './leadership';
import { AlertStore } from './store/alert-store.service';

interface ConditionState {
  active: boolean;
  since: Date | null;
  alertId: string | null;
  /** The rule as it was when the state changed (a change or a deletion of the rule resolves with it). */
  rule: AlertRule;
}

/** Tries of a direct send (database down) before it is given up, with the backoff between them. */
const DIRECT_TRIES = 5;

/**
 * The monitor's own health as alert conditions (leader-only): each reading is compared with the state
 * kept per rule; a condition fires once when it starts and once when it ends (with the duration).
 * Reorgs of a given depth fire once each. "Database down" cannot wait in a database outbox: it is held
 * in memory and sent straight to the channels (their settings cached), and written to the log once the
 * database is back.
 */
@Injectable()
export class HealthAlerts implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HealthAlerts.name);
  private timer: NodeJS.Timeout | null = null;
  private subscriptions: Subscription[] = [];
  private states = new Map<string, ConditionState>();
  /** A change of a rule's condition seen, and since when (told once it held for ALERT_HEALTH_FOR_MS). */
  private readonly pending = new Map<string, { active: boolean; since: number }>();
  /** Reorg alerts whose write failed: tried again on the next reading. */
  private reorgBacklog: RaisedAlert[] = [];
  private statesLoaded = false;
  private running: Promise<void> | null = null;
  private readonly watchingSince = Date.now();
  /** Database-down alerts sent directly, to be written to the log when the database is back. */
  private unlogged: { rule: AlertRule; message: AlertMessage; sinceMs: number }[] = [];
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: HealthService,
    private readonly follower: BlockFollower,
    private readonly rules: AlertRules,
    private readonly store: AlertStore,
    private readonly outbox: AlertOutbox,
    private readonly channels: AlertChannels,
    private readonly sender: ChannelSender,
    private readonly chainEvents: ChainEvents,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
  ) {}

  onApplicationBootstrap(): void {
    this.subscriptions.push(
      this.chainEvents.events$.subscribe((e) => {
        if (e.kind === 'reorg') void this.onReorg(e.reorg);
      }),
      this.rules.changes$.subscribe((id) => void this.ruleChanged(id)),
    );
    this.timer = setInterval(() => this.tick(), this.config.alerts.healthIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscriptions) s.unsubscribe();
    await this.running;
  }

  tick(): Promise<void> {
    if (this.stopped || !this.leadership.isLeader()) return Promise.resolve();
    this.running ??= this.evaluate().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  reading(now = Date.now()): HealthReading {
    const report = this.health.report(now);
    const follower = this.follower.status();
    return {
      now,
      lastHeadChangeAt: follower.lastHeadChangeAt?.getTime() ?? null,
      watchingSince: this.watchingSince,
      lagBlocks: report.chain.lagBlocks,
      lagSeconds: report.chain.lagSeconds,
      endpoints: report.chain.endpoints.map((e) => ({ name: e.name, healthy: e.healthy, lastError: e.lastError })),
      databaseConnected: report.database.connected,
      followerError: report.chain.lastError ?? follower.reorgError,
    };
  }

  private async evaluate(): Promise<void> {
    const reading = this.reading();
    const rules = this.rules.current().filter((r) => r.enabled && isHealthCondition(r.condition));
    if (!reading.databaseConnected) {
      // Only what needs no database: the database-down alert, sent directly. The rest waits (each write
      // would wait for the driver's buffer timeout first).
      for (const rule of rules) {
        if (rule.condition.kind !== 'database_down' || this.states.get(rule.id)?.active) continue;
        if (this.holding(rule.id, true, reading.now)) this.fireDirect(rule, 'the database does not answer');
      }
      return;
    }
    try {
      await this.loadStates();
      await this.logUnlogged();
      await this.retryReorgAlerts();
    } catch (err) {
      if (!isDatabaseError(err)) throw err;
      return;
    }
    for (const rule of rules) {
      const condition = rule.condition as HealthCondition;
      const { active, detail } = healthConditionHolds(condition, reading);
      const state = this.states.get(rule.id);
      if (active === (state?.active ?? false)) {
        this.pending.delete(rule.id);
        continue;
      }
      // A change must hold for ALERT_HEALTH_FOR_MS before it is told: a single failed RPC call or poll
      // would otherwise fire and resolve at once (a flapping provider would flood every channel).
      if (!this.holding(rule.id, active, reading.now)) continue;
      try {
        await this.transition(rule, state, active, detail);
      } catch (err) {
        // The database went away mid-write: the transition is tried again on the next reading.
        if (!isDatabaseError(err)) this.logger.warn(`health alert ${rule.id}: ${(err as Error).message}`);
      }
    }
  }

  /** True once `active` has been read for a rule continuously for ALERT_HEALTH_FOR_MS. */
  private holding(ruleId: string, active: boolean, now: number): boolean {
    const seen = this.pending.get(ruleId);
    if (!seen || seen.active !== active) {
      this.pending.set(ruleId, { active, since: now });
      return this.config.alerts.healthForMs === 0;
    }
    return now - seen.since >= this.config.alerts.healthForMs;
  }

  /**
   * Loads the stored states and raises each one's last message again: written state first, message
   * second, so a crash between the two leaves a state whose message is raised here, under the same id
   * (written once).
   */
  private async loadStates(): Promise<void> {
    if (this.statesLoaded || !this.rules.loaded) return;
    for (const s of await this.store.allStates('health:')) {
      const ruleId = s._id.slice('health:'.length);
      const rule = this.rules.cached(ruleId);
      if (!rule) {
        await this.store.deleteState(s._id);
        continue;
      }
      if (!this.states.has(ruleId))
        this.states.set(ruleId, {
          active: s.active ?? false,
          since: s.since ?? null,
          alertId: s.alertId ?? null,
          rule,
        });
      if (s.message) await this.raise(rule, s.message, new Date(s.message.at));
    }
    this.statesLoaded = true;
  }

  /** A rule changed or was deleted while its condition held: it is resolved, then starts from scratch. */
  private async ruleChanged(id: string): Promise<void> {
    this.pending.delete(id);
    const state = this.states.get(id);
    if (!state) return;
    this.states.delete(id);
    try {
      if (state.active)
        await this.transition(state.rule, state, false, 'the rule was changed, disabled or deleted', false);
      await this.store.deleteState(`health:${id}`);
    } catch (err) {
      this.logger.warn(`health alert ${id}: resolution after a rule change not written: ${(err as Error).message}`);
    }
  }

  /** Writes the state (with its message) first, then raises the message: see loadStates. */
  private async transition(
    rule: AlertRule,
    state: ConditionState | undefined,
    active: boolean,
    detail: string,
    keep = true,
  ): Promise<void> {
    const now = new Date();
    let next: ConditionState;
    let message: AlertMessage;
    if (active) {
      const id = `${rule.id}:health:${now.getTime()}`;
      next = { active: true, since: now, alertId: id, rule };
      message = stateFiredMessage({ id, rule, at: now, suppressed: 0, dedupKey: id, since: now, detail });
    } else {
      const firedId = state?.alertId ?? `${rule.id}:health`;
      const id = `${firedId}:resolved`;
      next = { active: false, since: null, alertId: null, rule };
      message = stateResolvedMessage({
        id,
        rule,
        at: now,
        suppressed: 0,
        dedupKey: firedId,
        since: state?.since ?? now,
        resolvedAt: now,
        firedId,
        detail,
      });
    }
    await this.store.putState({
      _id: `health:${rule.id}`,
      active: next.active,
      since: next.since,
      alertId: next.alertId,
      message,
    });
    if (keep) this.states.set(rule.id, next);
    this.pending.delete(rule.id);
    await this.raise(rule, message, now);
  }

  private async raise(rule: AlertRule, message: AlertMessage, at: Date): Promise<void> {
    await this.outbox.raise([
      {
        alert: {
          _id: message.id,
          ruleId: rule.id,
          status: 'fired',
          dedupKey: 'rule',
          blockNumber: null,
          blockHash: null,
          eventTime: null,
          raisedAt: at,
          message,
        },
        channels: rule.channels,
        delivery: { mode: 'tip' },
      },
    ]);
  }

  /** The database is down: straight to the channels, with a few tries in memory. */
  private fireDirect(rule: AlertRule, detail: string): void {
    const now = new Date();
    const id = `${rule.id}:health:${now.getTime()}`;
    const message = stateFiredMessage({ id, rule, at: now, suppressed: 0, dedupKey: id, since: now, detail });
    this.states.set(rule.id, { active: true, since: now, alertId: id, rule });
    this.pending.delete(rule.id);
    this.unlogged.push({ rule, message, sinceMs: now.getTime() });
    for (const channelId of rule.channels) {
      const channel = this.channels.cached(channelId);
      if (!channel) continue;
      void this.sendDirect(channel, message, `${id}>${channelId}`);
    }
  }

  private async sendDirect(
    channel: NonNullable<ReturnType<AlertChannels['cached']>>,
    message: AlertMessage,
    key: string,
  ): Promise<void> {
    for (let attempt = 1; attempt <= DIRECT_TRIES && !this.stopped; attempt++) {
      const outcome = await this.sender
        .send({ id: channel._id, name: channel.name, settings: channel.settings }, message, key)
        .catch((err: unknown) => ({
          ok: false as const,
          retryable: true,
          retryAfterMs: null,
          error: (err as Error).message,
        }));
      if (outcome.ok) return;
      if (!outcome.retryable) break;
      await new Promise((r) => setTimeout(r, Math.max(outcome.retryAfterMs ?? 0, 1_000 * 2 ** (attempt - 1))).unref());
    }
    this.logger.warn(`database-down alert ${message.id} could not be sent to channel ${channel._id}`);
  }

  /** Once the database is back: the directly sent alerts go into the log (delivered) and their state is stored. */
  private async logUnlogged(): Promise<void> {
    if (!this.unlogged.length) return;
    const items = this.unlogged;
    for (const { rule, message, sinceMs } of items) {
      await this.store.recordAlerts([
        {
          _id: message.id,
          ruleId: rule.id,
          status: 'fired',
          dedupKey: 'rule',
          blockNumber: null,
          blockHash: null,
          eventTime: null,
          raisedAt: new Date(sinceMs),
          message,
        },
      ]);
      const channels = rule.channels.map((c) => this.channels.cached(c)).filter((c) => c !== undefined);
      await this.store.recordDeliveries(
        channels.map((c) => ({
          _id: `${message.id}>${c._id}`,
          alertId: message.id,
          ruleId: rule.id,
          ruleName: rule.name,
          channelId: c._id,
          channelName: c.name,
          channelType: c.type,
          status: 'delivered',
          attempts: 1,
          lastError: 'sent directly while the database was down',
          nextAttemptAt: null,
          holdKind: null,
          holdBlock: null,
          blockHash: null,
          claimedBy: null,
          claimedUntil: null,
          raisedAt: new Date(sinceMs),
          createdAt: new Date(sinceMs),
          deliveredAt: new Date(sinceMs),
          latencyMs: null,
          message,
        })),
      );
      const state = this.states.get(rule.id);
      if (state)
        await this.store.putState({
          _id: `health:${rule.id}`,
          active: state.active,
          since: state.since,
          alertId: state.alertId,
          message,
        });
    }
    this.unlogged = this.unlogged.filter((u) => !items.includes(u));
  }

  private async onReorg(reorg: ReorgData): Promise<void> {
    if (!this.leadership.isLeader()) return;
    const rules = this.rules
      .current()
      .filter((r) => r.enabled && r.condition.kind === 'reorg_depth' && reorg.depth >= r.condition.depth);
    if (!rules.length) return;
    const now = new Date();
    const items: RaisedAlert[] = rules.map((rule) => {
      const id = `${rule.id}:reorg:${reorg.oldHead.hash}:${reorg.newHead.hash}`;
      return {
        alert: {
          _id: id,
          ruleId: rule.id,
          status: 'fired' as const,
          dedupKey: 'rule',
          blockNumber: null,
          blockHash: null,
          eventTime: null,
          raisedAt: now,
          message: reorgMessage({
            id,
            rule,
            at: now,
            suppressed: 0,
            dedupKey: id,
            depth: reorg.depth,
            ancestor: reorg.commonAncestor.number,
            oldHead: reorg.oldHead.number,
          }),
        },
        channels: rule.channels,
        delivery: { mode: 'tip' as const },
      };
    });
    try {
      await this.outbox.raise(items);
    } catch (err) {
      this.logger.warn(`reorg alert not written yet (tried again shortly): ${(err as Error).message}`);
      this.reorgBacklog.push(...items);
    }
  }

  private async retryReorgAlerts(): Promise<void> {
    if (!this.reorgBacklog.length) return;
    const items = this.reorgBacklog;
    await this.outbox.raise(items);
    this.reorgBacklog = this.reorgBacklog.filter((i) => !items.includes(i));
  }
}

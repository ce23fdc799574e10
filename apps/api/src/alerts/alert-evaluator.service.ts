import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';

import { type AlertRule, MAX_ALERT_WINDOW_SECONDS } from '@aura/events';

import { ActivityReader } from '../activity/activity-reader.service';
import type { BlockBundle } from '../activity/activity-store.service';
import { ActivityStore } from '../activity/activity-store.service';
import { ChainEvents } from '../chain/chain-events.service';
import { isDatabaseError, isDatabaseUnavailable } from '../common/database-errors';
import { failpoint } from '../common/failpoints';
import { CooldownGate, RateWindow, ThresholdCounter } from './alert-gates';
import { AlertOutbox, type RaisedAlert } from './alert-outbox.service';
import { AlertRules } from './alert-rules.service';
import { eventAlertMessage, retractionMessage, stateFiredMessage, stateResolvedMessage } from './alert-text';
import { LEADERSHIP, type Leadership } from './leadership';
import type { ChainEventInput } from './rule-index';
import { AlertStore } from './store/alert-store.service';
import type { AlertRecord } from './store/schemas/alert.schema';

/** Blocks evaluated per step (bounded memory; a catch-up takes several steps in one pass). */
const BATCH_BLOCKS = 200;
/** Recent evaluated blocks kept with the checkpoint: a reorg's common ancestor is found among them. */
const RECENT_BLOCKS = 256;
/** The pass runs at least this often (and at once after each stored block or reorg). */
const PASS_INTERVAL_MS = 1_000;
const CHECKPOINT_ID = 'evaluator';

interface Checkpoint {
  number: number;
  hash: string | null;
  timestamp: number | null;
  recent: { number: number; hash: string; timestamp?: number }[];
}

interface RateState {
  active: boolean;
  since: Date | null;
  alertId: string | null;
}

/**
 * Follows the stored blocks from its own checkpoint (never on the ingest path: ingestion only wakes it)
 * and turns what the event rules match into outbox rows keyed by (rule, event), so evaluating a block
 * again after a crash writes nothing twice. Leader-only. A stored block that leaves the chain rewinds the
 * checkpoint to the common ancestor: alerts of removed blocks that went out get a `retracted` follow-up,
 * those still waiting are cancelled.
 */
@Injectable()
export class AlertEvaluator implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AlertEvaluator.name);
  private timer: NodeJS.Timeout | null = null;
  private subscriptions: Subscription[] = [];
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private checkpoint: Checkpoint | null = null;
  // In-memory views, rebuilt from the store after any failed pass (a failed write must not leave a
  // cooldown believing something was sent).
  private cooldowns = new CooldownGate();
  private thresholds = new ThresholdCounter();
  private thresholdsSeeded = false;
  private rates: RateWindow | null = null;
  private rateStates = new Map<string, RateState>();
  private rateStatesLoaded = false;
  private lastError: string | null = null;
  /** Rules changed since the last pass: an event_rate state they leave active is resolved. */
  private readonly changedRules = new Set<string>();
  /** Thresholds that fired in the batch being evaluated: their counted matches become `consumed`. */
  private consumed: { ruleId: string; dedupKey: string; throughBlock: number }[] = [];
  /** A gap in the stored blocks seen on the last pass (skipped only when seen twice). */
  private gap: { after: number; lowest: number } | null = null;
  /** Blocks evaluated by this process (metrics, bench). */
  evaluatedBlocks = 0;

  constructor(
    private readonly store: AlertStore,
    private readonly rules: AlertRules,
    private readonly outbox: AlertOutbox,
    private readonly reader: ActivityReader,
    private readonly activity: ActivityStore,
    private readonly chainEvents: ChainEvents,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
  ) {}

  onApplicationBootstrap(): void {
    this.subscriptions.push(
      this.chainEvents.events$.subscribe((e) => {
        if (e.kind !== 'sync_status') this.kick();
      }),
      this.rules.changes$.subscribe((id) => {
        this.cooldowns.forgetRule(id);
        this.thresholds.forgetRule(id);
        this.changedRules.add(id);
        this.kick();
      }),
    );
    this.timer = setInterval(() => this.kick(), PASS_INTERVAL_MS);
    this.timer.unref();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscriptions) s.unsubscribe();
    await this.running;
  }

  status(): { checkpoint: number | null; lastError: string | null } {
    return { checkpoint: this.checkpoint?.number ?? null, lastError: this.lastError };
  }

  /** Runs a pass now, or right after the running one (passes never overlap). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((err: unknown) => this.failed(err))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once a pass that starts after this call has finished (tests, bench). */
  async settle(): Promise<void> {
    await this.running;
    this.kick();
    await this.running;
  }

  private failed(err: unknown): void {
    const detail = (err as Error).message;
    // lastError is shown (GET /alerts/status): a database driver's message names hosts and stays in the log.
    const message = isDatabaseError(err)
      ? `database ${isDatabaseUnavailable(err) ? 'unreachable' : 'error'}: evaluation holds at its checkpoint`
      : detail;
    if (message !== this.lastError)
      this.logger.warn(`alert evaluation failed, retrying from the checkpoint: ${detail}`);
    this.lastError = message;
    this.checkpoint = null;
    this.consumed = [];
    this.cooldowns = new CooldownGate();
    this.thresholds = new ThresholdCounter();
    this.thresholdsSeeded = false;
    this.rates = null;
    this.rateStatesLoaded = false;
  }

  private async pass(): Promise<void> {
    if (!this.leadership.isLeader()) return;
    const cp = await this.loadCheckpoint();
    if (!cp) return;
    await this.seed(cp);
    await this.resolveChangedRates();
    while (!this.stopped && this.leadership.isLeader()) {
      const current = this.checkpoint as Checkpoint;
      const bundles = await this.reader.bundlesInRange(current.number + 1, current.number + BATCH_BLOCKS);
      const linked = linkedPrefix(current, bundles);
      if (!linked.length) {
        // Nothing above, or what is above does not link: is the checkpoint itself still stored?
        if (current.hash !== null && !(await this.reader.storedHashes([current.hash])).has(current.hash)) {
          await this.rewind(current);
          continue;
        }
        // The block right above does not link to a stored checkpoint: a reorg's removal is under way, the
        // next pass sees its result.
        if (bundles[0]?.block.number === current.number + 1) break;
        if (!(await this.skipGap(current))) break;
        continue;
      }
      await this.evaluate(linked);
      this.lastError = null;
      if (linked.length < BATCH_BLOCKS) break;
    }
  }

  /**
   * The store holds blocks above the checkpoint but none right above it: a resync after a fork deeper
   * than MAX_REORG_DEPTH restarted the store higher up. Evaluation goes on from the lowest of them, but
   * only once the same gap is seen on two passes in a row: a block being stored, or a reorg's removal
   * in progress, can show a gap for a moment, and skipping then would leave blocks unevaluated.
   */
  private async skipGap(cp: Checkpoint): Promise<boolean> {
    const counted = await this.reader.storedHeadNumber();
    if (counted === null || counted <= cp.number) return false;
    const lowest = await this.reader.lowestBlockAbove(cp.number);
    if (!lowest || lowest.number === cp.number + 1) {
      this.gap = null;
      return lowest !== null;
    }
    if (this.gap?.after !== cp.number || this.gap.lowest !== lowest.number) {
      this.gap = { after: cp.number, lowest: lowest.number };
      return false;
    }
    this.gap = null;
    this.logger.warn(
      `no stored blocks from ${cp.number + 1} to ${lowest.number - 1}: alert evaluation goes on above them`,
    );
    await this.saveCheckpoint({ number: lowest.number - 1, hash: null, timestamp: cp.timestamp, recent: cp.recent });
    return true;
  }

  private async loadCheckpoint(): Promise<Checkpoint | null> {
    if (this.checkpoint) return this.checkpoint;
    const doc = await this.store.stateOf(CHECKPOINT_ID);
    if (doc && typeof doc.number === 'number') {
      this.checkpoint = {
        number: doc.number,
        hash: doc.hash ?? null,
        timestamp: doc.timestamp ?? null,
        recent: doc.recent ?? [],
      };
      // A batch written to the outbox before a crash or a failed checkpoint write may hold blocks a reorg
      // took meanwhile, above a checkpoint that is still stored (no rewind would see them).
      await this.retractGone(this.checkpoint.number);
      return this.checkpoint;
    }
    // First start: what is stored is history (a rule alerts on blocks above the one it was made at).
    // Nothing stored yet: wait for the follower's first block.
    const head = await this.activity.latestBlock();
    if (!head) return null;
    const at = head ? await this.reader.blockAt(head.number) : null;
    const cp: Checkpoint = {
      number: head?.number ?? -1,
      hash: head?.hash ?? null,
      timestamp: at?.timestamp ?? null,
      recent: head ? [{ number: head.number, hash: head.hash, timestamp: at?.timestamp }] : [],
    };
    await this.saveCheckpoint(cp);
    this.logger.log(`alert evaluation starts after block ${cp.number}`);
    return cp;
  }

  private async saveCheckpoint(cp: Checkpoint): Promise<void> {
    await this.store.putState({
      _id: CHECKPOINT_ID,
      number: cp.number,
      hash: cp.hash,
      timestamp: cp.timestamp,
      recent: cp.recent,
    });
    this.checkpoint = cp;
  }

  /** Rebuilds the in-memory views from the store (at start and after a failure). */
  private async seed(cp: Checkpoint): Promise<void> {
    const from = (cp.timestamp ?? Math.floor(Date.now() / 1000)) - MAX_ALERT_WINDOW_SECONDS;
    if (!this.rates) {
      const rates = new RateWindow(MAX_ALERT_WINDOW_SECONDS);
      // Only blocks evaluated already: the ones above the checkpoint add theirs when they are evaluated.
      for (const e of await this.reader.tokenEventTimesSince(from, cp.number)) {
        rates.add(e.kind, Math.floor(e.timestamp.getTime() / 1000));
      }
      this.rates = rates;
    }
    if (!this.rateStatesLoaded) {
      this.rateStates = new Map(
        (await this.store.allStates('rate:')).map((s) => [
          s._id.slice('rate:'.length),
          { active: s.active ?? false, since: s.since ?? null, alertId: s.alertId ?? null },
        ]),
      );
      this.rateStatesLoaded = true;
    }
    if (!this.thresholdsSeeded) {
      const thresholds = new ThresholdCounter();
      // Matches of evaluated blocks not yet part of a threshold that fired (those are `consumed`).
      for (const row of await this.store.countedSince(from, cp.number)) {
        const rule = this.rules.cached(row.ruleId);
        if (!rule?.threshold || row.eventTime === null) continue;
        thresholds.add(
          `${row.ruleId}|${row.dedupKey}`,
          row._id,
          row.eventTime,
          rule.threshold.count,
          rule.threshold.windowSeconds,
        );
      }
      this.thresholds = thresholds;
      this.thresholdsSeeded = true;
    }
  }

  /** Evaluates consecutive stored blocks that continue the checkpoint, writes the outbox, moves the checkpoint. */
  private async evaluate(bundles: BlockBundle[]): Promise<void> {
    const index = this.rules.index();
    const rateRules = this.rules.current().filter((r) => r.enabled && r.condition.kind === 'event_rate');
    const raised: RaisedAlert[] = [];
    const now = new Date();
    const rates = this.rates as RateWindow;
    const stateWrites: { ruleId: string; state: RateState }[] = [];
    for (const bundle of bundles) {
      const events = eventsOf(bundle);
      for (const event of events) {
        if (event.type !== 'transaction') rates.add(event.type, event.timestamp);
        if (!index.size) continue;
        for (const rule of index.match(event)) raised.push(await this.eventAlert(rule, event, now));
      }
      for (const rule of rateRules) {
        if (bundle.block.number <= rule.sinceBlock) continue;
        const change = this.rateChange(rule, bundle, rates, now);
        if (change) {
          raised.push(change.raised);
          stateWrites.push({ ruleId: rule.id, state: change.state });
        }
      }
    }
    rates.prune();
    await this.outbox.raise(raised);
    for (const c of this.consumed.splice(0)) await this.store.consumeCounted(c.ruleId, c.dedupKey, c.throughBlock);
    failpoint('alerts-after-outbox');
    for (const w of stateWrites) {
      await this.store.putState({
        _id: `rate:${w.ruleId}`,
        active: w.state.active,
        since: w.state.since,
        alertId: w.state.alertId,
      });
    }
    const last = bundles[bundles.length - 1] as BlockBundle;
    const cp = this.checkpoint as Checkpoint;
    const recent = [
      ...cp.recent,
      ...bundles.map((b) => ({ number: b.block.number, hash: b.block.hash, timestamp: b.block.timestamp })),
    ].slice(-RECENT_BLOCKS);
    await this.saveCheckpoint({
      number: last.block.number,
      hash: last.block.hash,
      timestamp: last.block.timestamp,
      recent,
    });
    this.evaluatedBlocks += bundles.length;
    this.cooldowns.prune(now.getTime());
    this.thresholds.prune(last.block.timestamp);
  }

  private async eventAlert(rule: AlertRule, event: ChainEventInput, now: Date): Promise<RaisedAlert> {
    const dedupKey = dedupKeyOf(rule, event);
    const key = `${rule.id}|${dedupKey}`;
    // The block hash is part of the id: an event a reorg re-includes in another block is a new alert
    // (the one of the removed block was retracted or cancelled), while the same block evaluated again
    // after a crash writes nothing twice.
    const base = {
      _id: `${rule.id}:${event.blockHash}:${event.id}`,
      ruleId: rule.id,
      dedupKey,
      blockNumber: event.blockNumber,
      blockHash: event.blockHash,
      eventTime: event.timestamp,
      raisedAt: now,
    };
    const item = (alert: AlertRecord): RaisedAlert => ({ alert, channels: rule.channels, delivery: rule.delivery });
    let matches: number | undefined;
    if (rule.threshold) {
      const n = this.thresholds.add(key, base._id, event.timestamp, rule.threshold.count, rule.threshold.windowSeconds);
      if (n === null) {
        const message = eventAlertMessage({ id: base._id, rule, at: now, suppressed: 0, dedupKey, event });
        return item({ ...base, status: 'counted', message });
      }
      matches = n;
      this.consumed.push({ ruleId: rule.id, dedupKey, throughBlock: event.blockNumber });
    }
    if (rule.cooldownSeconds > 0 && !this.cooldowns.has(key)) {
      const seed = await this.store.cooldownSeed(rule.id, dedupKey);
      this.cooldowns.seed(key, seed.sentAt, seed.suppressed, rule.cooldownSeconds * 1000);
    }
    const decision = this.cooldowns.decide(key, now.getTime(), rule.cooldownSeconds * 1000);
    const suppressed = decision.send ? decision.suppressed : 0;
    const message = eventAlertMessage({ id: base._id, rule, at: now, suppressed, dedupKey, event, matches });
    return item({ ...base, status: decision.send ? 'fired' : 'suppressed', message });
  }

  /**
   * A rule whose event_rate condition was active was changed, disabled or deleted: it is resolved (its
   * receivers would otherwise keep an open incident), and starts from scratch.
   */
  private async resolveChangedRates(): Promise<void> {
    for (const id of [...this.changedRules]) {
      const state = this.rateStates.get(id);
      if (state?.active && state.alertId) {
        const fired = await this.store.alert(state.alertId);
        if (fired) {
          const now = new Date();
          const resolvedId = `${state.alertId}:resolved`;
          await this.outbox.raise([
            {
              alert: {
                _id: resolvedId,
                ruleId: id,
                status: 'fired',
                dedupKey: 'rule',
                blockNumber: null,
                blockHash: null,
                eventTime: null,
                raisedAt: now,
                message: {
                  ...fired.message,
                  id: resolvedId,
                  kind: 'resolved',
                  at: now.toISOString(),
                  title: `Resolved: ${fired.message.ruleName}`,
                  text: 'Resolved: the rule was changed, disabled or deleted while its condition held.',
                  dedupKey: state.alertId,
                  state: { since: (state.since ?? now).toISOString(), resolvedAt: now.toISOString() },
                },
              },
              // The channels the start went to (the rule may be gone or name others now).
              channels: [...new Set((await this.store.deliveriesOf(state.alertId)).map((d) => d.channelId))],
              delivery: { mode: 'tip' },
            },
          ]);
        }
      }
      if (state) await this.store.deleteState(`rate:${id}`);
      this.rateStates.delete(id);
      this.changedRules.delete(id);
    }
  }

  /** An event_rate condition that starts or ends at this block (chain time). */
  private rateChange(
    rule: AlertRule,
    bundle: BlockBundle,
    rates: RateWindow,
    now: Date,
  ): { raised: RaisedAlert; state: RateState } | null {
    const c = rule.condition;
    if (c.kind !== 'event_rate') return null;
    const t = bundle.block.timestamp;
    const count = rates.count(c.event, t, c.windowSeconds);
    const holds = c.above !== undefined ? count > c.above : count < (c.below as number);
    const state = this.rateStates.get(rule.id) ?? { active: false, since: null, alertId: null };
    if (holds === state.active) return null;
    const detail = `${count} ${c.event} in the ${c.windowSeconds} s up to block ${bundle.block.number}`;
    const chainTime = new Date(t * 1000);
    const common = {
      ruleId: rule.id,
      dedupKey: 'rule',
      blockNumber: bundle.block.number,
      blockHash: bundle.block.hash,
      eventTime: t,
      raisedAt: now,
    };
    let next: RateState;
    let alert: AlertRecord;
    if (holds) {
      const id = `${rule.id}:rate:${bundle.block.hash}`;
      next = { active: true, since: chainTime, alertId: id };
      alert = {
        _id: id,
        ...common,
        status: 'fired',
        message: stateFiredMessage({ id, rule, at: now, suppressed: 0, dedupKey: id, since: chainTime, detail }),
      };
    } else {
      const firedId = state.alertId ?? `${rule.id}:rate`;
      const id = `${firedId}:resolved`;
      next = { active: false, since: null, alertId: null };
      const since = state.since ?? chainTime;
      alert = {
        _id: id,
        ...common,
        status: 'fired',
        message: stateResolvedMessage({
          id,
          rule,
          at: now,
          suppressed: 0,
          dedupKey: firedId,
          since,
          resolvedAt: chainTime,
          firedId,
          detail,
        }),
      };
    }
    this.rateStates.set(rule.id, next);
    // Rate alerts go out at the tip: their block is a point in chain time, not an event to confirm.
    return { raised: { alert, channels: rule.channels, delivery: { mode: 'tip' } }, state: next };
  }

  /**
   * The checkpoint's block left the chain: back to the newest recent block still stored; alerts of the
   * removed blocks are retracted (sent ones) or cancelled (waiting ones).
   */
  private async rewind(cp: Checkpoint): Promise<void> {
    const stored = await this.reader.storedHashes(cp.recent.map((r) => r.hash));
    const keep = cp.recent.filter((r) => stored.has(r.hash));
    let ancestor: { number: number; hash: string; timestamp?: number } | undefined = keep[keep.length - 1];
    if (!ancestor) {
      // Deeper than the recent blocks (a resync): the highest stored block below them.
      const below = (cp.recent[0]?.number ?? cp.number) - 1;
      const at = below >= 0 ? await this.reader.blockAt(below) : null;
      ancestor = at ? { number: at.number, hash: at.hash, timestamp: at.timestamp } : undefined;
    }
    const number = ancestor?.number ?? -1;
    await this.retractGone(number, cp.number);
    const firstRemoved = cp.recent.find((r) => r.number > number);
    await this.saveCheckpoint({
      number,
      hash: ancestor?.hash ?? null,
      timestamp: ancestor?.timestamp ?? null,
      recent: cp.recent.filter((r) => r.number <= number && stored.has(r.hash)),
    });
    this.rates?.removeFrom(firstRemoved?.timestamp ?? Number.MAX_SAFE_INTEGER);
    // Threshold counts, rate states and cooldowns may have counted removed blocks: read again from the
    // store (a re-included event then goes out though its first alert was sent within the cooldown).
    this.thresholdsSeeded = false;
    this.rateStatesLoaded = false;
    this.cooldowns = new CooldownGate();
    await this.seed(this.checkpoint as Checkpoint);
  }

  /**
   * Alerts raised for blocks above `height` that are no longer stored: the ones that went out get a
   * `retracted` alert to the same channels, the waiting ones are cancelled; suppressed and counted ones
   * are marked removed (no cooldown or threshold counts them again).
   */
  private async retractGone(height: number, checkpoint = height): Promise<void> {
    const above = await this.store.alertsAbove(height);
    if (!above.length) return;
    const hashes = await this.reader.storedHashes(above.map((a) => a.blockHash).filter((h): h is string => h !== null));
    const gone = above.filter((a) => a.blockHash !== null && !hashes.has(a.blockHash));
    if (!gone.length) return;
    const fired = gone.filter((a) => a.status === 'fired');
    const now = new Date();
    const sent = await this.store.cancelUnsent(fired.map((a) => a._id));
    const retractions: RaisedAlert[] = [];
    for (const alert of fired.filter((a) => sent.has(a._id))) {
      const deliveries = await this.store.deliveriesOf(alert._id);
      const id = `${alert._id}:retracted`;
      retractions.push({
        alert: {
          _id: id,
          ruleId: alert.ruleId,
          status: 'fired',
          dedupKey: alert.dedupKey,
          blockNumber: null,
          blockHash: null,
          eventTime: null,
          raisedAt: now,
          message: retractionMessage(alert.message, id, now),
        },
        channels: [...new Set(deliveries.filter((d) => d.status !== 'cancelled').map((d) => d.channelId))],
        delivery: { mode: 'tip' },
      });
    }
    await this.outbox.raise(retractions);
    await this.store.markGone(
      fired.map((a) => a._id),
      gone.filter((a) => a.status !== 'fired').map((a) => a._id),
    );
    for (const [ruleId, state] of this.rateStates) {
      if (state.alertId && gone.some((a) => a._id === state.alertId)) {
        await this.store.deleteState(`rate:${ruleId}`);
        this.rateStates.delete(ruleId);
      }
    }
    this.logger.warn(
      `blocks above ${height} left the chain (alert checkpoint ${checkpoint}): ${retractions.length} alert(s) retracted, ${fired.length - retractions.length} cancelled before sending`,
    );
  }
}

/** The blocks that continue the checkpoint, each linking to the one before. */
export function linkedPrefix(
  cp: { number: number; hash: string | null },
  bundles: readonly BlockBundle[],
): BlockBundle[] {
  const out: BlockBundle[] = [];
  let number = cp.number;
  let hash = cp.hash;
  for (const b of bundles) {
    if (b.block.number !== number + 1) break;
    if (hash !== null && b.block.parentHash !== hash) break;
    out.push(b);
    number = b.block.number;
    hash = b.block.hash;
  }
  return out;
}

/** A block's token events and contract transactions as the rule index takes them. */
export function eventsOf(bundle: BlockBundle): ChainEventInput[] {
  const { block } = bundle;
  const out: ChainEventInput[] = [];
  for (const tx of bundle.transactions) {
    out.push({
      type: 'transaction',
      id: tx.hash,
      contract: tx.to,
      txHash: tx.hash,
      blockNumber: block.number,
      blockHash: block.hash,
      timestamp: block.timestamp,
      from: tx.from.toLowerCase(),
      to: tx.to.toLowerCase(),
      value: BigInt(tx.value),
    });
  }
  for (const e of bundle.tokenEvents) {
    if (e.kind === 'passport_revoked') continue;
    out.push({
      type: e.kind,
      id: `${e.txHash}:${e.logIndex}`,
      contract: e.contract,
      txHash: e.txHash,
      logIndex: e.logIndex,
      blockNumber: block.number,
      blockHash: block.hash,
      timestamp: block.timestamp,
      address: e.address.toLowerCase(),
      tokenId: e.tokenId,
    });
  }
  return out;
}

export function dedupKeyOf(rule: AlertRule, event: ChainEventInput): string {
  switch (rule.dedupBy) {
    case 'rule':
      return 'rule';
    case 'address':
      return event.type === 'transaction' ? event.from : event.address;
    case 'contract':
      return event.contract.toLowerCase();
    case 'transaction':
      return event.txHash;
  }
}

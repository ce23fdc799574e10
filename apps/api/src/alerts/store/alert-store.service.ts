import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

import type { DeliveryStatus } from '@aura/events';

import { insertAbsent } from '../../common/insert-absent';
import { AlertRecord } from './schemas/alert.schema';
import { AlertChannelRecord } from './schemas/alert-channel.schema';
import { AlertDeliveryRecord } from './schemas/alert-delivery.schema';
import { AlertRuleRecord } from './schemas/alert-rule.schema';
import { AlertStateRecord } from './schemas/alert-state.schema';

/** Statuses a delivery never leaves by itself (the retention sweep removes them once old). */
export const FINAL_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['delivered', 'dead', 'cancelled'];

/** The alert_state document whose token changes with every rule write. */
export const RULES_VERSION_ID = 'rules-version';

export interface DeliveryQuery {
  ruleId?: string;
  status?: DeliveryStatus;
  /** Cursor: deliveries created before this one (createdAt, then _id). */
  before?: { createdAt: Date; id: string };
  limit: number;
}

/**
 * The one owner of alerting's collections. Every write that the evaluator may repeat after a crash is an
 * insert keyed by a natural id (insertAbsent), so a repeat writes nothing twice; every claim is a single
 * conditional findOneAndUpdate. MongoDB applies each atomically; FerretDB 1.24 does not promise it for
 * concurrent writers (docs/database.md), so within one process each document has one writer at a time.
 */
@Injectable()
export class AlertStore {
  constructor(
    @InjectModel(AlertRuleRecord.name) readonly rules: Model<AlertRuleRecord>,
    @InjectModel(AlertChannelRecord.name) readonly channels: Model<AlertChannelRecord>,
    @InjectModel(AlertRecord.name) private readonly alerts: Model<AlertRecord>,
    @InjectModel(AlertDeliveryRecord.name) private readonly deliveries: Model<AlertDeliveryRecord>,
    @InjectModel(AlertStateRecord.name) private readonly state: Model<AlertStateRecord>,
  ) {}

  // --- rules and channels -----------------------------------------------------------------------

  allRules(): Promise<AlertRuleRecord[]> {
    return this.rules.find({}).sort({ createdAt: 1 }).lean();
  }

  async putRule(rule: AlertRuleRecord): Promise<void> {
    await this.rules.replaceOne({ _id: rule._id }, rule, { upsert: true });
  }

  async deleteRule(id: string): Promise<boolean> {
    return (await this.rules.deleteOne({ _id: id })).deletedCount > 0;
  }

  /** The token of the last rule change (null before any): a process reads all rules again when it changes. */
  async rulesVersion(): Promise<string | null> {
    return (await this.state.findById(RULES_VERSION_ID, { version: 1 }).lean())?.version ?? null;
  }

  /**
   * Called after each rule write. A fresh random token, not a counter: FerretDB can lose one of two
   * concurrent `$inc`s, while any token that differs from the one a reader last saw makes it reload.
   */
  async touchRulesVersion(): Promise<void> {
    await this.putState({ _id: RULES_VERSION_ID, version: randomUUID() });
  }

  allChannels(): Promise<AlertChannelRecord[]> {
    return this.channels.find({}).sort({ createdAt: 1 }).lean();
  }

  async putChannel(channel: AlertChannelRecord): Promise<void> {
    await this.channels.replaceOne({ _id: channel._id }, channel, { upsert: true });
  }

  async deleteChannel(id: string): Promise<boolean> {
    return (await this.channels.deleteOne({ _id: id })).deletedCount > 0;
  }

  // --- the outbox ----------------------------------------------------------------------------------

  /** Inserts the alerts not stored yet; returns the stored version of each (new or from an earlier run). */
  async recordAlerts(docs: AlertRecord[]): Promise<Map<string, AlertRecord>> {
    if (!docs.length) return new Map();
    await insertAbsent(this.alerts, docs);
    const stored = await this.alerts.find({ _id: { $in: docs.map((d) => d._id) } }).lean();
    return new Map(stored.map((d) => [d._id, d]));
  }

  /** Inserts the deliveries not stored yet. */
  async recordDeliveries(docs: AlertDeliveryRecord[]): Promise<void> {
    await insertAbsent(this.deliveries, docs);
  }

  /** The newest message sent for (rule, key), and how many were held back since: seeds a cooldown. */
  async cooldownSeed(ruleId: string, dedupKey: string): Promise<{ sentAt: number | null; suppressed: number }> {
    const last = await this.alerts
      .findOne({ ruleId, dedupKey, status: 'fired' }, { raisedAt: 1 })
      .sort({ raisedAt: -1 })
      .lean();
    if (!last) return { sentAt: null, suppressed: 0 };
    const suppressed = await this.alerts.countDocuments({
      ruleId,
      dedupKey,
      status: 'suppressed',
      raisedAt: { $gt: last.raisedAt },
    });
    return { sentAt: last.raisedAt.getTime(), suppressed };
  }

  /**
   * Matches below a threshold, after chain time `since`, in blocks up to `throughBlock` (evaluated ones),
   * not yet part of a threshold that fired: seeds the threshold counters.
   */
  countedSince(
    since: number,
    throughBlock: number,
  ): Promise<Pick<AlertRecord, '_id' | 'ruleId' | 'dedupKey' | 'eventTime'>[]> {
    return this.alerts
      .find(
        { status: 'counted', eventTime: { $gt: since }, blockNumber: { $lte: throughBlock } },
        { ruleId: 1, dedupKey: 1, eventTime: 1 },
      )
      .sort({ eventTime: 1 })
      .lean();
  }

  /** A threshold fired: the matches it counted, up to its block, no longer count. */
  async consumeCounted(ruleId: string, dedupKey: string, throughBlock: number): Promise<void> {
    await this.alerts.updateMany(
      { ruleId, dedupKey, status: 'counted', blockNumber: { $lte: throughBlock } },
      { $set: { status: 'consumed' } },
    );
  }

  /** Alerts raised for events in blocks above `height` (a reorg may have removed some of them). */
  alertsAbove(height: number): Promise<AlertRecord[]> {
    return this.alerts
      .find({ blockNumber: { $gt: height }, status: { $in: ['fired', 'suppressed', 'counted'] } })
      .lean();
  }

  /** Events that left the chain: fired alerts become retracted, suppressed and counted ones removed. */
  async markGone(fired: string[], others: string[]): Promise<void> {
    if (fired.length) await this.alerts.updateMany({ _id: { $in: fired } }, { $set: { status: 'retracted' } });
    if (others.length) await this.alerts.updateMany({ _id: { $in: others } }, { $set: { status: 'removed' } });
  }

  alert(id: string): Promise<AlertRecord | null> {
    return this.alerts.findById(id).lean();
  }

  /** The alert's status (a delivery of a retracted alert is not sent). */
  async alertStatus(id: string): Promise<AlertRecord['status'] | null> {
    return (await this.alerts.findById(id, { status: 1 }).lean())?.status ?? null;
  }

  /** Cancels the deliveries of these alerts that have not gone out; returns the alert ids some of whose deliveries had. */
  async cancelUnsent(alertIds: string[]): Promise<Set<string>> {
    if (!alertIds.length) return new Set();
    await this.deliveries.updateMany(
      { alertId: { $in: alertIds }, status: { $in: ['held', 'pending', 'retrying'] } },
      {
        $set: {
          status: 'cancelled',
          lastError: 'its event left the chain (reorg) before it was sent',
          nextAttemptAt: null,
        },
      },
    );
    const sent = await this.deliveries.find(
      { alertId: { $in: alertIds }, status: { $in: ['sending', 'delivered', 'dead'] } },
      { alertId: 1, _id: 0 },
    );
    return new Set(sent.map((d) => d.alertId));
  }

  // --- deliveries ---------------------------------------------------------------------------------

  /** Held deliveries whose gate block is reached (by the stored head or the finalized block). */
  heldReady(head: number, finalized: number | null): Promise<AlertDeliveryRecord[]> {
    const gates: object[] = [{ holdKind: 'head', holdBlock: { $lte: head } }];
    if (finalized !== null) gates.push({ holdKind: 'finalized', holdBlock: { $lte: finalized } });
    return this.deliveries.find({ status: 'held', $or: gates }).limit(500).lean();
  }

  async release(ids: string[], now: Date): Promise<void> {
    if (ids.length)
      await this.deliveries.updateMany(
        { _id: { $in: ids }, status: 'held' },
        { $set: { status: 'pending', nextAttemptAt: now } },
      );
  }

  async cancel(ids: string[], reason: string): Promise<void> {
    if (ids.length)
      await this.deliveries.updateMany(
        { _id: { $in: ids }, status: { $in: ['held', 'pending', 'retrying'] } },
        { $set: { status: 'cancelled', lastError: reason, nextAttemptAt: null } },
      );
  }

  /**
   * Claims the next due delivery for `claimant` until `until`: one conditional findOneAndUpdate, so two
   * deliverers never hold the same row. A row whose claim ran out (its claimant died while sending) is
   * due again: it is sent again, with the same idempotency key.
   */
  claimNext(claimant: string, now: Date, until: Date): Promise<AlertDeliveryRecord | null> {
    return this.deliveries
      .findOneAndUpdate(
        {
          $or: [
            { status: { $in: ['pending', 'retrying'] }, nextAttemptAt: { $lte: now } },
            { status: 'sending', claimedUntil: { $lt: now } },
          ],
        },
        { $set: { status: 'sending', claimedBy: claimant, claimedUntil: until }, $inc: { attempts: 1 } },
        { sort: { nextAttemptAt: 1 }, new: true },
      )
      .lean();
  }

  /** Records an attempt's outcome, if this claimant still holds the row. */
  async settle(
    id: string,
    claimant: string,
    update: Partial<Pick<AlertDeliveryRecord, 'status' | 'lastError' | 'nextAttemptAt' | 'deliveredAt' | 'latencyMs'>>,
  ): Promise<void> {
    await this.deliveries.updateOne(
      { _id: id, claimedBy: claimant, status: 'sending' },
      { $set: { ...update, claimedBy: null, claimedUntil: null } },
    );
  }

  /** Queues a failed or dead delivery again, with a fresh budget of attempts. */
  async replay(id: string, now: Date): Promise<AlertDeliveryRecord | null> {
    return this.deliveries
      .findOneAndUpdate(
        { _id: id, status: { $in: ['dead', 'retrying', 'cancelled'] } },
        { $set: { status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null } },
        { new: true },
      )
      .lean();
  }

  delivery(id: string): Promise<AlertDeliveryRecord | null> {
    return this.deliveries.findById(id).lean();
  }

  deliveriesOf(alertId: string): Promise<AlertDeliveryRecord[]> {
    return this.deliveries.find({ alertId }).lean();
  }

  /** The delivery log, newest first. */
  listDeliveries(q: DeliveryQuery): Promise<AlertDeliveryRecord[]> {
    const filter: Record<string, unknown> = {};
    if (q.ruleId) filter['ruleId'] = q.ruleId;
    if (q.status) filter['status'] = q.status;
    if (q.before)
      filter['$or'] = [
        { createdAt: { $lt: q.before.createdAt } },
        { createdAt: q.before.createdAt, _id: { $lt: q.before.id } },
      ];
    return this.deliveries.find(filter).sort({ createdAt: -1, _id: -1 }).limit(q.limit).lean();
  }

  /** Earliest time a waiting delivery is due (the deliverer sleeps until then, or until woken). */
  async nextDue(): Promise<Date | null> {
    const row = await this.deliveries
      .findOne({ status: { $in: ['pending', 'retrying'] } }, { nextAttemptAt: 1 })
      .sort({ nextAttemptAt: 1 })
      .lean();
    return row?.nextAttemptAt ?? null;
  }

  /** Deliveries by status (the admin view, the waiting gauge). */
  async deliveryCounts(): Promise<Partial<Record<DeliveryStatus, number>>> {
    const rows = await this.deliveries.aggregate<{ _id: DeliveryStatus; n: number }>([
      { $group: { _id: '$status', n: { $sum: 1 } } },
    ]);
    return Object.fromEntries(rows.map((r) => [r._id, r.n]));
  }

  // --- state and retention ----------------------------------------------------------------------

  stateOf(id: string): Promise<AlertStateRecord | null> {
    return this.state.findById(id).lean();
  }

  allStates(prefix: string): Promise<AlertStateRecord[]> {
    return this.state.find({ _id: { $regex: `^${prefix}` } }).lean();
  }

  async putState(doc: AlertStateRecord): Promise<void> {
    await this.state.replaceOne({ _id: doc._id }, { ...doc, updatedAt: new Date() }, { upsert: true });
  }

  async deleteState(id: string): Promise<void> {
    await this.state.deleteOne({ _id: id });
  }

  /** Removes alerts and finished deliveries raised before `before` (FerretDB has no TTL indexes). */
  async sweep(before: Date): Promise<{ alerts: number; deliveries: number }> {
    const deliveries = await this.deliveries.deleteMany({
      raisedAt: { $lt: before },
      status: { $in: [...FINAL_DELIVERY_STATUSES] },
    });
    const alerts = await this.alerts.deleteMany({ raisedAt: { $lt: before } });
    return { alerts: alerts.deletedCount, deliveries: deliveries.deletedCount };
  }
}

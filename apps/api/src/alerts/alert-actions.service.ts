import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import * as v from 'valibot';

import {
  type AlertDelivery,
  type AlertMessage,
  type AlertRule,
  DELIVERY_STATUSES,
  type DeliveryStatus,
  describeIssues,
  DryRunInputSchema,
  isEventCondition,
} from '@aura/events';

import { ActivityReader } from '../activity/activity-reader.service';
import { AlertChannels } from './alert-channels.service';
import { dryRun } from './alert-dry-run';
import { AlertEvaluator } from './alert-evaluator.service';
import { newId } from './alert-id';
import { AlertOutbox } from './alert-outbox.service';
import { AlertRules } from './alert-rules.service';
import { testMessage } from './alert-text';
import { LEADERSHIP, type Leadership } from './leadership';
import { AlertStore } from './store/alert-store.service';
import type { AlertDeliveryRecord } from './store/schemas/alert-delivery.schema';

const MAX_PAGE = 200;

export interface AlertingStatus {
  instance: string;
  leader: boolean;
  rules: { total: number; enabled: number };
  evaluator: {
    checkpoint: number | null;
    storedHead: number | null;
    lagBlocks: number | null;
    lastError: string | null;
  };
  deliveries: Record<DeliveryStatus, number>;
}

/** The operator's actions on alerting besides editing: test sends, the delivery log, replay, dry runs. */
@Injectable()
export class AlertActions {
  constructor(
    private readonly store: AlertStore,
    private readonly rules: AlertRules,
    private readonly channels: AlertChannels,
    private readonly outbox: AlertOutbox,
    private readonly reader: ActivityReader,
    private readonly evaluator: AlertEvaluator,
    @Inject(LEADERSHIP) private readonly leadership: Leadership,
  ) {}

  /** Where alerting stands: the evaluator against the stored head, and the deliveries by status. */
  async status(): Promise<AlertingStatus> {
    const [storedHead, counts] = await Promise.all([this.reader.storedHeadNumber(), this.store.deliveryCounts()]);
    const evaluator = this.evaluator.status();
    const rules = this.rules.current();
    return {
      instance: this.leadership.instance,
      leader: this.leadership.isLeader(),
      rules: { total: rules.length, enabled: rules.filter((r) => r.enabled).length },
      evaluator: {
        checkpoint: evaluator.checkpoint,
        storedHead,
        lagBlocks:
          storedHead !== null && evaluator.checkpoint !== null ? Math.max(0, storedHead - evaluator.checkpoint) : null,
        lastError: evaluator.lastError,
      },
      deliveries: Object.fromEntries(DELIVERY_STATUSES.map((st) => [st, counts[st] ?? 0])) as Record<
        DeliveryStatus,
        number
      >,
    };
  }

  /** A `test` message to every channel of the rule (or to one channel), through the outbox like any alert. */
  async sendTest(
    target: { ruleId: string } | { channelId: string },
  ): Promise<{ alertId: string; deliveries: AlertDelivery[] }> {
    const now = new Date();
    const id = newId('test');
    let rule: Pick<AlertRule, 'id' | 'name' | 'severity' | 'condition'>;
    let channels: string[];
    if ('ruleId' in target) {
      const found = await this.rules.one(target.ruleId);
      rule = found;
      channels = found.channels;
    } else {
      const channel = await this.channels.one(target.channelId);
      rule = {
        id: `channel:${channel.id}`,
        name: channel.name,
        severity: 'info',
        condition: { kind: 'database_down' },
      };
      channels = [channel.id];
    }
    const message: AlertMessage = testMessage(id, rule, now);
    await this.outbox.raise([
      {
        alert: {
          _id: id,
          ruleId: rule.id,
          status: 'fired',
          dedupKey: id,
          blockNumber: null,
          blockHash: null,
          eventTime: null,
          raisedAt: now,
          message,
        },
        channels,
        delivery: { mode: 'tip' },
      },
    ]);
    return { alertId: id, deliveries: (await this.store.deliveriesOf(id)).map(deliveryWire) };
  }

  async deliveries(query: { ruleId?: string; status?: string; limit?: string; before?: string }): Promise<{
    deliveries: AlertDelivery[];
    next: string | null;
  }> {
    if (query.status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(query.status))
      throw new BadRequestException(`status must be one of ${DELIVERY_STATUSES.join(', ')}`);
    let limit = 50;
    if (query.limit !== undefined) {
      limit = Number(query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
        throw new BadRequestException(`limit must be an integer from 1 to ${MAX_PAGE}`);
    }
    const before = query.before === undefined ? undefined : parseCursor(query.before);
    const rows = await this.store.listDeliveries({
      ruleId: query.ruleId,
      status: query.status as DeliveryStatus | undefined,
      before,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      deliveries: page.map(deliveryWire),
      next: rows.length > limit && last ? cursorOf(last) : null,
    };
  }

  async replay(id: string): Promise<AlertDelivery> {
    const row = await this.store.delivery(id);
    if (!row) throw new NotFoundException(`no alert delivery ${id}`);
    const queued = await this.store.replay(id, new Date());
    if (!queued)
      throw new ConflictException(
        `delivery ${id} is ${row.status}: only a dead, retrying or cancelled delivery is replayed`,
      );
    this.outbox.wake();
    return deliveryWire(queued);
  }

  async dryRun(
    ruleId: string,
    body: unknown,
  ): Promise<{ fromBlock: number; toBlock: number; blocks: number; messages: AlertMessage[] }> {
    const rule = await this.rules.one(ruleId);
    const parsed = v.safeParse(DryRunInputSchema, body);
    if (!parsed.success) throw new BadRequestException(describeIssues('body', parsed.issues).join('; '));
    if (!isEventCondition(rule.condition) && rule.condition.kind !== 'event_rate')
      throw new BadRequestException(
        `a dry run replays chain conditions (token_event, large_transaction, event_rate); ${rule.condition.kind} watches the monitor's own health`,
      );
    const { fromBlock, toBlock } = parsed.output;
    const bundles = await this.reader.bundlesInRange(fromBlock, toBlock);
    let earlier: { kind: string; t: number }[] = [];
    const first = bundles[0];
    if (rule.condition.kind === 'event_rate' && first) {
      const start = first.block.timestamp;
      earlier = (await this.reader.tokenEventTimesSince(start - rule.condition.windowSeconds, first.block.number - 1))
        .map((e) => ({ kind: e.kind, t: Math.floor(e.timestamp.getTime() / 1000) }))
        .filter((e) => e.t < start);
    }
    return { fromBlock, toBlock, blocks: bundles.length, messages: dryRun(rule, bundles, earlier) };
  }
}

function cursorOf(row: AlertDeliveryRecord): string {
  return Buffer.from(JSON.stringify([new Date(row.createdAt).getTime(), row._id])).toString('base64url');
}

function parseCursor(raw: string): { createdAt: Date; id: string } {
  try {
    const [t, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof t === 'number' && Number.isFinite(new Date(t).getTime()) && typeof id === 'string' && id.length <= 500)
      return { createdAt: new Date(t), id };
  } catch {
    // answered below
  }
  throw new BadRequestException('before must be the `next` cursor of an earlier page');
}

export function deliveryWire(row: AlertDeliveryRecord): AlertDelivery {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row._id,
    alertId: row.alertId,
    ruleId: row.ruleId,
    ruleName: row.ruleName,
    channelId: row.channelId,
    channelName: row.channelName,
    channelType: row.channelType,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: iso(row.nextAttemptAt),
    createdAt: new Date(row.createdAt).toISOString(),
    deliveredAt: iso(row.deliveredAt),
    latencyMs: row.latencyMs,
    message: row.message,
  };
}

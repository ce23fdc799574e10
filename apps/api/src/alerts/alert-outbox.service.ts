import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

import type { AlertDeliveryMode } from '@aura/events';

import { AlertChannels } from './alert-channels.service';
import { AlertStore } from './store/alert-store.service';
import type { AlertRecord } from './store/schemas/alert.schema';
import type { AlertDeliveryRecord } from './store/schemas/alert-delivery.schema';

export interface RaisedAlert {
  alert: AlertRecord;
  channels: readonly string[];
  delivery: AlertDeliveryMode;
}

/**
 * Writes alerts and their deliveries (the outbox) and wakes the deliverer. Alerts first, then one
 * delivery per channel of each alert as stored: after a crash between the two, raising the same alerts
 * again writes the missing deliveries and nothing twice.
 */
@Injectable()
export class AlertOutbox {
  private readonly written = new Subject<void>();
  readonly written$ = this.written.asObservable();

  constructor(
    private readonly store: AlertStore,
    private readonly channels: AlertChannels,
  ) {}

  async raise(items: readonly RaisedAlert[]): Promise<void> {
    if (!items.length) return;
    const stored = await this.store.recordAlerts(items.map((i) => i.alert));
    const deliveries: AlertDeliveryRecord[] = [];
    for (const item of items) {
      const alert = stored.get(item.alert._id);
      if (alert?.status !== 'fired') continue;
      for (const channelId of item.channels) {
        const channel = await this.channels.get(channelId);
        if (!channel) continue;
        deliveries.push(deliveryFor(alert, channel, item.delivery));
      }
    }
    await this.store.recordDeliveries(deliveries);
    if (deliveries.length) this.written.next();
  }

  /** Tells the deliverer that rows are due (a replay, a release of held rows). */
  wake(): void {
    this.written.next();
  }
}

export function deliveryFor(
  alert: AlertRecord,
  channel: { _id: string; name: string; type: AlertDeliveryRecord['channelType'] },
  mode: AlertDeliveryMode,
): AlertDeliveryRecord {
  const now = new Date();
  const held = alert.blockNumber !== null && mode.mode !== 'tip' && alert.message.kind === 'fired';
  return {
    _id: `${alert._id}>${channel._id}`,
    alertId: alert._id,
    ruleId: alert.ruleId,
    ruleName: alert.message.ruleName,
    channelId: channel._id,
    channelName: channel.name,
    channelType: channel.type,
    status: held ? 'held' : 'pending',
    attempts: 0,
    lastError: null,
    nextAttemptAt: held ? null : now,
    holdKind: held ? (mode.mode === 'finalized' ? 'finalized' : 'head') : null,
    holdBlock: held ? (alert.blockNumber as number) + (mode.mode === 'confirmations' ? mode.confirmations : 0) : null,
    blockHash: alert.blockHash,
    claimedBy: null,
    claimedUntil: null,
    raisedAt: alert.raisedAt,
    createdAt: now,
    deliveredAt: null,
    latencyMs: null,
    message: alert.message,
  };
}

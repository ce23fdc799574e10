import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

import type { AlertMessage } from '@aura/events';

/**
 * fired: sent to the rule's channels; suppressed: held back by the cooldown (counted in the next message);
 * counted: a match below the rule's threshold (kept so a restart counts it); consumed: counted, then
 * part of a threshold that fired; retracted: fired, then its event left the chain (a `retracted` alert
 * follows it); removed: suppressed or counted, then its event left the chain.
 */
export type AlertStatus = 'fired' | 'suppressed' | 'counted' | 'consumed' | 'retracted' | 'removed';

/**
 * The outbox: one row per (rule, event), keyed so that evaluating a block again after a crash inserts
 * nothing twice. Its deliveries (one per channel) are AlertDeliveryRecord rows.
 */
@Schema({ collection: 'alerts', versionKey: false })
export class AlertRecord {
  /** `${ruleId}:${eventId}` */
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true, index: true }) ruleId!: string;
  @Prop({ type: String, required: true }) status!: AlertStatus;
  @Prop({ required: true }) dedupKey!: string;
  @Prop({ type: Number, default: null, index: true }) blockNumber!: number | null;
  @Prop({ type: String, default: null }) blockHash!: string | null;
  /** Chain time (block timestamp, unix s) of the event; thresholds count by it. */
  @Prop({ type: Number, default: null }) eventTime!: number | null;
  @Prop({ required: true, index: true }) raisedAt!: Date;
  @Prop({ type: Object, required: true }) message!: AlertMessage;
}
export const AlertSchema = SchemaFactory.createForClass(AlertRecord);
AlertSchema.index({ ruleId: 1, dedupKey: 1, raisedAt: -1 });

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

import type { AlertMessage, ChannelType, DeliveryStatus } from '@aura/events';

/** One alert to one channel. Its _id is the idempotency key every attempt carries. */
@Schema({ collection: 'alert_deliveries', versionKey: false })
export class AlertDeliveryRecord {
  /** `${alertId}>${channelId}` */
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true, index: true }) alertId!: string;
  @Prop({ required: true, index: true }) ruleId!: string;
  @Prop({ required: true }) ruleName!: string;
  @Prop({ required: true }) channelId!: string;
  @Prop({ required: true }) channelName!: string;
  @Prop({ type: String, required: true }) channelType!: ChannelType;
  @Prop({ type: String, required: true, index: true }) status!: DeliveryStatus;
  @Prop({ required: true }) attempts!: number;
  @Prop({ type: String, default: null }) lastError!: string | null;
  @Prop({ type: Date, default: null, index: true }) nextAttemptAt!: Date | null;
  /** held: released once the stored head (holdKind head) or the node's finalized block reaches holdBlock. */
  @Prop({ type: String, default: null }) holdKind!: 'head' | 'finalized' | null;
  @Prop({ type: Number, default: null }) holdBlock!: number | null;
  /** The event's block (a reorg that removes it cancels a held delivery). */
  @Prop({ type: String, default: null }) blockHash!: string | null;
  @Prop({ type: String, default: null }) claimedBy!: string | null;
  @Prop({ type: Date, default: null }) claimedUntil!: Date | null;
  @Prop({ required: true }) raisedAt!: Date;
  @Prop({ required: true, index: true }) createdAt!: Date;
  @Prop({ type: Date, default: null }) deliveredAt!: Date | null;
  @Prop({ type: Number, default: null }) latencyMs!: number | null;
  @Prop({ type: Object, required: true }) message!: AlertMessage;
}
export const AlertDeliverySchema = SchemaFactory.createForClass(AlertDeliveryRecord);

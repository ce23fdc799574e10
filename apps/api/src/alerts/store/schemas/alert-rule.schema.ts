import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

import type { AlertCondition, AlertDedupKey, AlertDeliveryMode, AlertSeverity } from '@aura/events';

/** An alert rule as stored (the REST shape is AlertRule in libs/events). */
@Schema({ collection: 'alert_rules', versionKey: false })
export class AlertRuleRecord {
  /** rule_… */
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ required: true }) enabled!: boolean;
  @Prop({ type: String, required: true }) severity!: AlertSeverity;
  @Prop({ type: Object, required: true }) condition!: AlertCondition;
  @Prop({ type: [String], required: true }) channels!: string[];
  @Prop({ required: true }) cooldownSeconds!: number;
  @Prop({ type: String, required: true }) dedupBy!: AlertDedupKey;
  @Prop({ type: Object, default: null }) threshold!: { count: number; windowSeconds: number } | null;
  @Prop({ type: Object, required: true }) delivery!: AlertDeliveryMode;
  /** Events in blocks up to this one were history when the rule was made: not alerted (a dry run shows them). */
  @Prop({ required: true }) sinceBlock!: number;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) updatedAt!: Date;
}
export const AlertRuleSchema = SchemaFactory.createForClass(AlertRuleRecord);

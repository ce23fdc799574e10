import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

import type { AlertMessage } from '@aura/events';

/**
 * Small documents of the alerting tasks: the evaluator's checkpoint (_id `evaluator`) and the state of each
 * state condition (_id `state:${ruleId}`: whether it is active, since when, and the alert that fired), and
 * the token of the last rule change (_id `rules-version`).
 * FerretDB loses one of two concurrent updates of one document: each document has one writer (the
 * leader's evaluator or its health watcher), which writes it sequentially. `rules-version` is the exception: any rule write sets it, and a lost one of two
 * concurrent sets still leaves a token that differs from what readers saw before both.
 */
@Schema({ collection: 'alert_state', versionKey: false })
export class AlertStateRecord {
  @Prop({ type: String }) _id!: string;
  /** evaluator: the last evaluated block, and the recent ones (a fork is found among them). */
  @Prop({ type: Number }) number?: number;
  @Prop({ type: String }) hash?: string | null;
  @Prop({ type: Number }) timestamp?: number | null;
  @Prop({ type: [Object], default: undefined }) recent?: { number: number; hash: string }[];
  /** state:…: the condition holds since `since`; `alertId` is the alert that said so. */
  @Prop({ type: Boolean }) active?: boolean;
  @Prop({ type: Date }) since?: Date | null;
  @Prop({ type: String }) alertId?: string | null;
  /** health:…: the message of the last change, raised again at start (written before it is raised). */
  @Prop({ type: Object }) message?: AlertMessage;
  /** rules-version: a token that changes with every rule write (other processes reload on a change). */
  @Prop({ type: String }) version?: string;
  @Prop({ type: Date }) updatedAt?: Date;
}
export const AlertStateSchema = SchemaFactory.createForClass(AlertStateRecord);

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

import type { ChannelSettings, ChannelType } from '@aura/events';

/** A delivery channel, with its secrets (never answered back: the API masks them). */
@Schema({ collection: 'alert_channels', versionKey: false })
export class AlertChannelRecord {
  /** ch_… */
  @Prop({ type: String }) _id!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ type: String, required: true }) type!: ChannelType;
  @Prop({ type: Object, required: true }) settings!: ChannelSettings;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) updatedAt!: Date;
}
export const AlertChannelSchema = SchemaFactory.createForClass(AlertChannelRecord);

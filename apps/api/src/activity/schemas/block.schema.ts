import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

/** A canonical block as stored. Written last for its height: its presence means the block is complete. */
@Schema({ collection: 'blocks', versionKey: false, timestamps: { createdAt: 'storedAt', updatedAt: false } })
export class BlockRecord {
  @Prop({ required: true, index: true }) number!: number;
  @Prop({ required: true, unique: true }) hash!: string;
  @Prop({ required: true }) parentHash!: string;
  /** Unix seconds. */
  @Prop({ required: true }) timestamp!: number;
  @Prop({ required: true }) transactionCount!: number;
  @Prop({ required: true }) gasUsed!: number;
}
export type BlockDocument = HydratedDocument<BlockRecord>;
export const BlockSchema = SchemaFactory.createForClass(BlockRecord);

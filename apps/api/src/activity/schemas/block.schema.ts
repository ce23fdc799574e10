import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

/** A canonical block as stored. Written last for its height: its presence means the block is complete. */
@Schema({ collection: 'blocks', versionKey: false, timestamps: { createdAt: 'storedAt', updatedAt: false } })
export class BlockRecord {
  /** The natural key (block hash): upserts by _id are indexed lookups on MongoDB and on FerretDB's SQLite backend alike (FerretDB 1.x pushes down only _id equality). */
  @Prop({ type: String }) _id?: string;
  @Prop({ required: true, index: true }) number!: number;
  @Prop({ required: true, unique: true }) hash!: string;
  @Prop({ required: true }) parentHash!: string;
  /** Unix seconds. */
  @Prop({ required: true }) timestamp!: number;
  @Prop({ required: true }) transactionCount!: number;
  @Prop({ required: true }) gasUsed!: number;
  /**
   * The block's share of the aggregates, written with the row so that applying it to the totals and
   * buckets, or reverting it after a reorg, needs nothing but the row (rows of older versions lack it and
   * are recounted from their transactions and events).
   */
  @Prop() contractTransactions?: number;
  @Prop() mints?: number;
  @Prop() passports?: number;
  @Prop() revocations?: number;
  /** Candidate users (lower-case): senders of contract transactions, recipients of badges and passports. */
  @Prop({ type: [String], default: undefined }) users?: string[];
}
export type BlockDocument = HydratedDocument<BlockRecord>;
export const BlockSchema = SchemaFactory.createForClass(BlockRecord);

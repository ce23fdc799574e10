import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Per-minute counters for the charts, keyed by the minute's ISO start in _id. Maintained with $inc when
 * blocks are stored and decremented when a reorg removes them (FerretDB has no $bucket or $dateTrunc,
 * so they are kept as stored fields rather than computed).
 */
@Schema({ collection: 'minute_buckets', versionKey: false })
export class MinuteBucketRecord {
  @Prop({ type: String }) _id?: string;
  @Prop({ required: true, index: true }) minute!: Date;
  @Prop({ default: 0 }) blocks!: number;
  /** All transactions in the blocks of this minute. */
  @Prop({ default: 0 }) transactions!: number;
  /** Transactions to or from a watched contract. */
  @Prop({ default: 0 }) contractTransactions!: number;
  @Prop({ default: 0 }) gasUsed!: number;
  @Prop({ default: 0 }) mints!: number;
  @Prop({ default: 0 }) passports!: number;
  @Prop({ default: 0 }) revocations!: number;
  /**
   * Hashes of the blocks counted here: a block is added only when absent and removed only when present,
   * so a retried write (or one whose answer was lost) never counts twice.
   */
  @Prop({ type: [String], default: [] }) appliedBlocks!: string[];
}
export const MinuteBucketSchema = SchemaFactory.createForClass(MinuteBucketRecord);

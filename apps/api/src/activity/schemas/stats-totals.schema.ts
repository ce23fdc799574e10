import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The running totals behind GET /stats, one document (`_id: 'totals'`): a fold over the stored chain.
 * `headHash`/`headNumber` name the last block counted; every change is conditional on them (apply: the
 * head is the first block's parent; revert: the head is what it was read as), so a retried write, or one
 * whose answer was lost, is never counted twice. See docs/architecture.md, "Store".
 */
@Schema({ collection: 'stats_totals', versionKey: false })
export class StatsTotalsRecord {
  @Prop({ type: String }) _id?: string;
  @Prop({ default: 0 }) users!: number;
  @Prop({ default: 0 }) badges!: number;
  @Prop({ default: 0 }) passports!: number;
  @Prop({ default: 0 }) revocations!: number;
  @Prop({ default: 0 }) contractTransactions!: number;
  @Prop({ type: String, default: null }) headHash!: string | null;
  /** Number of that block (-1: none). Blocks stored above it are pending: stored, not yet counted. */
  @Prop({ type: Number }) headNumber?: number;
  /** Set while a reorg removes everything at or above this height: boot or the next write finishes it. */
  @Prop({ type: Number }) removing?: number | null;
}
export const StatsTotalsSchema = SchemaFactory.createForClass(StatsTotalsRecord);

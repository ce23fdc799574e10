import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The running totals behind GET /stats, one document (`_id: 'totals'`), changed with $inc as blocks are
 * stored and removed. `headHash` is the block they include up to: when it differs from the stored head
 * at boot (a crash between the block insert and this update), they are rebuilt from the rows.
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
}
export const StatsTotalsSchema = SchemaFactory.createForClass(StatsTotalsRecord);

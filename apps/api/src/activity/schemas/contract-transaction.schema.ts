import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A transaction sent to (or from) a watched contract. */
@Schema({ collection: 'transactions', versionKey: false })
export class ContractTransactionRecord {
  /** The natural key (transaction hash): upserts by _id are indexed lookups on MongoDB and on FerretDB's SQLite backend alike (FerretDB 1.x pushes down only _id equality). */
  @Prop({ type: String }) _id?: string;
  @Prop({ required: true, unique: true }) hash!: string;
  @Prop({ required: true, index: true }) blockNumber!: number;
  @Prop({ required: true }) blockHash!: string;
  @Prop({ required: true, index: true }) from!: string;
  @Prop({ required: true, index: true }) to!: string;
  /** Decimal wei string: values exceed 2^53. */
  @Prop({ required: true }) value!: string;
  @Prop({ required: true }) timestamp!: Date;
}
export const ContractTransactionSchema = SchemaFactory.createForClass(ContractTransactionRecord);

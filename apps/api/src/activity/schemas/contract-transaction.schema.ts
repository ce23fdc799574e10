import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A transaction sent to (or from) a watched contract. */
@Schema({ collection: 'transactions', versionKey: false })
export class ContractTransactionRecord {
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

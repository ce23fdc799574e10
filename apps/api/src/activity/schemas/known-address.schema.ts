import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One per user address (received a badge or passport, or sent a transaction to a watched contract):
 * the set behind `total_users`, kept by insert-if-absent on _id, so counting a new user costs one
 * indexed insert, never a distinct() over the events.
 */
@Schema({ collection: 'known_addresses', versionKey: false })
export class KnownAddressRecord {
  /** Lower-case address. */
  @Prop({ type: String }) _id?: string;
  /** Block of the first activity: a reorg below it removes the address with its activity. */
  @Prop({ required: true, index: true }) firstBlock!: number;
  /** Hash of that block: the totals count a user once, for the block that first inserted it. */
  @Prop({ type: String }) firstBlockHash?: string;
  @Prop({ required: true }) firstSeen!: Date;
}
export const KnownAddressSchema = SchemaFactory.createForClass(KnownAddressRecord);

import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export type TokenEventKind = 'badge_minted' | 'badge_revoked' | 'passport_issued' | 'passport_revoked';

/** A decoded ERC-721 Transfer (mint or burn) on a watched contract; one per (txHash, logIndex). */
@Schema({ collection: 'token_events', versionKey: false })
export class TokenEventRecord {
  /** The natural key (`${txHash}:${logIndex}`): upserts by _id are indexed lookups on MongoDB and on FerretDB's SQLite backend alike (FerretDB 1.x pushes down only _id equality). */
  @Prop({ type: String }) _id?: string;
  @Prop({ type: String, required: true, index: true }) kind!: TokenEventKind;
  @Prop({ required: true }) contract!: string;
  @Prop({ required: true }) txHash!: string;
  @Prop({ required: true }) logIndex!: number;
  @Prop({ required: true, index: true }) blockNumber!: number;
  @Prop({ required: true }) blockHash!: string;
  /** Recipient of a mint, or holder of a burned token. */
  @Prop({ required: true, index: true }) address!: string;
  /** Decimal string (uint256). */
  @Prop({ required: true }) tokenId!: string;
  @Prop({ required: true, index: true }) timestamp!: Date;
}
export const TokenEventSchema = SchemaFactory.createForClass(TokenEventRecord);
TokenEventSchema.index({ txHash: 1, logIndex: 1 }, { unique: true });

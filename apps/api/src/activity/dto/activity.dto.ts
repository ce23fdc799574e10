import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

import { ACTIVITY_TYPES, type ActivityType } from '@aura/events';

import { ADDRESS_PATTERN } from '../../common/patterns';

// Types, optionality, arrays and nullability come from the declarations and descriptions from the JSDoc
// comments (the @nestjs/swagger CLI plugin): the decorators add only examples, enums and bounds.

const HASH_EXAMPLE = '0x' + 'ab'.repeat(32);
const ADDRESS_EXAMPLE = '0x' + '12'.repeat(20);

export class ActivityQueryDto {
  /** Only these kinds (comma-separated). Default: all. */
  @ApiPropertyOptional({ enum: ACTIVITY_TYPES, isArray: true, example: 'badge_minted,passport_issued' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value))
  @IsIn(ACTIVITY_TYPES, {
    each: true,
    message: `type must be one or more of ${ACTIVITY_TYPES.join(', ')} (comma-separated)`,
  })
  type?: ActivityType[];

  /** Only items involving this address: transactions from or to it, badges and passports it received or lost. Leaves blocks out. */
  @ApiPropertyOptional({ example: ADDRESS_EXAMPLE })
  @IsOptional()
  @Matches(ADDRESS_PATTERN, { message: 'address must be a 0x-prefixed 20-byte hex address' })
  address?: string;

  /** Items per page. */
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 500' })
  @Min(1, { message: 'limit must be a whole number from 1 to 500' })
  @Max(500, { message: 'limit must be a whole number from 1 to 500' })
  limit?: number;

  /** The `nextCursor` of the previous page: items older than its last one. */
  @ApiPropertyOptional({ example: 'WzEyMzQ1LDIsIjB4YWIuLi4iXQ' })
  @IsOptional()
  @IsString()
  before?: string;
}

export class ActivityItemDto {
  @ApiProperty({ enum: ACTIVITY_TYPES, example: 'badge_minted' }) type!: ActivityType;
  /** Stable id: block or transaction hash, or `txHash:logIndex`. */
  @ApiProperty({ example: `${HASH_EXAMPLE}:3` }) id!: string;
  @ApiProperty({ example: 12345 }) blockNumber!: number;
  /** Block time, ISO 8601. */
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) timestamp!: string;
  /** The `data` of the WebSocket event of this kind: new_block, new_transaction, badge_minted, passport_issued or badge_revoked. */
  @ApiProperty({
    example: { txHash: HASH_EXAMPLE, address: ADDRESS_EXAMPLE, blockNumber: 12345, tokenId: '7', logIndex: 3 },
    additionalProperties: true,
  })
  data!: object;
}

export class ActivityPageDto {
  items!: ActivityItemDto[];
  /** Pass as `before` for the next page; null on the last page. */
  nextCursor!: string | null;
}

export class BlockDataDto {
  @ApiProperty({ example: 12345 }) number!: number;
  @ApiProperty({ example: HASH_EXAMPLE }) hash!: string;
  /** Unix seconds. */
  @ApiProperty({ example: 1767225600 }) timestamp!: number;
  /** Transactions in the block (all of them). */
  @ApiProperty({ example: 42 }) transactions!: number;
  @ApiProperty({ example: 15000000 }) gasUsed!: number;
  @ApiPropertyOptional({ example: HASH_EXAMPLE }) parentHash?: string;
}

export class TransactionDataDto {
  @ApiProperty({ example: HASH_EXAMPLE }) hash!: string;
  @ApiProperty({ example: ADDRESS_EXAMPLE }) from!: string;
  @ApiProperty({ example: ADDRESS_EXAMPLE }) to!: string;
  /** Decimal wei string. */
  @ApiProperty({ example: '1000000000000000000' }) value!: string;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) timestamp!: string;
  @ApiPropertyOptional({ example: 12345 }) blockNumber?: number;
}

export class BlockDetailDto {
  block!: BlockDataDto;
  /** Its transactions involving a watched contract. */
  transactions!: TransactionDataDto[];
  /** Badge mints, passports and revocations in it. */
  events!: ActivityItemDto[];
}

export class TransactionDetailDto {
  transaction!: TransactionDataDto;
  events!: ActivityItemDto[];
}

export class TokenHoldingDto {
  @ApiProperty({ example: ADDRESS_EXAMPLE }) contract!: string;
  @ApiProperty({ example: '7' }) tokenId!: string;
  /** Block of the mint. */
  @ApiProperty({ example: 12345 }) blockNumber!: number;
}

export class SeenAtDto {
  @ApiProperty({ example: 12345 }) blockNumber!: number;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) timestamp!: string;
}

export class AddressDetailDto {
  @ApiProperty({ example: ADDRESS_EXAMPLE }) address!: string;
  /** Badges held now: minted to it and not revoked. */
  badges!: TokenHoldingDto[];
  passport!: TokenHoldingDto | null;
  /** Newest 50 transactions from or to it involving a watched contract. */
  transactions!: TransactionDataDto[];
  /** All such transactions. */
  @ApiProperty({ example: 3 }) transactionCount!: number;
  firstSeen!: SeenAtDto | null;
  lastSeen!: SeenAtDto | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

import { ACTIVITY_TYPES, type ActivityType } from '@aura/events';

import { ADDRESS_PATTERN } from '../../common/patterns';

const HASH_EXAMPLE = '0x' + 'ab'.repeat(32);
const ADDRESS_EXAMPLE = '0x' + '12'.repeat(20);

export class ActivityQueryDto {
  @ApiPropertyOptional({
    enum: ACTIVITY_TYPES,
    isArray: true,
    description: 'Only these kinds (comma-separated). Default: all.',
    example: 'badge_minted,passport_issued',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value))
  @IsIn(ACTIVITY_TYPES, {
    each: true,
    message: `type must be one or more of ${ACTIVITY_TYPES.join(', ')} (comma-separated)`,
  })
  type?: ActivityType[];

  @ApiPropertyOptional({
    description:
      'Only items involving this address: transactions from or to it, badges and passports it received or lost. Leaves blocks out.',
    example: ADDRESS_EXAMPLE,
  })
  @IsOptional()
  @Matches(ADDRESS_PATTERN, { message: 'address must be a 0x-prefixed 20-byte hex address' })
  address?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50, description: 'Items per page.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 500' })
  @Min(1, { message: 'limit must be a whole number from 1 to 500' })
  @Max(500, { message: 'limit must be a whole number from 1 to 500' })
  limit?: number;

  @ApiPropertyOptional({
    description: 'The `nextCursor` of the previous page: items older than its last one.',
    example: 'WzEyMzQ1LDIsIjB4YWIuLi4iXQ',
  })
  @IsOptional()
  @IsString()
  before?: string;
}

export class ActivityItemDto {
  @ApiProperty({ enum: ACTIVITY_TYPES, example: 'badge_minted' }) type!: ActivityType;
  @ApiProperty({
    description: 'Stable id: block or transaction hash, or `txHash:logIndex`.',
    example: `${HASH_EXAMPLE}:3`,
  })
  id!: string;
  @ApiProperty({ example: 12345 }) blockNumber!: number;
  @ApiProperty({ description: 'Block time, ISO 8601.', example: '2026-01-01T00:00:00.000Z' }) timestamp!: string;
  @ApiProperty({
    description:
      'The `data` of the WebSocket event of this kind: new_block, new_transaction, badge_minted, passport_issued or badge_revoked.',
    example: { txHash: HASH_EXAMPLE, address: ADDRESS_EXAMPLE, blockNumber: 12345, tokenId: '7', logIndex: 3 },
    type: 'object',
    additionalProperties: true,
  })
  data!: object;
}

export class ActivityPageDto {
  @ApiProperty({ type: [ActivityItemDto] }) items!: ActivityItemDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `before` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}

export class BlockDataDto {
  @ApiProperty({ example: 12345 }) number!: number;
  @ApiProperty({ example: HASH_EXAMPLE }) hash!: string;
  @ApiProperty({ example: 1767225600, description: 'Unix seconds.' }) timestamp!: number;
  @ApiProperty({ example: 42, description: 'Transactions in the block (all of them).' }) transactions!: number;
  @ApiProperty({ example: 15000000 }) gasUsed!: number;
  @ApiPropertyOptional({ example: HASH_EXAMPLE }) parentHash?: string;
}

export class TransactionDataDto {
  @ApiProperty({ example: HASH_EXAMPLE }) hash!: string;
  @ApiProperty({ example: ADDRESS_EXAMPLE }) from!: string;
  @ApiProperty({ example: ADDRESS_EXAMPLE }) to!: string;
  @ApiProperty({ example: '1000000000000000000', description: 'Decimal wei string.' }) value!: string;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) timestamp!: string;
  @ApiPropertyOptional({ example: 12345 }) blockNumber?: number;
}

export class BlockDetailDto {
  @ApiProperty({ type: BlockDataDto }) block!: BlockDataDto;
  @ApiProperty({ type: [TransactionDataDto], description: 'Its transactions involving a watched contract.' })
  transactions!: TransactionDataDto[];
  @ApiProperty({ type: [ActivityItemDto], description: 'Badge mints, passports and revocations in it.' })
  events!: ActivityItemDto[];
}

export class TransactionDetailDto {
  @ApiProperty({ type: TransactionDataDto }) transaction!: TransactionDataDto;
  @ApiProperty({ type: [ActivityItemDto] }) events!: ActivityItemDto[];
}

export class TokenHoldingDto {
  @ApiProperty({ example: ADDRESS_EXAMPLE }) contract!: string;
  @ApiProperty({ example: '7' }) tokenId!: string;
  @ApiProperty({ example: 12345, description: 'Block of the mint.' }) blockNumber!: number;
}

export class SeenAtDto {
  @ApiProperty({ example: 12345 }) blockNumber!: number;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) timestamp!: string;
}

export class AddressDetailDto {
  @ApiProperty({ example: ADDRESS_EXAMPLE }) address!: string;
  @ApiProperty({ type: [TokenHoldingDto], description: 'Badges held now: minted to it and not revoked.' })
  badges!: TokenHoldingDto[];
  @ApiProperty({ type: TokenHoldingDto, nullable: true }) passport!: TokenHoldingDto | null;
  @ApiProperty({
    type: [TransactionDataDto],
    description: 'Newest 50 transactions from or to it involving a watched contract.',
  })
  transactions!: TransactionDataDto[];
  @ApiProperty({ example: 3, description: 'All such transactions.' }) transactionCount!: number;
  @ApiProperty({ type: SeenAtDto, nullable: true }) firstSeen!: SeenAtDto | null;
  @ApiProperty({ type: SeenAtDto, nullable: true }) lastSeen!: SeenAtDto | null;
}

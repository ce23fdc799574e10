import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';

import {
  type MonitorStats,
  type Timeseries,
  TIMESERIES_BUCKETS,
  TIMESERIES_METRICS,
  type TimeseriesBucket,
  type TimeseriesMetric,
} from '@aura/events';

export class MonitorStatsDto implements MonitorStats {
  @ApiProperty({
    example: 100,
    description:
      'Seed. Distinct addresses that received a badge or a passport, or sent a transaction to a watched contract.',
  })
  total_users!: number;
  @ApiProperty({
    example: 50,
    description: 'Seed. Badges minted (revocations are not subtracted: see badges_revoked).',
  })
  total_badges!: number;
  @ApiProperty({ example: 30, description: 'Seed. Passports issued.' })
  total_passports!: number;
  @ApiProperty({
    example: 5,
    description: 'Seed. Badges minted in blocks whose timestamp is within the last 24 hours (wall clock).',
  })
  recent_badges_24h!: number;
  @ApiProperty({
    example: 12345,
    nullable: true,
    type: Number,
    description: 'Added. Highest stored block, null before the first.',
  })
  block_height!: number | null;
  @ApiProperty({
    example: 137,
    nullable: true,
    type: Number,
    description: 'Added. Chain id of the node, null until it answered.',
  })
  chain_id!: number | null;
  @ApiProperty({ example: 420, description: 'Added. Stored transactions sent to (or from) a watched contract.' })
  contract_transactions!: number;
  @ApiProperty({ example: 2, description: 'Added. Badges burned by the minter (revocations).' })
  badges_revoked!: number;
  @ApiProperty({
    example: 15000000,
    nullable: true,
    type: Number,
    description: 'Added. Gas used by the whole last stored block (all its transactions).',
  })
  last_block_gas_used!: number | null;
  @ApiProperty({
    example: '2026-01-01T00:00:00.000Z',
    nullable: true,
    type: String,
    description: 'Added. Timestamp of the last stored block, ISO 8601.',
  })
  last_block_time!: string | null;
  @ApiProperty({
    example: 0,
    nullable: true,
    type: Number,
    description: 'Added. Blocks between the last stored block and the head minus CONFIRMATIONS; null until known.',
  })
  sync_lag_blocks!: number | null;
  @ApiProperty({
    example: 2,
    nullable: true,
    type: Number,
    description: "Added. Seconds between the last stored block's timestamp and now.",
  })
  sync_lag_seconds!: number | null;
}

export class TimeseriesQueryDto {
  @ApiProperty({
    enum: TIMESERIES_METRICS,
    description:
      'blocks, transactions (all in the blocks), contract_transactions, gas (gas used), mints, passports or revocations.',
  })
  @IsIn(TIMESERIES_METRICS, { message: `metric must be one of ${TIMESERIES_METRICS.join(', ')}` })
  metric!: TimeseriesMetric;

  @ApiPropertyOptional({
    default: '1h',
    description: 'How far back: a number and m, h or d (at most 7d).',
    example: '24h',
  })
  @IsOptional()
  @IsString()
  window?: string;

  @ApiPropertyOptional({
    enum: TIMESERIES_BUCKETS,
    default: '1m',
    description: 'Bucket size; at most 1,440 buckets per answer.',
  })
  @IsOptional()
  @IsIn(TIMESERIES_BUCKETS, { message: `bucket must be one of ${TIMESERIES_BUCKETS.join(', ')}` })
  bucket?: TimeseriesBucket;
}

export class TimeseriesPointDto {
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z', description: 'Start of the bucket.' }) t!: string;
  @ApiProperty({ example: 12 }) value!: number;
}

export class TimeseriesDto implements Timeseries {
  @ApiProperty({ enum: TIMESERIES_METRICS }) metric!: TimeseriesMetric;
  @ApiProperty({ enum: TIMESERIES_BUCKETS }) bucket!: TimeseriesBucket;
  @ApiProperty({ example: '1h' }) window!: string;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) from!: string;
  @ApiProperty({ example: '2026-01-01T01:00:00.000Z' }) to!: string;
  @ApiProperty({ type: [TimeseriesPointDto], description: 'Oldest first; buckets with nothing are 0.' })
  points!: TimeseriesPointDto[];
}

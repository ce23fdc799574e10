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

// Types, optionality, arrays and nullability come from the declarations and descriptions from the JSDoc
// comments (the @nestjs/swagger CLI plugin): the decorators add only examples, enums and defaults.

export class MonitorStatsDto implements MonitorStats {
  /** Seed. Distinct addresses that received a badge or a passport, or sent a transaction to a watched contract. */
  @ApiProperty({ example: 100 }) total_users!: number;
  /** Seed. Badges minted (revocations are not subtracted: see badges_revoked). */
  @ApiProperty({ example: 50 }) total_badges!: number;
  /** Seed. Passports issued. */
  @ApiProperty({ example: 30 }) total_passports!: number;
  /** Seed. Badges minted in blocks whose timestamp is within the last 24 hours (wall clock). */
  @ApiProperty({ example: 5 }) recent_badges_24h!: number;
  /** Added. Highest stored block, null before the first. */
  @ApiProperty({ example: 12345 }) block_height!: number | null;
  /** Added. Chain id of the node, null until it answered. */
  @ApiProperty({ example: 137 }) chain_id!: number | null;
  /** Added. Stored transactions sent to (or from) a watched contract. */
  @ApiProperty({ example: 420 }) contract_transactions!: number;
  /** Added. Badges burned by the minter (revocations). */
  @ApiProperty({ example: 2 }) badges_revoked!: number;
  /** Added. Gas used by the whole last stored block (all its transactions). */
  @ApiProperty({ example: 15000000 }) last_block_gas_used!: number | null;
  /** Added. Timestamp of the last stored block, ISO 8601. */
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) last_block_time!: string | null;
  /** Added. Blocks between the last stored block and the head minus CONFIRMATIONS; null until known. */
  @ApiProperty({ example: 0 }) sync_lag_blocks!: number | null;
  /** Added. Seconds between the last stored block's timestamp and now. */
  @ApiProperty({ example: 2 }) sync_lag_seconds!: number | null;
}

export class TimeseriesQueryDto {
  /** blocks, transactions (all in the blocks), contract_transactions, gas (gas used), mints, passports or revocations. */
  @ApiProperty({ enum: TIMESERIES_METRICS })
  @IsIn(TIMESERIES_METRICS, { message: `metric must be one of ${TIMESERIES_METRICS.join(', ')}` })
  metric!: TimeseriesMetric;

  /** How far back: a number and m, h or d (at most 7d). */
  @ApiPropertyOptional({ default: '1h', example: '24h' })
  @IsOptional()
  @IsString()
  window?: string;

  /** Bucket size; at most 1,440 buckets per answer. */
  @ApiPropertyOptional({ enum: TIMESERIES_BUCKETS, default: '1m' })
  @IsOptional()
  @IsIn(TIMESERIES_BUCKETS, { message: `bucket must be one of ${TIMESERIES_BUCKETS.join(', ')}` })
  bucket?: TimeseriesBucket;
}

export class TimeseriesPointDto {
  /** Start of the bucket. */
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) t!: string;
  @ApiProperty({ example: 12 }) value!: number;
}

export class TimeseriesDto implements Timeseries {
  @ApiProperty({ enum: TIMESERIES_METRICS }) metric!: TimeseriesMetric;
  @ApiProperty({ enum: TIMESERIES_BUCKETS }) bucket!: TimeseriesBucket;
  @ApiProperty({ example: '1h' }) window!: string;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) from!: string;
  @ApiProperty({ example: '2026-01-01T01:00:00.000Z' }) to!: string;
  /** Oldest first; buckets with nothing are 0. */
  points!: TimeseriesPointDto[];
}

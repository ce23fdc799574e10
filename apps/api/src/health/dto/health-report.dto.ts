import { ApiProperty } from '@nestjs/swagger';

import type { HealthReport, HealthStatus } from '@aura/events';

class ChainHealthDto {
  @ApiProperty({ example: true }) reachable!: boolean;
  @ApiProperty({ example: 80002, nullable: true, type: Number }) chainId!: number | null;
  @ApiProperty({ example: 12350, nullable: true, type: Number, description: 'Latest head reported by the node.' }) head!: number | null;
  @ApiProperty({ example: 12349, nullable: true, type: Number, description: 'Last block stored.' }) lastProcessed!: number | null;
  @ApiProperty({ example: 1, nullable: true, type: Number }) lagBlocks!: number | null;
  @ApiProperty({ example: null, nullable: true, type: String }) lastError!: string | null;
}

class DatabaseHealthDto {
  @ApiProperty({ example: 'connected' }) state!: string;
  @ApiProperty({ example: true }) connected!: boolean;
}

export class HealthReportDto implements HealthReport {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'], example: 'ok', description: 'down: database or RPC unreachable (HTTP 503); degraded: the last poll failed.' })
  status!: HealthStatus;
  @ApiProperty({ type: ChainHealthDto }) chain!: ChainHealthDto;
  @ApiProperty({ type: DatabaseHealthDto }) database!: DatabaseHealthDto;
  @ApiProperty({ example: 42 }) uptimeSeconds!: number;
}

import { ApiProperty } from '@nestjs/swagger';

import type { MonitorStats } from '@aura/events';

export class MonitorStatsDto implements MonitorStats {
  @ApiProperty({ example: 100, description: 'Distinct addresses that received a badge or passport, or sent a transaction to a watched contract.' })
  total_users!: number;
  @ApiProperty({ example: 50, description: 'Badges minted (revocations are not subtracted).' })
  total_badges!: number;
  @ApiProperty({ example: 30, description: 'Passports issued.' })
  total_passports!: number;
  @ApiProperty({ example: 5, description: 'Badges minted in blocks of the last 24 hours (block time).' })
  recent_badges_24h!: number;
  @ApiProperty({ example: 12345, nullable: true, type: Number, description: 'Added: highest stored block, null before the first.' })
  block_height!: number | null;
  @ApiProperty({ example: 137, nullable: true, type: Number, description: 'Added: chain id of the node, null until it answered.' })
  chain_id!: number | null;
}

import { ApiProperty } from '@nestjs/swagger';

import type { HealthReport, HealthStatus } from '@aura/events';

class EndpointHealthDto {
  @ApiProperty({
    example: 'alchemy',
    description: "The operator's label (POLYGON_RPC_URL entry `label=https://…`), or the URL's scheme and host.",
  })
  name!: string;
  @ApiProperty({
    example: 'https://polygon-amoy.g.alchemy.com',
    description:
      'Scheme and host only: the path, query and credentials, where providers put the API key, are never shown.',
  })
  url!: string;
  @ApiProperty({ example: true }) healthy!: boolean;
  @ApiProperty({ example: null, nullable: true, type: String }) lastError!: string | null;
}

class LastReorgDto {
  @ApiProperty({ example: 2 }) depth!: number;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) at!: string;
  @ApiProperty({ example: 12340 }) commonAncestor!: number;
}

class SubscriptionHealthDto {
  @ApiProperty({ example: true, description: 'false: POLYGON_WS_URL unset, polling only' }) enabled!: boolean;
  @ApiProperty({ example: true }) connected!: boolean;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z', nullable: true, type: String }) lastHeadAt!: string | null;
  @ApiProperty({ example: 0 }) reconnects!: number;
  @ApiProperty({ example: null, nullable: true, type: String }) lastError!: string | null;
}

class ChainHealthDto {
  @ApiProperty({ example: true }) reachable!: boolean;
  @ApiProperty({ example: 80002, nullable: true, type: Number }) chainId!: number | null;
  @ApiProperty({ example: 12350, nullable: true, type: Number, description: 'Latest head reported by the node.' })
  head!: number | null;
  @ApiProperty({ example: 12349, nullable: true, type: Number, description: 'Last block stored.' }) lastProcessed!:
    | number
    | null;
  @ApiProperty({
    example: 12300,
    nullable: true,
    type: Number,
    description: "The node's finalized block; null when it does not answer the tag.",
  })
  finalized!: number | null;
  @ApiProperty({ example: 0, description: 'CONFIRMATIONS: blocks are processed once this deep.' })
  confirmations!: number;
  @ApiProperty({ example: 1, nullable: true, type: Number, description: '(head - confirmations) - lastProcessed' })
  lagBlocks!: number | null;
  @ApiProperty({
    example: 4,
    nullable: true,
    type: Number,
    description: 'Seconds since the last processed block was made.',
  })
  lagSeconds!: number | null;
  @ApiProperty({ example: null, nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ type: [String], example: [], description: 'Why the status is not live.' }) reasons!: string[];
  @ApiProperty({ type: [EndpointHealthDto] }) endpoints!: EndpointHealthDto[];
  @ApiProperty({ type: LastReorgDto, nullable: true }) lastReorg!: LastReorgDto | null;
  @ApiProperty({ type: SubscriptionHealthDto }) subscription!: SubscriptionHealthDto;
}

class DatabaseHealthDto {
  @ApiProperty({ example: 'connected' }) state!: string;
  @ApiProperty({ example: true }) connected!: boolean;
}

export class HealthReportDto implements HealthReport {
  @ApiProperty({
    enum: ['live', 'syncing', 'degraded', 'down'],
    example: 'live',
    description:
      'live: following the head; syncing: catching up; degraded: failed polls, stalled head or a too-deep fork; down: database or every RPC endpoint unreachable (HTTP 503).',
  })
  status!: HealthStatus;
  @ApiProperty({ type: ChainHealthDto }) chain!: ChainHealthDto;
  @ApiProperty({ type: DatabaseHealthDto }) database!: DatabaseHealthDto;
  @ApiProperty({ example: 42 }) uptimeSeconds!: number;
  @ApiProperty({
    description: 'Each check as @nestjs/terminus reports it: database (a real ping), rpc, sync.',
    example: {
      database: { status: 'up' },
      rpc: { status: 'up', head: 12350 },
      sync: { status: 'up', state: 'live', lagBlocks: 1 },
    },
    type: 'object',
    additionalProperties: true,
  })
  checks!: Record<string, { status: 'up' | 'down' }>;
}

export class ProbeReportDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], example: 'ok' }) status!: 'ok' | 'error' | 'shutting_down';
  @ApiProperty({ required: false, type: Object, additionalProperties: true, example: { database: { status: 'up' } } })
  info?: Record<string, { status: string }>;
  @ApiProperty({ required: false, type: Object, additionalProperties: true, example: {} }) error?: Record<
    string,
    { status: string }
  >;
  @ApiProperty({ type: Object, additionalProperties: true, example: { database: { status: 'up' } } }) details!: Record<
    string,
    { status: string }
  >;
}

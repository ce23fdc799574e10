import { ApiProperty } from '@nestjs/swagger';

import type { HealthReport, HealthStatus } from '@aura/events';

// Types, optionality, arrays and nullability come from the declarations and descriptions from the JSDoc
// comments (the @nestjs/swagger CLI plugin): the decorators add only examples, enums and free-form objects.

class EndpointHealthDto {
  /** The operator's label (POLYGON_RPC_URL entry `label=https://…`), or the URL's scheme and host. */
  @ApiProperty({ example: 'alchemy' }) name!: string;
  /** Scheme and host only: the path, query and credentials, where providers put the API key, are never shown. */
  @ApiProperty({ example: 'https://polygon-amoy.g.alchemy.com' }) url!: string;
  @ApiProperty({ example: true }) healthy!: boolean;
  @ApiProperty({ example: null }) lastError!: string | null;
}

class LastReorgDto {
  @ApiProperty({ example: 2 }) depth!: number;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) at!: string;
  @ApiProperty({ example: 12340 }) commonAncestor!: number;
}

class SubscriptionHealthDto {
  /** false: POLYGON_WS_URL unset, polling only */
  @ApiProperty({ example: true }) enabled!: boolean;
  @ApiProperty({ example: true }) connected!: boolean;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) lastHeadAt!: string | null;
  @ApiProperty({ example: 0 }) reconnects!: number;
  @ApiProperty({ example: null }) lastError!: string | null;
}

class ChainHealthDto {
  @ApiProperty({ example: true }) reachable!: boolean;
  @ApiProperty({ example: 80002 }) chainId!: number | null;
  /** Latest head reported by the node. */
  @ApiProperty({ example: 12350 }) head!: number | null;
  /** Last block stored. */
  @ApiProperty({ example: 12349 }) lastProcessed!: number | null;
  /** The node's finalized block; null when it does not answer the tag. */
  @ApiProperty({ example: 12300 }) finalized!: number | null;
  /** CONFIRMATIONS: blocks are processed once this deep. */
  @ApiProperty({ example: 0 }) confirmations!: number;
  /** (head - confirmations) - lastProcessed */
  @ApiProperty({ example: 1 }) lagBlocks!: number | null;
  /** Seconds since the last processed block was made. */
  @ApiProperty({ example: 4 }) lagSeconds!: number | null;
  @ApiProperty({ example: null }) lastError!: string | null;
  /** Why the status is not live. */
  @ApiProperty({ example: [] }) reasons!: string[];
  endpoints!: EndpointHealthDto[];
  lastReorg!: LastReorgDto | null;
  subscription!: SubscriptionHealthDto;
}

class DatabaseHealthDto {
  @ApiProperty({ example: 'connected' }) state!: string;
  @ApiProperty({ example: true }) connected!: boolean;
}

export class HealthReportDto implements HealthReport {
  /** live: following the head; syncing: catching up; degraded: failed polls, stalled head or a too-deep fork; down: database or every RPC endpoint unreachable (HTTP 503). */
  @ApiProperty({ enum: ['live', 'syncing', 'degraded', 'down'], example: 'live' })
  status!: HealthStatus;
  chain!: ChainHealthDto;
  database!: DatabaseHealthDto;
  @ApiProperty({ example: 42 }) uptimeSeconds!: number;
  // In the decorator: a comment's "@nestjs" would read as a JSDoc tag.
  @ApiProperty({
    description: 'Each check as @nestjs/terminus reports it: database (a real ping), rpc, sync.',
    example: {
      database: { status: 'up' },
      rpc: { status: 'up', head: 12350 },
      sync: { status: 'up', state: 'live', lagBlocks: 1 },
    },
    additionalProperties: true,
  })
  checks!: Record<string, { status: 'up' | 'down' }>;
}

export class ProbeReportDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], example: 'ok' }) status!: 'ok' | 'error' | 'shutting_down';
  @ApiProperty({ additionalProperties: true, example: { database: { status: 'up' } } })
  info?: Record<string, { status: string }>;
  @ApiProperty({ additionalProperties: true, example: {} })
  error?: Record<string, { status: string }>;
  @ApiProperty({ additionalProperties: true, example: { database: { status: 'up' } } })
  details!: Record<string, { status: string }>;
}

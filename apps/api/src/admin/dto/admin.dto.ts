import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

// Types, optionality and nullability come from the declarations, descriptions from the JSDoc comments
// (the @nestjs/swagger CLI plugin): the decorators add only examples, enums and bounds.

export class ConnectionPrincipalDto {
  @ApiProperty({ enum: ['anonymous', 'key', 'oidc', 'metrics-token'] }) kind!: string;
  @ApiProperty({ example: 'grafana-reader' }) name!: string;
  @ApiProperty({ enum: ['viewer', 'operator', 'admin'] }) role!: string;
}

export class ConnectedClientDto {
  /** A number per connection since the process started. */
  @ApiProperty({ example: 17 }) id!: number;
  principal!: ConnectionPrincipalDto;
  /** The client's IP, as TRUST_PROXY resolves it. */
  @ApiProperty({ example: '203.0.113.7' }) ip!: string;
  @ApiProperty({ example: '2026-11-29T04:00:00.000Z' }) connectedAt!: string;
  /** The topics it subscribed to; null: everything (it sent no subscription). */
  @ApiProperty({ type: [String], nullable: true, example: ['blocks', 'badges'] }) topics!: string[] | null;
  /** Bytes queued for it and not yet sent (a slow reader). */
  @ApiProperty({ example: 0 }) bufferedBytes!: number;
}

export class CountByNameDto {
  @ApiProperty({ example: 'grafana-reader' }) name!: string;
  @ApiProperty({ example: 3 }) count!: number;
}

export class CountByIpDto {
  @ApiProperty({ example: '203.0.113.7' }) ip!: string;
  @ApiProperty({ example: 3 }) count!: number;
}

export class ClientsOverviewDto {
  /** Connections open now. */
  @ApiProperty({ example: 42 }) total!: number;
  /** Frames not sent to slow readers since the process started. */
  @ApiProperty({ example: 0 }) droppedFrames!: number;
  /** Clients closed for reading too slowly (1013) since the process started. */
  @ApiProperty({ example: 0 }) slowClientsClosed!: number;
  /** Connections per credential name (anonymous in AUTH_MODE=off), most first. */
  byCredential!: CountByNameDto[];
  /** Connections per client IP, most first. */
  byIp!: CountByIpDto[];
  /** The connections (at most 500). */
  clients!: ConnectedClientDto[];
}

export class CollectionSizeDto {
  @ApiProperty({ example: 'blocks' }) name!: string;
  /** Documents (an estimate on MongoDB: the collection's metadata count). */
  @ApiProperty({ example: 120345 }) documents!: number;
}

export class DatabaseOverviewDto {
  @ApiProperty({ enum: ['up', 'down'] }) state!: string;
  /** The database name (DB_NAME). */
  @ApiProperty({ example: 'aura_protocol' }) name!: string;
  /** Its collections, by name; empty when down. */
  collections!: CollectionSizeDto[];
}

export class AuditActorDto {
  @ApiProperty({ enum: ['anonymous', 'key', 'oidc'] }) kind!: string;
  @ApiProperty({ example: 'ops' }) name!: string;
}

export class AuditEntryDto {
  @ApiProperty({ example: '2026-11-29T04:00:00.000Z' }) at!: string;
  actor!: AuditActorDto;
  @ApiProperty({ enum: ['key.create', 'key.revoke'] }) action!: string;
  /** What it acted on: a key's name, role and the start of its id. */
  @ApiProperty({ example: 'grafana-reader (viewer, 9f86d081884c…)' }) target!: string;
  /** The address it came from, when known. */
  ip!: string | null;
}

export class AuditLogDto {
  /** Newest first. */
  entries!: AuditEntryDto[];
}

export class AuditQueryDto {
  /** Entries to return, newest first. */
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 1000' })
  @Min(1, { message: 'limit must be a whole number from 1 to 1000' })
  @Max(1000, { message: 'limit must be a whole number from 1 to 1000' })
  limit?: number;
}

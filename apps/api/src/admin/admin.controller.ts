import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { RequireRole } from '../auth/access.decorators';
import { AccessControl } from '../auth/access-control.service';
import { MonitorGateway } from '../gateway/monitor.gateway';
import { DatabaseOverview } from './admin.service';
import { AuditLogDto, AuditQueryDto, ClientsOverviewDto, DatabaseOverviewDto } from './dto/admin.dto';

/** The operator's screen: connected clients, the database, the audit log (keys: AccessController). */
@ApiTags('admin')
@Controller('monitor/admin')
export class AdminController {
  constructor(
    private readonly gateway: MonitorGateway,
    private readonly database: DatabaseOverview,
    private readonly access: AccessControl,
  ) {}

  @Get('clients')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Connected WebSocket clients',
    description: 'Counts by credential and by IP, and each connection: subscriptions, bytes waiting. Operator role.',
  })
  @ApiOkResponse({ type: ClientsOverviewDto })
  clients(): ClientsOverviewDto {
    return this.gateway.clientsOverview();
  }

  @Get('database')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Database', description: 'Whether it answers, and each collection’s size. Operator role.' })
  @ApiOkResponse({ type: DatabaseOverviewDto })
  databaseOverview(): Promise<DatabaseOverviewDto> {
    return this.database.read();
  }

  @Get('audit')
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Audit log',
    description: 'Admin actions (keys created and revoked), newest first. Admin role.',
  })
  @ApiOkResponse({ type: AuditLogDto })
  async audit(@Query() query: AuditQueryDto): Promise<AuditLogDto> {
    const rows = await this.access.auditLog(query.limit ?? 100);
    return {
      entries: rows.map((r) => ({
        at: r.at.toISOString(),
        actor: { kind: r.actorKind, name: r.actorName },
        action: r.action,
        target: r.target,
        ip: r.ip,
      })),
    };
  }
}

import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Public, RequireRole } from './access.decorators';
import type { AuthenticatedRequest } from './access.guard';
import { AccessControl } from './access-control.service';
import { ANONYMOUS, type Principal } from './access-roles';
import {
  AccessConfigDto,
  AccessInfoDto,
  type ApiKeyDto,
  ApiKeyListDto,
  CreatedKeyDto,
  CreateKeyDto,
  WsTicketDto,
} from './dto/access.dto';
import type { ApiKeyRecord } from './store/api-key.schema';

const principalOf = (req: AuthenticatedRequest): Principal => req.principal ?? ANONYMOUS;

function keyDto(r: ApiKeyRecord): ApiKeyDto {
  return {
    id: r._id,
    name: r.name,
    role: r.role,
    hint: r.hint,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: r.lastUsedIp,
  };
}

@ApiTags('access')
@Controller('monitor')
export class AccessController {
  constructor(private readonly access: AccessControl) {}

  @Get('auth/config')
  @Public()
  @ApiOperation({
    summary: 'How to sign in',
    description:
      'Open in every mode: the access mode, and in AUTH_MODE=oidc where people sign in (issuer, the dashboard client id, the audience to ask tokens for).',
  })
  @ApiOkResponse({ type: AccessConfigDto })
  config(): AccessConfigDto {
    return { mode: this.access.mode, oidc: this.access.signIn };
  }

  @Get('auth/me')
  @ApiOperation({ summary: 'Who am I', description: 'The access mode and the principal of this request.' })
  @ApiOkResponse({ type: AccessInfoDto })
  me(@Req() req: AuthenticatedRequest): AccessInfoDto {
    const { kind, name, role } = principalOf(req);
    return { mode: this.access.mode, principal: { kind, name, role }, oidc: this.access.signIn };
  }

  @Post('auth/ws-ticket')
  @HttpCode(201)
  @ApiOperation({
    summary: 'A WebSocket ticket',
    description:
      'A single-use ticket for one upgrade of /ws/monitor?ticket=…, valid WS_TICKET_TTL_SECONDS (30): browsers cannot set headers on an upgrade, and a key in a URL would end up in proxy logs.',
  })
  @ApiCreatedResponse({ type: WsTicketDto })
  async wsTicket(@Req() req: AuthenticatedRequest): Promise<WsTicketDto> {
    const { ticket, expiresAt } = await this.access.issueTicket(principalOf(req));
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  @Get('admin/keys')
  @RequireRole('admin')
  @ApiOperation({ summary: 'API keys', description: 'Every key (never the key itself), oldest first. Admin role.' })
  @ApiOkResponse({ type: ApiKeyListDto })
  async listKeys(): Promise<ApiKeyListDto> {
    return { keys: (await this.access.listKeys()).map(keyDto) };
  }

  @Post('admin/keys')
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an API key', description: 'The key is in this answer only. Admin role.' })
  @ApiCreatedResponse({ type: CreatedKeyDto })
  async createKey(@Body() body: CreateKeyDto, @Req() req: AuthenticatedRequest): Promise<CreatedKeyDto> {
    const { key, record } = await this.access.createKey(
      {
        name: body.name,
        role: body.role,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        createdBy: principalOf(req).name,
      },
      principalOf(req),
      req.ip ?? null,
    );
    return { key, record: keyDto(record) };
  }

  @Delete('admin/keys/:id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke an API key',
    description: 'Refused from now on; its open WebSocket connections are closed (1008). Admin role.',
  })
  @ApiNoContentResponse({ description: 'revoked' })
  async revokeKey(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<void> {
    if (!/^[0-9a-f]{64}$/.test(id)) throw new NotFoundException(`no API key with id ${id.slice(0, 80)}`);
    const removed = await this.access.revokeKey(id, principalOf(req), req.ip ?? null);
    if (!removed) throw new NotFoundException(`no API key with id ${id}`);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';

import { type AlertDelivery, type AlertMessage, type AlertRule, type Channel, DELIVERY_STATUSES } from '@aura/events';

import { RequireRole } from '../auth/access.decorators';
import { ApiErrorDto } from '../common/api-error.dto';
import { AlertActions, type AlertingStatus } from './alert-actions.service';
import { AlertChannels } from './alert-channels.service';
import { AlertRules } from './alert-rules.service';
import {
  CHANNEL_INPUT_SCHEMA,
  CHANNEL_LIST_SCHEMA,
  CHANNEL_SCHEMA,
  CHANNEL_UPDATE_SCHEMA,
  DELIVERY_PAGE_SCHEMA,
  DELIVERY_SCHEMA,
  DRY_RUN_INPUT_SCHEMA,
  DRY_RUN_RESULT_SCHEMA,
  RULE_INPUT_SCHEMA,
  RULE_LIST_SCHEMA,
  RULE_PATCH_SCHEMA,
  RULE_SCHEMA,
  STATUS_SCHEMA,
  TEST_RESULT_SCHEMA,
} from './dto/alert-json-schemas';

/** Alert rules, channels and the delivery log. Operator role (open to everyone with AUTH_MODE=off). */
@ApiTags('alerts')
@ApiBadRequestResponse({
  type: ApiErrorDto,
  description: 'The body or a parameter is malformed: the message names the field and why.',
})
@Controller('monitor/alerts')
export class AlertsController {
  constructor(
    private readonly rules: AlertRules,
    private readonly channels: AlertChannels,
    private readonly actions: AlertActions,
  ) {}

  @Get('status')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Where alerting stands',
    description:
      'Whether this process leads, the evaluator against the stored head, deliveries by status. Operator role.',
  })
  @ApiOkResponse({ schema: STATUS_SCHEMA })
  status(): Promise<AlertingStatus> {
    return this.actions.status();
  }

  @Get('rules')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Alert rules', description: 'Every rule, oldest first. Operator role.' })
  @ApiOkResponse({ schema: RULE_LIST_SCHEMA })
  async listRules(): Promise<{ rules: AlertRule[] }> {
    return { rules: await this.rules.list() };
  }

  @Post('rules')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Create an alert rule',
    description:
      'A name, a condition (on chain events, on event rates, or on the monitor’s health), channels, severity, cooldown and dedup key, an optional threshold and when to send (at the tip, after N confirmations, or once finalized). It applies to blocks stored after it was made. Operator role.',
  })
  @ApiBody({ schema: RULE_INPUT_SCHEMA })
  @ApiCreatedResponse({ schema: RULE_SCHEMA })
  createRule(@Body() body: unknown): Promise<AlertRule> {
    return this.rules.create(body);
  }

  @Get('rules/:id')
  @RequireRole('operator')
  @ApiOperation({ summary: 'An alert rule' })
  @ApiOkResponse({ schema: RULE_SCHEMA })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such rule.' })
  rule(@Param('id') id: string): Promise<AlertRule> {
    return this.rules.one(id);
  }

  @Put('rules/:id')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Replace an alert rule',
    description: 'The whole rule, as for creating one. Operator role.',
  })
  @ApiBody({ schema: RULE_INPUT_SCHEMA })
  @ApiOkResponse({ schema: RULE_SCHEMA })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such rule.' })
  replaceRule(@Param('id') id: string, @Body() body: unknown): Promise<AlertRule> {
    return this.rules.replace(id, body);
  }

  @Patch('rules/:id')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Change some fields of an alert rule',
    description: 'E.g. `{ "enabled": false }`; the result is checked whole. Operator role.',
  })
  @ApiBody({ schema: RULE_PATCH_SCHEMA })
  @ApiOkResponse({ schema: RULE_SCHEMA })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such rule.' })
  patchRule(@Param('id') id: string, @Body() body: unknown): Promise<AlertRule> {
    return this.rules.patch(id, body);
  }

  @Delete('rules/:id')
  @RequireRole('operator')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an alert rule',
    description: 'Its delivery log stays until the retention sweep. Operator role.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such rule.' })
  async deleteRule(@Param('id') id: string): Promise<void> {
    await this.rules.remove(id);
  }

  @Post('rules/:id/test')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Send a test message to the rule’s channels',
    description: 'Queued like any alert: the deliveries show how it went. Operator role.',
  })
  @ApiCreatedResponse({ schema: TEST_RESULT_SCHEMA })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such rule.' })
  testRule(@Param('id') id: string): Promise<{ alertId: string; deliveries: AlertDelivery[] }> {
    return this.actions.sendTest({ ruleId: id });
  }

  @Post('rules/:id/dry-run')
  @RequireRole('operator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What the rule would have sent over past blocks',
    description:
      'Evaluates the rule over the stored blocks of a range (at most 10,000), with its threshold and cooldown on chain time; nothing is sent or written. Chain conditions only. Operator role.',
  })
  @ApiBody({ schema: DRY_RUN_INPUT_SCHEMA })
  @ApiOkResponse({ schema: DRY_RUN_RESULT_SCHEMA })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such rule.' })
  dryRun(
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<{ fromBlock: number; toBlock: number; blocks: number; messages: AlertMessage[] }> {
    return this.actions.dryRun(id, body);
  }

  @Get('channels')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Alert channels', description: 'Secrets are shown masked. Operator role.' })
  @ApiOkResponse({ schema: CHANNEL_LIST_SCHEMA })
  async listChannels(): Promise<{ channels: Channel[] }> {
    return { channels: await this.channels.list() };
  }

  @Post('channels')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Create an alert channel',
    description:
      'webhook (signed with X-Aura-Signature), slack, discord, telegram, pagerduty, email or dashboard. Secrets are never answered back. Operator role.',
  })
  @ApiBody({ schema: CHANNEL_INPUT_SCHEMA })
  @ApiCreatedResponse({ schema: CHANNEL_SCHEMA })
  createChannel(@Body() body: unknown): Promise<Channel> {
    return this.channels.create(body);
  }

  @Get('channels/:id')
  @RequireRole('operator')
  @ApiOperation({ summary: 'An alert channel' })
  @ApiOkResponse({ schema: CHANNEL_SCHEMA })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such channel.' })
  channel(@Param('id') id: string): Promise<Channel> {
    return this.channels.one(id);
  }

  @Put('channels/:id')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Replace an alert channel',
    description:
      'A secret left out, or sent back masked, keeps its stored value; `previousSecret: null` ends a webhook secret rotation. Operator role.',
  })
  @ApiBody({ schema: CHANNEL_UPDATE_SCHEMA })
  @ApiOkResponse({ schema: CHANNEL_SCHEMA })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such channel.' })
  replaceChannel(@Param('id') id: string, @Body() body: unknown): Promise<Channel> {
    return this.channels.replace(id, body);
  }

  @Delete('channels/:id')
  @RequireRole('operator')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an alert channel',
    description: 'Refused (409) while a rule names it. Operator role.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such channel.' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'A rule still names the channel.' })
  async deleteChannel(@Param('id') id: string): Promise<void> {
    await this.channels.remove(id, await this.rules.usingChannel(id));
  }

  @Post('channels/:id/test')
  @RequireRole('operator')
  @ApiOperation({ summary: 'Send a test message to a channel', description: 'Operator role.' })
  @ApiCreatedResponse({ schema: TEST_RESULT_SCHEMA })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such channel.' })
  testChannel(@Param('id') id: string): Promise<{ alertId: string; deliveries: AlertDelivery[] }> {
    return this.actions.sendTest({ channelId: id });
  }

  @Get('deliveries')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'The delivery log',
    description: 'One row per alert and channel, newest first: status, attempts, last error, latency. Operator role.',
  })
  @ApiQuery({ name: 'ruleId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200 (default 50).' })
  @ApiQuery({ name: 'before', required: false, description: 'The `next` cursor of the previous page.' })
  @ApiOkResponse({ schema: DELIVERY_PAGE_SCHEMA })
  deliveries(
    @Query('ruleId') ruleId?: string,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
    @Query('before') before?: string,
  ): Promise<{ deliveries: AlertDelivery[]; next: string | null }> {
    return this.actions.deliveries({ ruleId, status, limit, before });
  }

  @Post('deliveries/:id/replay')
  @RequireRole('operator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a failed delivery again',
    description: 'A dead, retrying or cancelled delivery is queued with a fresh budget of attempts. Operator role.',
  })
  @ApiOkResponse({ schema: DELIVERY_SCHEMA })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No such delivery.' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The delivery is not dead, retrying or cancelled.' })
  replay(@Param('id') id: string): Promise<AlertDelivery> {
    return this.actions.replay(id);
  }
}

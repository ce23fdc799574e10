import { BadRequestException, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';

import { ACTIVITY_TYPES } from '@aura/events';

import { ApiErrorDto } from '../common/api-error.dto';
import { BlockNumberPipe, HexParamPipe } from '../common/param-pipes';
import { ADDRESS_PATTERN, TX_HASH_PATTERN } from '../common/patterns';
import { decodeCursor } from './activity-cursor';
import { ActivityQuery } from './activity-query.service';
import {
  ActivityPageDto,
  ActivityQueryDto,
  AddressDetailDto,
  BlockDetailDto,
  TransactionDetailDto,
} from './dto/activity.dto';

@ApiTags('activity')
@ApiBadRequestResponse({ type: ApiErrorDto, description: 'A parameter is malformed: the message says which and why.' })
@ApiTooManyRequestsResponse({
  type: ApiErrorDto,
  description: 'More than RATE_LIMIT_PER_MINUTE requests this minute; see the Retry-After header (seconds).',
})
@Controller('monitor')
export class ActivityController {
  constructor(private readonly query: ActivityQuery) {}

  @Get('activity')
  @ApiOperation({
    summary: 'Recent activity, newest first',
    description:
      'Blocks, transactions to watched contracts, badge mints, passports and revocations, merged newest first (by block, then events, ' +
      'transactions and the block itself). Filter by type and address; page with `before` = the previous `nextCursor`.',
  })
  @ApiOkResponse({ type: ActivityPageDto })
  async activity(@Query() q: ActivityQueryDto): Promise<ActivityPageDto> {
    const before = q.before === undefined ? null : decodeCursor(q.before);
    if (q.before !== undefined && !before)
      throw new BadRequestException(
        'before is not a cursor from this API: pass the nextCursor of a previous page, or leave it out for the newest items',
      );
    return this.query.page({
      types: q.type?.length ? q.type : ACTIVITY_TYPES,
      address: q.address?.toLowerCase() ?? null,
      limit: q.limit ?? 50,
      before,
    });
  }

  @Get('blocks/:number')
  @ApiOperation({
    summary: 'A stored block',
    description: 'The block with its transactions involving watched contracts and its token events.',
  })
  @ApiParam({ name: 'number', example: 12345, description: 'Block number (decimal).' })
  @ApiOkResponse({ type: BlockDetailDto })
  @ApiNotFoundResponse({
    type: ApiErrorDto,
    description: 'Not stored: older than the first block followed, or not reached yet.',
  })
  async block(@Param('number', BlockNumberPipe) number: number): Promise<BlockDetailDto> {
    const found = await this.query.block(number);
    if (!found)
      throw new NotFoundException(
        `block ${number} is not stored: it is older than the first block followed, or not reached yet (see GET /api/monitor/stats block_height)`,
      );
    return found;
  }

  @Get('transactions/:hash')
  @ApiOperation({
    summary: 'A stored transaction',
    description: 'Only transactions to or from a watched contract are stored.',
  })
  @ApiParam({ name: 'hash', example: '0x' + 'ab'.repeat(32) })
  @ApiOkResponse({ type: TransactionDetailDto })
  @ApiNotFoundResponse({
    type: ApiErrorDto,
    description: 'Unknown: not a transaction involving a watched contract, or not ingested yet.',
  })
  async transaction(
    @Param('hash', new HexParamPipe(TX_HASH_PATTERN, 'hash must be 0x followed by 64 hex digits')) hash: string,
  ): Promise<TransactionDetailDto> {
    const found = await this.query.transaction(hash);
    if (!found)
      throw new NotFoundException(
        `transaction ${hash} is not stored: only transactions involving a watched contract are kept, and it may not be ingested yet`,
      );
    return found;
  }

  @Get('addresses/:address')
  @ApiOperation({
    summary: 'An address',
    description: 'Badges held, passport, transactions involving watched contracts, first and last seen.',
  })
  @ApiParam({ name: 'address', example: '0x' + '12'.repeat(20) })
  @ApiOkResponse({ type: AddressDetailDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'No stored activity involves this address.' })
  async address(
    @Param('address', new HexParamPipe(ADDRESS_PATTERN, 'address must be a 0x-prefixed 20-byte hex address'))
    address: string,
  ): Promise<AddressDetailDto> {
    const found = await this.query.address(address);
    if (!found)
      throw new NotFoundException(
        `no stored activity involves ${address}: it received no badge or passport and sent no transaction to a watched contract`,
      );
    return found;
  }
}

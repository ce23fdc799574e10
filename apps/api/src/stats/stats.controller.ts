import { BadRequestException, Controller, Get, Header, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';

import { ApiErrorDto } from '../common/api-error.dto';
import { MonitorStatsDto, TimeseriesDto, TimeseriesQueryDto } from './dto/monitor-stats.dto';
import { StatsService } from './stats.service';
import { BUCKET_MS, MAX_POINTS, parseWindow } from './timeseries';

@ApiTags('stats')
@ApiTooManyRequestsResponse({
  type: ApiErrorDto,
  description: 'More than RATE_LIMIT_PER_MINUTE requests this minute; see the Retry-After header (seconds).',
})
@Controller('monitor')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('stats')
  @ApiOperation({
    summary: 'Current statistics',
    description:
      "The seed's four fields plus added ones, from totals kept up to date as blocks are stored and reorganised (no scan per request).",
  })
  @ApiOkResponse({ type: MonitorStatsDto })
  // A MonitorStatsDto, serialized by the service once per change rather than by Express per request.
  @Header('Content-Type', 'application/json; charset=utf-8')
  current(): string | Promise<string> {
    return this.stats.currentJson();
  }

  @Get('stats/timeseries')
  @ApiOperation({
    summary: 'A metric per time bucket',
    description: 'From the per-minute counters kept by ingestion (block time), rolled back on reorgs.',
  })
  @ApiOkResponse({ type: TimeseriesDto })
  @ApiBadRequestResponse({
    type: ApiErrorDto,
    description: 'Unknown metric or bucket, malformed window, or more than 1,440 buckets.',
  })
  timeseries(@Query() q: TimeseriesQueryDto): Promise<TimeseriesDto> {
    const window = q.window ?? '1h';
    const bucket = q.bucket ?? '1m';
    const windowMs = parseWindow(window);
    if (typeof windowMs === 'string') throw new BadRequestException(windowMs);
    if (windowMs / BUCKET_MS[bucket] > MAX_POINTS)
      throw new BadRequestException(
        `window ${window} in ${bucket} buckets is more than ${MAX_POINTS} points: use a larger bucket or a shorter window`,
      );
    return this.stats.timeseries(q.metric, window, windowMs, bucket);
  }
}

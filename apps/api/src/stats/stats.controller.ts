import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { MonitorStatsDto } from './dto/monitor-stats.dto';
import { StatsService } from './stats.service';

@ApiTags('monitor')
@Controller('monitor')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('stats')
  @ApiOperation({ summary: 'Current statistics', description: 'The seed\'s four fields plus added ones, computed from the database.' })
  @ApiOkResponse({ type: MonitorStatsDto })
  current(): Promise<MonitorStatsDto> {
    return this.stats.current();
  }
}

import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { HealthReportDto } from './dto/health-report.dto';
import { HealthService } from './health.service';

@ApiTags('monitor')
@Controller('monitor')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('health')
  @ApiOperation({ summary: 'Health check', description: 'Chain head, follower progress and database state.' })
  @ApiOkResponse({ type: HealthReportDto, description: 'ok or degraded' })
  @ApiServiceUnavailableResponse({ type: HealthReportDto, description: 'down: the database or the RPC node is unreachable' })
  check(@Res({ passthrough: true }) res: Response): HealthReportDto {
    const report = this.health.report();
    if (report.status === 'down') res.status(503);
    return report;
  }
}

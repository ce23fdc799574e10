import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';

import { MetricsAccess } from '../auth/access.decorators';
import { MonitorMetrics } from './monitor-metrics.service';

@ApiTags('metrics')
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MonitorMetrics) {}

  @Get()
  @MetricsAccess()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'Served at /metrics (outside /api). aura_blocks_ingested_total{mode}, aura_head_lag_blocks, aura_head_block, aura_last_processed_block, ' +
      'aura_rpc_request_duration_seconds{method,outcome}, aura_rpc_errors_total{method}, aura_rpc_endpoint_up{endpoint}, aura_reorgs_total, aura_reorg_depth_blocks, ' +
      'aura_ws_clients, aura_ws_events_sent_total{type}, aura_http_request_duration_seconds{method,route,status}, and the Node.js process metrics (aura_ prefix).',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4.',
    schema: { type: 'string', example: 'aura_reorgs_total 0\n' },
  })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

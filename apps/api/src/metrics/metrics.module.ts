import { Global, Module } from '@nestjs/common';

import { MetricsController } from './metrics.controller';
import { MonitorMetrics } from './monitor-metrics.service';

/** Global: every feature module records into the one registry without importing this module. */
@Global()
@Module({
  controllers: [MetricsController],
  exports: [MonitorMetrics],
  providers: [MonitorMetrics],
})
export class MetricsModule {}

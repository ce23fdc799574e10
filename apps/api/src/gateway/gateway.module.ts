import { Module } from '@nestjs/common';

import { ActivityModule } from '../activity/activity.module';
import { ChainModule } from '../chain/chain.module';
import { StatsModule } from '../stats/stats.module';
import { MonitorGateway } from './monitor.gateway';

@Module({
  exports: [MonitorGateway],
  imports: [ActivityModule, ChainModule, StatsModule],
  providers: [MonitorGateway],
})
export class GatewayModule {}

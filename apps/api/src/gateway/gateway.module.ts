import { Module } from '@nestjs/common';

import { ChainModule } from '../chain/chain.module';
import { StatsModule } from '../stats/stats.module';
import { MonitorGateway } from './monitor.gateway';

@Module({
  imports: [ChainModule, StatsModule],
  providers: [MonitorGateway],
})
export class GatewayModule {}

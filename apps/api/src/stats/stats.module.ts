import { Module } from '@nestjs/common';

import { ActivityModule } from '../activity/activity.module';
import { ChainModule } from '../chain/chain.module';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

@Module({
  controllers: [StatsController],
  exports: [StatsService],
  imports: [ActivityModule, ChainModule],
  providers: [StatsService],
})
export class StatsModule {}

import { Module } from '@nestjs/common';

import { ActivityModule } from '../activity/activity.module';
import { BlockFollower } from './block-follower.service';
import { ChainEvents } from './chain-events.service';
import { ChainMetrics } from './chain-metrics.service';
import { ChainRpc } from './chain-rpc.service';
import { HeadSubscription } from './head-subscription.service';

@Module({
  exports: [BlockFollower, ChainEvents, ChainRpc, HeadSubscription],
  imports: [ActivityModule],
  providers: [BlockFollower, ChainEvents, ChainMetrics, ChainRpc, HeadSubscription],
})
export class ChainModule {}

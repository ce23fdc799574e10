import { Module } from '@nestjs/common';

import { ChainModule } from '../chain/chain.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  controllers: [HealthController],
  imports: [ChainModule],
  providers: [HealthService],
})
export class HealthModule {}

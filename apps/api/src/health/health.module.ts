import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { ChainModule } from '../chain/chain.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  controllers: [HealthController],
  // Errors are logged by our own filter; terminus' own logger would print each failed probe twice.
  imports: [ChainModule, TerminusModule.forRoot({ errorLogStyle: 'json', logger: false })],
  exports: [HealthService],
  providers: [HealthService],
})
export class HealthModule {}

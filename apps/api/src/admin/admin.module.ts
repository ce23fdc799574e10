import { Module } from '@nestjs/common';

import { GatewayModule } from '../gateway/gateway.module';
import { AdminController } from './admin.controller';
import { DatabaseOverview } from './admin.service';

/** Read-only views for the admin panel (keys are managed by the access module). */
@Module({
  controllers: [AdminController],
  imports: [GatewayModule],
  providers: [DatabaseOverview],
})
export class AdminModule {}

import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ScheduleModule } from '@nestjs/schedule';

import { ActivityModule } from './activity/activity.module';
import { ChainModule } from './chain/chain.module';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/app-config.provider';
import { AppConfigModule } from './config/config.module';
import { GatewayModule } from './gateway/gateway.module';
import { HealthModule } from './health/health.module';
import { StatsModule } from './stats/stats.module';

@Module({
  imports: [
    ActivityModule,
    AppConfigModule,
    ChainModule,
    GatewayModule,
    HealthModule,
    MongooseModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        uri: config.mongoUrl,
        dbName: config.dbName,
        serverSelectionTimeoutMS: 5_000,
        // Fail the boot after a bounded wait rather than hanging when the database is absent.
        retryAttempts: 3,
        retryDelay: 1_000,
      }),
    }),
    ScheduleModule.forRoot(),
    StatsModule,
  ],
})
export class AppModule {}

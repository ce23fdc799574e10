import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';

import { ActivityModule } from './activity/activity.module';
import { AdminModule } from './admin/admin.module';
import { AlertsModule } from './alerts/alerts.module';
import { AccessGuard } from './auth/access.guard';
import { AccessModule } from './auth/access.module';
import { ChainModule } from './chain/chain.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { RateLimitGuard } from './common/rate-limit.guard';
import { pinoOptions } from './common/request-logging';
import { ThrottlerHitLog, trackerOf } from './common/throttler-storage';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/app-config.provider';
import { AppConfigModule } from './config/config.module';
import { GatewayModule } from './gateway/gateway.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { StatsModule } from './stats/stats.module';

@Module({
  imports: [
    AccessModule,
    ActivityModule,
    AdminModule,
    AlertsModule,
    AppConfigModule,
    ChainModule,
    GatewayModule,
    HealthModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // The Logger for Nest's messages only: requests are logged by requestLogging() (see createApp), which
        // does what nestjs-pino's own middlewares (pino-http and its context binding) did, for less.
        forRoutes: [],
        pinoHttp: pinoOptions(config),
      }),
    }),
    MetricsModule,
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
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: Math.max(1, config.rateLimitPerMinute) }],
        skipIf: () => config.rateLimitPerMinute === 0,
        // One budget per client across all routes (the default keys by route as well).
        generateKey: (_context, tracker, name) => `${name}:${tracker}`,
        // The default tracker (client address), remembered per address.
        getTracker: trackerOf,
        // The default storage's answers in O(1) per request instead of O(requests in the last minute).
        storage: new ThrottlerHitLog(),
      }),
    }),
  ],
  providers: [
    // The per-IP rate limit first, so that requests with bad credentials count too (guessing keys is
    // bounded, and a flood of made-up keys cannot make every request read the database); then access.
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useExisting: AccessGuard },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
export class AppModule {}

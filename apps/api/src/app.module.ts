import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';

import { ActivityModule } from './activity/activity.module';
import { ChainModule } from './chain/chain.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/app-config.provider';
import { AppConfigModule } from './config/config.module';
import { GatewayModule } from './gateway/gateway.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { StatsModule } from './stats/stats.module';

/** A caller's x-request-id is kept (so one id follows a request through proxies); otherwise a new one. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

@Module({
  imports: [
    ActivityModule,
    AppConfigModule,
    ChainModule,
    GatewayModule,
    HealthModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // nestjs-pino's default route is the legacy `*`, which Nest 11 rewrites under the global prefix
        // with an "Unsupported route path" warning on every boot: name the wildcard as path-to-regexp 8 does.
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.logLevel,
          genReqId: requestIdOf,
          // Probes and scrapes every few seconds would drown the log.
          autoLogging: { ignore: (req: IncomingMessage) => /^\/(metrics|api\/monitor\/health)/.test(req.url ?? '') },
          // A 503 is an outage the health endpoint already reports, not a bug: warn, not error.
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
            res.statusCode === 503
              ? 'warn'
              : err || res.statusCode >= 500
                ? 'error'
                : res.statusCode >= 400
                  ? 'warn'
                  : 'info',
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        },
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
      }),
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
export class AppModule {}

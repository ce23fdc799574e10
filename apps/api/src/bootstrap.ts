import { type INestApplication, RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Express, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger as PinoLogger } from 'nestjs-pino';

import { AppModule } from './app.module';
import { AccessControl } from './auth/access-control.service';
import { requestLogging } from './common/request-logging';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/app-config.provider';
import { MonitorGateway } from './gateway/monitor.gateway';
import { MonitorWsAdapter } from './gateway/monitor-ws.adapter';
import { MonitorMetrics } from './metrics/monitor-metrics.service';
import { swaggerConfig } from './openapi/swagger-config';

/** Builds the application (shared by main.ts and the integration tests). */
export async function createApp(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, abortOnError: false });
  // Structured JSON logs (pino) with the request id, for Nest's own messages too.
  app.useLogger(app.get(PinoLogger));
  const config = app.get<AppConfig>(APP_CONFIG);
  const gateway = app.get(MonitorGateway);
  const metrics = app.get(MonitorMetrics);
  app.useWebSocketAdapter(new MonitorWsAdapter(app, config, () => gateway.clientCount, app.get(AccessControl)));
  // Behind nginx every request comes from the proxy: trust its X-Forwarded-For, or all clients would
  // share one rate-limit budget and one IP in the logs.
  (app.getHttpAdapter().getInstance() as Express).set('trust proxy', config.trustProxy);
  app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
  app.use(
    helmet({
      // Swagger UI at /api/docs loads its own scripts and inline styles from this origin.
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'", 'https:'],
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
  );
  app.use(httpDurations(metrics));
  app.enableCors({
    origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
    exposedHeaders: ['x-request-id', 'retry-after'],
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Query strings are strings: numbers are converted by the DTOs' own @Type, nothing implicit.
      transformOptions: { enableImplicitConversion: false },
    }),
  );
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(app, swaggerConfig(config));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  // Request logs and ids where nestjs-pino's middleware ran: after the Swagger UI and the body parsers (Nest
  // adds these at init unless present), before the routes. A plain middleware: Nest's registration of one
  // for all methods cost 200k instructions per request (docs/benchmarks.md).
  app.useBodyParser('json');
  app.useBodyParser('urlencoded', { extended: true });
  app.use(requestLogging(config));
  return app;
}

/** Observes every request's duration by route template (never the raw path: ids would explode the labels). */
function httpDurations(metrics: MonitorMetrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl ?? ''}${String(req.route.path)}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
    });
    next();
  };
}

import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/app-config.provider';
import { MonitorGateway } from './gateway/monitor.gateway';
import { MonitorWsAdapter } from './gateway/monitor-ws.adapter';

/** Builds the application (shared by main.ts and the integration tests). */
export async function createApp(options: { logger?: false | ('log' | 'error' | 'warn' | 'debug')[] } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, {
    logger: options.logger ?? ['log', 'error', 'warn'],
    abortOnError: false,
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  const gateway = app.get(MonitorGateway);
  app.useWebSocketAdapter(new MonitorWsAdapter(app, config, () => gateway.clientCount));
  app.setGlobalPrefix('api');
  app.enableCors({ origin: config.corsOrigins.includes('*') ? true : config.corsOrigins });
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Aura Monitor API')
      .setDescription(
        'Real-time monitor for EVM chains. Live events on the native WebSocket at /ws/monitor ({ "type", "data" } frames).',
      )
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

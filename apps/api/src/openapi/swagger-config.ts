import { DocumentBuilder, type OpenAPIObject } from '@nestjs/swagger';

import type { AppConfig } from '../config/app-config';

/** The document's title, description and version: createApp serves it, `nx run api:openapi` commits it. */
export function swaggerConfig(config: AppConfig): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('Aura Monitor API')
    .setDescription(
      'Real-time monitor for EVM chains. REST under /api/monitor; Prometheus metrics at /metrics; live events on the native ' +
        'WebSocket at /ws/monitor ({ "type", "data", "seq", "ts" } frames, described in docs/asyncapi.yaml). ' +
        `Errors share one JSON shape (ApiError). REST is limited to RATE_LIMIT_PER_MINUTE (${config.rateLimitPerMinute || 'no limit'}) requests per minute per client IP.`,
    )
    .setVersion('0.1.0')
    .build();
}

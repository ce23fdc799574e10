import { DocumentBuilder, type OpenAPIObject } from '@nestjs/swagger';

import { ALERT_SCHEMAS } from '../alerts/dto/alert-json-schemas';
import type { AppConfig } from '../config/app-config';

/** The document's title, description and version: createApp serves it, `nx run api:openapi` commits it. */
export function swaggerConfig(config: AppConfig): Omit<OpenAPIObject, 'paths'> {
  const document = new DocumentBuilder()
    .setTitle('Aura Monitor API')
    .setDescription(
      'Real-time monitor for EVM chains. REST under /api/monitor; Prometheus metrics at /metrics; live events on the native ' +
        'WebSocket at /ws/monitor ({ "type", "data", "seq", "ts" } frames, described in docs/asyncapi.yaml). ' +
        `Errors share one JSON shape (ApiError). With AUTH_MODE=keys every route except the liveness and readiness probes needs an API key (Authorization: Bearer or X-API-Key): 401 without a valid one, 403 below the route's role. REST is limited to RATE_LIMIT_PER_MINUTE (${config.rateLimitPerMinute || 'no limit'}) requests per minute per client IP.`,
    )
    .setVersion('0.1.0')
    // AUTH_MODE=keys: every route but the liveness and readiness probes needs an API key, in either header
    // (Swagger UI's Authorize button takes it); in AUTH_MODE=off nothing is asked.
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key (aura_…) as a bearer token' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (aura_…)' }, 'api-key')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('api-key')
    .build();
  // The alert routes' shapes come from the valibot schemas of libs/events (no DTO classes): added as
  // components, which SwaggerModule merges with the ones it makes from DTOs.
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...ALERT_SCHEMAS } };
  return document;
}

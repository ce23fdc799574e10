import { type INestApplication, RequestMethod } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import mongoose from 'mongoose';

import { AppModule } from '../app.module';
import { BlockFollower } from '../chain/block-follower.service';
import { ChainRpc } from '../chain/chain-rpc.service';
import { HeadSubscription } from '../chain/head-subscription.service';
import { type AppConfig, parseAppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import { swaggerConfig } from './swagger-config';

/** The committed document, relative to the workspace root. */
export const OPENAPI_DOCUMENT_PATH = 'apps/api/openapi.json';
/** The one command that rewrites the committed document and the dashboard's types from it. */
export const OPENAPI_REGENERATE_COMMAND = 'npx nx run api:openapi';

/**
 * The configuration the committed document is built with: the defaults, so that neither the environment,
 * `.env` nor `.devnet/devnet.env` changes it (the description names RATE_LIMIT_PER_MINUTE's value).
 */
function documentConfig(): AppConfig {
  return parseAppConfig({ POLYGON_RPC_URL: 'http://127.0.0.1:8545' });
}

/**
 * The application of the real module graph without a database or a chain: the Mongoose connection is one that
 * is never opened (no collection or index is created on it), the RPC client, the head subscription and the
 * follower are inert stubs. Never initialise it: no lifecycle hook may run (no scheduler, heartbeat or boot
 * recovery), as in createApp, which builds its document before listen().
 */
export async function createStubbedApp(): Promise<{
  app: INestApplication;
  config: AppConfig;
  close(): Promise<void>;
}> {
  const config = documentConfig();
  const connection = mongoose.createConnection();
  connection.config.autoCreate = false;
  connection.config.autoIndex = false;
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .overrideProvider(getConnectionToken())
    .useValue(connection)
    .overrideProvider(ChainRpc)
    .useValue({})
    .overrideProvider(HeadSubscription)
    .useValue({})
    .overrideProvider(BlockFollower)
    .useValue({})
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  return {
    app,
    config,
    async close() {
      await app.close();
      await connection.close();
    },
  };
}

/** The OpenAPI document createApp (bootstrap.ts) serves, built from the stubbed application. */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const { app, config, close } = await createStubbedApp();
  try {
    app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
    return SwaggerModule.createDocument(app, swaggerConfig(config));
  } finally {
    await close();
  }
}

/** Pretty JSON with every object's keys sorted, so that a change shows as a small, reviewable diff. */
export function serializeDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { NestFactory } from '@nestjs/core';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { createApp } from '../bootstrap';
import { DASHBOARD_TYPES_PATH, formatLikeTheRepository, generateDashboardTypes } from './dashboard-types';
import {
  buildOpenApiDocument,
  createStubbedApp,
  OPENAPI_DOCUMENT_PATH,
  OPENAPI_REGENERATE_COMMAND,
  serializeDocument,
} from './openapi-document';

const ROOT = resolve(__dirname, '../../../..');
/** Set by `nx run api:openapi`: write the files instead of comparing them. */
const WRITE = process.env['AURA_WRITE_OPENAPI'] === '1';

function committed(path: string): string {
  try {
    return readFileSync(resolve(ROOT, path), 'utf8');
  } catch {
    return '';
  }
}

/** Compares a generated file with the committed one, or writes it under `nx run api:openapi`. */
function expectCommitted(path: string, generated: string): void {
  if (WRITE) {
    writeFileSync(resolve(ROOT, path), generated);
    return;
  }
  if (committed(path) !== generated)
    throw new Error(
      `${path} is not what the code generates: run \`${OPENAPI_REGENERATE_COMMAND}\` and commit the result ` +
        '(a change of the REST contract must show in the document and in the dashboard types).',
    );
}

describe('the committed OpenAPI document and the dashboard types generated from it', () => {
  let document: string;

  beforeAll(async () => {
    document = formatLikeTheRepository(serializeDocument(await buildOpenApiDocument()), OPENAPI_DOCUMENT_PATH);
  }, 60_000);

  it(`${OPENAPI_DOCUMENT_PATH} is the document of the module graph`, () => {
    expectCommitted(OPENAPI_DOCUMENT_PATH, document);
  });

  it('is the document createApp serves', async () => {
    // createApp itself, on the stubbed application instead of NestFactory's: its Swagger set-up is the one checked.
    const stubbed = await createStubbedApp();
    const create = jest.spyOn(NestFactory, 'create').mockResolvedValue(stubbed.app as never);
    const createDocument = jest.spyOn(SwaggerModule, 'createDocument');
    try {
      await createApp();
      expect(createDocument).toHaveBeenCalledTimes(1);
      const served = createDocument.mock.results[0]?.value as OpenAPIObject;
      expect(formatLikeTheRepository(serializeDocument(served), OPENAPI_DOCUMENT_PATH)).toBe(document);
    } finally {
      create.mockRestore();
      createDocument.mockRestore();
      await stubbed.close();
    }
  }, 60_000);

  it('documents every REST route', () => {
    expect(Object.keys(JSON.parse(document).paths)).toEqual([
      '/api/monitor/activity',
      '/api/monitor/addresses/{address}',
      '/api/monitor/admin/audit',
      '/api/monitor/admin/clients',
      '/api/monitor/admin/database',
      '/api/monitor/admin/keys',
      '/api/monitor/admin/keys/{id}',
      '/api/monitor/alerts/channels',
      '/api/monitor/alerts/channels/{id}',
      '/api/monitor/alerts/channels/{id}/test',
      '/api/monitor/alerts/deliveries',
      '/api/monitor/alerts/deliveries/{id}/replay',
      '/api/monitor/alerts/rules',
      '/api/monitor/alerts/rules/{id}',
      '/api/monitor/alerts/rules/{id}/dry-run',
      '/api/monitor/alerts/rules/{id}/test',
      '/api/monitor/alerts/status',
      '/api/monitor/auth/config',
      '/api/monitor/auth/me',
      '/api/monitor/auth/ws-ticket',
      '/api/monitor/blocks/{number}',
      '/api/monitor/health',
      '/api/monitor/health/live',
      '/api/monitor/health/ready',
      '/api/monitor/stats',
      '/api/monitor/stats/timeseries',
      '/api/monitor/transactions/{hash}',
      '/metrics',
    ]);
  });

  it("declares the API-key schemes on every route (Swagger UI's Authorize button)", () => {
    const doc = JSON.parse(document) as {
      security: Record<string, string[]>[];
      components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
    };
    expect(doc.security).toEqual([{ bearer: [] }, { 'api-key': [] }]);
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      'api-key': { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    });
  });

  it(`${DASHBOARD_TYPES_PATH} is generated from the committed document`, () => {
    expectCommitted(DASHBOARD_TYPES_PATH, generateDashboardTypes(committed(OPENAPI_DOCUMENT_PATH)));
  }, 60_000);
});

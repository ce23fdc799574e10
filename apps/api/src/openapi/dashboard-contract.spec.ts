import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import ts from 'typescript';

import { DASHBOARD_TYPES_PATH, generateDashboardTypes } from './dashboard-types';
import { OPENAPI_DOCUMENT_PATH } from './openapi-document';

// A breaking change of the REST contract must fail the dashboard's type-check: the committed document is
// changed in memory, the dashboard's types generated from it, and the dashboard (tsconfig.app.json, as its
// typecheck target) type-checked with those types in place of the committed ones.

const ROOT = resolve(__dirname, '../../../..');
const TYPES_FILE = resolve(ROOT, DASHBOARD_TYPES_PATH);

interface OpenApiDocument {
  paths: Record<string, unknown>;
  components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
}

function committedDocument(): OpenApiDocument {
  return JSON.parse(readFileSync(resolve(ROOT, OPENAPI_DOCUMENT_PATH), 'utf8')) as OpenApiDocument;
}

function renameProperty(document: OpenApiDocument, schema: string, from: string, to: string | null): void {
  const target = document.components.schemas[schema];
  if (!target?.properties[from]) throw new Error(`${schema}.${from} is not in the document: pick another field`);
  if (to !== null) target.properties[to] = target.properties[from];
  delete target.properties[from];
  target.required = target.required?.flatMap((name) => (name !== from ? [name] : to !== null ? [to] : []));
}

const config = ts.getParsedCommandLineOfConfigFile(
  resolve(ROOT, 'apps/dashboard/tsconfig.app.json'),
  { noEmit: true },
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
/** The previous program: files that did not change are not parsed again. */
let previous: ts.Program | undefined;

/** The dashboard's type errors with the types generated from `document`, as `file: message` lines. */
function typeCheckDashboard(document: OpenApiDocument): string[] {
  if (!config) throw new Error('apps/dashboard/tsconfig.app.json could not be read');
  const types = generateDashboardTypes(JSON.stringify(document));
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    resolve(fileName) === TYPES_FILE
      ? ts.createSourceFile(fileName, types, languageVersion)
      : getSourceFile(fileName, languageVersion, ...rest);
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    host,
    oldProgram: previous,
  });
  previous = program;
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.slice(ROOT.length + 1)}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

describe('a breaking REST change fails the dashboard type-check', () => {
  it('passes with the committed document', () => {
    expect(typeCheckDashboard(committedDocument())).toEqual([]);
  }, 120_000);

  it('fails when a statistic the dashboard shows is removed', () => {
    const document = committedDocument();
    renameProperty(document, 'MonitorStatsDto', 'sync_lag_blocks', null);
    const errors = typeCheckDashboard(document);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain('sync_lag_blocks');
  }, 120_000);

  it('fails when a field of an activity item is renamed', () => {
    const document = committedDocument();
    renameProperty(document, 'ActivityItemDto', 'blockNumber', 'block_number');
    const errors = typeCheckDashboard(document);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain('blockNumber');
  }, 120_000);

  it('fails when a route the dashboard calls moves', () => {
    const document = committedDocument();
    const { '/api/monitor/stats/timeseries': timeseries, ...others } = document.paths;
    document.paths = { ...others, '/api/monitor/timeseries': timeseries };
    const errors = typeCheckDashboard(document);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain('/api/monitor/stats/timeseries');
  }, 120_000);
});

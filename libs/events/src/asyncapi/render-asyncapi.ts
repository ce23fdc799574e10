import { join } from 'node:path';

import YAML from 'yaml';

import { ASYNCAPI_HEADER, buildAsyncApi, type WireSchemas } from './asyncapi-document';

export const ASYNCAPI_PATH = join(__dirname, '../../../../docs/asyncapi.yaml');

/** docs/asyncapi.yaml's text for these definitions (generated: .prettierignore lists it). */
export function renderAsyncApi(schemas?: WireSchemas): string {
  // Through JSON: YAML would write shared sub-schemas once as anchors and aliases.
  return ASYNCAPI_HEADER + YAML.stringify(JSON.parse(JSON.stringify(buildAsyncApi(schemas))));
}

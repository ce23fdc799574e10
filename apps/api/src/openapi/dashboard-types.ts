import { execFileSync } from 'node:child_process';

/** The dashboard's REST types, generated from the committed document, relative to the workspace root. */
export const DASHBOARD_TYPES_PATH = 'apps/dashboard/src/app/core/api/openapi.gen.ts';

/**
 * The dashboard's REST types (openapi-typescript's `paths`, `components` and `operations`) for a document,
 * formatted as the repository formats TypeScript.
 */
export function generateDashboardTypes(documentJson: string): string {
  // openapi-typescript's CLI in a child process: its dependencies are ES modules, which jest's CommonJS
  // runtime cannot load. It reads the document on stdin and writes the types on stdout.
  const types = runNode(require.resolve('openapi-typescript/bin/cli.js'), [], documentJson);
  return formatLikeTheRepository(types, DASHBOARD_TYPES_PATH);
}

/** Prettier with the repository's settings, so that `npx prettier --check .` accepts the committed file. */
export function formatLikeTheRepository(text: string, path: string): string {
  return runNode(require.resolve('prettier/bin/prettier.cjs'), ['--stdin-filepath', path], text);
}

function runNode(script: string, args: string[], input: string): string {
  return execFileSync(process.execPath, [script, ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

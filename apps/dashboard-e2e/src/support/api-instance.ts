import { createServer } from 'node:net';
import { join } from 'node:path';

import { REPO_ROOT } from '@aura/tools/stack/ferretdb';
import { type ManagedProcess, startProcess, waitFor } from '@aura/tools/stack/processes';

/** Ports this suite's extra servers take (an identity provider, API instances with other settings). */
const PORTS = { first: 47400, last: 47499 } as const;

export interface ApiInstance {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Another API instance beside the shared stack's, with other settings (AUTH_MODE=keys, oidc): the same chain
 * and database server, its own database (`dbName`), so that two followers do not write the same collections.
 * `adminKey` (ADMIN_API_KEY) is also what the wait for health sends.
 */
export async function startApiInstance(
  name: string,
  options: { dbName: string; adminKey: string; env: Record<string, string> },
): Promise<ApiInstance> {
  const shared = JSON.parse(process.env['E2E_API_ENV'] as string) as Record<string, string>;
  const port = await freePortInRange();
  const url = `http://127.0.0.1:${port}`;
  const api: ManagedProcess = startProcess(name, process.execPath, [join(REPO_ROOT, 'dist/apps/api/main.js')], {
    log: process.env['E2E_LOG'] === 'true',
    env: { ...shared, ...options.env, PORT: String(port), DB_NAME: options.dbName, ADMIN_API_KEY: options.adminKey },
  });
  const headers = { authorization: `Bearer ${options.adminKey}` };
  await waitFor(`API (${name})`, async () => (await fetch(`${url}/api/monitor/health`, { headers })).ok, 60_000, api);
  return { url, stop: () => api.stop() };
}

/** A port in 47400-47499 that nothing listens on right now. */
export async function freePortInRange(): Promise<number> {
  const size = PORTS.last - PORTS.first + 1;
  const start = Math.floor(Math.random() * size);
  for (let i = 0; i < size; i++) {
    const port = PORTS.first + ((start + i) % size);
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port in ${PORTS.first}-${PORTS.last}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

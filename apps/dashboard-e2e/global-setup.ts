import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { deployContracts } from '@aura/tools/devnet/deploy';
import { REPO_ROOT, startFerretDb } from '@aura/tools/stack/ferretdb';
import { startHardhatNode } from '@aura/tools/stack/hardhat-node';
import { freePort, startProcess, waitFor } from '@aura/tools/stack/processes';
import { serveStatic } from '@aura/tools/stack/static-server';

/** Starts the stack; the returned function stops it. URLs reach the tests through process.env. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(
      `${chromium} not found: install Debian's Chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'aura-e2e-db-'));
  const [db, node] = await Promise.all([
    freePort().then((port) => startFerretDb({ port, dataDir, log: false })),
    freePort().then((port) => startHardhatNode({ port, blockTimeMs: 1000, log: false })),
  ]);
  const contracts = await deployContracts(node.rpcUrl);
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const webOrigin = `http://127.0.0.1:${webPort}`;
  const apiEnv = {
    PATH: process.env['PATH'] ?? '',
    PORT: String(apiPort),
    POLYGON_RPC_URL: node.rpcUrl,
    CHAIN_ID: '31337',
    BADGE_CONTRACT_ADDRESS: contracts.badge,
    PASSPORT_CONTRACT_ADDRESS: contracts.passport,
    MONGO_URL: db.url,
    DB_NAME: 'aura_e2e',
    POLL_INTERVAL_MS: '250',
    CORS_ORIGINS: webOrigin,
    LOG_LEVEL: 'warn',
  };
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const startApi = async () => {
    const proc = startProcess('api', process.execPath, [join(REPO_ROOT, 'dist/apps/api/main.js')], {
      log: process.env['E2E_LOG'] === 'true',
      env: apiEnv,
    });
    await waitFor('API', async () => (await fetch(`${apiUrl}/api/monitor/health`)).ok, 60_000, proc);
    return proc;
  };
  let api = await startApi();
  // Tests run in worker processes: they stop and start the API through this small control server.
  const control = createServer((req, res) => {
    const done = (status: number, text: string) => res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
    if (req.method !== 'POST') return done(405, 'POST /api/stop or /api/start');
    if (req.url === '/api/stop')
      return void api.stop().then(
        () => done(200, 'stopped'),
        (e: Error) => done(500, e.message),
      );
    if (req.url === '/api/start')
      return void startApi().then(
        (p) => ((api = p), done(200, 'started')),
        (e: Error) => done(500, e.message),
      );
    return done(404, 'unknown');
  });
  const controlPort = await freePort();
  await new Promise<void>((resolve) => control.listen(controlPort, '127.0.0.1', resolve));
  process.env['E2E_CONTROL_URL'] = `http://127.0.0.1:${controlPort}`;
  const web = await serveStatic({
    root: join(REPO_ROOT, 'dist/apps/dashboard/browser'),
    port: webPort,
    config: { backendUrl: apiUrl, explorerUrl: '' },
  });
  process.env['E2E_DASHBOARD_URL'] = web.url;
  process.env['E2E_API_URL'] = apiUrl;
  // The API's environment, for a spec that starts a second instance with other settings (AUTH_MODE=keys).
  process.env['E2E_API_ENV'] = JSON.stringify(apiEnv);
  process.env['E2E_RPC_URL'] = node.rpcUrl;
  process.env['E2E_BADGE'] = contracts.badge;
  process.env['E2E_PASSPORT'] = contracts.passport;

  return async () => {
    control.close();
    await web.close();
    await api.stop();
    await Promise.all([node.stop(), db.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  };
}

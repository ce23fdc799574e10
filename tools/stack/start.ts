// `npm start`: the whole product on one machine. Starts the local database (unless MONGO_URL is set),
// the local chain with contracts and traffic (unless POLYGON_RPC_URL is set), the API and the
// dashboard; waits for each to be ready; stops them all on Ctrl-C. Run as `nx run tools:start`, whose
// target dependencies compile the contracts first (this file imports the devnet, which loads them).
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { type Devnet, startDevnet } from '../devnet/devnet';
import { type FerretDbHandle, REPO_ROOT, startFerretDb } from './ferretdb';
import { intSetting, launcherEnv } from './launcher-env';
import { isPortOpen, type ManagedProcess, startProcess, stopWhenOrphaned, waitFor } from './processes';

const log = (line: string) => console.log(`[start] ${line}`);

async function httpAnswers(url: string): Promise<boolean> {
  const res = await fetch(url);
  return res.status > 0;
}

async function main(): Promise<void> {
  const stoppers: (() => Promise<void>)[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGHUP', () => void stopAll(0));
  stopWhenOrphaned(() => void stopAll(0), log);

  try {
    const settings = launcherEnv();
    const API_PORT = intSetting(settings, 'PORT', 8080);
    const DASHBOARD_PORT = intSetting(settings, 'DASHBOARD_PORT', 4200);
    const DB_PORT = intSetting(settings, 'DB_PORT', 27017);
    const env: NodeJS.ProcessEnv = {
      ...settings,
      NX_DAEMON: 'false',
      NX_TUI: 'false',
      NX_NO_CLOUD: 'true',
      FORCE_COLOR: '1',
    };

    for (const [port, what, variable] of [
      [API_PORT, 'API', 'PORT'],
      [DASHBOARD_PORT, 'dashboard', 'DASHBOARD_PORT'],
    ] as const) {
      if (await isPortOpen(port))
        throw new Error(`port ${port} (${what}) is already in use: stop what listens there or set ${variable}`);
    }

    if (settings['MONGO_URL']) {
      log(`using the database at MONGO_URL (${settings['MONGO_URL'].replace(/\/\/[^@]*@/, '//…@')})`);
    } else {
      const dataDir = join(REPO_ROOT, '.data/ferretdb');
      if (!settings['POLYGON_RPC_URL'] && existsSync(dataDir)) {
        // The local chain starts from block 0 on every run: data stored from a previous run belongs to
        // a chain that no longer exists, so it goes.
        rmSync(dataDir, { recursive: true, force: true });
        log("local chain is new: cleared the previous run's data in .data/ferretdb");
      }
      const db: FerretDbHandle = await startFerretDb({ port: DB_PORT, dataDir });
      stoppers.push(() => db.stop());
      env['MONGO_URL'] = db.url;
      log(`database ready: ${db.url} (FerretDB, data in .data/ferretdb)`);
    }

    if (settings['POLYGON_RPC_URL']) {
      log(`using the chain at POLYGON_RPC_URL`);
    } else {
      const devnet: Devnet = await startDevnet(settings);
      stoppers.push(() => devnet.stop());
    }

    const nx = join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js');
    const api: ManagedProcess = startProcess('api', process.execPath, [nx, 'serve', 'api'], { env, cwd: REPO_ROOT });
    stoppers.push(() => api.stop());
    const dashboard: ManagedProcess = startProcess(
      'dashboard',
      process.execPath,
      [nx, 'serve', 'dashboard', `--port=${DASHBOARD_PORT}`],
      { env, cwd: REPO_ROOT },
    );
    stoppers.push(() => dashboard.stop());

    await waitFor('API', () => httpAnswers(`http://127.0.0.1:${API_PORT}/api/monitor/health`), 180_000, api);
    await waitFor('dashboard', () => httpAnswers(`http://localhost:${DASHBOARD_PORT}/`), 180_000, dashboard);
    log('');
    log(`dashboard  http://localhost:${DASHBOARD_PORT}`);
    log(`API        http://localhost:${API_PORT}/api/monitor/health   docs http://localhost:${API_PORT}/api/docs`);
    log(`WebSocket  ws://localhost:${API_PORT}/ws/monitor`);
    log('Ctrl-C stops everything.');
    const code = await Promise.race([api.exited, dashboard.exited]);
    log(`a process ended (code ${code}); stopping the rest`);
    await stopAll(code ?? 1);
  } catch (err) {
    console.error(`[start] ${(err as Error).message}`);
    await stopAll(1);
  }
}

void main();

// `npm start`: the whole product on one machine. Starts the local database (unless MONGO_URL is set),
// the local chain with contracts and traffic (unless POLYGON_RPC_URL is set), the API and the
// dashboard; waits for each to be ready; stops them all on Ctrl-C.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { type Devnet, startDevnet } from '../devnet/devnet';
import { type FerretDbHandle, REPO_ROOT, startFerretDb } from './ferretdb';
import { isPortOpen, type ManagedProcess, startProcess, waitFor } from './processes';

const API_PORT = Number(process.env['PORT'] ?? 8080);
const DASHBOARD_PORT = Number(process.env['DASHBOARD_PORT'] ?? 4200);
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
  // npm, sent SIGTERM alone (a `timeout`, a service manager), may exit without passing it on: this
  // process is then adopted by init and would keep the whole stack running. A changed parent means stop.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      log(`the parent process (${parent}) is gone`);
      void stopAll(0);
    }
  }, 1_000).unref();

  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
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

    if (process.env['MONGO_URL']) {
      log(`using the database at MONGO_URL (${process.env['MONGO_URL'].replace(/\/\/[^@]*@/, '//…@')})`);
    } else {
      const dataDir = join(REPO_ROOT, '.data/ferretdb');
      if (!process.env['POLYGON_RPC_URL'] && existsSync(dataDir)) {
        // The local chain starts from block 0 on every run: data stored from a previous run belongs to
        // a chain that no longer exists, so it goes.
        rmSync(dataDir, { recursive: true, force: true });
        log("local chain is new: cleared the previous run's data in .data/ferretdb");
      }
      const db: FerretDbHandle = await startFerretDb({ port: 27017, dataDir });
      stoppers.push(() => db.stop());
      env['MONGO_URL'] = db.url;
      log(`database ready: ${db.url} (FerretDB, data in .data/ferretdb)`);
    }

    if (process.env['POLYGON_RPC_URL']) {
      log(`using the chain at POLYGON_RPC_URL`);
    } else {
      execFileSync(process.execPath, [join(REPO_ROOT, 'libs/contracts/scripts/build.cjs')], { stdio: 'inherit' });
      const devnet: Devnet = await startDevnet();
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

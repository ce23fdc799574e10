// First-run smoke test of the README's two launch commands, as a new user runs them (CI runs it with
// --clean after `npm test`; a developer can run it too, with nothing else of the stack running):
//   1. `npm run devnet` alone writes .devnet/devnet.env and its node answers eth_blockNumber; Ctrl-C stops it.
//   2. `npm start` → health `live`, the dashboard's shell at :4200 (and the API through its dev proxy), one
//      `new_block` frame on the WebSocket, a value in /stats → Ctrl-C (SIGINT to the process group, as a
//      terminal sends it) → every process of the stack gone and ports 8080, 8545, 27017, 4200 free in 15 s.
// --clean first removes what a clean clone lacks (generated contracts, builds, the Nx cache, local data),
// so the run proves that nothing depends on a file an earlier command happened to leave behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import WebSocket from 'ws';

import { REPO_ROOT } from '../stack/launcher-env';
import { isPortOpen } from '../stack/processes';

const PORTS = { api: 8080, chain: 8545, db: 27017, dashboard: 4200 } as const;
const STOP_WITHIN_MS = 15_000;
// A cold first run builds the API and the dashboard: minutes on a loaded 2-core machine.
const READY_WITHIN_MS = 10 * 60_000;
// All of .nx: its cache index (workspace-data) would otherwise claim cached outputs that .nx/cache no longer has.
const CLEAN_PATHS = ['libs/contracts/generated', '.devnet', '.data/ferretdb', 'dist', '.angular', '.nx'];

const log = (line: string) => console.log(`[smoke] ${line}`);

class SmokeFailure extends Error {}

/** Polls `check` until it returns a value (not undefined), or fails naming `what` after `timeoutMs`. */
async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new SmokeFailure(`${what}: not within ${timeoutMs / 1000} s${last ? ` (last error: ${last})` : ''}`);
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Every process below `pid` now (children, grandchildren…), from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended meanwhile
    }
  }
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length) {
    const next: number[] = [];
    for (const [child, parent] of parentOf) if (frontier.includes(parent)) next.push(child);
    found.push(...next);
    frontier = next;
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '); // a zombie has ended
  } catch {
    return false;
  }
}

interface Launched {
  child: ChildProcess;
  output: () => string;
  /** Everything the command started (its process tree), collected while it runs. */
  tree: Set<number>;
}

function launch(script: string, logFile: string): Launched {
  const child = spawn('npm', ['run', script], {
    cwd: REPO_ROOT,
    // Its own process group: SIGINT to the group is what Ctrl-C in a terminal does.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' },
  });
  const file = createWriteStream(logFile);
  let text = '';
  const keep = (chunk: Buffer) => {
    file.write(chunk);
    text = (text + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const tree = new Set<number>([child.pid ?? -1]);
  const sampler = setInterval(() => {
    if (child.pid) for (const pid of descendants(child.pid)) tree.add(pid);
  }, 500);
  child.on('exit', () => clearInterval(sampler));
  return { child, output: () => text, tree };
}

/** Ctrl-C, then: the launcher exits, every process it started is gone, and the ports are free. */
async function interruptAndCheck(what: string, run: Launched, ports: number[]): Promise<void> {
  if (run.child.pid) for (const pid of descendants(run.child.pid)) run.tree.add(pid);
  const started = Date.now();
  process.kill(-(run.child.pid ?? 0), 'SIGINT');
  await until(`${what}: every process gone after Ctrl-C`, STOP_WITHIN_MS, async () => {
    const alive = [...run.tree].filter(isAlive);
    return alive.length === 0 ? true : undefined;
  }).catch((err: Error) => {
    const alive = [...run.tree].filter(isAlive).map((pid) => {
      try {
        return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 120)}`;
      } catch {
        return String(pid);
      }
    });
    throw new SmokeFailure(`${err.message}; still running:\n  ${alive.join('\n  ')}`);
  });
  const remaining = STOP_WITHIN_MS - (Date.now() - started);
  await until(`${what}: ports ${ports.join(', ')} free after Ctrl-C`, Math.max(remaining, 1_000), async () => {
    const open = await Promise.all(ports.map((p) => isPortOpen(p)));
    return open.some(Boolean) ? undefined : true;
  });
  log(
    `${what}: Ctrl-C stopped ${run.tree.size} processes and freed ports ${ports.join(', ')} in ${Date.now() - started} ms`,
  );
}

async function devnetAlone(logDir: string): Promise<void> {
  const envFile = join(REPO_ROOT, '.devnet/devnet.env');
  rmSync(envFile, { force: true });
  const run = launch('devnet', join(logDir, 'devnet.log'));
  try {
    await until('npm run devnet: .devnet/devnet.env written', READY_WITHIN_MS, async () =>
      existsSync(envFile) ? true : undefined,
    );
    const rpcUrl = /^POLYGON_RPC_URL=(.*)$/m.exec(readFileSync(envFile, 'utf8'))?.[1];
    if (!rpcUrl) throw new SmokeFailure('npm run devnet: .devnet/devnet.env has no POLYGON_RPC_URL');
    const block = await until('npm run devnet: eth_blockNumber answered', 30_000, async () => {
      const res = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
      });
      const body = (await res.json()) as { result?: string };
      return body.result;
    });
    log(`npm run devnet: devnet.env written, eth_blockNumber = ${Number(block)}`);
    await interruptAndCheck('npm run devnet', run, [PORTS.chain]);
  } catch (err) {
    console.error(run.output().slice(-4_000));
    if (run.child.pid && isAlive(run.child.pid)) process.kill(-run.child.pid, 'SIGKILL');
    throw err;
  }
}

async function npmStart(logDir: string): Promise<void> {
  const run = launch('start', join(logDir, 'start.log'));
  const base = `http://127.0.0.1:${PORTS.api}`;
  const exited = new Promise<never>((_, reject) =>
    run.child.on('exit', (code) => reject(new SmokeFailure(`npm start exited early (code ${code})`))),
  );
  try {
    const ready = (async () => {
      const t0 = Date.now();
      await until('npm start: health live', READY_WITHIN_MS, async () => {
        const health = await getJson<{ status: string }>(`${base}/api/monitor/health`);
        return health.status === 'live' ? true : undefined;
      });
      log(`npm start: health live after ${Math.round((Date.now() - t0) / 1000)} s`);

      const shell = await until('dashboard shell at :4200', READY_WITHIN_MS, async () => {
        const res = await fetch(`http://localhost:${PORTS.dashboard}/`);
        const html = await res.text();
        return res.ok && html.includes('<aura-root') ? html : undefined;
      });
      log(`dashboard: shell served (${shell.length} bytes)`);
      const config = await getJson<{ backendUrl: string }>(`http://localhost:${PORTS.dashboard}/config.json`);
      const viaProxy = await getJson<{ block_height: number }>(`http://localhost:${PORTS.dashboard}/api/monitor/stats`);
      log(`dashboard: config.json backendUrl "${config.backendUrl}", /api through its proxy answers`);
      if (typeof viaProxy.block_height !== 'number') throw new SmokeFailure('stats through the dashboard proxy');

      const frame = await firstNewBlock(`ws://127.0.0.1:${PORTS.api}/ws/monitor`, 60_000);
      log(`WebSocket: new_block ${frame.number}`);

      const stats = await until('a value in /stats', 60_000, async () => {
        const s = await getJson<{ block_height: number; total_badges: number }>(`${base}/api/monitor/stats`);
        return s.block_height > 0 ? s : undefined;
      });
      log(`/stats: block_height ${stats.block_height}, total_badges ${stats.total_badges}`);
    })();
    await Promise.race([ready, exited]);
    run.child.removeAllListeners('exit');
    exited.catch(() => undefined);
    await interruptAndCheck('npm start', run, Object.values(PORTS));
  } catch (err) {
    exited.catch(() => undefined);
    console.error(run.output().slice(-6_000));
    if (run.child.pid) {
      for (const pid of [...run.tree, ...descendants(run.child.pid)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    throw err;
  }
}

function firstNewBlock(url: string, timeoutMs: number): Promise<{ number: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new SmokeFailure(`no new_block frame on ${url} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { type: string; data: { number: number } };
      if (frame.type === 'new_block') {
        clearTimeout(timer);
        ws.close();
        resolve(frame.data);
      }
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(new SmokeFailure(`WebSocket ${url}: ${err.message}`));
    });
  });
}

async function main(): Promise<void> {
  const busy = (
    await Promise.all(
      Object.entries(PORTS).map(async ([what, port]) => ((await isPortOpen(port)) ? `${port} (${what})` : '')),
    )
  ).filter(Boolean);
  if (busy.length) throw new SmokeFailure(`ports in use: ${busy.join(', ')}; stop what runs there first`);
  if (process.argv.includes('--clean')) {
    for (const p of CLEAN_PATHS) rmSync(join(REPO_ROOT, p), { recursive: true, force: true });
    log(`removed ${CLEAN_PATHS.join(', ')} (as in a clean clone)`);
  }
  const logDir = join(REPO_ROOT, 'tmp/smoke');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const t0 = Date.now();
  await devnetAlone(logDir);
  await npmStart(logDir);
  log(`passed in ${Math.round((Date.now() - t0) / 1000)} s (logs in tmp/smoke/)`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`[smoke] FAILED: ${err.message}`);
    process.exit(1);
  },
);

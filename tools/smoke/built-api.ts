// Shared by the smoke tests that run a built API as its image would (nginx.ts, prod-install.ts): one temp
// folder, a private FerretDB and Hardhat node (contracts deployed) on free ports, the API as a plain
// `node main.js`, and a cleanup that stops every process and removes the folder, on failure and Ctrl-C too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT, startFerretDb } from '../stack/ferretdb';
import { startHardhatNode } from '../stack/hardhat-node';
import { freePort, type ManagedProcess, startProcess, waitFor } from '../stack/processes';

/** Longest a whole smoke run may take before it gives up (a cold npm ci on a slow link included). */
const RUN_TIMEOUT_MS = 10 * 60_000;
const API_READY_MS = 90_000;

export class SmokeFailure extends Error {}

export interface SmokeContext {
  /** The run's own temp folder, removed at the end. */
  tmp: string;
  log(line: string): void;
  /** Registers a stop, run in reverse order at the end. */
  onCleanup(stop: () => Promise<void> | void): void;
  /** Registers lines to print when the run fails (a process's last output, an error log). */
  onFailure(explain: () => string): void;
}

/**
 * Runs `body` as a command: exit 0 on success, 1 with the failure (and what `onFailure` explains) on
 * failure, 130 on Ctrl-C; in every case after stopping what it started and removing its temp folder.
 */
export function runSmoke(name: string, body: (ctx: SmokeContext) => Promise<void>): void {
  const started = Date.now();
  const log = (line: string) => console.log(`[smoke:${name}] ${line}`);
  const tmp = mkdtempSync(join(tmpdir(), `aura-smoke-${name}-`));
  const cleanups: (() => Promise<void> | void)[] = [];
  const explainers: (() => string)[] = [];
  let finished = false;

  const finish = async (code: number, error?: unknown) => {
    if (finished) return;
    finished = true;
    if (error !== undefined) {
      console.error(`[smoke:${name}] FAILED: ${error instanceof Error ? error.message : String(error)}`);
      if (!(error instanceof SmokeFailure) && error instanceof Error && error.stack) console.error(error.stack);
      for (const explain of explainers) {
        const text = explain().trim();
        if (text) console.error(text);
      }
    }
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (err) {
        console.error(`[smoke:${name}] cleanup: ${(err as Error).message}`);
      }
    }
    rmSync(tmp, { recursive: true, force: true });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (code === 0) log(`passed in ${seconds} s`);
    else console.error(`[smoke:${name}] failed after ${seconds} s`);
    process.exit(code);
  };

  process.on('SIGINT', () => void finish(130, new SmokeFailure('interrupted')));
  process.on('SIGTERM', () => void finish(143, new SmokeFailure('terminated')));
  setTimeout(
    () => void finish(1, new SmokeFailure(`not done within ${RUN_TIMEOUT_MS / 60_000} min`)),
    RUN_TIMEOUT_MS,
  ).unref();

  const ctx: SmokeContext = {
    tmp,
    log,
    onCleanup: (stop) => cleanups.push(stop),
    onFailure: (explain) => explainers.push(explain),
  };
  body(ctx).then(
    () => finish(0),
    (err: unknown) => finish(1, err),
  );
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SmokeFailure(message);
}

/** The last lines a managed process printed (startProcess keeps 40). */
export function recentOutput(proc: ManagedProcess): string {
  return (proc as ManagedProcess & { recentOutput?: string }).recentOutput ?? '';
}

export interface ChainAndDb {
  mongoUrl: string;
  rpcUrl: string;
  badge: string;
  passport: string;
}

/** FerretDB (data in the temp folder) and a Hardhat node (a block a second) with both contracts deployed. */
export async function startChainAndDb(ctx: SmokeContext): Promise<ChainAndDb> {
  // The generated artifacts deploy.ts imports (a no-op when they are up to date).
  execFileSync(process.execPath, [join(REPO_ROOT, 'libs/contracts/scripts/build.cjs')], { stdio: 'inherit' });
  const { deployContracts } = await import('../devnet/deploy');

  const db = await startFerretDb({ port: await freePort(), dataDir: join(ctx.tmp, 'ferretdb'), log: false });
  ctx.onCleanup(() => db.stop());
  const node = await startHardhatNode({ port: await freePort(), blockTimeMs: 1000, log: false });
  ctx.onCleanup(() => node.stop());
  const contracts = await deployContracts(node.rpcUrl);
  ctx.log(`FerretDB ${db.url}, Hardhat node ${node.rpcUrl}, contracts deployed`);
  return { mongoUrl: db.url, rpcUrl: node.rpcUrl, badge: contracts.badge, passport: contracts.passport };
}

/**
 * Starts `node main.js` from `dir` with only the variables given (nothing of the caller's environment
 * or of a `.env`: the working directory is the temp folder), and waits for it to answer.
 */
export async function startApi(
  ctx: SmokeContext,
  options: { main: string; cwd: string; port: number; stack: ChainAndDb; env?: Record<string, string> },
): Promise<{ url: string; process: ManagedProcess }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    NODE_ENV: 'production',
    PORT: String(options.port),
    POLYGON_RPC_URL: options.stack.rpcUrl,
    CHAIN_ID: '31337',
    BADGE_CONTRACT_ADDRESS: options.stack.badge,
    PASSPORT_CONTRACT_ADDRESS: options.stack.passport,
    MONGO_URL: options.stack.mongoUrl,
    DB_NAME: 'aura_smoke',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const api = startProcess('api', process.execPath, [options.main], { cwd: options.cwd, env, log: false });
  ctx.onCleanup(() => api.stop());
  ctx.onFailure(() => (recentOutput(api) ? `--- last output of the API ---\n${recentOutput(api)}` : ''));
  const url = `http://127.0.0.1:${options.port}`;
  await waitFor(
    'API /api/monitor/health/live',
    async () => (await fetch(`${url}/api/monitor/health/live`)).ok,
    API_READY_MS,
    api,
  );
  return { url, process: api };
}

/** fetch with a timeout, failing with the URL in the message. */
export async function get(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new SmokeFailure(`GET ${url}: ${(err as Error).message}`);
  }
}

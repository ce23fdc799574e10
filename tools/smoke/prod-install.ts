// `node tools/run-ts.cjs tools/smoke/prod-install.ts [--no-build]`: what the API image does, without
// Docker. `nx run api:prune` (--no-build: prune the existing build only), then the files the image copies
// (docker/api.Dockerfile) into an empty temp folder outside the repository, `npm ci --omit=dev` there
// from the pruned lock file, and `node main.js` from that folder against a private FerretDB and Hardhat
// node: a runtime dependency missing from the pruned package.json or lock file crashes the boot.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';

import { REPO_ROOT } from '../stack/ferretdb';
import { freePort } from '../stack/processes';
import { check, get, runSmoke, SmokeFailure, startApi, startChainAndDb } from './built-api';

const DIST = join(REPO_ROOT, 'dist/apps/api');
/** What docker/api.Dockerfile copies from dist/apps/api; anything else there would be left behind. */
const IMAGE_FILES = ['main.js', 'main.js.map', 'package.json', 'package-lock.json'];
/** Development-only packages that an --omit=dev install must not bring. */
const DEV_ONLY = ['nx', 'typescript', 'jest', 'webpack', 'hardhat'];

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  try {
    execFileSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new SmokeFailure(`${[command, ...args].join(' ')} failed:\n${output || e.message}`);
  }
}

/** A node_modules in a folder above `dir` would resolve what its own install lacks. */
function nodeModulesAbove(dir: string): string | undefined {
  for (let d = dirname(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) return join(d, 'node_modules');
    if (d === parse(d).root) return undefined;
  }
}

runSmoke('prod-install', async (ctx) => {
  const skipBuild = process.argv.includes('--no-build');
  const started = Date.now();
  run(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js'),
      'run',
      'api:prune',
      ...(skipBuild ? ['--excludeTaskDependencies'] : []),
    ],
    REPO_ROOT,
    { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
  );
  ctx.log(`nx run api:prune${skipBuild ? ' (existing build)' : ''}: ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const extra = readdirSync(DIST).filter((f) => !IMAGE_FILES.includes(f));
  check(
    extra.length === 0,
    `dist/apps/api holds ${extra.join(', ')}, which docker/api.Dockerfile does not copy: copy it there and in IMAGE_FILES`,
  );
  const app = join(ctx.tmp, 'app');
  mkdirSync(app);
  for (const file of IMAGE_FILES) copyFileSync(join(DIST, file), join(app, file));
  const above = nodeModulesAbove(app);
  check(!above, `${above} exists above the temp folder: it would hide a dependency missing from the install`);

  const installStarted = Date.now();
  // As in the image: exactly the lock file, production only, no install scripts.
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], app, {
    ...process.env,
    NODE_ENV: 'production',
  });
  const installed = readdirSync(join(app, 'node_modules')).length;
  const dev = DEV_ONLY.filter((name) => existsSync(join(app, 'node_modules', name)));
  check(dev.length === 0, `npm ci --omit=dev installed development packages: ${dev.join(', ')}`);
  ctx.log(
    `npm ci --omit=dev in ${app}: ${installed} top-level entries, ${((Date.now() - installStarted) / 1000).toFixed(1)} s`,
  );

  const stack = await startChainAndDb(ctx);
  const api = await startApi(ctx, { main: join(app, 'main.js'), cwd: app, port: await freePort(), stack });
  ctx.log(`node main.js from the install answers /api/monitor/health/live at ${api.url}`);

  const deadline = Date.now() + 60_000;
  let status = '';
  while (Date.now() < deadline) {
    const res = await get(`${api.url}/api/monitor/health`);
    status = res.ok ? String(((await res.json()) as { status?: unknown }).status) : `HTTP ${res.status}`;
    if (status === 'live' || status === 'syncing') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  check(status === 'live' || status === 'syncing', `/api/monitor/health: ${status}, expected live or syncing`);
  ctx.log(`/api/monitor/health: ${status}`);

  await api.process.stop();
  ctx.log('API stopped');
});

// `node tools/run-ts.cjs tools/smoke/nginx.ts`: the dashboard image's nginx, without Docker. Runs the
// real docker/nginx.conf in Debian's nginx (a plain process, everything in a temp folder) with only three
// substitutions: its listen port, the `api:8080` upstream (→ the built API on a free port) and the root
// (→ a copy of the built dashboard, with config.json written by docker/dashboard-config.sh as the
// container writes it at start). Then checks through nginx: the dashboard shell and its bundles,
// config.json, Swagger UI and its assets (which the asset regex used to take), the REST API, the
// WebSocket's `welcome`, and that /metrics is not public. Needs `nx build api` and `nx build dashboard`.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import WebSocket from 'ws';

import { REPO_ROOT } from '../stack/ferretdb';
import { freePort, isPortOpen, startProcess, waitFor } from '../stack/processes';
import { check, get, runSmoke, type SmokeContext, SmokeFailure, startApi, startChainAndDb } from './built-api';

const API_MAIN = join(REPO_ROOT, 'dist/apps/api/main.js');
const DASHBOARD_DIR = join(REPO_ROOT, 'dist/apps/dashboard/browser');
const NGINX_CONF = join(REPO_ROOT, 'docker/nginx.conf');
const CONFIG_SCRIPT = join(REPO_ROOT, 'docker/dashboard-config.sh');
const EXPLORER_URL = 'https://explorer.smoke.example/amoy';

function findNginx(): string {
  const candidates = [process.env['NGINX_BIN'], '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new SmokeFailure('nginx not found: `apt-get install -y nginx` (or set NGINX_BIN)');
  return found;
}

/** docker/nginx.conf with only the test's substitutions; each must match exactly once. */
function templateNginxConf(conf: string, values: { listenPort: number; apiPort: number; root: string }): string {
  const substitutions: [RegExp, string, string][] = [
    [/^(\s*)listen 8080;$/m, `$1listen 127.0.0.1:${values.listenPort};`, '`listen 8080;`'],
    [/\bhttp:\/\/api:8080\b/, `http://127.0.0.1:${values.apiPort}`, 'the upstream `http://api:8080`'],
    [/^(\s*)root \/usr\/share\/nginx\/html;$/m, `$1root ${values.root};`, '`root /usr/share/nginx/html;`'],
  ];
  let out = conf;
  for (const [pattern, replacement, what] of substitutions) {
    const count = out.match(new RegExp(pattern.source, `${pattern.flags}g`))?.length ?? 0;
    check(
      count === 1,
      `docker/nginx.conf: expected ${what} once, found it ${count} times (update tools/smoke/nginx.ts)`,
    );
    out = out.replace(pattern, replacement);
  }
  return out;
}

/** The part of the image's /etc/nginx/nginx.conf around conf.d/, with every path inside the temp folder. */
function mainConf(dir: string, serverConf: string): string {
  const runningAsRoot = process.getuid?.() === 0;
  return [
    // As root, nginx would switch its workers to `nobody`, who cannot read the temp folder.
    runningAsRoot ? 'user root;' : '',
    'worker_processes 1;',
    `error_log ${dir}/error.log warn;`,
    `pid ${dir}/nginx.pid;`,
    'events { worker_connections 256; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    `  access_log ${dir}/access.log;`,
    `  client_body_temp_path ${dir}/client_body;`,
    `  proxy_temp_path ${dir}/proxy;`,
    `  fastcgi_temp_path ${dir}/fastcgi;`,
    `  uwsgi_temp_path ${dir}/uwsgi;`,
    `  scgi_temp_path ${dir}/scgi;`,
    '  sendfile on;',
    '  keepalive_timeout 65;',
    `  include ${serverConf};`,
    '}',
    '',
  ].join('\n');
}

async function startNginx(ctx: SmokeContext, port: number, apiPort: number): Promise<string> {
  const nginx = findNginx();
  const dir = join(ctx.tmp, 'nginx');
  const html = join(dir, 'html');
  cpSync(DASHBOARD_DIR, html, { recursive: true });
  // config.json exactly as the container writes it at start.
  execFileSync('sh', [CONFIG_SCRIPT], {
    env: {
      PATH: process.env['PATH'],
      DASHBOARD_CONFIG_FILE: join(html, 'config.json'),
      BACKEND_URL: '',
      EXPLORER_URL,
    },
    stdio: 'pipe',
  });
  const serverConf = join(dir, 'default.conf');
  writeFileSync(
    serverConf,
    templateNginxConf(readFileSync(NGINX_CONF, 'utf8'), { listenPort: port, apiPort, root: html }),
  );
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, mainConf(dir, serverConf));
  const args = ['-p', dir, '-c', conf, '-g', 'daemon off;'];
  try {
    execFileSync(nginx, ['-t', ...args], { stdio: 'pipe' });
  } catch (err) {
    throw new SmokeFailure(`nginx -t refused docker/nginx.conf:\n${(err as { stderr?: Buffer }).stderr ?? ''}`);
  }
  const proc = startProcess('nginx', nginx, args, { log: false });
  ctx.onCleanup(() => proc.stop());
  ctx.onFailure(() => {
    const errorLog = join(dir, 'error.log');
    const text = existsSync(errorLog) ? readFileSync(errorLog, 'utf8').slice(-4000).trim() : '';
    return text ? `--- nginx error.log ---\n${text}` : '';
  });
  await waitFor(`nginx on port ${port}`, () => isPortOpen(port), 15_000, proc);
  return `http://127.0.0.1:${port}`;
}

async function expectOk(url: string, type: RegExp, init?: RequestInit): Promise<Response> {
  const res = await get(url, init);
  const contentType = res.headers.get('content-type') ?? '';
  check(res.status === 200, `GET ${url}: HTTP ${res.status}, expected 200`);
  check(type.test(contentType), `GET ${url}: content-type "${contentType}", expected ${type}`);
  return res;
}

/** The .js and .css files an HTML page loads (src= and href=), as absolute URLs. */
function assetsOf(html: string, pageUrl: string): string[] {
  const refs = [...html.matchAll(/\b(?:src|href)=["']([^"']+\.(?:js|css))(?:\?[^"']*)?["']/g)].map((m) => m[1] ?? '');
  return [...new Set(refs.map((ref) => new URL(ref, pageUrl).toString()))];
}

/** Opens the WebSocket through nginx as a browser on that origin would, and returns the first frame. */
function firstFrame(url: string, origin: string): Promise<{ type?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new SmokeFailure(`${url}: no frame within 10 s`));
    }, 10_000);
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new SmokeFailure(`${url}: upgrade refused with HTTP ${res.statusCode}`));
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(new SmokeFailure(`${url}: ${err.message}`));
    });
    ws.once('message', (data) => {
      clearTimeout(timer);
      ws.close();
      try {
        resolve(JSON.parse(String(data)) as { type?: string });
      } catch {
        reject(new SmokeFailure(`${url}: the first frame is not JSON: ${String(data).slice(0, 200)}`));
      }
    });
  });
}

runSmoke('nginx', async (ctx) => {
  for (const [file, build] of [
    [API_MAIN, 'api'],
    [join(DASHBOARD_DIR, 'index.html'), 'dashboard'],
  ] as const) {
    check(
      existsSync(file),
      `${file.slice(REPO_ROOT.length + 1)} is missing: build first (npx nx run-many -t build -p api dashboard; ` +
        `\`${build}\` is not built)`,
    );
  }
  findNginx();

  const stack = await startChainAndDb(ctx);
  const apiPort = await freePort();
  const nginxPort = await freePort();
  // As in compose: the browser's origin is nginx's, which the API's WebSocket Origin check must allow.
  const api = await startApi(ctx, {
    main: API_MAIN,
    cwd: ctx.tmp,
    port: apiPort,
    stack,
    env: { CORS_ORIGINS: `http://127.0.0.1:${nginxPort}`, TRUST_PROXY: 'loopback' },
  });
  ctx.log(`API ${api.url}`);
  const base = await startNginx(ctx, nginxPort, apiPort);
  ctx.log(`nginx ${base} (docker/nginx.conf)`);

  // The dashboard shell, its SPA fallback and its hashed bundles (cached for a year).
  const indexHtml = readFileSync(join(DASHBOARD_DIR, 'index.html'), 'utf8');
  const shell = await (await expectOk(`${base}/`, /^text\/html/)).text();
  check(shell === indexHtml, `GET /: not the dashboard's index.html`);
  const deep = await (await expectOk(`${base}/blocks/123`, /^text\/html/)).text();
  check(deep === indexHtml, 'GET /blocks/123: the SPA fallback did not answer index.html');
  const bundles = assetsOf(indexHtml, `${base}/`);
  check(bundles.length > 0, 'index.html references no .js or .css bundle');
  for (const url of bundles) {
    const res = await expectOk(url, url.endsWith('.css') ? /^text\/css/ : /javascript/);
    check(/immutable/.test(res.headers.get('cache-control') ?? ''), `GET ${url}: not cached as immutable`);
  }
  ctx.log(`/ serves index.html; ${bundles.length} bundles cached as immutable`);

  // config.json as written at container start.
  const configRes = await expectOk(`${base}/config.json`, /^application\/json/);
  check(/no-store/.test(configRes.headers.get('cache-control') ?? ''), '/config.json: not Cache-Control no-store');
  const config = (await configRes.json()) as Record<string, unknown>;
  check(
    config['backendUrl'] === '' && config['explorerUrl'] === EXPLORER_URL,
    `/config.json is ${JSON.stringify(config)}, expected backendUrl "" and explorerUrl ${EXPLORER_URL}`,
  );
  ctx.log(`/config.json ${JSON.stringify(config)}`);

  // Swagger UI and every asset it loads, through the API (not the asset regex, which would 404 them).
  const docsRes = await expectOk(`${base}/api/docs`, /^text\/html/);
  const docsHtml = await docsRes.text();
  check(/swagger/i.test(docsHtml), '/api/docs: not the Swagger UI page');
  const docsAssets = assetsOf(docsHtml, docsRes.url);
  check(
    docsAssets.length >= 2,
    `/api/docs references ${docsAssets.length} .js/.css files, expected its bundle and css`,
  );
  for (const url of docsAssets) {
    const res = await expectOk(url, url.endsWith('.css') ? /^text\/css/ : /javascript/);
    check(
      !/immutable/.test(res.headers.get('cache-control') ?? ''),
      `GET ${url}: answered by the static asset location, not the API`,
    );
  }
  await expectOk(`${base}/api/docs-json`, /^application\/json/);
  ctx.log(`/api/docs and its ${docsAssets.length} assets: ${docsAssets.map((u) => new URL(u).pathname).join(' ')}`);

  // REST through the proxy.
  const stats = (await (await expectOk(`${base}/api/monitor/stats`, /^application\/json/)).json()) as unknown;
  check(typeof stats === 'object' && stats !== null, '/api/monitor/stats: not a JSON object');
  ctx.log(`/api/monitor/stats answers JSON`);

  // The WebSocket upgrade, with a browser's Origin header.
  const wsUrl = `${base.replace(/^http/, 'ws')}/ws/monitor`;
  const frame = await firstFrame(wsUrl, base);
  check(frame.type === 'welcome', `${wsUrl}: first frame is ${JSON.stringify(frame).slice(0, 200)}, expected welcome`);
  ctx.log(`${new URL(wsUrl).pathname}: upgraded, first frame welcome`);

  // Metrics stay on the internal network.
  const metrics = await get(`${base}/metrics`);
  check(metrics.status === 404, `/metrics through nginx: HTTP ${metrics.status}, expected 404 (not public)`);
  ctx.log('/metrics: 404 at the edge');
});

// Runs before `nx serve api` (`npm run api`): the API needs a chain and a database, and in development the
// fix for a missing one is a command, so say which and stop (exit 1) instead of booting into retries.
// Settings are resolved as the API resolves them: environment over `.env`, the chain from the devnet file
// when POLYGON_RPC_URL is unset.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { launcherEnv, readDotenv } from './launcher-env';
import { isPortOpen } from './processes';

const TIMEOUT_MS = 3_000;

/** scheme://host:port of a URL, never its path, query or credentials (they may hold a provider key). */
function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(unparsable URL)';
  }
}

/** host:port pairs of a mongodb:// connection string (several for a replica set); null for mongodb+srv. */
function mongoHosts(url: string): { host: string; port: number }[] | null {
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^/?]+)/.exec(url);
  if (!m?.[1]) return null;
  return m[1].split(',').map((hostPort) => {
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
    if (v6?.[1]) return { host: v6[1], port: Number(v6[2] ?? 27017) };
    const [host = '', port] = hostPort.split(':');
    return { host, port: Number(port ?? 27017) };
  });
}

async function chainAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await res.json()) as { result?: unknown };
    return typeof body.result === 'string';
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const env = launcherEnv();
  const problems: string[] = [];

  // An entry may be `label=URL` (the API names the endpoint by its label).
  let rpcUrl = env['POLYGON_RPC_URL']
    ?.split(',')[0]
    ?.trim()
    .replace(/^[A-Za-z0-9][\w.-]{0,39}\s*=\s*/, '');
  let rpcSource = 'POLYGON_RPC_URL';
  if (!rpcUrl) {
    const devnetFile = resolve(env['DEVNET_ENV_FILE'] ?? '.devnet/devnet.env');
    rpcUrl = existsSync(devnetFile) ? readDotenv(devnetFile)['POLYGON_RPC_URL'] : undefined;
    rpcSource = devnetFile;
    if (!rpcUrl) {
      problems.push(
        'no chain configured: start the local chain with `npm run devnet` (it writes .devnet/devnet.env), or set POLYGON_RPC_URL and the contract addresses',
      );
    }
  }
  if (rpcUrl && !(await chainAnswers(rpcUrl))) {
    problems.push(
      `no chain answers at ${origin(rpcUrl)} (from ${rpcSource}): start the local chain with \`npm run devnet\`, or fix POLYGON_RPC_URL`,
    );
  }

  const mongoUrl = env['MONGO_URL']?.trim() || 'mongodb://127.0.0.1:27017';
  const hosts = mongoHosts(mongoUrl);
  if (hosts) {
    const open = await Promise.all(hosts.map((h) => isPortOpen(h.port, h.host)));
    if (!open.some(Boolean)) {
      const where = hosts.map((h) => `${h.host}:${h.port}`).join(',');
      problems.push(
        `no database answers at ${where} (MONGO_URL): start the local one with \`npm run db\`, or fix MONGO_URL`,
      );
    }
  }

  for (const p of problems) console.error(`[api] ${p}`);
  if (problems.length === 0) console.log('[api] chain and database answer');
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`[api] preflight failed: ${err.message}`);
    process.exit(1);
  },
);

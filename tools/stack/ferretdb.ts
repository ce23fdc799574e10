// FerretDB v1.24 on its SQLite backend: the MongoDB wire protocol with no MongoDB binary (none can be
// downloaded on our machines). Production runs MongoDB 7; see docs/database.md for what FerretDB lacks.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { isPortOpen, type ManagedProcess, startProcess, waitFor } from './processes';

export const REPO_ROOT = resolve(__dirname, '../..');
export const FERRETDB_BIN = join(REPO_ROOT, '.tools/bin/ferretdb');

/** Builds FerretDB into .tools/bin when it is missing (needs Go and the Go module proxy). */
export function ensureFerretDb(): string {
  if (!existsSync(FERRETDB_BIN)) {
    execFileSync('bash', [join(REPO_ROOT, 'tools/db/install-ferretdb.sh')], { stdio: 'inherit' });
  }
  return FERRETDB_BIN;
}

export interface FerretDbHandle {
  url: string;
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export async function startFerretDb(options: {
  port: number;
  dataDir: string;
  log?: boolean;
}): Promise<FerretDbHandle> {
  const bin = ensureFerretDb();
  if (await isPortOpen(options.port)) {
    throw new Error(`port ${options.port} is already in use: stop what listens there or set MONGO_URL to use it`);
  }
  mkdirSync(options.dataDir, { recursive: true });
  const proc = startProcess(
    'db',
    bin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${options.dataDir.replace(/\/?$/, '/')}`,
      `--listen-addr=127.0.0.1:${options.port}`,
      '--telemetry=disable',
      '--log-level=error',
      '--debug-addr=-',
    ],
    { log: options.log },
  );
  await waitFor(`FerretDB on port ${options.port}`, () => isPortOpen(options.port), 30_000, proc);
  return { url: `mongodb://127.0.0.1:${options.port}`, port: options.port, process: proc, stop: () => proc.stop() };
}

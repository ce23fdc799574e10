// Shared set-up for benchmarks: FerretDB + Hardhat on free ports, contracts deployed, the built API.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import { deployContracts, type DeployedContracts } from '@aura/tools/devnet/deploy';
import { type FerretDbHandle, REPO_ROOT, startFerretDb } from '@aura/tools/stack/ferretdb';
import { type HardhatNodeHandle, startHardhatNode } from '@aura/tools/stack/hardhat-node';
import { freePort, type ManagedProcess, startProcess, waitFor } from '@aura/tools/stack/processes';

export interface BenchStack {
  db: FerretDbHandle;
  node: HardhatNodeHandle;
  contracts: DeployedContracts;
  stop(): Promise<void>;
}

export async function startBenchStack(): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aura-bench-'));
  const [db, node] = await Promise.all([
    freePort().then((port) => startFerretDb({ port, dataDir, log: false })),
    freePort().then((port) => startHardhatNode({ port, blockTimeMs: 0, log: false })),
  ]);
  const contracts = await deployContracts(node.rpcUrl);
  return {
    db,
    node,
    contracts,
    async stop() {
      await Promise.all([node.stop(), db.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startBenchApi(
  stack: BenchStack,
  env: Record<string, string>,
): Promise<{ proc: ManagedProcess; url: string; wsUrl: string }> {
  const port = await freePort();
  // BENCH_API_MAIN: another build of the API (e.g. a patched copy outside the repo, with NODE_PATH to its modules).
  const main = process.env['BENCH_API_MAIN'] ?? join(REPO_ROOT, 'dist/apps/api/main.js');
  const proc = startProcess('api', process.execPath, [main], {
    log: process.env['BENCH_LOG'] === 'true',
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: String(port),
      POLYGON_RPC_URL: stack.node.rpcUrl,
      BADGE_CONTRACT_ADDRESS: stack.contracts.badge,
      PASSPORT_CONTRACT_ADDRESS: stack.contracts.passport,
      MONGO_URL: stack.db.url,
      DB_NAME: `bench_${Date.now()}`,
      ...(process.env['BENCH_API_MAIN'] ? { NODE_PATH: join(REPO_ROOT, 'node_modules') } : {}),
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('API', async () => (await fetch(`${url}/api/monitor/health`)).status > 0, 60_000, proc);
  return { proc, url, wsUrl: `ws://127.0.0.1:${port}/ws/monitor` };
}

export function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export function machineLine(): string {
  return `machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; FerretDB 1.24 (SQLite), Hardhat 2.28`;
}

// Starts what an integration test needs: FerretDB and a Hardhat node on free ports, the contracts
// deployed, and the API (the real AppModule) listening on a free port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import mongoose, { type Connection } from 'mongoose';

import { deployContracts, type DeployedContracts } from '@aura/tools/devnet/deploy';
import { type FerretDbHandle, startFerretDb } from '@aura/tools/stack/ferretdb';
import { type HardhatNodeHandle, startHardhatNode } from '@aura/tools/stack/hardhat-node';
import { freePort } from '@aura/tools/stack/processes';

import { createApp } from '../../src/bootstrap';

export interface TestStack {
  db: FerretDbHandle;
  /** Stops the database (the API sees it vanish) and returns a function that starts it again. */
  stopDatabase(): Promise<() => Promise<void>>;
  node: HardhatNodeHandle;
  contracts: DeployedContracts;
  dbName: string;
  /** A direct connection for assertions (not the API's). */
  mongo: Connection;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startTestStack(): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aura-ferret-'));
  const started = await Promise.all([
    freePort().then((port) => startFerretDb({ port, dataDir, log: false })),
    freePort().then((port) => startHardhatNode({ port, blockTimeMs: 0, log: false })),
  ]);
  let db = started[0];
  const node = started[1];
  const contracts = await deployContracts(node.rpcUrl);
  const dbName = `aura_test_${Date.now()}`;
  const mongo = await mongoose.createConnection(db.url, { dbName }).asPromise();
  const env = {
    POLYGON_RPC_URL: node.rpcUrl,
    CHAIN_ID: '31337',
    BADGE_CONTRACT_ADDRESS: contracts.badge,
    PASSPORT_CONTRACT_ADDRESS: contracts.passport,
    MONGO_URL: db.url,
    DB_NAME: dbName,
    POLL_INTERVAL_MS: '200',
  };
  return {
    get db() {
      return db;
    },
    async stopDatabase() {
      const port = db.port;
      await db.stop();
      return async () => {
        db = await startFerretDb({ port, dataDir, log: false });
      };
    },
    node,
    contracts,
    dbName,
    mongo,
    env,
    async stop() {
      await mongo.close();
      await Promise.all([db.stop(), node.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Boots the real application with the stack's settings on a free port; with `waitLive`, waits until the follower
 * has caught up to the head it found: a block mined before that is history (stored, reported by
 * sync_status), never a live frame, so a test that mints and expects live frames must start after it.
 */
export async function startApi(
  stack: TestStack,
  extraEnv: Record<string, string> = {},
  options: { waitLive?: boolean } = {},
): Promise<{ app: INestApplication; url: string; wsUrl: string }> {
  // Quiet logs, no REST limit and quick stats frames unless a test asks otherwise.
  Object.assign(
    process.env,
    { LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '0', STATS_INTERVAL_MS: '100' },
    stack.env,
    extraEnv,
  );
  const app = await createApp();
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  if (options.waitLive ?? false) {
    await eventually(async () => {
      const health = (await (await fetch(`${url}/api/monitor/health`)).json()) as {
        status: string;
        chain: { lastProcessed: number | null };
      };
      if (health.chain.lastProcessed === null || health.status === 'syncing' || health.status === 'down')
        throw new Error(`API not live yet: ${health.status}`);
    }, 30_000);
  }
  return { app, url, wsUrl: `ws://127.0.0.1:${port}/ws/monitor` };
}

/** Retries `check` until it stops throwing, then returns its value. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

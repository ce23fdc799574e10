// Crash consistency: at every failpoint between two writes of ingest and of reorg removal, a database
// error (the same process retries) and a hard kill (SIGKILL, then a new process boots) must both end with
// exactly what a rebuild from the chain stores: blocks, transactions, token events, totals, minute
// buckets and known addresses. The rebuild is a second API following the same chain into an empty database.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import type { Db } from 'mongodb';

import { dumpStore } from '@aura/tools/chaos/store-dump';
import { freePort } from '@aura/tools/stack/processes';

import { armFailpoint, type FailpointName, FAILPOINTS, firedFailpoints } from '../src/common/failpoints';
import { ChainActions, randomAddress } from './support/chain-actions';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';
import { WsRecorder } from './support/ws-recorder';

const REPO_ROOT = join(__dirname, '../../..');
const INGEST_POINTS: FailpointName[] = [
  'after-rows',
  'after-block-rows',
  'after-addresses',
  'after-buckets',
  'after-totals',
];
const REORG_POINTS = FAILPOINTS.filter((p) => !INGEST_POINTS.includes(p));

interface Api {
  url: string;
  wsUrl: string;
  stop(): Promise<void>;
}

describe('crash consistency at every failpoint (real FerretDB + Hardhat)', () => {
  let stack: TestStack;
  let chain: ChainActions;
  let scenario = 0;

  beforeAll(async () => {
    stack = await startTestStack();
    chain = new ChainActions(stack.node.rpcUrl, stack.contracts);
    // Some history, so that every scenario starts above block 0 with users already known.
    await chain.mintBadge(randomAddress());
    await chain.issuePassport(randomAddress());
  });

  afterAll(async () => {
    armFailpoint(null);
    chain?.close();
    await stack?.stop();
  });

  const head = async () => Number(await stack.node.rpc<string>('eth_blockNumber'));

  /** Activity that touches every aggregate: a new user's badge, a passport, a known user's second badge. */
  async function activity(): Promise<void> {
    const user = randomAddress();
    await chain.mintBadge(user);
    await chain.issuePassport(randomAddress());
    await chain.mintBadge(user);
  }

  /** Replaces the blocks above `snapshot` with a longer branch holding other transactions. */
  async function reorgTo(snapshot: string): Promise<void> {
    await stack.node.rpc('evm_revert', [snapshot]);
    chain.resetNonce();
    await stack.node.rpc('evm_mine', []);
    await activity();
  }

  function env(dbName: string, startBlock: number): Record<string, string> {
    return { DB_NAME: dbName, START_BLOCK: String(startBlock), POLL_INTERVAL_MS: '100', LOG_LEVEL: 'error' };
  }

  async function inProcess(dbName: string, startBlock: number): Promise<Api> {
    const api = await startApi(stack, env(dbName, startBlock));
    return { url: api.url, wsUrl: api.wsUrl, stop: () => (api.app as INestApplication).close() };
  }

  /** The API as its own process, from source (failpoints are compiled out of production builds). */
  async function childProcess(
    dbName: string,
    startBlock: number,
    failpoint: string,
  ): Promise<{ url: string; child: ChildProcess; exited: Promise<NodeJS.Signals | null> }> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...stack.env,
        ...env(dbName, startBlock),
        PORT: String(port),
        RATE_LIMIT_PER_MINUTE: '0',
        AURA_FAILPOINT: failpoint,
        SWC_NODE_PROJECT: 'apps/api/tsconfig.app.json',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4_000)));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') process.stderr.write(`API child exited with ${code ?? signal}: ${stderr}\n`);
        resolve(signal);
      }),
    );
    return { url: `http://127.0.0.1:${port}`, child, exited };
  }

  async function storedHead(url: string): Promise<number | null> {
    const health = (await (await fetch(`${url}/api/monitor/health`)).json()) as {
      chain: { lastProcessed: number | null };
    };
    return health.chain.lastProcessed;
  }

  async function caughtUp(url: string, timeoutMs = 60_000): Promise<void> {
    const target = await head();
    await eventually(async () => {
      const at = await storedHead(url);
      if (at !== target) throw new Error(`stored head ${at}, chain head ${target}`);
    }, timeoutMs);
  }

  const dump = (dbName: string) => dumpStore(stack.mongo.useDb(dbName, { useCache: true }).db as Db);

  async function expectSameAsRebuild(dbName: string, startBlock: number): Promise<void> {
    const refName = `${dbName}_ref`;
    const ref = await inProcess(refName, startBlock);
    try {
      await caughtUp(ref.url);
    } finally {
      await ref.stop();
    }
    const [got, want] = await Promise.all([dump(dbName), dump(refName)]);
    expect(want.blocks.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  }

  describe.each(INGEST_POINTS)('ingest, failing %s', (point) => {
    it('a database error there: the same process retries and ends equal to a rebuild', async () => {
      const dbName = `fp_${++scenario}`;
      const start = (await head()) + 1;
      const api = await inProcess(dbName, start);
      try {
        const ws = await WsRecorder.open(api.wsUrl);
        const before = firedFailpoints().length;
        armFailpoint(point, 'error');
        await activity();
        await caughtUp(api.url);
        expect(firedFailpoints().slice(before)).toEqual([point]);
        // Also a block counted by a tick that failed afterwards is announced, once.
        const last = await head();
        await eventually(() => expect(ws.ofType('new_block').map((f) => f.data['number'])).toContain(last));
        const numbers = ws.ofType('new_block').map((f) => f.data['number']);
        expect(numbers).toEqual(Array.from({ length: last - start + 1 }, (_, i) => start + i));
        ws.close();
      } finally {
        armFailpoint(null);
        await api.stop();
      }
      await expectSameAsRebuild(dbName, start);
    });

    it('a kill there, the blocks reorganised before the restart: the next process ends equal to a rebuild', async () => {
      const dbName = `fp_${++scenario}`;
      const start = (await head()) + 1;
      const snapshot = await stack.node.rpc<string>('evm_snapshot');
      await activity();
      const killed = await childProcess(dbName, start, `${point}:kill`);
      expect(await killed.exited).toBe('SIGKILL');
      // What the killed process wrote ahead of its block rows now belongs to no canonical block.
      await reorgTo(snapshot);
      const api = await inProcess(dbName, start);
      try {
        await caughtUp(api.url);
      } finally {
        await api.stop();
      }
      await expectSameAsRebuild(dbName, start);
    });
  });

  describe.each(REORG_POINTS)('reorg removal, failing %s', (point) => {
    it('a database error there: the same process finishes the removal and ends equal to a rebuild', async () => {
      const dbName = `fp_${++scenario}`;
      const start = (await head()) + 1;
      const snapshot = await stack.node.rpc<string>('evm_snapshot');
      const api = await inProcess(dbName, start);
      try {
        await activity();
        await caughtUp(api.url);
        const ws = await WsRecorder.open(api.wsUrl);
        const before = firedFailpoints().length;
        armFailpoint(point, 'error');
        await reorgTo(snapshot);
        await caughtUp(api.url);
        expect(firedFailpoints().slice(before)).toEqual([point]);
        // The removal that failed part-way is announced once the repair has finished it, then the new branch.
        const last = await head();
        await eventually(() => expect(ws.ofType('new_block').map((f) => f.data['number'])).toContain(last));
        expect(ws.ofType('reorg')).toHaveLength(1);
        const reorgAt = ws.frames.findIndex((f) => f.type === 'reorg');
        const after = ws.frames.slice(reorgAt + 1).filter((f) => f.type === 'new_block');
        expect(after.map((f) => f.data['number'])).toEqual(
          Array.from({ length: last - start + 1 }, (_, i) => start + i),
        );
        ws.close();
      } finally {
        armFailpoint(null);
        await api.stop();
      }
      await expectSameAsRebuild(dbName, start);
    });

    it('a kill there: the next process finishes the removal and ends equal to a rebuild', async () => {
      const dbName = `fp_${++scenario}`;
      const start = (await head()) + 1;
      const snapshot = await stack.node.rpc<string>('evm_snapshot');
      const doomed = await childProcess(dbName, start, `${point}:kill`);
      try {
        await activity();
        await caughtUp(doomed.url);
      } catch (err) {
        doomed.child.kill('SIGKILL');
        throw err;
      }
      await reorgTo(snapshot);
      expect(await doomed.exited).toBe('SIGKILL');
      const api = await inProcess(dbName, start);
      try {
        await caughtUp(api.url);
      } finally {
        await api.stop();
      }
      await expectSameAsRebuild(dbName, start);
    });
  });
});

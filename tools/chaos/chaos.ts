// `npm run chaos [-- --seed 1 --blocks 1000 --block-time-ms 250 --outage-seconds 60]`: a seeded, bounded
// fault campaign against the built API. A local chain mines every block-time with seeded traffic; the API
// follows it through a JSON-RPC proxy that fails ≈5 % of calls (5xx, 429 + Retry-After, resets, hangs past
// the RPC timeout, truncated JSON) and a TCP proxy that cuts database connections before a command or
// right after it (the answer lost); on top: reorgs of depth 1–3 and one of 12, three kill -9 restarts of
// the API, a database kill and restart, and an RPC outage. A WebSocket client follows throughout,
// resuming after every drop. At the end the chain is frozen and everything stored is compared with a
// rebuild from the chain (a second API, no faults, into an empty database); the client must have
// received every canonical block's events exactly once. Prints a report; exits 1 on any difference.
// Loopback only; every loop is bounded in count and time.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Interface, type InterfaceAbi } from 'ethers';
import { MongoClient } from 'mongodb';

import { AURA_BADGE, AURA_PASSPORT } from '@aura/contracts';

import { deployContracts } from '../devnet/deploy';
import { type FerretDbHandle, REPO_ROOT, startFerretDb } from '../stack/ferretdb';
import { type HardhatNodeHandle, startHardhatNode } from '../stack/hardhat-node';
import { freePort, type ManagedProcess, startProcess } from '../stack/processes';
import { FaultyRpcProxy } from './faulty-rpc-proxy';
import { FaultyTcpProxy } from './faulty-tcp-proxy';
import { plan, type Planned } from './plan';
import { SeededRandom } from './random';
import { diffStores, dumpStore } from './store-dump';
import { StreamAudit } from './stream-audit';

interface Options {
  seed: number;
  blocks: number;
  blockTimeMs: number;
  outageSeconds: number;
  rpcFaultRate: number;
  dbCutRate: number;
}

const API_MAIN = join(REPO_ROOT, 'dist/apps/api/main.js');
const RPC_TIMEOUT_MS = 1_000;
const CATCH_UP_LIMIT_MS = 180_000;

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    if (i === -1) return fallback;
    const v = Number(argv[i + 1]);
    if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number, not "${argv[i + 1]}"`);
    return v;
  };
  const short = argv.includes('--short');
  return {
    seed: value('seed', 1),
    blocks: value('blocks', short ? 240 : 1_000),
    blockTimeMs: value('block-time-ms', 250),
    outageSeconds: value('outage-seconds', short ? 10 : 60),
    rpcFaultRate: value('rpc-fault-rate', 0.05),
    dbCutRate: value('db-cut-rate', 0.01),
  };
}

const log = (line: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`);

class Campaign {
  /** Separate streams, so that the schedule depends on the seed alone, not on how much traffic ran first. */
  private readonly random: SeededRandom;
  private readonly schedule: SeededRandom;
  private readonly trafficRandom: SeededRandom;
  private readonly workDir = mkdtempSync(join(tmpdir(), 'aura-chaos-'));
  private readonly logDir = join(REPO_ROOT, 'tmp/chaos');
  private node!: HardhatNodeHandle;
  private db!: FerretDbHandle;
  private dbProxy!: FaultyTcpProxy;
  private rpcProxy!: FaultyRpcProxy;
  private contracts!: { badge: string; passport: string };
  private api: ManagedProcess | null = null;
  private apiPort = 0;
  private apiStarts = 0;
  private startBlock = 0;
  private minter = '';
  private trafficTimer: NodeJS.Timeout | null = null;
  private trafficPaused = false;
  private minted = 0;
  private readonly audit = new StreamAudit();
  /** API processes the campaign itself is stopping or killing. */
  private readonly stopping = new Set<ManagedProcess>();
  private unexpectedExit: string | null = null;
  readonly report = {
    seed: 0,
    blocks: 0,
    blockTimeMs: 0,
    startBlock: 0,
    endBlock: 0,
    reorgs: [] as { depth: number; at: number; seen: boolean }[],
    apiKills: 0,
    dbRestarts: 0,
    rpcOutageSeconds: 0,
    catchUpAfterOutageSeconds: null as number | null,
    rpcFaults: {} as Record<string, number>,
    rpcRequests: 0,
    dbCuts: { beforeCommand: 0, answerLost: 0 },
    traffic: 0,
    storeDifferences: [] as string[],
    streamDifferences: [] as string[],
    stream: {} as Record<string, number>,
    seconds: 0,
  };

  constructor(private readonly options: Options) {
    this.random = new SeededRandom(options.seed * 4 + 1);
    this.schedule = new SeededRandom(options.seed * 4 + 2);
    this.trafficRandom = new SeededRandom(options.seed * 4 + 3);
    Object.assign(this.report, { seed: options.seed, blocks: options.blocks, blockTimeMs: options.blockTimeMs });
  }

  async run(): Promise<void> {
    const started = Date.now();
    rmSync(this.logDir, { recursive: true, force: true });
    mkdirSync(this.logDir, { recursive: true });
    const [dbPort, nodePort, dbProxyPort, rpcProxyPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    this.apiPort = await freePort();
    this.db = await startFerretDb({ port: dbPort, dataDir: join(this.workDir, 'db'), log: false });
    this.node = await startHardhatNode({ port: nodePort, blockTimeMs: this.options.blockTimeMs, log: false });
    this.contracts = await deployContracts(this.node.rpcUrl);
    this.minter = (await this.node.rpc<string[]>('eth_accounts'))[0] as string;
    this.dbProxy = new FaultyTcpProxy(dbProxyPort, dbPort, this.random, { rate: 0 });
    await this.dbProxy.open();
    this.rpcProxy = new FaultyRpcProxy(rpcProxyPort, this.node.rpcUrl, this.random, {
      rate: 0,
      hangMs: RPC_TIMEOUT_MS * 2,
    });
    await this.rpcProxy.up();

    this.startBlock = (await this.head()) + 1;
    this.report.startBlock = this.startBlock;
    this.report.endBlock = this.startBlock + this.options.blocks;
    log(
      `seed ${this.options.seed}: ${this.options.blocks} blocks of ${this.options.blockTimeMs} ms from block ${this.startBlock}`,
    );
    this.startTraffic();
    await this.startApi();
    await this.waitStored(this.startBlock, 60_000);
    this.audit.connect(`ws://127.0.0.1:${this.apiPort}/ws/monitor`);
    this.rpcProxy.rate = this.options.rpcFaultRate;
    this.dbProxy.rate = this.options.dbCutRate;

    for (const event of plan(this.schedule, this.options.blocks)) {
      await this.untilHead(this.startBlock + event.at);
      await this.perform(event);
    }
    await this.untilHead(this.report.endBlock);
    await this.freeze();
    await this.compare();
    this.report.rpcFaults = { ...this.rpcProxy.injected };
    this.report.rpcRequests = this.rpcProxy.requests;
    this.report.dbCuts = { ...this.dbProxy.injected };
    this.report.seconds = Math.round((Date.now() - started) / 1000);
  }

  async stop(): Promise<void> {
    if (this.trafficTimer) clearInterval(this.trafficTimer);
    this.audit.close();
    if (this.api) this.stopping.add(this.api);
    await this.api?.stop().catch(() => undefined);
    await this.rpcProxy?.down().catch(() => undefined);
    await this.dbProxy?.close().catch(() => undefined);
    await Promise.all([this.node?.stop(), this.db?.stop()].map((p) => p?.catch(() => undefined)));
    rmSync(this.workDir, { recursive: true, force: true });
  }

  private async head(): Promise<number> {
    return Number(await this.node.rpc<string>('eth_blockNumber'));
  }

  private async untilHead(height: number): Promise<void> {
    const deadline = Date.now() + (height - (await this.head()) + 20) * this.options.blockTimeMs * 4 + 60_000;
    while ((await this.head()) < height) {
      if (Date.now() > deadline) throw new Error(`the chain did not reach block ${height}`);
      await sleep(this.options.blockTimeMs);
    }
  }

  // ---- traffic: seeded actions sent from the node's unlocked minter (the node assigns nonces) ----

  private startTraffic(): void {
    const badge = new Interface(AURA_BADGE.abi as InterfaceAbi);
    const passport = new Interface(AURA_PASSPORT.abi as InterfaceAbi);
    const users: string[] = [];
    const address = () => {
      if (users.length && this.trafficRandom.chance(1 / 3)) return this.trafficRandom.pick(users);
      const a = `0x${this.random
        .int(1, 2 ** 31)
        .toString(16)
        .padStart(8, '0')}${'00'.repeat(16)}`;
      users.push(a);
      return a;
    };
    const send = (to: string, data: string) =>
      this.node.rpc('eth_sendTransaction', [{ from: this.minter, to, data, gas: '0x60000' }]).then(
        () => this.report.traffic++,
        () => undefined, // a reverted or refused action is traffic too; the chain decides what it was
      );
    this.trafficTimer = setInterval(
      () => {
        if (this.trafficPaused) return;
        const roll = this.trafficRandom.next();
        if (roll < 0.5) {
          this.minted++;
          void send(this.contracts.badge, badge.encodeFunctionData('mint', [address()]));
        } else if (roll < 0.75) {
          void send(this.contracts.passport, passport.encodeFunctionData('issue', [address()]));
        } else if (roll < 0.85 && this.minted > 0) {
          void send(
            this.contracts.badge,
            badge.encodeFunctionData('revoke', [BigInt(this.trafficRandom.int(1, this.minted))]),
          );
        }
      },
      Math.max(50, Math.floor(this.options.blockTimeMs / 2)),
    );
  }

  // ---- the API under test ----

  private async startApi(): Promise<void> {
    this.apiStarts++;
    this.api = startProcess('api', process.execPath, ['--enable-source-maps', API_MAIN], {
      log: false,
      cwd: REPO_ROOT,
      logFile: join(this.logDir, `api-${this.apiStarts}.log`),
      env: {
        ...process.env,
        PORT: String(this.apiPort),
        POLYGON_RPC_URL: this.rpcProxy.url,
        CHAIN_ID: '31337',
        BADGE_CONTRACT_ADDRESS: this.contracts.badge,
        PASSPORT_CONTRACT_ADDRESS: this.contracts.passport,
        MONGO_URL: `mongodb://127.0.0.1:${this.dbProxy.port}/?serverSelectionTimeoutMS=2000&connectTimeoutMS=2000`,
        DB_NAME: 'chaos',
        START_BLOCK: String(this.startBlock),
        POLL_INTERVAL_MS: '100',
        RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS),
        RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'info',
        DEVNET_ENV_FILE: join(this.workDir, 'none.env'),
      },
    });
    const api = this.api;
    // Only the campaign kills the API (and says so first): any other end is a crash worth reporting.
    api.child.on('exit', (code, signal) => {
      if (this.api === api && !this.stopping.has(api)) {
        this.unexpectedExit = `the API (start ${this.apiStarts}) ended by itself: ${signal ?? `exit code ${code}`}`;
        log(this.unexpectedExit);
      }
    });
  }

  private async storedHead(port = this.apiPort): Promise<number | null> {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/monitor/health`, { signal: AbortSignal.timeout(2_000) });
      const body = (await res.json()) as { chain: { lastProcessed: number | null } };
      return body.chain.lastProcessed;
    } catch {
      return null;
    }
  }

  private async waitStored(height: number, timeoutMs: number, port = this.apiPort): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.unexpectedExit) throw new Error(this.unexpectedExit);
      if (((await this.storedHead(port)) ?? -1) >= height) return true;
      await sleep(100);
    }
    return false;
  }

  // ---- faults ----

  private async perform(event: Planned): Promise<void> {
    if (event.kind === 'reorg') return this.reorg(event.depth);
    if (event.kind === 'kill') {
      log('kill -9 the API, then start it again');
      if (this.api) this.stopping.add(this.api);
      this.api?.child.kill('SIGKILL');
      await this.api?.exited;
      this.report.apiKills++;
      await this.startApi();
      return;
    }
    if (event.kind === 'db-restart') {
      log('kill -9 the database, then start it again');
      const port = this.db.port;
      this.db.process.child.kill('SIGKILL');
      await this.db.process.exited;
      this.db = await startFerretDb({ port, dataDir: join(this.workDir, 'db'), log: false });
      this.report.dbRestarts++;
      return;
    }
    log(`RPC outage of ${this.options.outageSeconds} s`);
    await this.rpcProxy.down();
    await sleep(this.options.outageSeconds * 1_000);
    await this.rpcProxy.up();
    this.report.rpcOutageSeconds += this.options.outageSeconds;
    const target = await this.head();
    const back = Date.now();
    void this.waitStored(target, CATCH_UP_LIMIT_MS).then((ok) => {
      if (ok) this.report.catchUpAfterOutageSeconds = Math.round((Date.now() - back) / 100) / 10;
    });
  }

  /** Mines `depth` blocks, lets the API store them, then replaces them with `depth + 1` others. */
  private async reorg(depth: number): Promise<void> {
    this.trafficPaused = true;
    try {
      await this.node.rpc('evm_setIntervalMining', [0]);
      const snapshot = await this.node.rpc<string>('evm_snapshot');
      const from = await this.head();
      for (let i = 0; i < depth; i++) {
        await this.node.rpc('eth_sendTransaction', [
          { from: this.minter, to: this.contracts.badge, data: this.mintData(), gas: '0x60000' },
        ]);
        await this.node.rpc('evm_mine', []);
      }
      const seen = await this.waitStored(from + depth, 20_000);
      await this.node.rpc('evm_revert', [snapshot]);
      const base = Number(
        (await this.node.rpc<{ timestamp: string }>('eth_getBlockByNumber', ['latest', false])).timestamp,
      );
      for (let i = 0; i <= depth; i++) {
        await this.node.rpc('eth_sendTransaction', [
          { from: this.minter, to: this.contracts.passport, data: this.issueData(), gas: '0x60000' },
        ]);
        await this.node.rpc('evm_mine', [base + 7 + i * 3]);
      }
      this.report.reorgs.push({ depth, at: from, seen });
      log(`reorg of depth ${depth} at block ${from}${seen ? '' : ' (the API had not stored the old branch yet)'}`);
    } finally {
      await this.node.rpc('evm_setIntervalMining', [this.options.blockTimeMs]);
      this.trafficPaused = false;
    }
  }

  private mintData(): string {
    const to = `0x${this.random
      .int(1, 2 ** 31)
      .toString(16)
      .padStart(40, 'c')}`;
    this.minted++;
    return new Interface(AURA_BADGE.abi as InterfaceAbi).encodeFunctionData('mint', [to]);
  }

  private issueData(): string {
    const to = `0x${this.random
      .int(1, 2 ** 31)
      .toString(16)
      .padStart(40, 'd')}`;
    return new Interface(AURA_PASSPORT.abi as InterfaceAbi).encodeFunctionData('issue', [to]);
  }

  // ---- the end: freeze, rebuild, compare ----

  private async freeze(): Promise<void> {
    if (this.trafficTimer) clearInterval(this.trafficTimer);
    this.trafficTimer = null;
    await this.node.rpc('evm_setIntervalMining', [0]);
    await sleep(500); // traffic sent just before the freeze lands in the mempool, not in a block
    this.rpcProxy.rate = 0;
    this.dbProxy.rate = 0;
    const head = await this.head();
    log(`chain frozen at block ${head}; waiting for the API to store it`);
    if (!(await this.waitStored(head, CATCH_UP_LIMIT_MS))) {
      throw new Error(`the API did not catch up to block ${head} within ${CATCH_UP_LIMIT_MS / 1000} s`);
    }
    if (!(await this.audit.waitForBlock(head, 60_000))) {
      this.report.streamDifferences.push(`the WebSocket client never received block ${head}`);
    }
  }

  private async compare(): Promise<void> {
    const refPort = await freePort();
    log('rebuilding from the chain into an empty database (a second API, no faults)');
    const ref = startProcess('ref', process.execPath, [API_MAIN], {
      log: false,
      cwd: REPO_ROOT,
      logFile: join(this.logDir, 'reference.log'),
      env: {
        ...process.env,
        PORT: String(refPort),
        POLYGON_RPC_URL: this.node.rpcUrl,
        CHAIN_ID: '31337',
        BADGE_CONTRACT_ADDRESS: this.contracts.badge,
        PASSPORT_CONTRACT_ADDRESS: this.contracts.passport,
        MONGO_URL: this.db.url,
        DB_NAME: 'chaos_reference',
        START_BLOCK: String(this.startBlock),
        POLL_INTERVAL_MS: '100',
        LOG_LEVEL: 'warn',
        DEVNET_ENV_FILE: join(this.workDir, 'none.env'),
      },
    });
    try {
      const head = await this.head();
      if (!(await this.waitStored(head, CATCH_UP_LIMIT_MS, refPort))) throw new Error('the rebuild did not finish');
    } finally {
      await ref.stop();
    }
    if (this.api) this.stopping.add(this.api);
    await this.api?.stop();
    this.api = null;
    const client = await MongoClient.connect(this.db.url);
    try {
      const [got, want] = await Promise.all([dumpStore(client.db('chaos')), dumpStore(client.db('chaos_reference'))]);
      this.report.storeDifferences = diffStores(got, want);
      const audit = this.audit.check(want.blocks, want.transactions, want.events);
      this.report.streamDifferences.push(...audit.differences);
      this.report.stream = audit.counts;
    } finally {
      await client.close();
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const campaign = new Campaign(options);
  const stop = () => void campaign.stop().then(() => process.exit(130));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let failure: string | null = null;
  try {
    await campaign.run();
  } catch (err) {
    failure = (err as Error).message;
  } finally {
    await campaign.stop();
  }
  const r = campaign.report;
  const file = join(REPO_ROOT, `tmp/chaos/report-seed-${options.seed}.json`);
  writeFileSync(file, JSON.stringify({ ...r, failure }, null, 2));
  console.log('\n== chaos report ==');
  console.log(
    `seed ${r.seed}, ${r.blocks} blocks of ${r.blockTimeMs} ms (blocks ${r.startBlock}–${r.endBlock}), ${r.seconds} s`,
  );
  console.log(
    `RPC: ${r.rpcRequests} requests, faults ${JSON.stringify(r.rpcFaults)}, outage ${r.rpcOutageSeconds} s, caught up ${r.catchUpAfterOutageSeconds ?? '?'} s after it`,
  );
  console.log(
    `database: connections cut ${r.dbCuts.beforeCommand} before a command, ${r.dbCuts.answerLost} with the answer lost; ${r.dbRestarts} kill + restart`,
  );
  console.log(
    `API: ${r.apiKills} kill -9 restarts; reorgs: ${r.reorgs.map((x) => `${x.depth}${x.seen ? '' : '*'}`).join(', ')} (* = not stored yet when replaced)`,
  );
  console.log(`traffic: ${r.traffic} transactions; WebSocket client: ${JSON.stringify(r.stream)}`);
  // Both fail the run: the store against the chain, and the resuming client's stream against it.
  const differences = [...r.storeDifferences, ...r.streamDifferences];
  if (failure) console.log(`FAILED: ${failure}`);
  console.log(`differences: ${differences.length}`);
  for (const d of differences.slice(0, 50)) console.log(`  - ${d}`);
  console.log(`report: ${file}`);
  return failure || differences.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`[chaos] ${err.message}`);
    process.exit(1);
  },
);

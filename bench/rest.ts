// `npm run bench:rest`: REST throughput and latency with 100 concurrent connections (autocannon) over a
// database of ~100k stored events, seeded straight into FerretDB in the API's schema. The API runs as
// the built process with an unreachable RPC node, so ingestion does not compete with the requests, and
// its rate limiter on (at its highest limit, never reached) so that it costs what it costs in production.
// The floor is measured in the same run: a bare NestJS app (bench/bare-app.ts) returning a body of the
// same size as /stats'. Each route runs alternately with the bare app, BENCH_ROUNDS (3) times (bare,
// route, bare, route, …): the machine is noisy, so each route is reported as the median of its runs and
// the median of its ratios to the bare run just before it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';

import { ADDRESS_PATTERN } from '@aura/events';
import { REPO_ROOT, startFerretDb } from '@aura/tools/stack/ferretdb';
import { freePort, startProcess, waitFor } from '@aura/tools/stack/processes';

// The benchmark seeds the aggregates exactly as the API's store counts them, with the store's own pure
// functions, so that the API boots on them as on its own database (no rebuild).
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  blockShare,
  bucketShare,
  firstAppearances,
  type SharedBlockRow,
  totalsShare,
} from '../apps/api/src/activity/block-share';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { generateApiKey } from '../apps/api/src/auth/access-roles';
import { machineLine, percentile, rssMb } from './support';

const BLOCKS = Number(process.env['BENCH_BLOCKS'] ?? 20_000);
const TXS_PER_BLOCK = 2;
const EVENTS_PER_BLOCK = 3;
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 100);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const WARMUP_SECONDS = 3;
const BADGE = '0x' + 'b1'.repeat(20);
const PASSPORT = '0x' + 'a1'.repeat(20);

const EMPTY_BUCKET = {
  blocks: 0,
  transactions: 0,
  contractTransactions: 0,
  gasUsed: 0,
  mints: 0,
  passports: 0,
  revocations: 0,
};

const hex = (n: number, bytes: number) => '0x' + n.toString(16).padStart(bytes * 2, '0');
const user = (i: number) => hex(0x1000 + (i % 5_000), 20);

async function seed(url: string, dbName: string): Promise<{ events: number; seconds: number; someAddress: string }> {
  const started = Date.now();
  const client = await MongoClient.connect(url);
  const db = client.db(dbName);
  const now = Math.floor(Date.now() / 1000);
  const first = now - BLOCKS * 2;
  const rows: SharedBlockRow[] = [];
  let events = 0;
  for (let from = 0; from < BLOCKS; from += 1_000) {
    const blocks = [];
    const txs = [];
    const tokenEvents = [];
    for (let n = from; n < Math.min(BLOCKS, from + 1_000); n++) {
      const ts = first + n * 2;
      const hash = hex(n + 1, 32);
      const blockTxs = [];
      const blockEvents = [];
      for (let t = 0; t < TXS_PER_BLOCK; t++) {
        const txHash = hex(1e9 + n * 10 + t, 32);
        blockTxs.push({
          _id: txHash,
          hash: txHash,
          blockNumber: n,
          blockHash: hash,
          from: user(n + t),
          to: BADGE,
          value: '0',
          timestamp: new Date(ts * 1000),
        });
        for (let e = 0; e < (t === 0 ? EVENTS_PER_BLOCK : 0); e++) {
          const kind = e === 2 && n % 10 === 0 ? 'badge_revoked' : e === 1 ? 'passport_issued' : 'badge_minted';
          blockEvents.push({
            _id: `${txHash}:${e}`,
            kind,
            contract: kind === 'passport_issued' ? PASSPORT : BADGE,
            txHash,
            logIndex: e,
            blockNumber: n,
            blockHash: hash,
            address: user(n * 3 + e),
            tokenId: String(n * 3 + e),
            timestamp: new Date(ts * 1000),
          } as const);
        }
      }
      const block = {
        number: n,
        hash,
        parentHash: hex(n, 32),
        timestamp: ts,
        transactionCount: 40,
        gasUsed: 12_000_000,
      };
      // The row carries its share of the aggregates, as the API writes it.
      const row = { ...block, ...blockShare({ transactions: blockTxs, tokenEvents: blockEvents }) };
      rows.push(row);
      blocks.push({ _id: hash, ...row, storedAt: new Date() });
      txs.push(...blockTxs);
      tokenEvents.push(...blockEvents);
    }
    await db.collection('transactions').insertMany(txs as never[]);
    await db.collection('token_events').insertMany(tokenEvents as never[]);
    await db.collection('blocks').insertMany(blocks as never[]);
    events += txs.length + tokenEvents.length;
  }
  // The aggregates of all the blocks counted, as the store's fold leaves them: minute buckets (with the
  // blocks applied to each), the users with their first block, and the totals up to the last block.
  const buckets = new Map<string, { counters: Record<string, number>; appliedBlocks: string[] }>();
  for (const row of rows) {
    const { minute, inc } = bucketShare(row);
    const bucket = buckets.get(minute) ?? { counters: { ...EMPTY_BUCKET }, appliedBlocks: [] };
    for (const [field, value] of Object.entries(inc)) bucket.counters[field] = (bucket.counters[field] ?? 0) + value;
    bucket.appliedBlocks.push(row.hash);
    buckets.set(minute, bucket);
  }
  await db.collection('minute_buckets').insertMany(
    [...buckets].map(([minute, b]) => ({
      _id: minute,
      minute: new Date(minute),
      ...b.counters,
      appliedBlocks: b.appliedBlocks,
    })) as never[],
  );
  const users = [...firstAppearances(rows)].map(([address, row]) => ({
    _id: address,
    firstBlock: row.number,
    firstBlockHash: row.hash,
    firstSeen: new Date(row.timestamp * 1000),
  }));
  await db.collection('known_addresses').insertMany(users as never[]);
  const head = rows[rows.length - 1];
  await db.collection('stats_totals').insertOne({
    _id: 'totals',
    ...totalsShare(rows),
    users: users.length,
    headHash: head?.hash ?? null,
    headNumber: head?.number ?? -1,
    removing: null,
  } as never);
  await client.close();
  return { events, seconds: (Date.now() - started) / 1000, someAddress: user(7) };
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
}

/** Headers every request to the API carries (a key with BENCH_AUTH=keys; the bare app ignores them). */
const headers: Record<string, string> = {};
const fetch = (url: string, init: RequestInit = {}) =>
  globalThis.fetch(url, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });

async function run(url: string, seconds = SECONDS): Promise<Run> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  const bad = r.errors + r.non2xx;
  if (bad) console.log(`  (${url}: ${r.errors} errors of which ${r.timeouts} timeouts, ${r.non2xx} non-2xx)`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad };
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** A route as printed: addresses shortened (0x…1007), at most 64 characters. */
const label = (path: string) => {
  const short = path.replace(new RegExp(ADDRESS_PATTERN.slice(1, -1), 'g'), (a) => `0x…${a.slice(-4)}`);
  return short.length > 64 ? `${short.slice(0, 63)}…` : short;
};

function row(name: string, runs: Run[], ratio: string): string {
  return (
    label(name).padEnd(66) +
    median(runs.map((r) => r.rps))
      .toFixed(0)
      .padStart(9) +
    String(median(runs.map((r) => r.p50))).padStart(9) +
    String(median(runs.map((r) => r.p99))).padStart(9) +
    String(runs.reduce((n, r) => n + r.bad, 0)).padStart(8) +
    ratio.padStart(9)
  );
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aura-bench-rest-'));
  const db = await startFerretDb({ port: await freePort(), dataDir, log: false });
  const dbName = `bench_rest_${Date.now()}`;
  try {
    console.log(
      `seeding ${BLOCKS} blocks with ${TXS_PER_BLOCK} transactions and ${EVENTS_PER_BLOCK} token events each…`,
    );
    const seeded = await seed(db.url, dbName);
    console.log(`seeded ${seeded.events} events + ${BLOCKS} blocks in ${seeded.seconds.toFixed(1)} s`);

    const port = await freePort();
    const bootStarted = Date.now();
    // BENCH_AUTH=keys: the API with AUTH_MODE=keys, every request carrying a viewer key (as an integration would).
    const withKeys = process.env['BENCH_AUTH'] === 'keys';
    const adminKey = generateApiKey();
    const api = startProcess('api', process.execPath, [join(REPO_ROOT, 'dist/apps/api/main.js')], {
      log: process.env['BENCH_LOG'] === 'true',
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(port),
        // Nothing answers here: the follower retries in the background, REST serves what is stored.
        POLYGON_RPC_URL: `http://127.0.0.1:${await freePort()}`,
        BADGE_CONTRACT_ADDRESS: BADGE,
        PASSPORT_CONTRACT_ADDRESS: PASSPORT,
        MONGO_URL: db.url,
        DB_NAME: dbName,
        // The limiter counts every request, as in production; the highest limit is never reached here.
        RATE_LIMIT_PER_MINUTE: '1000000',
        LOG_LEVEL: 'warn',
        ...(withKeys ? { AUTH_MODE: 'keys', ADMIN_API_KEY: adminKey, KEY_RATE_LIMIT_PER_MINUTE: '0' } : {}),
      },
    });
    const url = `http://127.0.0.1:${port}`;
    await waitFor('API', async () => (await fetch(`${url}/api/monitor/health/live`)).ok, 600_000, api);
    if (withKeys) {
      const created = await fetch(`${url}/api/monitor/admin/keys`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'bench', role: 'viewer' }),
      });
      headers['authorization'] = `Bearer ${((await created.json()) as { key: string }).key}`;
      console.log('AUTH_MODE=keys: every request carries a viewer key');
    }
    console.log(`API up in ${((Date.now() - bootStarted) / 1000).toFixed(1)} s\n`);
    // Warm: the recent feed (newest 10,000 items) loads in the background at boot.
    const warm = Date.now();
    await waitFor('recent feed', async () => (await fetch(`${url}/api/monitor/activity?limit=1`)).ok, 600_000, api);
    console.log(`recent feed ready ${((Date.now() - warm) / 1000).toFixed(1)} s later`);
    const stats = (await (await fetch(`${url}/api/monitor/stats`)).json()) as Record<string, unknown>;
    console.log(
      `stats: users ${stats['total_users']}, badges ${stats['total_badges']}, passports ${stats['total_passports']}, revoked ${stats['badges_revoked']}\n`,
    );

    const only = process.env['BENCH_ROUTES']?.split(',');
    const routes = [
      '/api/monitor/stats',
      '/api/monitor/activity',
      '/api/monitor/activity?type=badge_minted&limit=100',
      `/api/monitor/activity?address=${seeded.someAddress}`,
      '/api/monitor/stats/timeseries?metric=mints&window=24h&bucket=5m',
    ].filter((r) => !only || only.some((o) => (o.startsWith('=') ? r === o.slice(1) : r.includes(o))));
    console.log('one request each, alone:');
    for (const path of routes) {
      const t = performance.now();
      const res = await fetch(`${url}${path}`);
      const body = await res.text();
      console.log(`  ${path}: ${res.status}, ${body.length} bytes, ${(performance.now() - t).toFixed(0)} ms`);
      if (process.env['BENCH_SHOW'] === 'true') console.log(body.slice(0, 600));
    }
    // The floor: the same body (size) from a bare NestJS app, on the same machine in the same run.
    const statsBody = await (await fetch(`${url}/api/monitor/stats`)).text();
    const barePort = await freePort();
    const bare = startProcess('bare', process.execPath, [join(REPO_ROOT, 'tools/run-ts.cjs'), 'bench/bare-app.ts'], {
      log: process.env['BENCH_LOG'] === 'true',
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', PORT: String(barePort), BARE_BODY: statsBody },
    });
    const bareUrl = `http://127.0.0.1:${barePort}/api/monitor/stats`;
    await waitFor('bare app', async () => (await fetch(bareUrl)).ok, 60_000, bare);
    console.log(
      `bare NestJS app: ${(await (await fetch(bareUrl)).text()).length} bytes, as /stats: ${statsBody.length}`,
    );
    await run(bareUrl, WARMUP_SECONDS);
    for (const path of routes) await run(`${url}${path}`, WARMUP_SECONDS);

    console.log(
      `\n${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds alternating with the bare app: medians\n`,
    );
    const results: { path: string; pairs: { floor: Run; route: Run }[] }[] = [];
    for (const path of routes) {
      const pairs: { floor: Run; route: Run }[] = [];
      for (let i = 0; i < ROUNDS; i++) pairs.push({ floor: await run(bareUrl), route: await run(`${url}${path}`) });
      results.push({ path, pairs });
    }
    console.log(
      'route'.padEnd(66) +
        'req/s'.padStart(9) +
        'p50 ms'.padStart(9) +
        'p99 ms'.padStart(9) +
        'errors'.padStart(8) +
        '× bare'.padStart(9),
    );
    const bareRuns = results.flatMap((r) => r.pairs.map((p) => p.floor));
    console.log(row(`bare NestJS, same ${statsBody.length}-byte body`, bareRuns, '1.00'));
    for (const { path, pairs } of results) {
      const ratio = median(pairs.map((p) => p.route.rps / p.floor.rps));
      console.log(
        row(
          path,
          pairs.map((p) => p.route),
          ratio.toFixed(2),
        ),
      );
    }
    console.log('\nper round, req/s (bare → route):');
    for (const { path, pairs } of results)
      console.log(
        `  ${label(path)}: ${pairs.map((p) => `${p.floor.rps.toFixed(0)} → ${p.route.rps.toFixed(0)}`).join(', ')}`,
      );
    await bare.stop();
    console.log(`\nAPI peak RSS ${rssMb(api.child.pid as number, 'VmHWM').toFixed(0)} MB`);
    console.log(machineLine());
    await api.stop();
  } finally {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

// `npm run bench:rest`: REST throughput and latency with 100 concurrent connections (autocannon) over a
// database of ~100k stored events, seeded straight into FerretDB in the API's schema. The API runs as
// the built process with an unreachable RPC node, so ingestion does not compete with the requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';

import { REPO_ROOT, startFerretDb } from '@aura/tools/stack/ferretdb';
import { freePort, startProcess, waitFor } from '@aura/tools/stack/processes';

// The benchmark seeds buckets exactly as the API writes them, so it borrows the API's own pure function.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { bucketIncrements, type Contribution } from '../apps/api/src/activity/minute-buckets';
import { machineLine, rssMb } from './support';

const BLOCKS = Number(process.env['BENCH_BLOCKS'] ?? 20_000);
const TXS_PER_BLOCK = 2;
const EVENTS_PER_BLOCK = 3;
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 100);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const BADGE = '0x' + 'b1'.repeat(20);
const PASSPORT = '0x' + 'a1'.repeat(20);

const hex = (n: number, bytes: number) => '0x' + n.toString(16).padStart(bytes * 2, '0');
const user = (i: number) => hex(0x1000 + (i % 5_000), 20);

async function seed(url: string, dbName: string): Promise<{ events: number; seconds: number; someAddress: string }> {
  const started = Date.now();
  const client = await MongoClient.connect(url);
  const db = client.db(dbName);
  const now = Math.floor(Date.now() / 1000);
  const first = now - BLOCKS * 2;
  const contributions: Contribution[] = [];
  let events = 0;
  for (let from = 0; from < BLOCKS; from += 1_000) {
    const blocks = [];
    const txs = [];
    const tokenEvents = [];
    for (let n = from; n < Math.min(BLOCKS, from + 1_000); n++) {
      const ts = first + n * 2;
      const hash = hex(n + 1, 32);
      blocks.push({
        _id: hash,
        number: n,
        hash,
        parentHash: hex(n, 32),
        timestamp: ts,
        transactionCount: 40,
        gasUsed: 12_000_000,
        storedAt: new Date(),
      });
      contributions.push({
        timestamp: ts,
        blocks: 1,
        transactions: 40,
        gasUsed: 12_000_000,
        contractTransactions: TXS_PER_BLOCK,
      });
      for (let t = 0; t < TXS_PER_BLOCK; t++) {
        const txHash = hex(1e9 + n * 10 + t, 32);
        txs.push({
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
          tokenEvents.push({
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
          });
          contributions.push({
            timestamp: ts,
            ...(kind === 'badge_minted'
              ? { mints: 1 }
              : kind === 'passport_issued'
                ? { passports: 1 }
                : { revocations: 1 }),
          });
        }
      }
    }
    await db.collection('transactions').insertMany(txs as never[]);
    await db.collection('token_events').insertMany(tokenEvents as never[]);
    await db.collection('blocks').insertMany(blocks as never[]);
    events += txs.length + tokenEvents.length;
  }
  const buckets = [...bucketIncrements(contributions)].map(([minute, inc]) => ({
    _id: minute,
    minute: new Date(minute),
    ...inc,
  }));
  await db.collection('minute_buckets').insertMany(buckets as never[]);
  await client.close();
  return { events, seconds: (Date.now() - started) / 1000, someAddress: user(7) };
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
        RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'warn',
      },
    });
    const url = `http://127.0.0.1:${port}`;
    await waitFor('API', async () => (await fetch(`${url}/api/monitor/health/live`)).ok, 600_000, api);
    // The first boot on this database rebuilds the totals from the rows (one scan), as after an upgrade.
    console.log(
      `API up in ${((Date.now() - bootStarted) / 1000).toFixed(1)} s (includes rebuilding the stats totals from ${seeded.events} rows)\n`,
    );
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
    ].filter((r) => !only || only.some((o) => r.includes(o)));
    console.log('one request each, alone:');
    for (const path of routes) {
      const t = performance.now();
      const res = await fetch(`${url}${path}`);
      const body = await res.text();
      console.log(`  ${path}: ${res.status}, ${body.length} bytes, ${(performance.now() - t).toFixed(0)} ms`);
      if (process.env['BENCH_SHOW'] === 'true') console.log(body.slice(0, 600));
    }
    console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each\n`);
    console.log(
      'route'.padEnd(66) + 'req/s'.padStart(9) + 'p50 ms'.padStart(9) + 'p99 ms'.padStart(9) + 'errors'.padStart(8),
    );
    for (const path of routes) {
      const r = await autocannon({ url: `${url}${path}`, connections: CONNECTIONS, duration: SECONDS });
      const bad = r.errors + r.non2xx;
      if (bad) console.log(`  (${r.errors} errors of which ${r.timeouts} timeouts, ${r.non2xx} non-2xx)`);
      console.log(
        path.padEnd(66) +
          r.requests.average.toFixed(0).padStart(9) +
          String(r.latency.p50).padStart(9) +
          String(r.latency.p99).padStart(9) +
          String(bad).padStart(8),
      );
    }
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

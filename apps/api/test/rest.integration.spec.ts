import type { INestApplication } from '@nestjs/common';
import { id as keccakId, zeroPadValue } from 'ethers';
import request from 'supertest';

import type { ActivityItem, ActivityPage, MonitorStats } from '@aura/events';

import { ChainActions, randomAddress } from './support/chain-actions';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';
import { WsRecorder } from './support/ws-recorder';

const TRANSFER = keccakId('Transfer(address,address,uint256)');
const ZERO_TOPIC = zeroPadValue('0x00', 32);
const topicAddress = (topic: string) => `0x${topic.slice(26)}`.toLowerCase();
const sum = (points: { value: number }[]) => points.reduce((s, p) => s + p.value, 0);

interface RawLog {
  topics: string[];
  address: string;
}
interface RawTx {
  from: string;
  to: string | null;
}

/** What the stats must say, computed here from the node alone (not from the API's database). */
async function expectedFromChain(stack: TestStack, toBlock: number) {
  const watched = [stack.contracts.badge, stack.contracts.passport].map((a) => a.toLowerCase());
  const logs = await stack.node.rpc<RawLog[]>('eth_getLogs', [
    { fromBlock: '0x0', toBlock: `0x${toBlock.toString(16)}`, address: watched, topics: [TRANSFER] },
  ]);
  const isBadge = (l: RawLog) => l.address.toLowerCase() === watched[0];
  const mints = logs.filter((l) => l.topics[1] === ZERO_TOPIC);
  const users = new Set(mints.map((l) => topicAddress(l.topics[2] as string)));
  let contractTransactions = 0;
  for (let n = 0; n <= toBlock; n++) {
    const block = await stack.node.rpc<{ transactions: RawTx[] }>('eth_getBlockByNumber', [
      `0x${n.toString(16)}`,
      true,
    ]);
    for (const tx of block.transactions) {
      if (tx.to && watched.includes(tx.to.toLowerCase())) {
        contractTransactions++;
        users.add(tx.from.toLowerCase());
      }
    }
  }
  return {
    total_badges: mints.filter(isBadge).length,
    total_passports: mints.filter((l) => !isBadge(l)).length,
    badges_revoked: logs.filter((l) => isBadge(l) && l.topics[2] === ZERO_TOPIC).length,
    total_users: users.size,
    contract_transactions: contractTransactions,
  };
}

describe('REST API: stats, activity, lookups, health, metrics, docs (real FerretDB + Hardhat)', () => {
  let stack: TestStack;
  let chain: ChainActions;
  let api: { app: INestApplication; url: string; wsUrl: string };
  const alice = randomAddress();
  const bob = randomAddress();
  let lastBlock = 0;
  let mintTx = '';

  const waitForBlock = (url: string, n: number) =>
    eventually(async () => {
      const res = await request(url).get('/api/monitor/stats').expect(200);
      expect(res.body.block_height).toBeGreaterThanOrEqual(n);
    });

  beforeAll(async () => {
    stack = await startTestStack();
    chain = new ChainActions(stack.node.rpcUrl, stack.contracts);
    api = await startApi(stack, { CORS_ORIGINS: 'http://dashboard.test' }, { waitLive: true });
    const first = await chain.mintBadge(alice);
    mintTx = first.txHash;
    await chain.mintBadge(alice);
    await chain.mintBadge(bob);
    await chain.issuePassport(alice);
    const receipt = await chain.provider.getTransactionReceipt(first.txHash);
    const tokenId = BigInt(receipt?.logs.find((l) => l.topics[0] === TRANSFER)?.topics[3] ?? '0x0');
    lastBlock = (await chain.revokeBadge(tokenId)).blockNumber;
    await waitForBlock(api.url, lastBlock);
  });

  afterAll(async () => {
    await api?.app.close();
    chain?.close();
    await stack?.stop();
  });

  it('GET /stats: the seed fields and the added ones equal counts taken from the chain itself', async () => {
    const { body } = await request(api.url).get('/api/monitor/stats').expect(200);
    const expected = await expectedFromChain(stack, body.block_height);
    expect(body).toMatchObject({ ...expected, recent_badges_24h: expected.total_badges, chain_id: 31337 });
    expect(expected.total_badges).toBeGreaterThanOrEqual(3);
    expect(expected.badges_revoked).toBe(1);
    expect(body.last_block_gas_used).toBeGreaterThan(0);
    expect(Date.parse(body.last_block_time)).toBeGreaterThan(Date.now() - 3_600_000);
    expect(body.sync_lag_blocks).toBeGreaterThanOrEqual(0);
    expect(Object.keys(body).sort()).toEqual(
      [
        'badges_revoked',
        'block_height',
        'chain_id',
        'contract_transactions',
        'last_block_gas_used',
        'last_block_time',
        'recent_badges_24h',
        'sync_lag_blocks',
        'sync_lag_seconds',
        'total_badges',
        'total_passports',
        'total_users',
      ].sort(),
    );
  });

  it('GET /stats stays correct after a restart, and after totals lost in a crash are rebuilt', async () => {
    const before = (await request(api.url).get('/api/monitor/stats').expect(200)).body as MonitorStats;
    await api.app.close();
    api = await startApi(stack);
    const pick = (s: MonitorStats) => ({
      u: s.total_users,
      b: s.total_badges,
      p: s.total_passports,
      r: s.badges_revoked,
      t: s.contract_transactions,
    });
    expect(pick((await request(api.url).get('/api/monitor/stats').expect(200)).body)).toEqual(pick(before));

    await api.app.close();
    // As after a crash between a block insert and its totals update: the head no longer matches.
    await stack.mongo
      .collection<{ _id: string }>('stats_totals')
      .updateOne({ _id: 'totals' }, { $set: { headHash: '0xdead', badges: 999 } });
    await stack.mongo.collection('known_addresses').deleteMany({});
    api = await startApi(stack);
    expect(pick((await request(api.url).get('/api/monitor/stats').expect(200)).body)).toEqual(pick(before));
  });

  it('GET /stats/timeseries: buckets sum to the totals, empty buckets are 0, bad parameters are 400', async () => {
    const stats = (await request(api.url).get('/api/monitor/stats').expect(200)).body as MonitorStats;
    const mints = (
      await request(api.url).get('/api/monitor/stats/timeseries?metric=mints&window=1h&bucket=1m').expect(200)
    ).body;
    expect(mints.points).toHaveLength(60);
    expect(sum(mints.points)).toBe(stats.total_badges);
    expect(mints.points.some((p: { value: number }) => p.value === 0)).toBe(true);
    expect(Date.parse(mints.to) - Date.parse(mints.from)).toBe(3_600_000);
    const passports = (
      await request(api.url).get('/api/monitor/stats/timeseries?metric=passports&window=2h&bucket=5m').expect(200)
    ).body;
    expect(passports.points).toHaveLength(24);
    expect(sum(passports.points)).toBe(stats.total_passports);
    const blocks = (
      await request(api.url).get('/api/monitor/stats/timeseries?metric=blocks&window=24h&bucket=1h').expect(200)
    ).body;
    expect(sum(blocks.points)).toBe((stats.block_height ?? 0) + 1); // blocks 0..height, all from this run
    const gas = (await request(api.url).get('/api/monitor/stats/timeseries?metric=gas').expect(200)).body;
    expect(gas).toMatchObject({ metric: 'gas', window: '1h', bucket: '1m' });
    expect(sum(gas.points)).toBeGreaterThan(0);

    for (const [query, reason] of [
      ['', 'metric must be one of'],
      ['metric=users', 'metric must be one of blocks, transactions'],
      ['metric=mints&bucket=2m', 'bucket must be one of 1m, 5m, 1h'],
      ['metric=mints&window=8d&bucket=1h', 'at most 7d'],
      ['metric=mints&window=soon', 'window must be a number followed by m, h or d'],
      ['metric=mints&window=2d&bucket=1m', 'more than 1440 points'],
      ['metric=mints&colour=red', 'property colour should not exist'],
    ] as const) {
      const res = await request(api.url).get(`/api/monitor/stats/timeseries?${query}`).expect(400);
      expect(res.body.message).toContain(reason);
    }
  });

  it('GET /activity: newest first, filters by type and address, and pages without gaps or repeats', async () => {
    const all = (await request(api.url).get('/api/monitor/activity?limit=500').expect(200)).body as ActivityPage;
    expect(all.nextCursor).toBeNull();
    const order = all.items.map((i) => i.blockNumber);
    expect(order).toEqual([...order].sort((a, b) => b - a));
    expect(new Set(all.items.map((i) => i.type))).toEqual(
      new Set(['block', 'transaction', 'badge_minted', 'passport_issued', 'badge_revoked']),
    );
    expect((await request(api.url).get('/api/monitor/activity').expect(200)).body.items.length).toBe(
      Math.min(50, all.items.length),
    );

    const stats = (await request(api.url).get('/api/monitor/stats').expect(200)).body as MonitorStats;
    const badges = (await request(api.url).get('/api/monitor/activity?type=badge_minted&limit=500').expect(200))
      .body as ActivityPage;
    expect(badges.items).toHaveLength(stats.total_badges);
    expect(badges.items.every((i) => i.type === 'badge_minted')).toBe(true);
    const two = (
      await request(api.url).get('/api/monitor/activity?type=passport_issued,badge_revoked&limit=500').expect(200)
    ).body as ActivityPage;
    expect(two.items.map((i) => i.type).sort()).toEqual(['badge_revoked', 'passport_issued']);

    const aliceItems = (
      await request(api.url)
        .get(`/api/monitor/activity?address=${alice.toUpperCase().replace('0X', '0x')}&limit=500`)
        .expect(200)
    ).body as ActivityPage;
    expect(aliceItems.items.map((i) => i.type).sort()).toEqual([
      'badge_minted',
      'badge_minted',
      'badge_revoked',
      'passport_issued',
    ]);
    expect(aliceItems.items.every((i) => (i.data as { address: string }).address === alice)).toBe(true);

    const walked: ActivityItem[] = [];
    let cursor: string | null = null;
    do {
      const page: ActivityPage = (
        await request(api.url)
          .get(`/api/monitor/activity?limit=3${cursor ? `&before=${cursor}` : ''}`)
          .expect(200)
      ).body;
      expect(page.items.length).toBeLessThanOrEqual(3);
      walked.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked.map((i) => `${i.type}:${i.id}`)).toEqual(all.items.map((i) => `${i.type}:${i.id}`));
  });

  it('GET /activity: bad parameters get 400 with the reason, in the one error shape', async () => {
    for (const [query, reason] of [
      ['limit=0', 'limit must be a whole number from 1 to 500'],
      ['limit=-5', 'limit must be a whole number from 1 to 500'],
      ['limit=501', 'limit must be a whole number from 1 to 500'],
      ['limit=ten', 'limit must be a whole number from 1 to 500'],
      ['limit=2.5', 'limit must be a whole number from 1 to 500'],
      ['type=mint', 'type must be one or more of block, transaction'],
      ['address=0x123', 'address must be a 0x-prefixed 20-byte hex address'],
      ['before=not-a-cursor!', 'before is not a cursor from this API'],
      [`before=${Buffer.from('[1,7,"x"]').toString('base64url')}`, 'before is not a cursor from this API'],
      ['sort=asc', 'property sort should not exist'],
    ] as const) {
      const res = await request(api.url)
        .get(`/api/monitor/activity?${query}`)
        .set('x-request-id', 'test-req-1')
        .expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringContaining(reason),
        path: `/api/monitor/activity?${query}`,
        requestId: 'test-req-1',
        timestamp: expect.any(String),
      });
      expect(res.headers['x-request-id']).toBe('test-req-1');
      expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|node_modules/);
    }
  });

  it('looks up blocks, transactions and addresses; 404 with a reason when unknown, 400 when malformed', async () => {
    const tx = (await request(api.url).get(`/api/monitor/transactions/${mintTx}`).expect(200)).body;
    expect(tx.transaction).toMatchObject({ hash: mintTx, to: stack.contracts.badge.toLowerCase() });
    expect(tx.events).toEqual([
      expect.objectContaining({ type: 'badge_minted', data: expect.objectContaining({ address: alice }) }),
    ]);

    const block = (await request(api.url).get(`/api/monitor/blocks/${tx.transaction.blockNumber}`).expect(200)).body;
    expect(block.block.number).toBe(tx.transaction.blockNumber);
    expect(block.transactions.map((t: { hash: string }) => t.hash)).toContain(mintTx);
    expect(block.events.map((e: { type: string }) => e.type)).toContain('badge_minted');

    const a = (await request(api.url).get(`/api/monitor/addresses/${alice}`).expect(200)).body;
    expect(a.badges).toHaveLength(1); // two minted, one revoked
    expect(a.passport).toMatchObject({ contract: stack.contracts.passport.toLowerCase() });
    expect(a.transactionCount).toBe(0); // alice received; the minter sent
    expect(a.firstSeen.blockNumber).toBeLessThan(a.lastSeen.blockNumber);
    expect(a.lastSeen.blockNumber).toBe(lastBlock);

    const unknownTx = '0x' + '12'.repeat(32);
    expect((await request(api.url).get(`/api/monitor/transactions/${unknownTx}`).expect(404)).body.message).toContain(
      'is not stored',
    );
    expect((await request(api.url).get('/api/monitor/blocks/99999999').expect(404)).body.message).toContain(
      'block 99999999 is not stored',
    );
    expect(
      (await request(api.url).get(`/api/monitor/addresses/${randomAddress()}`).expect(404)).body.message,
    ).toContain('no stored activity involves');
    expect((await request(api.url).get('/api/monitor/blocks/-1').expect(400)).body.message).toContain(
      'block number must be a whole number',
    );
    expect((await request(api.url).get('/api/monitor/blocks/12abc').expect(400)).body.message).toContain(
      'block number must be a whole number',
    );
    expect((await request(api.url).get('/api/monitor/transactions/0xabc').expect(400)).body.message).toContain(
      'hash must be 0x followed by 64 hex digits',
    );
    expect((await request(api.url).get('/api/monitor/addresses/bob').expect(400)).body.message).toContain(
      'address must be a 0x-prefixed',
    );
    expect((await request(api.url).get('/api/monitor/nothing-here').expect(404)).body.message).toContain('/api/docs');
  });

  it('health: the seed path with terminus checks, and live/ready probes', async () => {
    const health = (await request(api.url).get('/api/monitor/health').expect(200)).body;
    expect(['live', 'syncing']).toContain(health.status);
    expect(health.checks).toMatchObject({ database: { status: 'up' }, rpc: { status: 'up' }, sync: { status: 'up' } });
    expect((await request(api.url).get('/api/monitor/health/live').expect(200)).body).toMatchObject({
      status: 'ok',
      details: { heap: { status: 'up' } },
    });
    expect((await request(api.url).get('/api/monitor/health/ready').expect(200)).body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, rpc: { status: 'up' }, sync: { status: 'up' } },
    });
  });

  it('GET /metrics: Prometheus text with ingestion, RPC, WebSocket and HTTP figures', async () => {
    const ws = await WsRecorder.open(api.wsUrl);
    await chain.mintBadge(randomAddress());
    await eventually(() => expect(ws.ofType('badge_minted').length).toBe(1));
    await request(api.url).get('/api/monitor/stats').expect(200);
    const res = await request(api.url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text: string = res.text;
    const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
    expect(value(/^aura_blocks_ingested_total\{mode="live"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^aura_ws_clients (\d+)/m)).toBe(1);
    expect(value(/^aura_ws_events_sent_total\{type="badge_minted"\} (\d+)/m)).toBe(1);
    expect(
      value(/^aura_rpc_request_duration_seconds_count\{method="eth_blockNumber",outcome="ok"\} (\d+)/m),
    ).toBeGreaterThan(0);
    expect(
      value(
        /^aura_http_request_duration_seconds_count\{method="GET",route="\/api\/monitor\/stats",status="200"\} (\d+)/m,
      ),
    ).toBeGreaterThan(0);
    expect(text).toMatch(/^aura_reorgs_total 0$/m);
    expect(text).toMatch(/^aura_head_lag_blocks \d+$/m);
    ws.close();
  });

  it('Swagger documents every route of the app, with its parameters and error answers', async () => {
    const doc = (await request(api.url).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>>;
    };
    const server = api.app.getHttpAdapter().getInstance() as {
      router?: { stack: Layer[] };
      _router?: { stack: Layer[] };
    };
    interface Layer {
      route?: { path: string; methods: Record<string, boolean> };
    }
    // Handlers registered for one method (catch-alls register every method: they are not routes).
    const routes =
      (server.router ?? server._router)?.stack.flatMap((l) => {
        const methods = Object.keys(l.route?.methods ?? {}).filter((m) => l.route?.methods[m]);
        return l.route && methods.length === 1 ? [`${methods[0]} ${l.route.path}`] : [];
      }) ?? [];
    const appRoutes = routes.filter((r) => !r.includes('/api/docs')).map((r) => r.replace(/:(\w+)/g, '{$1}'));
    // The routes the app serves, and exactly these are documented (no more, no fewer).
    expect([...appRoutes].sort()).toEqual(
      [
        'delete /api/monitor/admin/keys/{id}',
        'get /api/monitor/activity',
        'get /api/monitor/addresses/{address}',
        'get /api/monitor/admin/audit',
        'get /api/monitor/admin/clients',
        'get /api/monitor/admin/database',
        'get /api/monitor/admin/keys',
        'get /api/monitor/auth/config',
        'get /api/monitor/auth/me',
        'get /api/monitor/blocks/{number}',
        'get /api/monitor/health',
        'get /api/monitor/health/live',
        'get /api/monitor/health/ready',
        'get /api/monitor/stats',
        'get /api/monitor/stats/timeseries',
        'get /api/monitor/transactions/{hash}',
        'get /metrics',
        'post /api/monitor/admin/keys',
        'post /api/monitor/auth/ws-ticket',
        'get /api/monitor/alerts/rules',
        'post /api/monitor/alerts/rules',
        'get /api/monitor/alerts/rules/{id}',
        'put /api/monitor/alerts/rules/{id}',
        'patch /api/monitor/alerts/rules/{id}',
        'delete /api/monitor/alerts/rules/{id}',
        'post /api/monitor/alerts/rules/{id}/test',
        'post /api/monitor/alerts/rules/{id}/dry-run',
        'get /api/monitor/alerts/channels',
        'post /api/monitor/alerts/channels',
        'get /api/monitor/alerts/channels/{id}',
        'put /api/monitor/alerts/channels/{id}',
        'delete /api/monitor/alerts/channels/{id}',
        'post /api/monitor/alerts/channels/{id}/test',
        'get /api/monitor/alerts/deliveries',
        'post /api/monitor/alerts/deliveries/{id}/replay',
        'get /api/monitor/alerts/status',
      ].sort(),
    );
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(documented.sort()).toEqual(appRoutes.sort());
    expect(doc.paths['/api/monitor/activity']?.['get']?.parameters?.map((p) => p.name).sort()).toEqual([
      'address',
      'before',
      'limit',
      'type',
    ]);
    expect(Object.keys(doc.paths['/api/monitor/activity']?.['get']?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '429']),
    );
    expect(Object.keys(doc.paths['/api/monitor/blocks/{number}']?.['get']?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '404']),
    );
  });

  it('hardening: helmet headers and the CORS allowlist', async () => {
    const res = await request(api.url).get('/api/monitor/stats').set('Origin', 'http://dashboard.test').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBe('http://dashboard.test');
    const foreign = await request(api.url).get('/api/monitor/stats').set('Origin', 'https://evil.example').expect(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rate limit: 429 with Retry-After beyond RATE_LIMIT_PER_MINUTE; health and metrics are not limited', async () => {
    const limited = await startApi(stack, { RATE_LIMIT_PER_MINUTE: '5' });
    try {
      for (let i = 0; i < 5; i++) await request(limited.url).get('/api/monitor/stats').expect(200);
      const refused = await request(limited.url).get('/api/monitor/activity').expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.stringContaining('Retry-After'),
      });
      // Behind a trusted proxy (loopback here), each forwarded client has its own budget.
      await request(limited.url).get('/api/monitor/stats').set('X-Forwarded-For', '203.0.113.7').expect(200);
      for (let i = 0; i < 8; i++) await request(limited.url).get('/api/monitor/health/live').expect(200);
      await request(limited.url).get('/metrics').expect(200);
    } finally {
      await limited.app.close();
      process.env['RATE_LIMIT_PER_MINUTE'] = '0';
    }
  });

  it('stats_update: coalesced to one per STATS_INTERVAL_MS, equal to GET /stats, in the seed shape', async () => {
    const slow = await startApi(stack, { STATS_INTERVAL_MS: '3000' }, { waitLive: true });
    try {
      const ws = await WsRecorder.open(slow.wsUrl);
      const started = Date.now();
      for (let i = 0; i < 6; i++) await chain.mintBadge(randomAddress());
      await eventually(() => expect(ws.ofType('badge_minted')).toHaveLength(6));
      await new Promise((r) => setTimeout(r, 3_500)); // the trailing frame
      const updates = ws.ofType('stats_update');
      // Six changes, but at most one frame per 3 s of elapsed time (plus the first, sent at once).
      expect(updates.length).toBeGreaterThanOrEqual(1);
      expect(updates.length).toBeLessThanOrEqual(Math.floor((Date.now() - started) / 3_000) + 1);
      expect(updates.length).toBeLessThan(6);
      // ts is stamped after the stats read, which may take longer for one frame than the next: a margin.
      const times = updates.map((f) => Date.parse((f as unknown as { ts: string }).ts));
      for (let i = 1; i < times.length; i++)
        expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(2_000);
      const rest = (await request(slow.url).get('/api/monitor/stats').expect(200)).body as MonitorStats;
      expect(updates[updates.length - 1]?.data).toEqual({
        total_users: rest.total_users,
        total_badges: rest.total_badges,
        total_passports: rest.total_passports,
        recent_badges_24h: rest.recent_badges_24h,
      });
      ws.close();
    } finally {
      await slow.app.close();
      process.env['STATS_INTERVAL_MS'] = '100';
    }
  });

  it('GET /stats/timeseries: a block whose time runs ahead of the server clock still lands in the last bucket', async () => {
    // Producers' clocks may run ahead of ours (a devnet mining several blocks a second always does).
    const ahead = Math.floor(Date.now() / 1000) + 150;
    await stack.node.rpc('evm_setNextBlockTimestamp', [ahead]);
    const { blockNumber } = await chain.mintBadge(randomAddress());
    await waitForBlock(api.url, blockNumber);
    const stats = (await request(api.url).get('/api/monitor/stats').expect(200)).body as MonitorStats;
    expect(Date.parse(stats.last_block_time as string)).toBe(ahead * 1000);
    const mints = (
      await request(api.url).get('/api/monitor/stats/timeseries?metric=mints&window=1h&bucket=1m').expect(200)
    ).body;
    expect(mints.points).toHaveLength(60);
    expect(sum(mints.points)).toBe(stats.total_badges);
    expect(Date.parse(mints.points[59].t)).toBe(Math.floor(ahead / 60) * 60_000);
    expect(mints.points[59].value).toBeGreaterThanOrEqual(1);
  });
});

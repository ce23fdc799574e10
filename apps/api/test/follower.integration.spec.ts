// The ingestion engine's guarantees on a real node and database: no gap, no duplicate, reorg safety,
// RPC outages survived.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { validateServerFrame } from '@aura/events';

import { ChainActions, randomAddress } from './support/chain-actions';
import { RpcProxy } from './support/rpc-proxy';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';
import { WsRecorder } from './support/ws-recorder';

describe('block follower (real FerretDB + Hardhat, RPC through a proxy)', () => {
  let stack: TestStack;
  let chain: ChainActions;
  let proxy: RpcProxy;
  let api: { app: INestApplication; url: string; wsUrl: string };

  const health = async () => (await request(api.url).get('/api/monitor/health')).body;
  const head = async () => Number(await stack.node.rpc<string>('eth_blockNumber'));
  const waitProcessed = (n: number, timeoutMs = 30_000) =>
    eventually(async () => expect((await health()).chain.lastProcessed).toBe(n), timeoutMs);
  const blocks = () => stack.mongo.collection('blocks').find().sort({ number: 1 }).toArray();
  const nodeHash = async (n: number) =>
    (await stack.node.rpc<{ hash: string }>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false])).hash;

  /** Stored blocks form one chain, with no gap and no duplicate, and equal the node's blocks. */
  async function expectCanonical(): Promise<void> {
    const stored = await blocks();
    const numbers = stored.map((b) => b['number'] as number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => (numbers[0] as number) + i));
    for (let i = 1; i < stored.length; i++) expect(stored[i]?.['parentHash']).toBe(stored[i - 1]?.['hash']);
    const tip = stored.at(-1);
    expect(tip?.['hash']).toBe(await nodeHash(tip?.['number'] as number));
  }

  async function expectCountsMatchChain(): Promise<void> {
    const minted = Number(await chain.badge.getFunction('totalMinted')());
    const events = stack.mongo.collection('token_events');
    expect(await events.countDocuments({ kind: 'badge_minted' })).toBe(minted);
    const stats = (await request(api.url).get('/api/monitor/stats').expect(200)).body;
    expect(stats.total_badges).toBe(minted);
    await expectBucketsMatchStore();
  }

  /** The per-minute buckets add up to exactly what is stored (also after reorgs and outages). */
  async function expectBucketsMatchStore(): Promise<void> {
    const buckets = await stack.mongo.collection('minute_buckets').find().toArray();
    const sum = (field: string) => buckets.reduce((acc, b) => acc + ((b[field] as number | undefined) ?? 0), 0);
    const stored = await blocks();
    expect(sum('blocks')).toBe(stored.length);
    expect(sum('gasUsed')).toBe(stored.reduce((acc, b) => acc + (b['gasUsed'] as number), 0));
    expect(sum('transactions')).toBe(stored.reduce((acc, b) => acc + (b['transactionCount'] as number), 0));
    expect(sum('contractTransactions')).toBe(await stack.mongo.collection('transactions').countDocuments());
    expect(sum('mints')).toBe(await stack.mongo.collection('token_events').countDocuments({ kind: 'badge_minted' }));
    for (const b of buckets) expect(new Date(b['minute']).toISOString()).toBe(b['_id']);
  }

  beforeAll(async () => {
    stack = await startTestStack();
    chain = new ChainActions(stack.node.rpcUrl, stack.contracts);
    proxy = await RpcProxy.start(stack.node.rpcUrl);
    api = await startApi(stack, { POLYGON_RPC_URL: proxy.url, POLL_INTERVAL_MS: '100' });
    await waitProcessed(await head());
  });

  afterAll(async () => {
    await api?.app.close();
    await proxy?.down();
    chain?.close();
    await stack?.stop();
  });

  it('ingests all 300 blocks mined while it was stopped, each mint exactly once', async () => {
    await api.app.close();
    for (let i = 0; i < 300; i++) await chain.sendMint(randomAddress());
    const target = await head();
    api = await startApi(stack, { POLYGON_RPC_URL: proxy.url, POLL_INTERVAL_MS: '100' });
    const ws = await WsRecorder.open(api.wsUrl);
    await waitProcessed(target, 90_000);
    await expectCanonical();
    await expectCountsMatchChain();
    expect(await stack.mongo.collection('token_events').countDocuments({ blockNumber: { $gt: target - 300 } })).toBe(
      300,
    );
    // Catch-up is reported as sync_status, not replayed as 300 live frames.
    await eventually(() => expect(ws.ofType('sync_status').at(-1)?.data['state']).toBe('live'));
    for (const f of ws.ofType('sync_status')) expect(validateServerFrame(f).ok).toBe(true);
    expect(ws.ofType('badge_minted')).toHaveLength(0);
    ws.close();
  });

  it('halves eth_getLogs ranges that the provider refuses as too large, losing nothing', async () => {
    await api.app.close();
    proxy.limitLogRange(8);
    for (let i = 0; i < 60; i++) await chain.sendMint(randomAddress());
    const target = await head();
    api = await startApi(stack, { POLYGON_RPC_URL: proxy.url, POLL_INTERVAL_MS: '100' });
    try {
      await waitProcessed(target, 60_000);
    } finally {
      proxy.limitLogRange(null);
    }
    expect(proxy.refusedLogRanges).toBeGreaterThan(0);
    await expectCanonical();
    await expectCountsMatchChain();
  });

  it.each([1, 5])(
    'resolves a reorg of depth %i: stored hashes equal the node, removed mints leave the counts',
    async (depth) => {
      const ws = await WsRecorder.open(api.wsUrl);
      const base = await head();
      const snapshot = await stack.node.rpc<string>('evm_snapshot');
      const doomed: string[] = [];
      for (let i = 0; i < depth; i++) doomed.push((await chain.mintBadge(randomAddress())).txHash);
      await waitProcessed(base + depth);
      const oldHead = await nodeHash(base + depth);

      await stack.node.rpc('evm_revert', [snapshot]);
      chain.resetNonce();
      const ts = Number(
        (await stack.node.rpc<{ timestamp: string }>('eth_getBlockByNumber', ['latest', false])).timestamp,
      );
      for (let i = 1; i <= depth + 1; i++) await stack.node.rpc('evm_mine', [ts + 1000 + i]);
      await waitProcessed(base + depth + 1);

      await expectCanonical();
      for (let n = base - 1; n <= base + depth + 1; n++) {
        expect((await stack.mongo.collection('blocks').findOne({ number: n }))?.['hash']).toBe(await nodeHash(n));
      }
      for (const tx of doomed) expect(await stack.mongo.collection('token_events').findOne({ txHash: tx })).toBeNull();
      await expectCountsMatchChain();

      const reorg = await eventually(() => {
        const f = ws.ofType('reorg').at(-1);
        if (!f) throw new Error('no reorg frame yet');
        return f;
      });
      expect(validateServerFrame(reorg).ok).toBe(true);
      expect(reorg.data).toMatchObject({
        depth,
        commonAncestor: { number: base, hash: await nodeHash(base) },
        oldHead: { number: base + depth, hash: oldHead },
        removed: { blocks: depth, badges_minted: depth },
      });
      expect((await health()).chain.lastReorg).toMatchObject({ depth, commonAncestor: base });
      ws.close();
    },
  );

  it('holds while the RPC is unreachable for 10 s, says so in health, then ingests every block exactly once', async () => {
    await proxy.down();
    const outageStart = Date.now();
    const mintsDuringOutage: string[] = [];
    while (Date.now() - outageStart < 10_000) {
      mintsDuringOutage.push((await chain.mintBadge(randomAddress())).txHash);
      await new Promise((r) => setTimeout(r, 500));
    }
    const during = await health();
    expect(during.status).toBe('down');
    expect(during.chain.reachable).toBe(false);
    await request(api.url).get('/api/monitor/health').expect(503);

    await proxy.up();
    await waitProcessed(await head());
    expect((await health()).status).toBe('live');
    await expectCanonical();
    await expectCountsMatchChain();
    for (const tx of mintsDuringOutage)
      expect(await stack.mongo.collection('token_events').countDocuments({ txHash: tx })).toBe(1);
  });

  it('holds at its checkpoint while the database is down, says so, then resumes with no gap', async () => {
    await request(api.url).get('/api/monitor/stats').expect(200);
    const restartDatabase = await stack.stopDatabase();
    const minted: string[] = [];
    for (let i = 0; i < 5; i++) minted.push((await chain.mintBadge(randomAddress())).txHash);
    await eventually(async () => {
      const res = await request(api.url).get('/api/monitor/health');
      expect(res.status).toBe(503);
      expect(res.body.database.connected).toBe(false);
    }, 40_000);
    const heldAt = (await health()).chain.lastProcessed;
    expect(heldAt).toBeLessThan(await head());
    // REST meanwhile: the recent feed answers from memory; a lookup that needs the database says 503.
    expect((await request(api.url).get('/api/monitor/activity?limit=5').expect(200)).body.items.length).toBeGreaterThan(
      0,
    );
    // The last figures read (at most one block behind the checkpoint held).
    expect(
      (await request(api.url).get('/api/monitor/stats').timeout(30_000).expect(200)).body.block_height,
    ).toBeLessThanOrEqual(heldAt);
    const lookup = await request(api.url).get('/api/monitor/blocks/1').timeout(30_000);
    expect(lookup.status).toBe(503);
    expect(lookup.headers['retry-after']).toBe('5');
    expect(lookup.body.message).toContain('database is not reachable');

    await restartDatabase();
    // The chain moves on after the outage too (an automining node is otherwise quiet, and a head that
    // stays still for 30 s is reported as degraded, which would not be about the database).
    minted.push((await chain.mintBadge(randomAddress())).txHash);
    await waitProcessed(await head(), 60_000);
    expect((await health()).status).toBe('live');
    await expectCanonical();
    await expectCountsMatchChain();
    for (const tx of minted)
      expect(await stack.mongo.collection('token_events').countDocuments({ txHash: tx })).toBe(1);
  });

  it('survives malformed RPC answers without storing them or skipping a block', async () => {
    proxy.corruptNext(3);
    proxy.breakNextBlocks(2);
    const minted = [];
    for (let i = 0; i < 3; i++) minted.push(await chain.mintBadge(randomAddress()));
    await waitProcessed(await head());
    await expectCanonical();
    await expectCountsMatchChain();
    expect(await stack.mongo.collection('blocks').countDocuments({ hash: null })).toBe(0);
  });
});

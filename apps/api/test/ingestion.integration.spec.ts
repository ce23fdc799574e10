import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { validateServerFrame } from '@aura/events';

import { ActivityStore } from '../src/activity/activity-store.service';
import type { ContractTransactionRecord } from '../src/activity/schemas/contract-transaction.schema';
import type { TokenEventRecord } from '../src/activity/schemas/token-event.schema';
import { ChainActions, randomAddress } from './support/chain-actions';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';
import { WsRecorder } from './support/ws-recorder';

// The seed's exact field sets: a public contract.
const SEED_FIELDS = {
  new_block: ['number', 'hash', 'timestamp', 'transactions', 'gasUsed'],
  new_transaction: ['hash', 'from', 'to', 'value', 'timestamp'],
  badge_minted: ['txHash', 'address', 'blockNumber'],
  stats_update: ['total_users', 'total_badges', 'total_passports', 'recent_badges_24h'],
};

describe('ingestion: chain → MongoDB → WebSocket (real FerretDB + Hardhat)', () => {
  let stack: TestStack;
  let chain: ChainActions;
  let api: { app: INestApplication; url: string; wsUrl: string };

  beforeAll(async () => {
    stack = await startTestStack();
    chain = new ChainActions(stack.node.rpcUrl, stack.contracts);
    api = await startApi(stack);
    // Wait until the follower has taken its starting point (the head at boot).
    await eventually(async () => {
      const res = await request(api.url).get('/api/monitor/health').expect(200);
      expect(res.body.chain.lastProcessed).not.toBeNull();
    });
  });

  afterAll(async () => {
    await api?.app.close();
    chain?.close();
    await stack?.stop();
  });

  it('stores a mined block and broadcasts it and its badge mint in the seed shapes', async () => {
    const ws = await WsRecorder.open(api.wsUrl);
    const recipient = randomAddress();
    const mint = await chain.mintBadge(recipient);
    const nodeBlock = await stack.node.rpc<{ hash: string; parentHash: string; gasUsed: string }>(
      'eth_getBlockByNumber',
      [`0x${mint.blockNumber.toString(16)}`, false],
    );

    const blockFrame = await eventually(() => {
      const f = ws.ofType('new_block').find((x) => x.data['number'] === mint.blockNumber);
      if (!f) throw new Error(`no new_block ${mint.blockNumber} yet`);
      return f;
    });
    const mintFrame = await eventually(() => {
      const f = ws.ofType('badge_minted').find((x) => x.data['txHash'] === mint.txHash);
      if (!f) throw new Error('no badge_minted yet');
      return f;
    });
    const txFrame = ws.ofType('new_transaction').find((x) => x.data['hash'] === mint.txHash);
    const statsFrame = await eventually(() => {
      const f = ws.ofType('stats_update').at(-1);
      if (!f) throw new Error('no stats_update yet');
      return f;
    });
    ws.close();

    for (const [frame, type] of [
      [blockFrame, 'new_block'],
      [mintFrame, 'badge_minted'],
      [txFrame, 'new_transaction'],
      [statsFrame, 'stats_update'],
    ] as const) {
      expect(frame).toBeDefined();
      expect(validateServerFrame(frame)).toMatchObject({ ok: true });
      for (const field of SEED_FIELDS[type]) expect(frame?.data).toHaveProperty(field);
    }
    expect(blockFrame.data).toMatchObject({
      hash: nodeBlock.hash,
      gasUsed: Number(nodeBlock.gasUsed),
      transactions: 1,
    });
    expect(typeof blockFrame.data['timestamp']).toBe('number');
    expect(mintFrame.data).toMatchObject({
      address: recipient,
      blockNumber: mint.blockNumber,
      tokenId: '1',
      logIndex: 0,
    });
    expect(txFrame?.data).toMatchObject({ from: expect.any(String), to: stack.contracts.badge, value: '0' });
    expect(new Date(String(txFrame?.data['timestamp'])).toISOString()).toBe(txFrame?.data['timestamp']);
    // Users: the recipient, and the minter, who sent a transaction to a watched contract.
    expect(statsFrame.data).toMatchObject({
      total_badges: 1,
      total_users: 2,
      total_passports: 0,
      recent_badges_24h: 1,
    });

    const stored = await stack.mongo.collection('blocks').findOne({ number: mint.blockNumber });
    expect(stored).toMatchObject({ hash: nodeBlock.hash, parentHash: nodeBlock.parentHash, transactionCount: 1 });
  });

  it('serves stats equal to what the chain holds', async () => {
    const before = (await request(api.url).get('/api/monitor/stats').expect(200)).body;
    const alice = randomAddress();
    const bob = randomAddress();
    await chain.mintBadge(alice);
    await chain.mintBadge(alice);
    await chain.mintBadge(bob);
    const last = await chain.issuePassport(bob);
    await eventually(async () => {
      const res = await request(api.url).get('/api/monitor/stats').expect(200);
      expect(res.body.block_height).toBeGreaterThanOrEqual(last.blockNumber);
    });
    const after = (await request(api.url).get('/api/monitor/stats').expect(200)).body;
    const minted = Number(await chain.badge.getFunction('totalMinted')());
    const issued = Number(await chain.passport.getFunction('totalIssued')());
    expect(after).toMatchObject({
      total_badges: minted,
      total_passports: issued,
      recent_badges_24h: minted,
      total_users: before.total_users + 2,
      chain_id: 31337,
    });
  });

  it('answers health with the chain head and database state', async () => {
    const res = await request(api.url).get('/api/monitor/health').expect(200);
    const head = Number(await stack.node.rpc<string>('eth_blockNumber'));
    expect(res.body).toMatchObject({ status: 'live', database: { connected: true, state: 'connected' } });
    expect(res.body.chain).toMatchObject({
      reachable: true,
      chainId: 31337,
      lastError: null,
      subscription: { enabled: false },
    });
    expect(res.body.chain.head).toBeLessThanOrEqual(head);
    expect(res.body.chain.lastProcessed).toBeLessThanOrEqual(res.body.chain.head);
  });

  it('changes nothing when a block is stored twice', async () => {
    const store = api.app.get(ActivityStore);
    const blocks = stack.mongo.collection('blocks');
    const events = stack.mongo.collection('token_events');
    const latest = await blocks.find().sort({ number: -1 }).limit(1).next();
    const counts = async () => [
      await blocks.countDocuments(),
      await events.countDocuments(),
      await stack.mongo.collection('transactions').countDocuments(),
    ];
    const before = await counts();
    const tx = await stack.mongo.collection('transactions').findOne({ blockNumber: latest?.['number'] });
    const ev = await events.findOne({ blockNumber: latest?.['number'] });
    const again = await store.saveBlock({
      block: {
        number: latest?.['number'],
        hash: latest?.['hash'],
        parentHash: latest?.['parentHash'],
        timestamp: 1,
        transactionCount: 99,
        gasUsed: 1,
      },
      transactions: tx ? [{ ...(tx as unknown as ContractTransactionRecord), value: '12345' }] : [],
      tokenEvents: ev ? [{ ...(ev as unknown as TokenEventRecord), tokenId: '999' }] : [],
    });
    expect(again).toBe(false);
    expect(await counts()).toEqual(before);
    // $setOnInsert: the first write wins, nothing is overwritten.
    expect(await blocks.findOne({ hash: latest?.['hash'] })).toMatchObject({
      transactionCount: latest?.['transactionCount'],
    });
  });

  it('resumes after a restart with no gap and no duplicate', async () => {
    await api.app.close();
    // Blocks mined while the API is down must all be ingested when it comes back.
    for (let i = 0; i < 5; i++) await chain.mintBadge(randomAddress());
    const head = Number(await stack.node.rpc<string>('eth_blockNumber'));
    api = await startApi(stack);
    await eventually(async () => {
      const res = await request(api.url).get('/api/monitor/health').expect(200);
      expect(res.body.chain.lastProcessed).toBe(head);
    });
    const stored = await stack.mongo.collection('blocks').find().sort({ number: 1 }).toArray();
    const numbers = stored.map((b) => b['number'] as number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => (numbers[0] as number) + i));
    for (let i = 1; i < stored.length; i++) expect(stored[i]?.['parentHash']).toBe(stored[i - 1]?.['hash']);
    const minted = Number(await chain.badge.getFunction('totalMinted')());
    expect(await stack.mongo.collection('token_events').countDocuments({ kind: 'badge_minted' })).toBe(minted);
  });

  it('replaces blocks that left the canonical chain (reorg by snapshot/revert)', async () => {
    const snapshot = await stack.node.rpc<string>('evm_snapshot');
    const doomed = await chain.mintBadge(randomAddress());
    await stack.node.rpc('evm_mine');
    await eventually(async () => {
      expect(await stack.mongo.collection('blocks').findOne({ number: doomed.blockNumber + 1 })).not.toBeNull();
    });
    await stack.node.rpc('evm_revert', [snapshot]);
    // A different branch, longer than the old one (different timestamps give different hashes).
    const ts = Number(
      (await stack.node.rpc<{ timestamp: string }>('eth_getBlockByNumber', ['latest', false])).timestamp,
    );
    for (let i = 1; i <= 3; i++) await stack.node.rpc('evm_mine', [ts + 100 * i]);
    const head = Number(await stack.node.rpc<string>('eth_blockNumber'));
    await eventually(async () => {
      const res = await request(api.url).get('/api/monitor/health').expect(200);
      expect(res.body.chain.lastProcessed).toBe(head);
    });
    const stored = await stack.mongo
      .collection('blocks')
      .find({ number: { $gte: doomed.blockNumber - 1 } })
      .sort({ number: 1 })
      .toArray();
    for (const b of stored) {
      const nodeBlock = await stack.node.rpc<{ hash: string }>('eth_getBlockByNumber', [
        `0x${(b['number'] as number).toString(16)}`,
        false,
      ]);
      expect(b['hash']).toBe(nodeBlock.hash);
    }
    expect(await stack.mongo.collection('token_events').findOne({ txHash: doomed.txHash })).toBeNull();
    const minted = Number(await chain.badge.getFunction('totalMinted')());
    const stats = (await request(api.url).get('/api/monitor/stats').expect(200)).body;
    expect(stats.total_badges).toBe(minted);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = (await request(api.url).get('/api/docs-json').expect(200)).body;
    // The seed's three paths at least (every route is checked in rest.integration.spec.ts).
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/monitor/health', '/api/monitor/stats', '/api/monitor/activity']),
    );
    await request(api.url).get('/api/docs').expect(200);
  });
});

// CONFIRMATIONS = N: a block is processed only once N blocks sit on top of it.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { ChainActions, randomAddress } from './support/chain-actions';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';

describe('CONFIRMATIONS (real FerretDB + Hardhat)', () => {
  let stack: TestStack;
  let chain: ChainActions;
  let api: { app: INestApplication; url: string; wsUrl: string };

  beforeAll(async () => {
    stack = await startTestStack();
    chain = new ChainActions(stack.node.rpcUrl, stack.contracts);
    api = await startApi(stack, { CONFIRMATIONS: '3', POLL_INTERVAL_MS: '100' });
  });

  afterAll(async () => {
    await api?.app.close();
    chain?.close();
    await stack?.stop();
  });

  it('stores blocks only once 3 blocks deep, and stores them when they are', async () => {
    const mints: { blockNumber: number; txHash: string }[] = [];
    for (let i = 0; i < 5; i++) mints.push(await chain.mintBadge(randomAddress()));
    const head = Number(await stack.node.rpc<string>('eth_blockNumber'));
    const body = await eventually(async () => {
      const res = await request(api.url).get('/api/monitor/health').expect(200);
      expect(res.body.chain.lastProcessed).toBe(head - 3);
      return res.body;
    });
    expect(body.chain).toMatchObject({ confirmations: 3, head, lagBlocks: 0 });
    expect(body.status).toBe('live');
    const events = stack.mongo.collection('token_events');
    for (const m of mints.slice(0, 2)) expect(await events.countDocuments({ txHash: m.txHash })).toBe(1);
    for (const m of mints.slice(2)) expect(await events.countDocuments({ txHash: m.txHash })).toBe(0);

    await stack.node.rpc('hardhat_mine', ['0x3']);
    await eventually(async () => {
      for (const m of mints) expect(await events.countDocuments({ txHash: m.txHash })).toBe(1);
    });
  });
});

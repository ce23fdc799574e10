// With POLYGON_WS_URL, a block reaches clients on its newHeads notification, not on the next poll.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { ChainActions, randomAddress } from './support/chain-actions';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';
import { WsRecorder } from './support/ws-recorder';

describe('newHeads subscription (real Hardhat WebSocket)', () => {
  let stack: TestStack;
  let chain: ChainActions;
  let api: { app: INestApplication; url: string; wsUrl: string };

  beforeAll(async () => {
    stack = await startTestStack();
    chain = new ChainActions(stack.node.rpcUrl, stack.contracts);
    // A poll once a minute: anything faster than that came through the subscription.
    api = await startApi(stack, { POLYGON_WS_URL: stack.node.wsUrl, POLL_INTERVAL_MS: '60000' });
  });

  afterAll(async () => {
    await api?.app.close();
    chain?.close();
    await stack?.stop();
  });

  it('reports the subscription in health and delivers a mined block within seconds', async () => {
    await eventually(async () => {
      const res = await request(api.url).get('/api/monitor/health').expect(200);
      expect(res.body.chain.subscription).toMatchObject({ enabled: true, connected: true });
      // The follower has taken its starting point: a block mined before that is history (caught up,
      // reported by sync_status), not a live new_block.
      expect(res.body.chain.lastProcessed).not.toBeNull();
      expect(res.body.status).toBe('live');
    });
    const ws = await WsRecorder.open(api.wsUrl);
    const started = Date.now();
    const mint = await chain.mintBadge(randomAddress());
    await eventually(() => {
      expect(ws.ofType('new_block').some((f) => f.data['number'] === mint.blockNumber)).toBe(true);
      expect(ws.ofType('badge_minted').some((f) => f.data['txHash'] === mint.txHash)).toBe(true);
    }, 10_000);
    expect(Date.now() - started).toBeLessThan(30_000);
    ws.close();
  });
});

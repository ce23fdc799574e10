// Exactly-once across restarts and safety under abuse on /ws/monitor: epochs, resume limits and
// backpressure, the per-IP connection cap, and resume by block from the store. Real ws clients against
// the real app (FerretDB + Hardhat).
import WebSocket from 'ws';

import { validateServerFrame } from '@aura/events';

import { ChainActions, randomAddress } from './support/chain-actions';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';
import { WsRecorder } from './support/ws-recorder';

type Frame = { type: string; data: Record<string, unknown>; seq?: number; epoch?: string; replay?: boolean };
const framesOf = (r: WsRecorder) => r.frames as Frame[];

describe('gateway: epochs, resume limits, per-IP cap, resume by block', () => {
  let stack: TestStack;
  let chain: ChainActions;
  const open: WsRecorder[] = [];
  const connect = async (wsUrl: string, options?: WebSocket.ClientOptions) => {
    const r = await WsRecorder.open(wsUrl, options);
    open.push(r);
    await eventually(() => expect(r.ofType('snapshot').length + r.ofType('error').length).toBeGreaterThan(0));
    return r;
  };

  beforeAll(async () => {
    stack = await startTestStack();
    chain = new ChainActions(stack.node.rpcUrl, stack.contracts);
  });

  afterEach(() => {
    for (const r of open.splice(0)) r.close();
  });

  afterAll(async () => {
    chain?.close();
    await stack?.stop();
  });

  it('(c) gives each server process its own epoch, on welcome and on every broadcast frame', async () => {
    const first = await startApi(stack, { POLL_INTERVAL_MS: '100' }, { waitLive: true });
    let epoch1: string;
    let lastSeq: number;
    try {
      const r = await connect(first.wsUrl);
      epoch1 = r.frames[0]?.data['epoch'] as string;
      expect(epoch1).toMatch(/^[0-9a-f]{16}$/);
      expect(validateServerFrame(r.frames[0])).toMatchObject({ ok: true });
      await chain.mintBadge(randomAddress());
      await eventually(() => expect(r.ofType('badge_minted')).toHaveLength(1));
      const live = framesOf(r).filter((f) => f.seq !== undefined);
      expect(live.length).toBeGreaterThan(0);
      for (const f of live) {
        expect(f.epoch).toBe(epoch1);
        expect(validateServerFrame(f)).toMatchObject({ ok: true });
      }
      lastSeq = Math.max(...live.map((f) => f.seq as number));
    } finally {
      await first.app.close();
    }

    const second = await startApi(stack, { POLL_INTERVAL_MS: '100' }, { waitLive: true });
    try {
      const r = await connect(second.wsUrl);
      const epoch2 = r.frames[0]?.data['epoch'] as string;
      expect(epoch2).toMatch(/^[0-9a-f]{16}$/);
      expect(epoch2).not.toBe(epoch1);
      // The new process has broadcast fewer seqs (or as many): a seq of the old one is not resumed here.
      r.socket.send(JSON.stringify({ type: 'resume', data: { lastSeq: 0, epoch: epoch1 } }));
      await eventually(() => expect(r.ofType('snapshot')).toHaveLength(2));
      expect(lastSeq).toBeGreaterThan(0);
    } finally {
      await second.app.close();
    }
  });
});

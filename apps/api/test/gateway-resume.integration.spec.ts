// Exactly-once across restarts and safety under abuse on /ws/monitor: epochs, resume limits and
// backpressure, the per-IP connection cap, and resume by block from the store. Real ws clients against
// the real app (FerretDB + Hardhat).
import WebSocket from 'ws';

import { validateServerFrame } from '@aura/events';

import { ChainActions, randomAddress } from './support/chain-actions';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';
import { WsRecorder } from './support/ws-recorder';

/** Opens a socket expecting the upgrade to be refused; resolves with the HTTP status. */
function refusedStatus(url: string, options?: WebSocket.ClientOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('error', () => undefined);
  });
}

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

  it('(e) refuses a client IP beyond MAX_CLIENTS_PER_IP with 429 at the upgrade; behind a trusted proxy each forwarded client counts', async () => {
    // TRUST_PROXY is loopback (the default): the test's connections come from a trusted proxy.
    const api = await startApi(stack, { MAX_CLIENTS_PER_IP: '2', POLL_INTERVAL_MS: '100' });
    try {
      const asClient = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
      const a1 = await connect(api.wsUrl, asClient('203.0.113.1'));
      await connect(api.wsUrl, asClient('203.0.113.1'));
      expect(await refusedStatus(api.wsUrl, asClient('203.0.113.1'))).toBe(429);
      // Another client behind the same proxy is not refused.
      await connect(api.wsUrl, asClient('203.0.113.2'));
      // The proxy's own address (no X-Forwarded-For) is one more address with its own budget.
      await connect(api.wsUrl);
      await connect(api.wsUrl);
      expect(await refusedStatus(api.wsUrl)).toBe(429);
      // A closed connection gives its place back.
      a1.close();
      await eventually(async () => {
        const again = await WsRecorder.open(api.wsUrl, asClient('203.0.113.1'));
        open.push(again);
      });
    } finally {
      await api.app.close();
    }
    // Without a trusted proxy, X-Forwarded-For is the client's own word: ignored, all one address.
    const direct = await startApi(stack, { MAX_CLIENTS_PER_IP: '1', POLL_INTERVAL_MS: '100', TRUST_PROXY: 'false' });
    try {
      await connect(direct.wsUrl, { headers: { 'x-forwarded-for': '203.0.113.1' } });
      expect(await refusedStatus(direct.wsUrl, { headers: { 'x-forwarded-for': '203.0.113.2' } })).toBe(429);
    } finally {
      await direct.app.close();
      // startApi leaves its settings in process.env: later tests get the defaults back.
      delete process.env['MAX_CLIENTS_PER_IP'];
      delete process.env['TRUST_PROXY'];
    }
  });
});

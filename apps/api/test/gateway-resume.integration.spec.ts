// Exactly-once across restarts and safety under abuse on /ws/monitor: epochs, resume limits and
// backpressure, the per-IP connection cap, and resume by block from the store. Real ws clients against
// the real app (FerretDB + Hardhat).
import WebSocket from 'ws';

import { type AnyServerFrame, MonitorClient, validateServerFrame, type WebSocketLike } from '@aura/events';

import { ChainActions, randomAddress } from './support/chain-actions';
import { RpcProxy } from './support/rpc-proxy';
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

  /** A MonitorClient whose every delivered frame is recorded; `target` picks the API it (re)connects to. */
  function recordingClient(target: () => string) {
    const frames: AnyServerFrame[] = [];
    const client = new MonitorClient({
      url: 'ws://unused',
      factory: () => new WebSocket(target()) as unknown as WebSocketLike,
      backoff: { baseMs: 100, maxMs: 500, jitter: 0 },
    });
    client.on('*', (_data, frame) => frames.push(frame));
    const of = (type: string) => frames.filter((f) => f.type === type);
    const mints = () => of('badge_minted').map((f) => (f.data as { txHash: string }).txHash);
    const blocks = () => of('new_block').map((f) => (f.data as { number: number }).number);
    return { client, frames, of, mints, blocks };
  }
  /** Every block once, in order, with no hole. */
  const expectContiguous = (numbers: number[]) =>
    expect(numbers).toEqual(numbers.map((_n, i) => (numbers[0] as number) + i));

  it('(a) resumes by block across a restart: every missed block and mint once, in order, then live ones', async () => {
    let api = await startApi(stack, { POLL_INTERVAL_MS: '100' }, { waitLive: true });
    let url = api.wsUrl;
    const r = recordingClient(() => url);
    try {
      r.client.connect();
      await eventually(() => expect(r.of('snapshot').length).toBeGreaterThan(0));
      const first = await chain.mintBadge(randomAddress());
      await eventually(() => expect(r.mints()).toEqual([first.txHash]));
      const epoch1 = (r.of('welcome')[0]?.data as { epoch: string }).epoch;

      await api.app.close();
      await eventually(() => expect(r.client.state).toBe('reconnecting'));
      const missed: string[] = [];
      for (let i = 0; i < 3; i++) missed.push((await chain.mintBadge(randomAddress())).txHash);
      await stack.node.rpc('hardhat_mine', ['0x3']);

      // Live before the client can reach it: the missed blocks went out to nobody, only the store has them.
      api = await startApi(stack, { POLL_INTERVAL_MS: '100' }, { waitLive: true });
      url = api.wsUrl;
      await eventually(() => expect(r.mints()).toEqual([first.txHash, ...missed]), 30_000);
      const welcomes = r.of('welcome').map((f) => (f.data as { epoch: string }).epoch);
      expect(welcomes.at(-1)).not.toBe(epoch1);
      const live = await chain.mintBadge(randomAddress());
      await eventually(() => expect(r.mints()).toEqual([first.txHash, ...missed, live.txHash]));
      await eventually(async () => {
        const head = Number(await stack.node.rpc<string>('eth_blockNumber'));
        expect(r.blocks().at(-1)).toBe(head);
      });
      expectContiguous(r.blocks());
      // The missed ones came from the store: marked replay, without seq.
      const replayed = r.frames.filter((f) => (f as { replay?: boolean }).replay);
      expect(replayed.length).toBeGreaterThan(0);
      for (const f of replayed) {
        expect((f as { seq?: number }).seq).toBeUndefined();
        expect(validateServerFrame(f)).toMatchObject({ ok: true });
      }
    } finally {
      r.client.close();
      await api.app.close();
    }
  });

  it('(b) replays the blocks stored during a catch-up (more than 32 behind) to a client that stays connected', async () => {
    // An RPC outage while 40 blocks are mined: back, the follower catches up (no live frames for them).
    const proxy = await RpcProxy.start(stack.node.rpcUrl);
    const api = await startApi(stack, { POLYGON_RPC_URL: proxy.url, POLL_INTERVAL_MS: '100' }, { waitLive: true });
    const r = recordingClient(() => api.wsUrl);
    try {
      r.client.connect();
      await eventually(() => expect(r.of('snapshot').length).toBeGreaterThan(0));
      const before = await chain.mintBadge(randomAddress());
      await eventually(() => expect(r.mints()).toEqual([before.txHash]));

      await proxy.down();
      const during: string[] = [];
      for (let i = 0; i < 3; i++) during.push((await chain.mintBadge(randomAddress())).txHash);
      for (let i = 0; i < 37; i++) await stack.node.rpc('evm_mine', []);
      await proxy.up();
      await eventually(
        () => expect(r.of('sync_status').map((f) => (f.data as { state: string }).state)).toContain('live'),
        30_000,
      );
      await eventually(() => expect(r.mints()).toEqual([before.txHash, ...during]), 30_000);
      const after = await chain.mintBadge(randomAddress());
      await eventually(() => expect(r.mints()).toEqual([before.txHash, ...during, after.txHash]));
      await eventually(() => expect(r.blocks().at(-1)).toBe(after.blockNumber));
      expectContiguous(r.blocks());
      expect(r.frames.some((f) => (f as { replay?: boolean }).replay)).toBe(true);
    } finally {
      r.client.close();
      await api.app.close();
      await proxy.down();
      process.env['POLYGON_RPC_URL'] = stack.node.rpcUrl;
    }
  });

  it('(f) tells a client that missed a reorg while away: a reorg frame down to its newest canonical block, then the new branch', async () => {
    let api = await startApi(stack, { POLL_INTERVAL_MS: '100' }, { waitLive: true });
    let url = api.wsUrl;
    const r = recordingClient(() => url);
    try {
      r.client.connect();
      await eventually(() => expect(r.of('snapshot').length).toBeGreaterThan(0));
      const base = Number(await stack.node.rpc<string>('eth_blockNumber'));
      const snapshot = await stack.node.rpc<string>('evm_snapshot');
      const doomed: string[] = [];
      for (let i = 0; i < 2; i++) doomed.push((await chain.mintBadge(randomAddress())).txHash);
      await eventually(() => expect(r.mints()).toEqual(doomed));
      await eventually(() => expect(r.blocks().at(-1)).toBe(base + 2));

      // Away while the two blocks are replaced: nobody is connected to get the reorg frame.
      await api.app.close();
      await eventually(() => expect(r.client.state).toBe('reconnecting'));
      await stack.node.rpc('evm_revert', [snapshot]);
      chain.resetNonce();
      const ts = Number(
        (await stack.node.rpc<{ timestamp: string }>('eth_getBlockByNumber', ['latest', false])).timestamp,
      );
      await stack.node.rpc('evm_mine', [ts + 1_000]);
      const kept = await chain.mintBadge(randomAddress());
      await stack.node.rpc('evm_mine', [ts + 3_000]);
      const head = Number(await stack.node.rpc<string>('eth_blockNumber'));
      expect(head).toBeGreaterThan(base + 2);
      api = await startApi(stack, { POLL_INTERVAL_MS: '100' }, { waitLive: true });
      // The client comes back only once the new process stored the new branch: the reorg happened while
      // it was away (its live reorg frame went to nobody), which is the case under test.
      const headHash = (
        await stack.node.rpc<{ hash: string }>('eth_getBlockByNumber', [`0x${head.toString(16)}`, false])
      ).hash;
      await eventually(
        async () => expect((await stack.mongo.collection('blocks').findOne({ number: head }))?.['hash']).toBe(headHash),
        30_000,
      );
      url = api.wsUrl;

      // What the client holds once it applied each reorg frame: exactly the canonical chain, each once.
      const view = () => {
        const blocks = new Map<number, string[]>();
        const mints: { txHash: string; blockNumber: number }[] = [];
        for (const f of r.frames) {
          if (f.type === 'reorg') {
            const ancestor = f.data.commonAncestor.number;
            for (const n of [...blocks.keys()]) if (n > ancestor) blocks.delete(n);
            mints.splice(0, mints.length, ...mints.filter((m) => m.blockNumber <= ancestor));
          } else if (f.type === 'new_block')
            blocks.set(f.data.number, [...(blocks.get(f.data.number) ?? []), f.data.hash]);
          else if (f.type === 'badge_minted') mints.push({ txHash: f.data.txHash, blockNumber: f.data.blockNumber });
        }
        return { blocks, mints: mints.map((m) => m.txHash) };
      };
      await eventually(() => expect(view().blocks.get(head)).toHaveLength(1), 30_000);
      const reorg = r.of('reorg').at(-1) as AnyServerFrame & { replay?: boolean };
      expect(reorg).toMatchObject({ replay: true, data: { commonAncestor: { number: base }, depth: 2 } });
      expect(validateServerFrame(reorg)).toMatchObject({ ok: true });
      const { blocks, mints } = view();
      for (let n = base - 1; n <= head; n++) {
        const hash = (await stack.node.rpc<{ hash: string }>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false]))
          .hash;
        if (blocks.has(n)) expect(blocks.get(n)).toEqual([hash]);
      }
      for (let n = base + 1; n <= head; n++) expect(blocks.has(n)).toBe(true);
      expect(mints).toEqual([kept.txHash]);
    } finally {
      r.client.close();
      await api.app.close();
    }
  });

  it('(d) refuses a second resume on a connection, and a resume by block beyond RESUME_MAX_BLOCKS', async () => {
    const api = await startApi(stack, { POLL_INTERVAL_MS: '100', RESUME_MAX_BLOCKS: '5' });
    try {
      for (let i = 0; i < 10; i++) await stack.node.rpc('evm_mine', []);
      const r = await connect(api.wsUrl);
      const head = Number(await stack.node.rpc<string>('eth_blockNumber'));
      await eventually(async () =>
        expect((await stack.mongo.collection('blocks').findOne({ number: head })) !== null).toBe(true),
      );
      r.socket.send(JSON.stringify({ type: 'resume', data: { fromBlock: head - 2 } }));
      await eventually(() => expect(r.ofType('new_block').length).toBeGreaterThanOrEqual(3));
      await eventually(() => expect(framesOf(r).filter((f) => f.type === 'sync_status' && f.replay)).toHaveLength(1));
      r.socket.send(JSON.stringify({ type: 'resume', data: { lastSeq: 0 } }));
      // Blocks replayed on this connection already are not read again: only the replay's end comes back.
      r.socket.send(JSON.stringify({ type: 'resume', data: { fromBlock: 0 } }));
      await eventually(() => expect(framesOf(r).filter((f) => f.type === 'sync_status' && f.replay)).toHaveLength(2));
      expect(r.ofType('error').map((f) => f.data['code'])).toEqual(['resume_refused']);
      expect(r.socket.readyState).toBe(WebSocket.OPEN);
      // Each stored block replayed once, in order.
      const numbers = r.ofType('new_block').map((f) => f.data['number'] as number);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      expect(new Set(numbers).size).toBe(numbers.length);

      const far = await connect(api.wsUrl);
      far.socket.send(JSON.stringify({ type: 'resume', data: { fromBlock: head - 10 } }));
      await eventually(() => expect(far.ofType('error').map((f) => f.data['code'])).toEqual(['resume_too_old']));
      expect(far.ofType('new_block')).toHaveLength(0);
    } finally {
      await api.app.close();
      delete process.env['RESUME_MAX_BLOCKS'];
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

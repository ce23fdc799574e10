// The /ws/monitor protocol with real ws clients against the real app (FerretDB + Hardhat).
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import WebSocket from 'ws';

import { MonitorClient, validateServerFrame, type WebSocketLike } from '@aura/events';

import { MonitorGateway } from '../src/gateway/monitor.gateway';
import { ChainActions, randomAddress } from './support/chain-actions';
import { TcpProxy } from './support/tcp-proxy';
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

describe('gateway protocol (real ws clients)', () => {
  let stack: TestStack;
  let chain: ChainActions;
  let api: { app: INestApplication; url: string; wsUrl: string };
  const open: WsRecorder[] = [];
  const connect = async (options?: WebSocket.ClientOptions) => {
    const r = await WsRecorder.open(api.wsUrl, options);
    open.push(r);
    await eventually(() => expect(r.ofType('snapshot').length + r.ofType('error').length).toBeGreaterThan(0));
    return r;
  };

  beforeAll(async () => {
    stack = await startTestStack();
    chain = new ChainActions(stack.node.rpcUrl, stack.contracts);
    api = await startApi(stack, { CORS_ORIGINS: 'http://dashboard.test', POLL_INTERVAL_MS: '100' }, { waitLive: true });
    await chain.mintBadge(randomAddress());
  });

  afterEach(() => {
    for (const r of open.splice(0)) r.close();
  });

  afterAll(async () => {
    await api?.app.close();
    chain?.close();
    await stack?.stop();
  });

  it('greets with welcome then a snapshot of the recent state, both valid', async () => {
    const head = Number(await stack.node.rpc<string>('eth_blockNumber'));
    // Stored means counted and announced (health's lastProcessed), not merely a block row written.
    await eventually(async () => {
      const health = (await (await fetch(`${api.url}/api/monitor/health`)).json()) as {
        chain: { lastProcessed: number | null };
      };
      expect(health.chain.lastProcessed).toBe(head);
    });
    const r = await connect();
    expect(r.frames[0]?.type).toBe('welcome');
    expect(r.frames[1]?.type).toBe('snapshot');
    for (const f of r.frames.slice(0, 2)) expect(validateServerFrame(f)).toMatchObject({ ok: true });
    expect(r.frames[0]?.data).toMatchObject({ protocolVersion: 1, chainId: 31337 });
    const snapshot = r.frames[1]?.data as {
      blocks: { number: number }[];
      badges: unknown[];
      stats: { total_badges: number };
    };
    expect(snapshot.blocks[0]?.number).toBe(head);
    expect(snapshot.blocks.length).toBeLessThanOrEqual(5);
    expect(snapshot.badges).toHaveLength(1);
    expect(snapshot.stats.total_badges).toBe(1);
  });

  it('delivers exactly the subscribed topics and addresses; a silent client gets everything; seq grows', async () => {
    const watched = randomAddress();
    const other = randomAddress();
    const filtered = await connect();
    const blocksOnly = await connect();
    const silent = await connect();
    filtered.socket.send(
      JSON.stringify({ type: 'subscribe', data: { topics: ['badges'], filters: { addresses: [watched] } } }),
    );
    blocksOnly.socket.send(JSON.stringify({ type: 'subscribe', data: { topics: ['blocks'] } }));
    // Subscriptions take effect in order with the socket: a ping answered means the subscribe was handled.
    for (const r of [filtered, blocksOnly]) {
      r.socket.send('{"type":"ping"}');
      await eventually(() => expect(r.ofType('pong')).toHaveLength(1));
    }
    const mine = await chain.mintBadge(watched);
    const theirs = await chain.mintBadge(other);
    await eventually(() =>
      expect(silent.ofType('badge_minted').map((f) => f.data['txHash'])).toEqual([mine.txHash, theirs.txHash]),
    );
    await eventually(() =>
      expect(blocksOnly.ofType('new_block').map((f) => f.data['number'])).toEqual([
        mine.blockNumber,
        theirs.blockNumber,
      ]),
    );

    const live = (r: WsRecorder) => r.frames.filter((f) => !['welcome', 'snapshot', 'pong'].includes(f.type));
    expect(live(filtered).map((f) => [f.type, f.data['txHash']])).toEqual([['badge_minted', mine.txHash]]);
    expect(new Set(live(blocksOnly).map((f) => f.type))).toEqual(new Set(['new_block']));
    const seqs = live(silent).map((f) => (f as unknown as { seq: number }).seq);
    expect(seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as number))).toBe(true);
    for (const f of live(silent)) {
      expect(validateServerFrame(f)).toMatchObject({ ok: true });
      expect(typeof (f as unknown as { ts: string }).ts).toBe('string');
    }
    // stats_update is coalesced (at most one per STATS_INTERVAL_MS): it may come a little later.
    await eventually(() =>
      expect(new Set(live(silent).map((f) => f.type))).toEqual(
        new Set(['new_block', 'new_transaction', 'badge_minted', 'stats_update']),
      ),
    );
  });

  it('broadcasts passport_issued and badge_revoked in valid frames', async () => {
    const r = await connect();
    const holder = randomAddress();
    const passport = await chain.issuePassport(holder);
    const minted = Number(await chain.badge.getFunction('totalMinted')());
    const revoked = await chain.revokeBadge(BigInt(minted));
    await eventually(() => {
      expect(r.ofType('passport_issued').map((f) => f.data['txHash'])).toEqual([passport.txHash]);
      expect(r.ofType('badge_revoked').map((f) => f.data['txHash'])).toEqual([revoked.txHash]);
    });
    for (const f of [...r.ofType('passport_issued'), ...r.ofType('badge_revoked')])
      expect(validateServerFrame(f)).toMatchObject({ ok: true });
    expect(r.ofType('passport_issued')[0]?.data).toMatchObject({
      address: holder,
      blockNumber: passport.blockNumber,
      tokenId: '1',
    });
    expect(r.ofType('badge_revoked')[0]?.data).toMatchObject({
      blockNumber: revoked.blockNumber,
      tokenId: String(minted),
    });
  });

  it('answers bad frames with an error frame and keeps the connection open', async () => {
    const r = await connect();
    r.socket.send('{not json');
    r.socket.send('{"type":"shout"}');
    r.socket.send('{"type":"subscribe","data":{"topics":["gossip"]}}');
    r.socket.send('{"type":"subscribe","data":{"topics":["badges"],"filters":{"addresses":["0x1"]}}}');
    r.socket.send('{"type":"ping"}');
    await eventually(() => expect(r.ofType('pong')).toHaveLength(1));
    expect(r.ofType('error').map((f) => f.data['code'])).toEqual([
      'bad_json',
      'unknown_type',
      'bad_field',
      'bad_field',
    ]);
    for (const f of r.ofType('error')) expect(validateServerFrame(f)).toMatchObject({ ok: true });
    expect(r.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('rate-limits a chatty client without closing it, and closes one that sends more than 4 KiB', async () => {
    const chatty = await connect();
    for (let i = 0; i < 30; i++) chatty.socket.send('{"type":"ping"}');
    await eventually(() => expect(chatty.ofType('error').map((f) => f.data['code'])).toEqual(['rate_limited']));
    expect(chatty.ofType('pong').length).toBeLessThanOrEqual(20);
    expect(chatty.socket.readyState).toBe(WebSocket.OPEN);

    const big = await connect();
    const closed = new Promise<number>((resolve) => big.socket.once('close', (code) => resolve(code)));
    big.socket.send(JSON.stringify({ type: 'ping', data: { pad: 'x'.repeat(5_000) } }));
    expect(await closed).toBe(1009);
  });

  it('refuses a disallowed Origin at the upgrade, and accepts the allowed one and none', async () => {
    expect(await refusedStatus(api.wsUrl, { origin: 'https://evil.example' })).toBe(403);
    const allowed = await connect({ origin: 'http://dashboard.test' });
    expect(allowed.frames[0]?.type).toBe('welcome');
  });

  it('resumes after a drop with every missed event exactly once, or a snapshot when too old', async () => {
    const witness = await connect();
    const dropped = await connect();
    await chain.mintBadge(randomAddress());
    await eventually(() => expect(dropped.ofType('badge_minted')).toHaveLength(1));
    const seqOf = (f: { type: string }) => (f as unknown as { seq?: number }).seq;
    const lastSeq = Math.max(...dropped.frames.map((f) => seqOf(f) ?? 0));
    dropped.close();
    for (let i = 0; i < 3; i++) await chain.mintBadge(randomAddress());
    await eventually(() => expect(witness.ofType('badge_minted')).toHaveLength(4));

    const back = await connect();
    back.socket.send(JSON.stringify({ type: 'resume', data: { lastSeq } }));
    const missed = witness.frames.filter((f) => (seqOf(f) ?? 0) > lastSeq).map(seqOf);
    // 3 x (new_block, new_transaction, badge_minted), plus stats_update frames (coalesced, so 1 to 3).
    const missedTypes = witness.frames.filter((f) => (seqOf(f) ?? 0) > lastSeq).map((f) => f.type);
    expect(missedTypes.filter((t) => ['new_block', 'new_transaction', 'badge_minted'].includes(t))).toHaveLength(9);
    const seen = () => back.frames.map(seqOf).filter((s): s is number => (s ?? 0) > lastSeq);
    await eventually(() => expect(seen()).toEqual(expect.arrayContaining(missed)));
    // Live frames sent between the connect and the resume are not repeated by it: each seq once.
    expect(new Set(seen()).size).toBe(seen().length);

    const stranger = await connect();
    stranger.socket.send(JSON.stringify({ type: 'resume', data: { lastSeq: 1_000_000_000 } }));
    await eventually(() => expect(stranger.ofType('snapshot')).toHaveLength(2));
  });

  it('cannot be made to replay again and again: one resume per connection, paced; a stalled one is not served', async () => {
    const small = await startApi(
      stack,
      {
        WS_SOFT_BUFFER_BYTES: '1024',
        WS_MAX_BUFFER_BYTES: '4096',
        POLL_INTERVAL_MS: '100',
        REPLAY_BUFFER_SIZE: '5000',
      },
      { waitLive: true },
    );
    try {
      const feeder = await WsRecorder.open(small.wsUrl);
      // Mints one at a time, so the follower stays live: each gives block, transaction, mint (and stats).
      for (let i = 0; i < 10; i++) await chain.mintBadge(randomAddress());
      await eventually(() => expect(feeder.ofType('badge_minted').length).toBeGreaterThanOrEqual(10), 30_000);
      const gateway = small.app.get(MonitorGateway);

      // A reading client asks for the whole buffer 20 times: it gets it once, and 19 refusals.
      const greedy = await WsRecorder.open(small.wsUrl);
      for (let i = 0; i < 20; i++) greedy.socket.send(JSON.stringify({ type: 'resume', data: { lastSeq: 0 } }));
      await eventually(() => expect(greedy.ofType('error')).toHaveLength(19));
      expect(new Set(greedy.ofType('error').map((f) => f.data['code']))).toEqual(new Set(['resume_refused']));
      await eventually(() => expect(greedy.ofType('badge_minted')).toHaveLength(10));
      const seqs = greedy.frames.map((f) => (f as { seq?: number }).seq).filter((s) => s !== undefined);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(greedy.socket.readyState).toBe(WebSocket.OPEN);

      // A client that stops reading and asks again and again costs one paced replay, then refusals.
      const stalled = await WsRecorder.open(small.wsUrl);
      (stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause();
      for (let i = 0; i < 20; i++) stalled.socket.send(JSON.stringify({ type: 'resume', data: { lastSeq: 0 } }));
      await eventually(() => expect(gateway.resumesRefused).toBe(19 + 19));
      // Meanwhile everyone else is served at once.
      const next = await chain.mintBadge(randomAddress());
      await eventually(() => expect(feeder.ofType('badge_minted').map((f) => f.data['txHash'])).toContain(next.txHash));
      stalled.socket.terminate();
      greedy.close();
      feeder.close();
    } finally {
      await small.app.close();
    }
  });

  it('the shared MonitorClient reconnects after a cut and resumes: every missed mint once', async () => {
    const port = Number(new URL(api.url).port);
    const proxy = await TcpProxy.start(port);
    const client = new MonitorClient({
      url: `ws://127.0.0.1:${proxy.port}/ws/monitor`,
      factory: (u) => new WebSocket(u) as unknown as WebSocketLike,
      backoff: { baseMs: 200, maxMs: 1_000, jitter: 0 },
    });
    const minted: string[] = [];
    client.on('badge_minted', (b) => minted.push(b.txHash));
    // Start from a quiet follower: earlier mints must not arrive during this test.
    const head = Number(await stack.node.rpc<string>('eth_blockNumber'));
    await eventually(async () =>
      expect((await request(api.url).get('/api/monitor/health')).body.chain.lastProcessed).toBe(head),
    );
    try {
      client.connect();
      client.subscribe(['badges']);
      await eventually(() => expect(client.state).toBe('live'));
      const first = await chain.mintBadge(randomAddress());
      await eventually(() => expect(minted).toEqual([first.txHash]));

      await proxy.cut();
      await eventually(() => expect(client.state).toBe('reconnecting'));
      const whileCut = [
        (await chain.mintBadge(randomAddress())).txHash,
        (await chain.mintBadge(randomAddress())).txHash,
      ];
      await new Promise((r) => setTimeout(r, 500)); // let the server broadcast them to nobody
      await proxy.open();
      await eventually(() => expect(minted).toEqual([first.txHash, ...whileCut]), 15_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(minted).toEqual([first.txHash, ...whileCut]);
    } finally {
      client.close();
      await proxy.cut();
    }
  });

  it('terminates a client that stops answering heartbeat pings, and says goodbye with 1001 on shutdown', async () => {
    const quick = await startApi(stack, { WS_HEARTBEAT_MS: '1000', POLL_INTERVAL_MS: '100' });
    try {
      const gateway = quick.app.get(MonitorGateway);
      const healthy = await WsRecorder.open(quick.wsUrl);
      const silent = await WsRecorder.open(quick.wsUrl);
      await eventually(() => expect(gateway.clientCount).toBe(2));
      // A paused socket reads nothing, so it never answers the server's ping.
      (silent.socket as unknown as { _socket: { pause(): void } })._socket.pause();
      await eventually(() => expect(gateway.clientCount).toBe(1), 10_000);
      expect(healthy.socket.readyState).toBe(WebSocket.OPEN);

      const goodbye = new Promise<number>((resolve) => healthy.socket.once('close', (code) => resolve(code)));
      await quick.app.close();
      expect(await goodbye).toBe(1001);
      silent.close();
    } finally {
      await quick.app.close().catch(() => undefined);
    }
  });

  it('refuses clients beyond MAX_CLIENTS with 503', async () => {
    const small = await startApi(stack, { MAX_CLIENTS: '2', POLL_INTERVAL_MS: '100' });
    try {
      const a = await WsRecorder.open(small.wsUrl);
      const b = await WsRecorder.open(small.wsUrl);
      expect(await refusedStatus(small.wsUrl)).toBe(503);
      a.close();
      b.close();
    } finally {
      await small.app.close();
    }
  });
});

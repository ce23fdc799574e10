import { Logger } from '@nestjs/common';
import { NEVER } from 'rxjs';
import { WebSocket } from 'ws';

import type { ActivityReader } from '../activity/activity-reader.service';
import type { AccessControl } from '../auth/access-control.service';
import type { BlockFollower } from '../chain/block-follower.service';
import type { ChainEvents } from '../chain/chain-events.service';
import type { AppConfig } from '../config/app-config';
import type { MonitorMetrics } from '../metrics/monitor-metrics.service';
import type { StatsService } from '../stats/stats.service';
import { MonitorGateway } from './monitor.gateway';

/** AUTH_MODE=off: nothing is ever revoked. */
const NO_ACCESS_CONTROL = { revocations: NEVER } as unknown as AccessControl;

/** A gateway whose snapshot read fails with `error`, and a client that records what it is sent. */
function gatewayFailingWith(error: Error) {
  const config = { replayBufferSize: 10, statsIntervalMs: 1_000, snapshot: { blocks: 1, transactions: 1, badges: 1 } };
  const gateway = new MonitorGateway(
    {} as ChainEvents,
    { current: () => Promise.reject(error) } as unknown as StatsService,
    {
      blocksNewestFirst: async () => [],
      transactionsNewestFirst: async () => [],
      badgesNewestFirst: async () => [],
    } as unknown as ActivityReader,
    { status: () => ({ chainId: 31337, head: 1 }) } as unknown as BlockFollower,
    config as AppConfig,
    { eventsSent: () => undefined } as unknown as MonitorMetrics,
    NO_ACCESS_CONTROL,
  );
  const sent: { type: string; data: Record<string, unknown> }[] = [];
  const client = {
    readyState: WebSocket.OPEN,
    on: () => undefined,
    send: (text: string) => sent.push(JSON.parse(text)),
  } as unknown as WebSocket;
  return { gateway, client, sent };
}

describe('MonitorGateway snapshot on connect', () => {
  it('sends a plain reason when the database is down, and logs the driver message once', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const outage = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:27017 (mongodb://aura:pw@db.internal)'), {
      name: 'MongoServerSelectionError',
    });
    const { gateway, client, sent } = gatewayFailingWith(outage);
    await gateway.handleConnection(client);
    await gateway.handleConnection(client);

    const errors = sent.filter((f) => f.type === 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]?.data).toEqual({
      code: 'snapshot_unavailable',
      reason: 'no snapshot now (the database is not reachable); live events follow',
    });
    expect(JSON.stringify(sent)).not.toMatch(/10\.1\.2\.3|db\.internal|ECONNREFUSED|pw/);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([`snapshot unavailable: ${outage.message}`]);
    warn.mockRestore();
  });

  it('does not pass on the message of any other failure either', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { gateway, client, sent } = gatewayFailingWith(new TypeError('cannot read x of undefined at 10.0.0.1'));
    await gateway.handleConnection(client);
    expect(sent.find((f) => f.type === 'error')?.data).toEqual({
      code: 'snapshot_unavailable',
      reason: 'no snapshot now (internal error); live events follow',
    });
    warn.mockRestore();
  });
});

describe('MonitorGateway resume and slow clients', () => {
  const HASH = '0x' + 'ab'.repeat(32);
  function setup() {
    const config = {
      replayBufferSize: 10,
      statsIntervalMs: 1_000,
      wsSoftBufferBytes: 1_024,
      wsMaxBufferBytes: 4_096,
      wsHeartbeatMs: 30_000,
      snapshot: { blocks: 0, transactions: 0, badges: 0 },
    };
    const gateway = new MonitorGateway(
      {} as ChainEvents,
      {
        current: () => Promise.resolve({ total_users: 0, total_badges: 0, total_passports: 0, recent_badges_24h: 0 }),
      } as unknown as StatsService,
      {
        blocksNewestFirst: async () => [],
        transactionsNewestFirst: async () => [],
        badgesNewestFirst: async () => [],
      } as unknown as ActivityReader,
      { status: () => ({ chainId: 31337, head: 1 }) } as unknown as BlockFollower,
      config as AppConfig,
      { eventsSent: () => undefined } as unknown as MonitorMetrics,
      NO_ACCESS_CONTROL,
    );
    const sent: { type: string; data: Record<string, unknown>; seq?: number }[] = [];
    const handlers = new Map<string, (...args: unknown[]) => void>();
    const client = {
      readyState: WebSocket.OPEN,
      bufferedAmount: 0,
      on: (event: string, fn: (...args: unknown[]) => void) => handlers.set(event, fn),
      send: (text: string | Buffer) => sent.push(JSON.parse(String(text))),
      close: jest.fn(),
      terminate: jest.fn(),
    };
    const say = (message: unknown) => handlers.get('message')?.(Buffer.from(JSON.stringify(message)), false);
    return { gateway, client, sent, say };
  }
  const block = (n: number) => ({
    type: 'new_block' as const,
    data: { number: n, hash: HASH, timestamp: 1, transactions: 0, gasUsed: 0 },
  });

  it('accepts one resume per connection; a second gets resume_refused and the connection lives', async () => {
    const { gateway, client, sent, say } = setup();
    gateway.broadcast(block(1));
    gateway.broadcast(block(2));
    await gateway.handleConnection(client as unknown as WebSocket);
    say({ type: 'resume', data: { lastSeq: 0, epoch: gateway.epoch } });
    say({ type: 'resume', data: { lastSeq: 0, epoch: gateway.epoch } });
    await new Promise((r) => setImmediate(r));
    expect(sent.map((f) => f.type)).toEqual(['welcome', 'snapshot', 'new_block', 'new_block', 'error']);
    expect(sent[4]?.data['code']).toBe('resume_refused');
    expect(sent.filter((f) => f.type === 'new_block').map((f) => f.seq)).toEqual([1, 2]);
    expect(gateway.resumesRefused).toBe(1);
    expect(client.close).not.toHaveBeenCalled();
  });

  it('closes a client with 1013 when a broadcast finds WS_MAX_BUFFER_BYTES unsent', async () => {
    const { gateway, client } = setup();
    await gateway.handleConnection(client as unknown as WebSocket);
    client.bufferedAmount = 4_096;
    gateway.broadcast(block(3));
    expect(client.close).toHaveBeenCalledWith(1013, 'too slow: reconnect and resume');
    expect(gateway.slowClientsClosed).toBe(1);
    expect(gateway.clientCount).toBe(0);
  });
});

describe('MonitorGateway resume by block', () => {
  const hash = (n: number) => '0x' + n.toString(16).padStart(64, '0');
  const row = (n: number) => ({
    number: n,
    hash: hash(n),
    parentHash: hash(n - 1),
    timestamp: 1,
    transactionCount: 0,
    gasUsed: 0,
  });
  const bundle = (n: number) => ({ block: row(n), transactions: [], tokenEvents: [] });

  it('replays stored blocks in order, holds live ones meanwhile, and sends each block once', async () => {
    let head = 12;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const reads: [number, number][] = [];
    const reader = {
      blocksNewestFirst: async () => [],
      transactionsNewestFirst: async () => [],
      badgesNewestFirst: async () => [],
      storedHeadNumber: async () => head,
      bundlesInRange: async (from: number, to: number) => {
        reads.push([from, to]);
        await gate;
        const out = [];
        for (let n = from; n <= to; n++) out.push(bundle(n));
        return out;
      },
    };
    const gateway = new MonitorGateway(
      {} as ChainEvents,
      {
        current: () => Promise.resolve({ total_users: 0, total_badges: 0, total_passports: 0, recent_badges_24h: 0 }),
      } as unknown as StatsService,
      reader as unknown as ActivityReader,
      { status: () => ({ chainId: 31337, head: 1 }) } as unknown as BlockFollower,
      {
        replayBufferSize: 10,
        resumeMaxBlocks: 100,
        statsIntervalMs: 1_000,
        wsSoftBufferBytes: 1_024,
        wsMaxBufferBytes: 4_096,
        wsHeartbeatMs: 30_000,
        snapshot: { blocks: 0, transactions: 0, badges: 0 },
      } as AppConfig,
      { eventsSent: () => undefined } as unknown as MonitorMetrics,
      NO_ACCESS_CONTROL,
    );
    const sent: { type: string; data: Record<string, unknown>; seq?: number; replay?: boolean }[] = [];
    const handlers = new Map<string, (...args: unknown[]) => void>();
    const client = {
      readyState: WebSocket.OPEN,
      bufferedAmount: 0,
      on: (event: string, fn: (...args: unknown[]) => void) => handlers.set(event, fn),
      send: (text: string | Buffer) => sent.push(JSON.parse(String(text))),
      close: jest.fn(),
      terminate: jest.fn(),
    } as unknown as WebSocket;
    await gateway.handleConnection(client);
    handlers.get('message')?.(Buffer.from(JSON.stringify({ type: 'resume', data: { fromBlock: 10 } })), false);
    await new Promise((r) => setImmediate(r));
    // While the store is read: block 12 (replayed too) and 13 (stored after the head was read) go live.
    gateway.broadcast({ type: 'new_block', data: { ...row(12), transactions: 0 } as never });
    head = 13;
    gateway.broadcast({ type: 'new_block', data: { ...row(13), transactions: 0 } as never });
    handlers.get('message')?.(Buffer.from(JSON.stringify({ type: 'resume', data: { fromBlock: 11 } })), false);
    release();
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    const blocks = sent.filter((f) => f.type === 'new_block');
    expect(blocks.map((f) => [f.data['number'], f.replay ?? false])).toEqual([
      [10, true],
      [11, true],
      [12, true],
      [13, true],
    ]);
    expect(reads).toEqual([
      [10, 12],
      [13, 13],
    ]);
    expect(sent.filter((f) => f.type === 'error').map((f) => f.data['code'])).toEqual(['resume_refused']);
    // Block 13 was replayed from the store: its live broadcast (held) is not sent again.
    gateway.broadcast({ type: 'new_block', data: { ...row(14), transactions: 0 } as never });
    expect(sent.filter((f) => f.type === 'new_block').map((f) => f.data['number'])).toEqual([10, 11, 12, 13, 14]);
    // The replay's end, for this client only, between the last replayed block and the next live one.
    const order = sent.filter((f) => f.type === 'new_block' || f.type === 'sync_status');
    expect(order.map((f) => `${f.type}:${String(f.data['number'] ?? f.data['processed'])}`).slice(-3)).toEqual([
      'new_block:13',
      'sync_status:13',
      'new_block:14',
    ]);
    expect(order.at(-2)?.replay).toBe(true);
  });
});

// Secrets stay in the process: an RPC provider's key (in the URL's path and query) and the database's
// address never reach a client (HTTP bodies and headers, WebSocket frames), and the key never reaches the
// logs, through a normal run, an RPC outage and a database outage.
import { randomBytes } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';

import { ChainActions, randomAddress } from './support/chain-actions';
import { LogCapture } from './support/log-capture';
import { RpcProxy } from './support/rpc-proxy';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';
import { WsRecorder } from './support/ws-recorder';

const secret = (what: string) => `${what}${randomBytes(12).toString('hex')}`;

/** Where `needle` occurs in `texts`: the first line of each text that holds it, and the text around it. */
function hits(texts: string[], needle: string): string[] {
  return texts.flatMap((text) => {
    const at = text.indexOf(needle);
    return at < 0 ? [] : [`${text.split('\n', 1)[0]?.slice(0, 80)} … ${text.slice(Math.max(0, at - 80), at + 40)}`];
  });
}

describe('secrets stay in the process (real FerretDB + Hardhat, RPC through a proxy)', () => {
  const PATH_KEY = secret('pathkey');
  const QUERY_KEY = secret('querykey');
  const WS_KEY = secret('wskey');
  const keys = [PATH_KEY, QUERY_KEY, WS_KEY];

  let stack: TestStack;
  let chain: ChainActions;
  let proxy: RpcProxy;
  let logs: LogCapture;
  let api: { app: INestApplication; url: string; wsUrl: string };
  let bootLog = '';
  /** Everything an HTTP client was served: status line, headers and body of each response. */
  const served: string[] = [];
  const sockets: WsRecorder[] = [];

  async function get(path: string): Promise<{ status: number; body: string }> {
    const res = await fetch(`${api.url}${path}`);
    const body = await res.text();
    const headers: string[] = [];
    res.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
    served.push(`${res.status} ${path}\n${headers.join('\n')}\n${body}`);
    return { status: res.status, body };
  }
  const health = async () => JSON.parse((await get('/api/monitor/health')).body);
  async function openSocket(): Promise<WsRecorder> {
    const ws = await WsRecorder.open(api.wsUrl);
    sockets.push(ws);
    return ws;
  }
  /** The first error or snapshot frame of a new connection (one of the two always follows welcome). */
  const snapshotOrError = (ws: WsRecorder) =>
    eventually(() => {
      const frame = ws.frames.find((f) => f.type === 'snapshot' || f.type === 'error');
      if (!frame) throw new Error('no snapshot or error frame yet');
      return frame;
    }, 30_000);

  beforeAll(async () => {
    stack = await startTestStack();
    chain = new ChainActions(stack.node.rpcUrl, stack.contracts);
    proxy = await RpcProxy.start(stack.node.rpcUrl);
    // Captured from before the app exists: pino picks its destination when it is created.
    logs = LogCapture.start();
    api = await startApi(
      stack,
      {
        // Hardhat answers JSON-RPC on any path, so a provider-style URL reaches it through the proxy.
        POLYGON_RPC_URL: `${proxy.url}/v2/${PATH_KEY}?apikey=${QUERY_KEY}`,
        POLYGON_WS_URL: `${stack.node.wsUrl}/ws/${WS_KEY}`,
        LOG_LEVEL: 'debug',
        POLL_INTERVAL_MS: '100',
      },
      { waitLive: true },
    );
    bootLog = logs.text;
  });

  afterAll(async () => {
    for (const ws of sockets) ws.close();
    await api?.app.close();
    logs?.stop();
    await proxy?.down();
    chain?.close();
    await stack?.stop();
  });

  it('serves and logs no key through a normal run, an RPC outage and a database outage', async () => {
    const live = await openSocket();
    await chain.mintBadge(randomAddress());
    await eventually(() => expect(live.ofType('badge_minted')).toHaveLength(1));
    const healthy = await health();
    await get('/api/monitor/stats');
    await get('/api/monitor/activity?limit=5');
    await get('/api/docs-json');
    const metricsUp = (await get('/metrics')).body;
    expect((await get('/api/monitor/blocks/99999999')).status).toBe(404);

    // RPC outage: every attempt fails, with errors in health, metrics and the log.
    await proxy.down();
    const failing = await eventually(async () => {
      const h = await health();
      expect(h.chain.endpoints[0].healthy).toBe(false);
      expect(h.chain.lastError).not.toBeNull();
      return h;
    }, 30_000);
    const metricsDown = (await get('/metrics')).body;
    await get('/api/monitor/health/ready');
    await proxy.up();
    await eventually(async () => expect((await health()).chain.endpoints[0].healthy).toBe(true), 30_000);

    // Database outage: clients get a plain reason; the driver's message (the database's address) goes to the log.
    const restartDatabase = await stack.stopDatabase();
    try {
      await eventually(async () => expect((await health()).status).toBe('down'), 30_000);
      // The recent feed and the last figures answer from memory; a lookup needs the database.
      const refused = await eventually(async () => {
        const res = await get('/api/monitor/blocks/1');
        expect(res.status).toBe(503);
        return JSON.parse(res.body);
      }, 30_000);
      expect(refused.message).toMatch(/^the database is not reachable right now/);
      // A client connecting now gets its snapshot from memory, or a plain reason (see the gateway's unit test).
      const frame = await snapshotOrError(await openSocket());
      if (frame.type === 'error') expect(frame.data['code']).toBe('snapshot_unavailable');
      await get('/api/monitor/stats');
      await get('/api/monitor/activity?limit=5');
      await get('/api/monitor/health/ready');
    } finally {
      await restartDatabase();
    }
    await eventually(async () => expect((await health()).database.connected).toBe(true), 30_000);
    const frames = sockets.flatMap((ws) => ws.raw);
    const log = logs.text;

    // No key anywhere.
    for (const key of keys) {
      expect({ http: hits(served, key), frames: hits(frames, key), logs: hits(logs.lines, key) }).toEqual({
        http: [],
        frames: [],
        logs: [],
      });
    }
    // The database's address is in the driver's messages only (logged), and none of them reached a client.
    const database = `127.0.0.1:${stack.db.port}`;
    expect(log).toContain(database);
    expect({ http: hits(served, database), frames: hits(frames, database) }).toEqual({ http: [], frames: [] });

    // The endpoint is shown by scheme and host, and the run did write what would have carried the key.
    const rpcName = proxy.url;
    expect(healthy.chain.endpoints).toEqual([{ name: rpcName, url: rpcName, healthy: true, lastError: null }]);
    expect(healthy.chain.subscription.enabled).toBe(true);
    expect(failing.chain.lastError).toContain(`eth_blockNumber failed after 5 attempts: ${rpcName}: `);
    expect(failing.chain.endpoints[0].lastError).toContain(`${rpcName}: `);
    expect(metricsUp).toContain(`aura_rpc_endpoint_up{endpoint="${rpcName}"} 1`);
    expect(metricsDown).toContain(`aura_rpc_endpoint_up{endpoint="${rpcName}"} 0`);
    expect(log).toContain(`following ${rpcName} every 100 ms`);
    expect(log).toContain(`eth_blockNumber on ${rpcName} failed (attempt 1)`);
    expect(log).toMatch(/GET \/api\/monitor\/blocks\/1: database unavailable \(request [\w-]+\): \S/);
  });

  it('boots without a route warning (the logger middleware uses a named wildcard)', () => {
    expect(bootLog).toContain('Mapped {/api/monitor/health, GET} route');
    expect(bootLog).not.toContain('Unsupported route path');
  });
});

// An HTTP JSON-RPC proxy that misbehaves like a paid provider on a bad day, at a seeded rate: 5xx, 429
// with Retry-After, connection resets, answers that never come (past the client's timeout) and
// truncated JSON. It can also go down altogether (an outage) and come back.
import { createServer, type Server } from 'node:http';

import type { SeededRandom } from './random';

export const RPC_FAULTS = ['http-503', 'http-429', 'reset', 'hang', 'truncated'] as const;
export type RpcFault = (typeof RPC_FAULTS)[number];

export class FaultyRpcProxy {
  private server: Server | null = null;
  readonly injected: Record<RpcFault, number> = { 'http-503': 0, 'http-429': 0, reset: 0, hang: 0, truncated: 0 };
  requests = 0;
  /** Fraction of requests that get a fault (0 while quiet). */
  rate: number;

  constructor(
    readonly port: number,
    private readonly target: string,
    private readonly random: SeededRandom,
    options: { rate: number; hangMs: number },
  ) {
    this.rate = options.rate;
    this.hangMs = options.hangMs;
  }

  private readonly hangMs: number;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get isUp(): boolean {
    return this.server !== null;
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.answer(Buffer.concat(chunks), req.socket, res));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  /** An outage: open connections are dropped and new ones refused until up(). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(
    body: Buffer,
    socket: import('node:net').Socket,
    res: import('node:http').ServerResponse,
  ): Promise<void> {
    this.requests++;
    const fault = this.random.chance(this.rate) ? this.random.pick(RPC_FAULTS) : null;
    if (fault) this.injected[fault]++;
    if (fault === 'http-503') {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('upstream unavailable');
      return;
    }
    if (fault === 'http-429') {
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' }).end('{"error":"rate limited"}');
      return;
    }
    if (fault === 'reset') {
      socket.destroy();
      return;
    }
    if (fault === 'hang') {
      setTimeout(() => socket.destroy(), this.hangMs).unref();
      return;
    }
    try {
      const upstream = await fetch(this.target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body.toString(),
      });
      const text = await upstream.text();
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(fault === 'truncated' ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text);
    } catch {
      res.writeHead(502).end();
    }
  }
}

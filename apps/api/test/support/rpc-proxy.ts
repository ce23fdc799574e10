// An HTTP proxy between the API and the node that a test can stop, start and make misbehave.
import { createServer, type Server } from 'node:http';

import { freePort } from '@aura/tools/stack/processes';

/** One JSON-RPC call as the proxy saw it (alone or inside a batch). */
export interface ProxiedCall {
  method: string;
  params: unknown[];
}

/** Sees every call with the node's result and returns the result to send instead (or the same). */
export type RpcRewrite = (call: ProxiedCall, result: unknown) => unknown;

export class RpcProxy {
  private server: Server | null = null;
  /** Number of upcoming answers to replace with garbage. */
  private garbage = 0;
  /** Number of upcoming eth_getBlockByNumber answers whose block loses its hash. */
  private brokenBlocks = 0;
  requests = 0;
  /** eth_getLogs over more blocks than this is refused like a provider does (-32005); null: no limit. */
  private maxLogRange: number | null = null;
  refusedLogRanges = 0;
  /** When set, every successful call's result passes through it (tests count calls and rewrite answers). */
  rewrite: RpcRewrite | null = null;

  private constructor(
    readonly port: number,
    private readonly target: string,
  ) {}

  static async start(target: string): Promise<RpcProxy> {
    const proxy = new RpcProxy(await freePort(), target);
    await proxy.up();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Answers the next `n` requests with a body that is not JSON. */
  corruptNext(n: number): void {
    this.garbage = n;
  }

  limitLogRange(blocks: number | null): void {
    this.maxLogRange = blocks;
  }

  /** Strips the hash from the blocks of the next `n` block answers. */
  breakNextBlocks(n: number): void {
    this.brokenBlocks = n;
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        this.requests++;
        if (this.garbage > 0) {
          this.garbage--;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"jsonrpc":"2.0","id":');
          return;
        }
        const refusal = this.refuseLargeLogRange(Buffer.concat(chunks).toString());
        if (refusal) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(refusal);
          return;
        }
        try {
          const upstream = await fetch(this.target, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: Buffer.concat(chunks),
          });
          let text = await upstream.text();
          if (this.rewrite) text = this.applyRewrite(this.rewrite, Buffer.concat(chunks).toString(), text);
          if (this.brokenBlocks > 0 && text.includes('"parentHash"')) {
            this.brokenBlocks--;
            text = text.replace(/"hash":"0x[0-9a-f]{64}","/, '"hash":null,"');
          }
          res.writeHead(upstream.status, { 'content-type': 'application/json' });
          res.end(text);
        } catch {
          res.writeHead(502);
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  private applyRewrite(rewrite: RpcRewrite, requestBody: string, answerText: string): string {
    let request: unknown;
    let answer: unknown;
    try {
      request = JSON.parse(requestBody);
      answer = JSON.parse(answerText);
    } catch {
      return answerText;
    }
    const calls = new Map<unknown, ProxiedCall>();
    for (const c of (Array.isArray(request) ? request : [request]) as {
      id?: unknown;
      method?: string;
      params?: unknown[];
    }[])
      calls.set(c.id, { method: String(c.method), params: c.params ?? [] });
    const rewriteOne = (a: { id?: unknown; result?: unknown }) => {
      const call = calls.get(a.id);
      return call && 'result' in a ? { ...a, result: rewrite(call, a.result) } : a;
    };
    return JSON.stringify(Array.isArray(answer) ? answer.map(rewriteOne) : rewriteOne(answer as never));
  }

  private refuseLargeLogRange(body: string): string | null {
    if (this.maxLogRange === null) return null;
    let call: { id?: unknown; method?: string; params?: { fromBlock?: string; toBlock?: string }[] };
    try {
      call = JSON.parse(body);
    } catch {
      return null;
    }
    const range = call.method === 'eth_getLogs' ? call.params?.[0] : undefined;
    if (!range?.fromBlock || !range.toBlock) return null;
    if (Number(range.toBlock) - Number(range.fromBlock) + 1 <= this.maxLogRange) return null;
    this.refusedLogRanges++;
    return JSON.stringify({
      jsonrpc: '2.0',
      id: call.id,
      error: { code: -32005, message: 'query returned more than 10000 results' },
    });
  }

  /** Stops listening and drops open connections: the API sees ECONNREFUSED. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

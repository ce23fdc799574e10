// A TCP proxy in front of the database that cuts connections at seeded moments: as a command arrives
// (it never reaches the server) or as its answer comes back (the server applied it, the client never
// learns): the second is the case that makes a non-idempotent retry count twice.
import { connect, createServer, type Server, type Socket } from 'node:net';

import type { SeededRandom } from './random';

export class FaultyTcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  readonly injected = { beforeCommand: 0, answerLost: 0 };
  /** Fraction of client → server and server → client chunks that cut the connection (0 while quiet). */
  rate: number;

  constructor(
    readonly port: number,
    private readonly targetPort: number,
    private readonly random: SeededRandom,
    options: { rate: number },
  ) {
    this.rate = options.rate;
  }

  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      const cut = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('data', (chunk: Buffer) => {
        if (this.random.chance(this.rate)) {
          this.injected.beforeCommand++;
          cut();
        } else upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (this.random.chance(this.rate)) {
          this.injected.answerLost++;
          cut();
        } else client.write(chunk);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

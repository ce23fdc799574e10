// `npm run bench:fanout`: N WebSocket clients (1k, 5k, 10k) on one API process. Prints p50/p99 delivery
// latency of a broadcast (server send time `ts` → client receipt) and server memory per connection.
// Loopback only; stops by itself.
import WebSocket from 'ws';

import { machineLine, percentile, rssMb, startBenchApi, startBenchStack } from './support';

const SIZES = (process.env['BENCH_CLIENTS'] ?? '1000,5000,10000').split(',').map(Number);
const BROADCASTS = Number(process.env['BENCH_BROADCASTS'] ?? 20);

// Raw sockets on purpose: 10k MonitorClients would validate every frame in this process, and the
// figure would measure the load generator rather than the server's fan-out.
async function openClients(url: string, n: number, onBlock: (latencyMs: number) => void): Promise<WebSocket[]> {
  const clients: WebSocket[] = [];
  for (let i = 0; i < n; i += 500) {
    const batch = Array.from(
      { length: Math.min(500, n - i) },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url, { perMessageDeflate: false });
          ws.on('message', (raw) => {
            const text = raw.toString();
            if (!text.startsWith('{"type":"new_block"')) return;
            const ts = JSON.parse(text).ts as string;
            onBlock(Date.now() - Date.parse(ts));
          });
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        }),
    );
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

async function main(): Promise<void> {
  const stack = await startBenchStack();
  const api = await startBenchApi(stack, {
    POLL_INTERVAL_MS: '100',
    MAX_CLIENTS: '100000',
    POLYGON_WS_URL: stack.node.wsUrl,
  });
  const pid = api.proc.child.pid as number;
  const rows: string[] = [];
  try {
    await new Promise((r) => setTimeout(r, 2_000));
    for (const n of SIZES) {
      const before = rssMb(pid);
      const latencies: number[] = [];
      const started = Date.now();
      const clients = await openClients(api.wsUrl, n, (ms) => latencies.push(ms));
      const connectSeconds = (Date.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 1_000));
      const after = rssMb(pid);
      for (let i = 0; i < BROADCASTS; i++) {
        await stack.node.rpc('evm_mine');
        await new Promise((r) => setTimeout(r, 400));
      }
      await new Promise((r) => setTimeout(r, 1_000));
      latencies.sort((a, b) => a - b);
      const expected = n * BROADCASTS;
      rows.push(
        `| ${n} | ${connectSeconds.toFixed(1)} | ${latencies.length}/${expected} | ${percentile(latencies, 50)} | ${percentile(latencies, 99)} | ${(((after - before) * 1024) / n).toFixed(1)} |`,
      );
      for (const c of clients) c.terminate();
      await new Promise((r) => setTimeout(r, 2_000));
    }
  } finally {
    await api.proc.stop();
    await stack.stop();
  }
  console.log(machineLine());
  console.log(`${BROADCASTS} new_block broadcasts per size; latency = client receipt - server ts (same clock)\n`);
  console.log('| clients | connect (s) | frames received | p50 (ms) | p99 (ms) | server RSS per connection (KiB) |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});

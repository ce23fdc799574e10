// `npm run bench:latency`: block mined on the local chain → its new_block at a WebSocket client, with
// polling (POLL_INTERVAL_MS=1000) and with the newHeads subscription. Prints p50/p99. Loopback only.
import WebSocket from 'ws';

import { MonitorClient, type WebSocketLike } from '@aura/events';

import { machineLine, percentile, startBenchApi, startBenchStack } from './support';

const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 30);

async function measure(wsUrl: string, mine: () => Promise<number>): Promise<number[]> {
  // The shared typed client, as an integration would use it (validation included in the figure).
  const client = new MonitorClient({ url: wsUrl, factory: (u) => new WebSocket(u) as unknown as WebSocketLike });
  const live = new Promise<void>((resolve) => client.on('welcome', () => resolve()));
  client.connect();
  client.subscribe(['blocks']);
  await live;
  const waiting = new Map<number, (t: number) => void>();
  client.on('new_block', (b) => waiting.get(b.number)?.(Date.now()));
  const out: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    // Mine at a random phase of the poll period, as real blocks arrive.
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 1_000));
    const t0 = Date.now();
    const number = await mine();
    const t1 = await new Promise<number>((resolve) => waiting.set(number, resolve));
    out.push(t1 - t0);
  }
  client.close();
  return out.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const stack = await startBenchStack();
  const mine = async () => {
    await stack.node.rpc('evm_mine');
    return Number(await stack.node.rpc<string>('eth_blockNumber'));
  };
  const rows: string[] = [];
  try {
    for (const [mode, env] of [
      ['polling, POLL_INTERVAL_MS=1000', { POLL_INTERVAL_MS: '1000' }],
      ['newHeads subscription', { POLL_INTERVAL_MS: '1000', POLYGON_WS_URL: stack.node.wsUrl }],
    ] as const) {
      const api = await startBenchApi(stack, env);
      await new Promise((r) => setTimeout(r, 2_000));
      const samples = await measure(api.wsUrl, mine);
      rows.push(`| ${mode} | ${samples.length} | ${percentile(samples, 50)} | ${percentile(samples, 99)} |`);
      await api.proc.stop();
    }
  } finally {
    await stack.stop();
  }
  console.log(machineLine());
  console.log('block mined (evm_mine returned) → new_block received by a ws client:\n');
  console.log('| head source | samples | p50 (ms) | p99 (ms) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});

// `npm run ws:tail [-- --url ws://host:8080/ws/monitor] [--topics badges,blocks] [--address 0x…]`
// Prints live events from /ws/monitor, one line each (the seed's test_websocket.py, with reconnect and
// resume). Ctrl-C stops it.
import WebSocket from 'ws';

import { MonitorClient, type Topic, TOPICS, type WebSocketLike } from '@aura/events';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const url = arg('url') ?? `ws://localhost:${process.env['PORT'] ?? 8080}/ws/monitor`;
const topics = arg('topics')
  ?.split(',')
  .map((t) => t.trim()) as Topic[] | undefined;
const address = arg('address');
const bad = topics?.filter((t) => !(TOPICS as readonly string[]).includes(t)) ?? [];
if (bad.length) {
  console.error(`unknown topic(s) ${bad.join(', ')}; topics are ${TOPICS.join(', ')}`);
  process.exit(2);
}

const client = new MonitorClient({
  url,
  factory: (u) => new WebSocket(u) as unknown as WebSocketLike,
  onState: (state) => console.error(`[${new Date().toISOString()}] ${state} (${url})`),
  onInvalid: (errors) => console.error(`invalid frame: ${errors.join('; ')}`),
});
client.on('*', (data, frame) => {
  const seq = (frame as { seq?: number }).seq;
  console.log(
    `${new Date().toISOString()} ${seq === undefined ? '' : `#${seq} `}${frame.type} ${JSON.stringify(data)}`,
  );
});
client.connect();
if (topics?.length) client.subscribe(topics, address ? { addresses: [address.toLowerCase()] } : undefined);
process.on('SIGINT', () => {
  client.close();
  process.exit(0);
});

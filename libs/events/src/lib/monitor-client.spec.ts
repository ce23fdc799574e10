import { MonitorClient, type WebSocketLike } from './monitor-client';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
}

const HASH = '0x' + 'ab'.repeat(32);
const block = (n: number, seq: number) => ({
  type: 'new_block',
  data: { number: n, hash: HASH, timestamp: 1, transactions: 0, gasUsed: 0 },
  seq,
  ts: '2026-01-01T00:00:00Z',
});
const EPOCH = 'aaaaaaaaaaaaaaaa';
/** The end of a replay by block: a sync_status sent to the resuming client only. */
const replayEnd = (through: number) => ({
  type: 'sync_status',
  data: { state: 'live', head: through, processed: through, lagBlocks: 0, blocksPerSecond: null, etaSeconds: null },
  replay: true,
});
const welcome = (lastSeq: number, epoch: string | null = EPOCH, oldestSeq?: number) => ({
  type: 'welcome',
  data: {
    protocolVersion: 1,
    serverTime: '2026-01-01T00:00:00Z',
    chainId: 1,
    head: 1,
    lastSeq,
    ...(epoch ? { epoch } : {}),
    ...(oldestSeq !== undefined ? { oldestSeq } : {}),
  },
});

describe('MonitorClient', () => {
  let sockets: FakeSocket[];
  let timers: { fn: () => void; ms: number }[];
  let client: MonitorClient;
  const states: string[] = [];

  beforeEach(() => {
    sockets = [];
    timers = [];
    states.length = 0;
    client = new MonitorClient({
      url: 'ws://x/ws/monitor',
      factory: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      random: () => 1,
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      clearTimer: () => undefined,
      onState: (s) => states.push(s),
    });
  });

  it('delivers valid frames by type and reports invalid ones', () => {
    const invalid: string[][] = [];
    const c = new MonitorClient({
      url: 'ws://x',
      factory: () => (sockets[0] = new FakeSocket()),
      onInvalid: (e) => invalid.push(e),
    });
    const numbers: number[] = [];
    c.on('new_block', (b) => numbers.push(b.number));
    c.connect();
    sockets[0]?.open();
    sockets[0]?.receive(block(7, 1));
    sockets[0]?.receive({ type: 'new_block', data: { number: 'x' } });
    expect(numbers).toEqual([7]);
    expect(invalid).toHaveLength(1);
  });

  it('reconnects with growing delays, re-subscribes, resumes from the last seq and delivers each seq once', () => {
    const seen: number[] = [];
    client.on('new_block', (b) => seen.push(b.number));
    client.connect();
    sockets[0]?.open();
    sockets[0]?.receive(welcome(9));
    client.subscribe(['blocks']);
    sockets[0]?.receive(block(1, 10));
    sockets[0]?.receive(block(2, 11));
    sockets[0]?.drop();
    expect(client.state).toBe('reconnecting');
    expect(timers[0]?.ms).toBe(500);
    timers[0]?.fn();
    sockets[1]?.drop();
    expect(timers[1]?.ms).toBe(1_000);
    timers[1]?.fn();
    sockets[2]?.open();
    expect(sockets[2]?.sent).toEqual([{ type: 'subscribe', data: { topics: ['blocks'] } }]);
    sockets[2]?.receive(welcome(13));
    expect(sockets[2]?.sent).toEqual([
      { type: 'subscribe', data: { topics: ['blocks'] } },
      { type: 'resume', data: { lastSeq: 11, epoch: EPOCH } },
    ]);
    sockets[2]?.receive(block(2, 11)); // overlap: already seen
    sockets[2]?.receive(block(3, 12));
    sockets[2]?.receive(block(4, 13));
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });

  it('takes replayed events that arrive after a live one, each once', () => {
    const seen: number[] = [];
    client.on('new_block', (b) => seen.push(b.number));
    client.connect();
    sockets[0]?.open();
    sockets[0]?.receive(welcome(9));
    sockets[0]?.receive(block(1, 10));
    sockets[0]?.drop();
    timers[0]?.fn();
    sockets[1]?.open();
    sockets[1]?.receive(welcome(12));
    sockets[1]?.receive(block(4, 13)); // live, before the server read the resume
    sockets[1]?.receive(block(2, 11)); // replayed
    sockets[1]?.receive(block(3, 12));
    sockets[1]?.receive(block(3, 12)); // a repeat is still dropped
    sockets[1]?.receive(block(1, 10)); // from before the drop: dropped
    expect(seen).toEqual([1, 4, 2, 3]);
    expect(client.lastSeq).toBe(13);
  });

  it('forgets its seq when a new server process greets it (lower seq, no epoch)', () => {
    const seen: number[] = [];
    client.on('new_block', (b) => seen.push(b.number));
    client.connect();
    sockets[0]?.open();
    sockets[0]?.receive(welcome(499, null));
    sockets[0]?.receive(block(1, 500));
    sockets[0]?.drop();
    timers[0]?.fn();
    sockets[1]?.open();
    sockets[1]?.receive(welcome(3, null));
    sockets[1]?.receive(block(2, 4));
    expect(seen).toEqual([1, 2]);
    expect(client.lastSeq).toBe(4);
    expect(sockets[1]?.sent).toEqual([
      { type: 'resume', data: { fromBlock: 1, recentBlocks: [{ number: 1, hash: HASH }] } },
    ]);
  });

  it('does not resume by seq from another epoch, even with a higher seq there', () => {
    const seen: number[] = [];
    client.on('new_block', (b) => seen.push(b.number));
    client.connect();
    sockets[0]?.open();
    sockets[0]?.receive(welcome(9));
    sockets[0]?.receive(block(1, 10));
    sockets[0]?.drop();
    timers[0]?.fn();
    sockets[1]?.open();
    // Restarted and already past seq 10: its seq 5 to 40 are other events than ours.
    sockets[1]?.receive(welcome(40, 'bbbbbbbbbbbbbbbb'));
    expect(sockets[1]?.sent).toEqual([
      { type: 'resume', data: { fromBlock: 1, recentBlocks: [{ number: 1, hash: HASH }] } },
    ]);
    sockets[1]?.receive({ ...block(2, 5), epoch: 'bbbbbbbbbbbbbbbb' });
    expect(seen).toEqual([1, 2]);
    expect(client.lastSeq).toBe(5);
  });

  it('does not resume by seq when the server no longer buffers the events after it', () => {
    client.connect();
    sockets[0]?.open();
    sockets[0]?.receive(welcome(9));
    sockets[0]?.receive(block(1, 10));
    sockets[0]?.drop();
    timers[0]?.fn();
    sockets[1]?.open();
    sockets[1]?.receive(welcome(5_000, EPOCH, 4_000));
    expect(sockets[1]?.sent).toEqual([
      { type: 'resume', data: { fromBlock: 1, recentBlocks: [{ number: 1, hash: HASH }] } },
    ]);
  });

  it('resumes by block after a restart (new epoch), and drops the repeats of its last block', () => {
    const seen: string[] = [];
    client.on('*', (_d, f) => seen.push(`${f.type}:${(f.data as { number?: number }).number ?? ''}`));
    client.connect();
    sockets[0]?.open();
    sockets[0]?.receive(welcome(9));
    sockets[0]?.receive(block(7, 10));
    sockets[0]?.drop();
    timers[0]?.fn();
    sockets[1]?.open();
    sockets[1]?.receive(welcome(2, 'bbbbbbbbbbbbbbbb'));
    expect(sockets[1]?.sent).toEqual([
      { type: 'resume', data: { fromBlock: 7, recentBlocks: [{ number: 7, hash: HASH }] } },
    ]);
    sockets[1]?.receive({ ...block(7, 0), seq: undefined, replay: true, epoch: 'bbbbbbbbbbbbbbbb' });
    sockets[1]?.receive({ ...block(8, 0), seq: undefined, replay: true, epoch: 'bbbbbbbbbbbbbbbb' });
    sockets[1]?.receive(replayEnd(8));
    sockets[1]?.receive({ ...block(9, 3), epoch: 'bbbbbbbbbbbbbbbb' });
    expect(seen.filter((s) => s.startsWith('new_block'))).toEqual(['new_block:7', 'new_block:8', 'new_block:9']);
    expect(client.lastBlock).toBe(9);
  });

  it('after a catch-up reported by sync_status, asks for the blocks after the last one received', () => {
    const sync = (state: 'syncing' | 'live') => ({
      type: 'sync_status',
      data: { state, head: 100, processed: 50, lagBlocks: 50, blocksPerSecond: null, etaSeconds: null },
      seq: 20,
    });
    client.connect();
    sockets[0]?.open();
    sockets[0]?.receive(welcome(9));
    sockets[0]?.receive(block(40, 10));
    sockets[0]?.receive({ ...sync('syncing'), seq: 11 });
    sockets[0]?.receive({ ...sync('live'), seq: 12 });
    expect(sockets[0]?.sent).toEqual([
      { type: 'resume', data: { fromBlock: 41, recentBlocks: [{ number: 40, hash: HASH }] } },
    ]);
    sockets[0]?.receive({ ...sync('live'), seq: 13 });
    expect(sockets[0]?.sent).toHaveLength(1);
  });

  it('resumes after a catch-up whose syncing frames it never saw, and asks again after resume_failed', () => {
    const live = (processed: number, seq: number) => ({
      type: 'sync_status',
      data: { state: 'live', head: processed, processed, lagBlocks: 0, blocksPerSecond: null, etaSeconds: 0 },
      seq,
    });
    client.connect();
    sockets[0]?.open();
    sockets[0]?.receive(welcome(9));
    sockets[0]?.receive(block(40, 10));
    sockets[0]?.receive(live(40, 11));
    expect(sockets[0]?.sent).toEqual([]);
    sockets[0]?.receive(live(60, 12));
    const refs = [{ number: 40, hash: HASH }];
    expect(sockets[0]?.sent).toEqual([{ type: 'resume', data: { fromBlock: 41, recentBlocks: refs } }]);
    sockets[0]?.receive({ type: 'error', data: { code: 'resume_failed', reason: 'store unreachable' } });
    timers[timers.length - 1]?.fn();
    // From the newest block received (the server skips what it replayed on this connection already).
    expect(sockets[0]?.sent).toEqual([
      { type: 'resume', data: { fromBlock: 41, recentBlocks: refs } },
      { type: 'resume', data: { fromBlock: 40, recentBlocks: refs } },
    ]);
  });

  it('resumes from a replay in progress when live events overtook it, each event once', () => {
    const seen: number[] = [];
    client.on('new_block', (b) => seen.push(b.number));
    const live = (processed: number) => ({
      type: 'sync_status',
      data: { state: 'live', head: processed, processed, lagBlocks: 0, blocksPerSecond: null, etaSeconds: 0 },
    });
    client.connect();
    sockets[0]?.open();
    sockets[0]?.receive(welcome(9));
    sockets[0]?.receive(block(40, 10));
    sockets[0]?.receive(live(50)); // a catch-up stored 41..50 without broadcasting them
    sockets[0]?.receive(block(51, 11)); // live, sent before the server read the resume
    const replayed = (n: number) => ({ ...block(n, 0), seq: undefined, replay: true });
    sockets[0]?.receive(replayed(41));
    sockets[0]?.receive(replayed(42));
    expect(client.lastBlock).toBe(42);
    sockets[0]?.drop();
    timers[0]?.fn();
    sockets[1]?.open();
    sockets[1]?.receive(welcome(0, 'bbbbbbbbbbbbbbbb'));
    expect(sockets[1]?.sent).toEqual([
      expect.objectContaining({ type: 'resume', data: expect.objectContaining({ fromBlock: 42 }) }),
    ]);
    for (const n of [42, 43, 44, 45, 46, 47, 48, 49, 50, 51]) sockets[1]?.receive(replayed(n));
    sockets[1]?.receive(replayEnd(51));
    sockets[1]?.receive({ ...block(52, 1), epoch: 'bbbbbbbbbbbbbbbb' });
    expect(seen).toEqual([40, 51, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 52]);
    expect(client.lastBlock).toBe(52);
  });

  it('sends the hashes of its newest blocks with a resume, and takes the reorg replayed for it', () => {
    const hashed = (n: number, h: string) => ({
      ...block(n, 0),
      seq: undefined,
      data: { ...block(n, 0).data, hash: h },
    });
    const seen: string[] = [];
    client.on('new_block', (b) => seen.push(`${b.number}:${b.hash.slice(2, 4)}`));
    client.connect();
    sockets[0]?.open();
    sockets[0]?.receive(welcome(0, null));
    for (const n of [10, 11, 12]) sockets[0]?.receive(hashed(n, '0x' + 'aa'.repeat(32)));
    sockets[0]?.drop();
    timers[0]?.fn();
    sockets[1]?.open();
    sockets[1]?.receive(welcome(0, 'bbbbbbbbbbbbbbbb'));
    const old = '0x' + 'aa'.repeat(32);
    expect(sockets[1]?.sent).toEqual([
      {
        type: 'resume',
        data: {
          fromBlock: 12,
          recentBlocks: [
            { number: 12, hash: old },
            { number: 11, hash: old },
            { number: 10, hash: old },
          ],
        },
      },
    ]);
    sockets[1]?.receive({
      type: 'reorg',
      replay: true,
      data: {
        commonAncestor: { number: 10, hash: old },
        oldHead: { number: 12, hash: old },
        newHead: { number: 11, hash: '0x' + 'bb'.repeat(32) },
        depth: 2,
        removed: {
          blocks: 2,
          transactions: 0,
          badges_minted: 0,
          passports_issued: 0,
          badges_revoked: 0,
          blockHashes: [old, old],
        },
      },
    });
    expect(client.lastBlock).toBe(10);
    for (const n of [11, 12]) sockets[1]?.receive({ ...hashed(n, '0x' + 'bb'.repeat(32)), replay: true });
    sockets[1]?.receive(replayEnd(12));
    expect(seen).toEqual(['10:aa', '11:aa', '12:aa', '11:bb', '12:bb']);
    expect(client.lastBlock).toBe(12);
  });

  it('does not reconnect after close()', () => {
    client.connect();
    sockets[0]?.open();
    client.close();
    sockets[0]?.drop();
    expect(timers).toHaveLength(0);
    expect(client.state).toBe('closed');
  });
});

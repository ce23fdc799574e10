import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import type { WebSocketSubjectConfig } from 'rxjs/webSocket';

import { MonitorSocket, NETWORK_EVENTS, WEB_SOCKET_FACTORY } from './monitor-socket.service';
import { RUNTIME_CONFIG } from './runtime-config';

/** Like WebSocketSubject: next() sends to the server; the test drives what arrives. */
class FakeSubject extends Subject<string> {
  readonly sent: string[] = [];
  override next(value: string) {
    this.sent.push(value);
  }
  arrive(value: string) {
    super.next(value);
  }
}

/** A stand-in for WebSocketSubject: the test drives open, messages, errors and closes. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  readonly subject = new FakeSubject();
  constructor(readonly config: WebSocketSubjectConfig<string>) {
    FakeSocket.instances.push(this);
  }
  open() {
    this.config.openObserver?.next(new Event('open'));
  }
  receive(text: string) {
    this.subject.arrive(
      this.config.deserializer ? this.config.deserializer(new MessageEvent('message', { data: text })) : text,
    );
  }
}

class FakeNetwork extends EventTarget {
  navigator = { onLine: true };
  go(online: boolean) {
    this.navigator.onLine = online;
    this.dispatchEvent(new Event(online ? 'online' : 'offline'));
  }
}

const block = { number: 5, hash: '0x' + 'ab'.repeat(32), timestamp: 1, transactions: 2, gasUsed: 3 };

describe('MonitorSocket', () => {
  let socket: MonitorSocket;
  let network: FakeNetwork;

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    network = new FakeNetwork();
    TestBed.configureTestingModule({
      providers: [
        { provide: NETWORK_EVENTS, useValue: network },
        { provide: RUNTIME_CONFIG, useValue: { backendUrl: 'http://api.test:8080', explorerUrl: '' } },
        {
          provide: WEB_SOCKET_FACTORY,
          useValue: (config: WebSocketSubjectConfig<string>) => new FakeSocket(config).subject,
        },
      ],
    });
    socket = TestBed.inject(MonitorSocket);
  });

  afterEach(() => vi.useRealTimers());

  it('connects to the backend /ws/monitor and reports live on open', () => {
    socket.connect();
    expect(FakeSocket.instances[0]?.config.url).toBe('ws://api.test:8080/ws/monitor');
    expect(socket.state()).toBe('connecting');
    FakeSocket.instances[0]?.open();
    expect(socket.state()).toBe('live');
  });

  it('delivers valid frames by type and drops bad ones with a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const blocks: number[] = [];
    socket.on('new_block').subscribe((b) => blocks.push(b.number));
    const fake = FakeSocket.instances[0] as FakeSocket;
    fake.receive('{broken');
    fake.receive(JSON.stringify({ type: 'new_block', data: { ...block, hash: 'nothex' } }));
    fake.receive(JSON.stringify({ type: 'new_block', data: block }));
    fake.receive(JSON.stringify({ type: 'pong', data: { ts: '2026-01-01T00:00:00Z' } }));
    expect(blocks).toEqual([5]);
    expect(socket.rejectedFrames()).toBe(2);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it("delivers the 'alert' frames as typed alert messages, dropping malformed ones", () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const titles: string[] = [];
    socket.on('alert').subscribe((a) => titles.push(`${a.severity}: ${a.title}`));
    socket.connect();
    const fake = FakeSocket.instances[0] as FakeSocket;
    const alert = {
      id: 'al_1',
      kind: 'fired',
      ruleId: 'rule_1',
      ruleName: 'badge minted',
      severity: 'warning',
      condition: 'token_event',
      title: 'Badge minted',
      text: 'A badge was minted.',
      at: '2026-01-01T00:00:00Z',
      suppressed: 0,
    };
    fake.receive(JSON.stringify({ type: 'alert', data: { ...alert, severity: 'loud' }, seq: 1 }));
    fake.receive(JSON.stringify({ type: 'alert', data: alert, seq: 2, ts: '2026-01-01T00:00:00Z' }));
    expect(titles).toEqual(['warning: Badge minted']);
    expect(socket.rejectedFrames()).toBe(1);
  });

  it('reconnects with growing delays after errors and closes, resetting after a successful open', () => {
    socket.connect();
    FakeSocket.instances[0]?.subject.error(new Error('refused'));
    expect(socket.state()).toBe('reconnecting');
    expect(socket.attempts()).toBe(1);
    vi.advanceTimersByTime(100);
    expect(FakeSocket.instances).toHaveLength(1); // first retry waits at least 350 ms (500 ms - 30% jitter)
    vi.advanceTimersByTime(500);
    expect(FakeSocket.instances).toHaveLength(2);

    FakeSocket.instances[1]?.subject.error(new Error('refused again'));
    expect(socket.attempts()).toBe(2);
    vi.advanceTimersByTime(600);
    expect(FakeSocket.instances).toHaveLength(2); // second retry waits at least 700 ms
    vi.advanceTimersByTime(500);
    expect(FakeSocket.instances).toHaveLength(3);

    FakeSocket.instances[2]?.open();
    expect(socket.attempts()).toBe(0);
    FakeSocket.instances[2]?.subject.complete(); // a clean close also reconnects
    expect(socket.state()).toBe('reconnecting');
    vi.advanceTimersByTime(600);
    expect(FakeSocket.instances).toHaveLength(4);
  });

  it('resumes from the last seq after a reconnect and passes each seq on once', () => {
    const seen: number[] = [];
    socket.on('new_block').subscribe((b) => seen.push(b.number));
    const frame = (n: number, seq: number) =>
      JSON.stringify({ type: 'new_block', data: { ...block, number: n }, seq, ts: '2026-01-01T00:00:00Z' });
    const first = FakeSocket.instances[0] as FakeSocket;
    first.open();
    expect(first.subject.sent).toEqual([]); // nothing to resume yet
    first.receive(frame(1, 10));
    first.subject.error(new Error('dropped'));
    vi.advanceTimersByTime(1_000);
    const second = FakeSocket.instances[1] as FakeSocket;
    second.open();
    expect(second.subject.sent.map((t) => JSON.parse(t))).toEqual([{ type: 'resume', data: { lastSeq: 10 } }]);
    second.receive(
      JSON.stringify({
        type: 'welcome',
        data: { protocolVersion: 1, serverTime: '2026-01-01T00:00:00Z', chainId: 1, head: 4, lastSeq: 13 },
      }),
    );
    second.receive(frame(4, 13)); // live, sent before the server read the resume
    second.receive(frame(2, 11)); // replayed
    second.receive(frame(3, 12));
    second.receive(frame(3, 12)); // repeated: dropped
    second.receive(frame(1, 10)); // from before the drop: dropped
    expect(seen).toEqual([1, 4, 2, 3]);
  });

  it('resumes with its epoch, and forgets its seqs when a restarted server (new epoch) greets it', () => {
    const seen: number[] = [];
    socket.on('new_block').subscribe((b) => seen.push(b.number));
    const welcome = (lastSeq: number, epoch: string) =>
      JSON.stringify({
        type: 'welcome',
        data: { protocolVersion: 1, serverTime: '2026-01-01T00:00:00Z', chainId: 1, head: 4, lastSeq, epoch },
      });
    const frame = (n: number, seq: number, epoch: string) =>
      JSON.stringify({ type: 'new_block', data: { ...block, number: n }, seq, epoch, ts: '2026-01-01T00:00:00Z' });
    const first = FakeSocket.instances[0] as FakeSocket;
    first.open();
    first.receive(welcome(9, 'epoch-one-aaaa'));
    first.receive(frame(1, 10, 'epoch-one-aaaa'));
    first.subject.error(new Error('dropped'));
    vi.advanceTimersByTime(1_000);
    const second = FakeSocket.instances[1] as FakeSocket;
    second.open();
    expect(second.subject.sent.map((t) => JSON.parse(t))).toEqual([
      { type: 'resume', data: { lastSeq: 10, epoch: 'epoch-one-aaaa' } },
    ]);
    // Restarted: its seqs 1..40 are other events; the server answers the resume with a snapshot.
    second.receive(welcome(40, 'epoch-two-bbbb'));
    second.receive(frame(2, 3, 'epoch-two-bbbb'));
    second.receive(frame(3, 4, 'epoch-two-bbbb'));
    expect(seen).toEqual([1, 2, 3]);
  });

  it('waits for the network while offline and retries at once when it comes back', () => {
    socket.connect();
    const first = FakeSocket.instances[0] as FakeSocket;
    first.open();
    network.go(false);
    expect(socket.state()).toBe('offline');
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.instances).toHaveLength(1); // no retries without a network
    network.go(true);
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it('shows when the next attempt starts, for a countdown', () => {
    socket.connect();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    FakeSocket.instances[0]?.subject.error(new Error('refused'));
    const at = socket.nextAttemptAt();
    expect(at).not.toBeNull();
    expect((at as number) - Date.now()).toBeGreaterThanOrEqual(350);
    expect((at as number) - Date.now()).toBeLessThanOrEqual(500);
  });
});

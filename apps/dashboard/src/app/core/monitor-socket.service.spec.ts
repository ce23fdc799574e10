import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import type { WebSocketSubjectConfig } from 'rxjs/webSocket';

import { MonitorSocket, WEB_SOCKET_FACTORY } from './monitor-socket.service';
import { RUNTIME_CONFIG } from './runtime-config';

/** A stand-in for WebSocketSubject: the test drives open, messages, errors and closes. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  readonly subject = new Subject<string>();
  constructor(readonly config: WebSocketSubjectConfig<string>) {
    FakeSocket.instances.push(this);
  }
  open() {
    this.config.openObserver?.next(new Event('open'));
  }
  receive(text: string) {
    this.subject.next(this.config.deserializer ? this.config.deserializer(new MessageEvent('message', { data: text })) : text);
  }
}

const block = { number: 5, hash: '0x' + 'ab'.repeat(32), timestamp: 1, transactions: 2, gasUsed: 3 };

describe('MonitorSocket', () => {
  let socket: MonitorSocket;

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    TestBed.configureTestingModule({
      providers: [
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
});

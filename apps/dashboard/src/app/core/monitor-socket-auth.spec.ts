import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import type { WebSocketSubjectConfig } from 'rxjs/webSocket';

import { MonitorSocket, NETWORK_EVENTS, SOCKET_AUTH, WEB_SOCKET_FACTORY } from './monitor-socket.service';
import { RUNTIME_CONFIG } from './runtime-config';

// The socket with a signed-in key: a fresh ticket for every attempt, and no retry after a revocation (1008).

describe('MonitorSocket with a key', () => {
  let configs: WebSocketSubjectConfig<string>[];
  let subjects: Subject<string>[];
  let tickets: Subject<string>[];
  let revoked: number;
  let socket: MonitorSocket;

  beforeEach(() => {
    vi.useFakeTimers();
    [configs, subjects, tickets, revoked] = [[], [], [], 0];
    TestBed.configureTestingModule({
      providers: [
        { provide: NETWORK_EVENTS, useValue: new EventTarget() },
        { provide: RUNTIME_CONFIG, useValue: { backendUrl: 'http://api.test', explorerUrl: '' } },
        {
          provide: SOCKET_AUTH,
          useValue: {
            socketUrl: () => {
              const ticket = new Subject<string>();
              tickets.push(ticket);
              return ticket.asObservable();
            },
            revoked: () => revoked++,
          },
        },
        {
          provide: WEB_SOCKET_FACTORY,
          useValue: (config: WebSocketSubjectConfig<string>) => {
            configs.push(config);
            const subject = new Subject<string>();
            subjects.push(subject);
            return subject;
          },
        },
      ],
    });
    socket = TestBed.inject(MonitorSocket);
  });

  afterEach(() => vi.useRealTimers());

  it('asks for a new ticket URL before each attempt and connects with it', () => {
    socket.connect();
    expect(configs).toHaveLength(0); // not before the ticket arrives
    tickets[0]?.next('ws://api.test/ws/monitor?ticket=one');
    expect(configs[0]?.url).toBe('ws://api.test/ws/monitor?ticket=one');

    subjects[0]?.error(new Error('dropped'));
    vi.advanceTimersByTime(1_000);
    expect(tickets).toHaveLength(2);
    tickets[1]?.next('ws://api.test/ws/monitor?ticket=two');
    expect(configs[1]?.url).toBe('ws://api.test/ws/monitor?ticket=two');
  });

  it('retries with backoff when the ticket cannot be had', () => {
    socket.connect();
    tickets[0]?.error(new Error('503'));
    expect(socket.state()).toBe('reconnecting');
    vi.advanceTimersByTime(1_000);
    expect(tickets).toHaveLength(2);
  });

  it('stops reconnecting and tells the session when the server closes with 1008 (key revoked)', () => {
    socket.connect();
    tickets[0]?.next('ws://api.test/ws/monitor?ticket=one');
    configs[0]?.openObserver?.next(new Event('open'));
    expect(socket.state()).toBe('live');

    configs[0]?.closeObserver?.next(new CloseEvent('close', { code: 1008, reason: 'API key revoked', wasClean: true }));
    subjects[0]?.complete();
    expect(socket.state()).toBe('revoked');
    expect(revoked).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(tickets).toHaveLength(1);

    // After the next sign-in the page connects again.
    socket.connect();
    expect(socket.state()).toBe('connecting');
    expect(tickets).toHaveLength(2);
  });

  it('closes on disconnect and opens again on connect', () => {
    socket.connect();
    tickets[0]?.next('ws://api.test/ws/monitor?ticket=one');
    socket.disconnect();
    expect(subjects[0]?.observed).toBe(false);
    socket.connect();
    expect(tickets).toHaveLength(2);
  });
});

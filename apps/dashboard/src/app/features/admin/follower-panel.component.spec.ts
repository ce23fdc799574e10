import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { RUNTIME_CONFIG } from '../../core/runtime-config';
import { FollowerPanelComponent } from './follower-panel.component';

const HEALTH = 'http://api.test/api/monitor/health';

function report(status: string, head: number, lastProcessed: number) {
  return {
    status,
    uptimeSeconds: 10,
    checks: {},
    database: { connected: true, state: 'connected' },
    chain: {
      chainId: 80002,
      confirmations: 0,
      head,
      lastProcessed,
      finalized: null,
      lagBlocks: head - lastProcessed,
      lagSeconds: 3,
      lastError: null,
      reachable: true,
      reasons: status === 'live' ? [] : ['catching up'],
      lastReorg: { at: '2026-01-01T00:00:00Z', depth: 2, commonAncestor: 98 },
      subscription: { enabled: false, connected: false, lastError: null, lastHeadAt: null, reconnects: 0 },
      endpoints: [
        { name: 'alchemy', url: 'https://polygon-amoy.g.alchemy.com', healthy: true, lastError: null },
        { name: 'https://rpc.example', url: 'https://rpc.example', healthy: false, lastError: 'HTTP 429' },
      ],
    },
  };
}

describe('FollowerPanelComponent', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({
      imports: [FollowerPanelComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: { backendUrl: 'http://api.test', explorerUrl: '' } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  it('shows the state, head, lag, last reorg and each endpoint by host', () => {
    const fixture = TestBed.createComponent(FollowerPanelComponent);
    fixture.detectChanges();
    http.expectOne(HEALTH).flush(report('live', 120, 120));
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const text = (id: string) => el.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();
    expect(text('follower-state')).toBe('live');
    expect(text('follower-head')).toBe('120');
    expect(text('follower-reorg')).toContain('2 blocks above 98');
    const endpoints = text('follower-endpoints') ?? '';
    expect(endpoints).toContain('https://polygon-amoy.g.alchemy.com');
    expect(endpoints).toContain('HTTP 429');
    expect(el.querySelector('[data-testid="follower-progress"]')).toBeNull();
  });

  it('shows catch-up progress with blocks/s and the time left while syncing, refreshing every few seconds', () => {
    const fixture = TestBed.createComponent(FollowerPanelComponent);
    fixture.detectChanges();
    http.expectOne(HEALTH).flush(report('syncing', 1100, 100));
    vi.advanceTimersByTime(5_000);
    http.expectOne(HEALTH).flush(report('syncing', 1100, 600));
    fixture.detectChanges();
    const progress = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="follower-progress"]');
    expect(progress?.textContent).toContain('500 blocks to go');
    expect(progress?.textContent).toContain('100 blocks/s');
    expect(progress?.textContent).toContain('about 5 s left');
    expect(progress?.querySelector('progress')?.value).toBe(50);
  });
});

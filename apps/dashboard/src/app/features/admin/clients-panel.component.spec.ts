import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { RUNTIME_CONFIG } from '../../core/runtime-config';
import { ClientsPanelComponent } from './clients-panel.component';

const CLIENTS = 'http://api.test/api/monitor/admin/clients';

describe('ClientsPanelComponent', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({
      imports: [ClientsPanelComponent],
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

  it('shows the counts by credential and IP and each connection, refreshed every few seconds', () => {
    const fixture = TestBed.createComponent(ClientsPanelComponent);
    fixture.detectChanges();
    const principal = { kind: 'key', name: 'wall', role: 'viewer' };
    http.expectOne(CLIENTS).flush({
      total: 2,
      droppedFrames: 1234,
      slowClientsClosed: 1,
      byCredential: [{ name: 'wall', count: 2 }],
      byIp: [{ ip: '203.0.113.7', count: 2 }],
      clients: [
        { id: 1, principal, ip: '203.0.113.7', connectedAt: '2026-01-01T00:00:00Z', topics: null, bufferedBytes: 0 },
        {
          id: 2,
          principal,
          ip: '203.0.113.7',
          connectedAt: '2026-01-01T00:00:00Z',
          topics: ['blocks', 'badges'],
          bufferedBytes: 65536,
        },
      ],
    });
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const text = (id: string) => el.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
    expect(text('clients-total')).toBe('2');
    expect(text('clients-summary')).toContain('1,234 frames dropped');
    expect(text('clients-by-credential')).toContain('wall');
    expect(text('clients-by-ip')).toContain('203.0.113.7');
    expect(text('clients-table')).toContain('everything');
    expect(text('clients-table')).toContain('blocks, badges');
    expect(text('clients-table')).toContain('65,536');

    vi.advanceTimersByTime(5_000);
    http.expectOne(CLIENTS).flush({ message: 'operator role required' }, { status: 403, statusText: 'Forbidden' });
    fixture.detectChanges();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('operator role required');
    expect(text('clients-total')).toBe('2'); // the last good reading stays
  });
});

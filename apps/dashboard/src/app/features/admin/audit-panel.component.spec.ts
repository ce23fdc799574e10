import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { RUNTIME_CONFIG } from '../../core/runtime-config';
import { AdminApi } from './admin-api.service';
import { AUDIT_ENTRIES, AuditPanelComponent } from './audit-panel.component';

describe('AuditPanelComponent', () => {
  it('shows who did what, when and from where, newest first', () => {
    TestBed.configureTestingModule({
      imports: [AuditPanelComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: { backendUrl: 'http://api.test', explorerUrl: '' } },
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AuditPanelComponent);
    fixture.detectChanges();
    http.expectOne(`http://api.test/api/monitor/admin/audit?limit=${AUDIT_ENTRIES}`).flush({
      entries: [
        {
          at: '2026-01-02T00:00:00Z',
          actor: { kind: 'key', name: 'ops' },
          action: 'key.revoke',
          target: 'wall (viewer, 9f86d081884c…)',
          ip: '10.0.0.1',
        },
        {
          at: '2026-01-01T00:00:00Z',
          actor: { kind: 'key', name: 'ops' },
          action: 'key.create',
          target: 'wall (viewer, 9f86d081884c…)',
          ip: null,
        },
      ],
    });
    fixture.detectChanges();
    const rows = Array.from(
      (fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="audit-table"] tbody tr'),
    );
    expect(rows.map((r) => r.getAttribute('data-action'))).toEqual(['key.revoke', 'key.create']);
    expect(rows[0]?.textContent).toContain('ops');
    expect(rows[0]?.textContent).toContain('revoked key wall (viewer, 9f86d081884c…)');
    expect(rows[0]?.textContent).toContain('10.0.0.1');
    http.verify();
  });

  it('reads the log again as soon as a key is created on the page', () => {
    TestBed.configureTestingModule({
      imports: [AuditPanelComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: { backendUrl: 'http://api.test', explorerUrl: '' } },
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AuditPanelComponent);
    fixture.detectChanges();
    const audit = `http://api.test/api/monitor/admin/audit?limit=${AUDIT_ENTRIES}`;
    http.expectOne(audit).flush({ entries: [] });
    TestBed.inject(AdminApi).createKey({ name: 'wall', role: 'viewer' }).subscribe();
    http.expectOne('http://api.test/api/monitor/admin/keys').flush({ id: 'k1' });
    const again = http.expectOne(audit);
    again.flush({
      entries: [
        {
          at: '2026-01-01T00:00:00Z',
          actor: { kind: 'key', name: 'ops' },
          action: 'key.create',
          target: 'wall',
          ip: null,
        },
      ],
    });
    fixture.detectChanges();
    const rows = (fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="audit-table"] tbody tr');
    expect(rows.length).toBe(1);
    http.verify();
  });
});

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { RUNTIME_CONFIG } from '../../core/runtime-config';
import { DatabasePanelComponent } from './database-panel.component';

describe('DatabasePanelComponent', () => {
  it('shows the state and each collection size', () => {
    TestBed.configureTestingModule({
      imports: [DatabasePanelComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: { backendUrl: 'http://api.test', explorerUrl: '' } },
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(DatabasePanelComponent);
    fixture.detectChanges();
    http.expectOne('http://api.test/api/monitor/admin/database').flush({
      name: 'aura_protocol',
      state: 'up',
      collections: [
        { name: 'blocks', documents: 120345 },
        { name: 'transactions', documents: 7 },
      ],
    });
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="database-state"]')?.textContent?.trim()).toBe('up');
    const rows = Array.from(el.querySelectorAll('[data-testid="database-collections"] tbody tr')).map((r) =>
      Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.trim()),
    );
    expect(rows).toEqual([
      ['blocks', '120,345'],
      ['transactions', '7'],
    ]);
    http.verify();
  });
});

import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { MonitorApi } from './monitor-api.service';
import { RUNTIME_CONFIG } from './runtime-config';

describe('MonitorApi', () => {
  let api: MonitorApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: { backendUrl: 'http://api.test', explorerUrl: '' } },
      ],
    });
    api = TestBed.inject(MonitorApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('reads the statistics and the health report', () => {
    let stats: unknown;
    api.stats().subscribe((s) => (stats = s));
    http.expectOne({ method: 'GET', url: 'http://api.test/api/monitor/stats' }).flush({ total_users: 7 });
    expect(stats).toEqual({ total_users: 7 });
    api.health().subscribe();
    http.expectOne('http://api.test/api/monitor/health').flush({});
  });

  it('sends the activity filters it is given, the kinds comma-separated', () => {
    api.activity({ type: ['block', 'transaction'], limit: 50 }).subscribe();
    http.expectOne('http://api.test/api/monitor/activity?type=block,transaction&limit=50').flush({ items: [] });
    api.activity({ type: [], address: '', before: 'WzEyXQ' }).subscribe();
    http.expectOne('http://api.test/api/monitor/activity?before=WzEyXQ').flush({ items: [] });
    api.activity().subscribe();
    http.expectOne('http://api.test/api/monitor/activity').flush({ items: [] });
  });

  it('asks for a time series', () => {
    api.timeseries('mints', '24h', '1h').subscribe();
    http.expectOne('http://api.test/api/monitor/stats/timeseries?metric=mints&window=24h&bucket=1h').flush({});
  });

  it('puts the block number, hash or address in the path', () => {
    const hash = '0x' + 'ab'.repeat(32);
    const address = '0x' + '12'.repeat(20);
    api.block(12345).subscribe();
    http.expectOne('http://api.test/api/monitor/blocks/12345').flush({});
    api.transaction(hash).subscribe();
    http.expectOne(`http://api.test/api/monitor/transactions/${hash}`).flush({});
    api.address(address).subscribe();
    http.expectOne(`http://api.test/api/monitor/addresses/${address}`).flush({});
  });
});

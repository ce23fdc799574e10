import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import { getJson } from './api/rest-client';
import type {
  ActivityPage,
  ActivityQuery,
  AddressDetail,
  BlockDetail,
  HealthReport,
  MonitorStats,
  Timeseries,
  TimeseriesQuery,
  TransactionDetail,
} from './api/rest-types';
import { RUNTIME_CONFIG } from './runtime-config';

/**
 * REST calls to the API (initial data, history and details; live updates come from the socket), typed from
 * the API's OpenAPI document (see api/openapi.gen.ts).
 */
@Injectable({ providedIn: 'root' })
export class MonitorApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(RUNTIME_CONFIG).backendUrl;

  stats(): Observable<MonitorStats> {
    return getJson(this.http, this.base, '/api/monitor/stats');
  }

  health(): Observable<HealthReport> {
    return getJson(this.http, this.base, '/api/monitor/health');
  }

  activity(options: ActivityQuery = {}): Observable<ActivityPage> {
    // Items of the documented shape whose `data` the wire lib types (see ActivityItem).
    return getJson(this.http, this.base, '/api/monitor/activity', {
      query: {
        type: options.type?.length ? options.type : undefined,
        address: options.address || undefined,
        limit: options.limit || undefined,
        before: options.before || undefined,
      },
    }) as Observable<ActivityPage>;
  }

  timeseries(
    metric: TimeseriesQuery['metric'],
    window: string,
    bucket: NonNullable<TimeseriesQuery['bucket']>,
  ): Observable<Timeseries> {
    return getJson(this.http, this.base, '/api/monitor/stats/timeseries', { query: { metric, window, bucket } });
  }

  block(number: number): Observable<BlockDetail> {
    return getJson(this.http, this.base, '/api/monitor/blocks/{number}', {
      path: { number },
    }) as Observable<BlockDetail>;
  }

  transaction(hash: string): Observable<TransactionDetail> {
    return getJson(this.http, this.base, '/api/monitor/transactions/{hash}', {
      path: { hash },
    }) as Observable<TransactionDetail>;
  }

  address(address: string): Observable<AddressDetail> {
    return getJson(this.http, this.base, '/api/monitor/addresses/{address}', { path: { address } });
  }
}

import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type {
  ActivityPage,
  ActivityType,
  AddressDetail,
  BlockDetail,
  HealthReport,
  MonitorStats,
  Timeseries,
  TimeseriesBucket,
  TimeseriesMetric,
  TransactionDetail,
} from '@aura/events';

import { RUNTIME_CONFIG } from './runtime-config';

/** REST calls to the API (initial data, history and details; live updates come from the socket). */
@Injectable({ providedIn: 'root' })
export class MonitorApi {
  private readonly http = inject(HttpClient);
  private readonly base = `${inject(RUNTIME_CONFIG).backendUrl}/api/monitor`;

  stats(): Observable<MonitorStats> {
    return this.http.get<MonitorStats>(`${this.base}/stats`);
  }

  health(): Observable<HealthReport> {
    return this.http.get<HealthReport>(`${this.base}/health`);
  }

  activity(
    options: { type?: ActivityType[]; address?: string; limit?: number; before?: string } = {},
  ): Observable<ActivityPage> {
    let params = new HttpParams();
    if (options.type?.length) params = params.set('type', options.type.join(','));
    if (options.address) params = params.set('address', options.address);
    if (options.limit) params = params.set('limit', options.limit);
    if (options.before) params = params.set('before', options.before);
    return this.http.get<ActivityPage>(`${this.base}/activity`, { params });
  }

  timeseries(metric: TimeseriesMetric, window: string, bucket: TimeseriesBucket): Observable<Timeseries> {
    return this.http.get<Timeseries>(`${this.base}/stats/timeseries`, { params: { metric, window, bucket } });
  }

  block(number: number): Observable<BlockDetail> {
    return this.http.get<BlockDetail>(`${this.base}/blocks/${number}`);
  }

  transaction(hash: string): Observable<TransactionDetail> {
    return this.http.get<TransactionDetail>(`${this.base}/transactions/${hash}`);
  }

  address(address: string): Observable<AddressDetail> {
    return this.http.get<AddressDetail>(`${this.base}/addresses/${address}`);
  }
}

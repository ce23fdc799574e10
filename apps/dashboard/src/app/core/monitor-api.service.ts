import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';

import type { HealthReport, MonitorStats } from '@aura/events';

import { RUNTIME_CONFIG } from './runtime-config';

/** REST calls to the API (initial data; live updates come from the socket). */
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
}

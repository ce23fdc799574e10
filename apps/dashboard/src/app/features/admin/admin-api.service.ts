import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { type Observable, Subject, tap } from 'rxjs';

import { deleteRoute, getJson, postJson } from '../../core/api/rest-client';
import type {
  ApiKeyList,
  AuditLog,
  ClientsOverview,
  CreatedKey,
  CreateKeyRequest,
  DatabaseOverview,
  HealthReport,
} from '../../core/api/rest-types';
import { RUNTIME_CONFIG } from '../../core/runtime-config';

/** The admin routes of the API (keys, clients, database, audit) and the health report the follower panel reads. */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(RUNTIME_CONFIG).backendUrl;
  private readonly changed = new Subject<void>();
  /** Emits after each change made here (a key created or revoked): the audit log has a new entry to show. */
  readonly changed$ = this.changed.asObservable();

  health(): Observable<HealthReport> {
    return getJson(this.http, this.base, '/api/monitor/health');
  }

  keys(): Observable<ApiKeyList> {
    return getJson(this.http, this.base, '/api/monitor/admin/keys');
  }

  createKey(request: CreateKeyRequest): Observable<CreatedKey> {
    return postJson(this.http, this.base, '/api/monitor/admin/keys', request).pipe(tap(() => this.changed.next()));
  }

  revokeKey(id: string): Observable<void> {
    return deleteRoute(this.http, this.base, '/api/monitor/admin/keys/{id}', { id }).pipe(
      tap(() => this.changed.next()),
    );
  }

  clients(): Observable<ClientsOverview> {
    return getJson(this.http, this.base, '/api/monitor/admin/clients');
  }

  database(): Observable<DatabaseOverview> {
    return getJson(this.http, this.base, '/api/monitor/admin/database');
  }

  audit(limit: number): Observable<AuditLog> {
    return getJson(this.http, this.base, '/api/monitor/admin/audit', { query: { limit } });
  }
}

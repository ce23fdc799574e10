import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';

import type { AlertDelivery, AlertMessage, AlertRule, AlertRuleInput, Channel, DeliveryStatus } from '@aura/events';

import { deleteRoute, getJson, type PostBody, type RouteAnswer, sendJson } from '../../core/api/rest-client';
import { RUNTIME_CONFIG } from '../../core/runtime-config';

// Routes and answers are typed from the API's OpenAPI document (openapi.gen.ts); each method's declared type is
// the shared lib's, so a document that drifts from libs/events/alerts.ts fails to compile here.

/**
 * A channel body as the form builds it (checked with ChannelSettingsSchema before it is sent). On an edit the
 * secrets left empty are left out, which keeps them: the document describes the PUT body with every secret required.
 */
export interface ChannelRequest {
  name: string;
  settings: Record<string, unknown>;
}
type DocumentedChannelBody = PostBody<'/api/monitor/alerts/channels'>;
export interface TestResult {
  alertId: string;
  deliveries: AlertDelivery[];
}
export interface DryRunResult {
  fromBlock: number;
  toBlock: number;
  /** Stored blocks the range held. */
  blocks: number;
  messages: AlertMessage[];
}
export interface DeliveryPage {
  deliveries: AlertDelivery[];
  /** The `before` cursor of the next (older) page; null on the last one. */
  next: string | null;
}
/** Where alerting stands: the leader, the evaluator against the stored head, deliveries by status. */
export type AlertingStatus = RouteAnswer<'/api/monitor/alerts/status'>;
export interface DeliveryQuery {
  ruleId?: string;
  status?: DeliveryStatus;
  limit?: number;
  before?: string;
}

/** The alerting routes of the API: rules, channels (secrets masked in answers), the delivery log, the status. */
@Injectable({ providedIn: 'root' })
export class AlertsApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(RUNTIME_CONFIG).backendUrl;

  status(): Observable<AlertingStatus> {
    return getJson(this.http, this.base, '/api/monitor/alerts/status');
  }

  rules(): Observable<{ rules: AlertRule[] }> {
    return getJson(this.http, this.base, '/api/monitor/alerts/rules');
  }

  createRule(rule: AlertRuleInput): Observable<AlertRule> {
    return sendJson(this.http, this.base, 'post', '/api/monitor/alerts/rules', { body: rule });
  }

  updateRule(id: string, rule: AlertRuleInput): Observable<AlertRule> {
    return sendJson(this.http, this.base, 'put', '/api/monitor/alerts/rules/{id}', { path: { id }, body: rule });
  }

  setRuleEnabled(id: string, enabled: boolean): Observable<AlertRule> {
    return sendJson(this.http, this.base, 'patch', '/api/monitor/alerts/rules/{id}', {
      path: { id },
      body: { enabled },
    });
  }

  deleteRule(id: string): Observable<void> {
    return deleteRoute(this.http, this.base, '/api/monitor/alerts/rules/{id}', { id });
  }

  testRule(id: string): Observable<TestResult> {
    return sendJson(this.http, this.base, 'post', '/api/monitor/alerts/rules/{id}/test', { path: { id } });
  }

  dryRun(id: string, range: { fromBlock: number; toBlock: number }): Observable<DryRunResult> {
    return sendJson(this.http, this.base, 'post', '/api/monitor/alerts/rules/{id}/dry-run', {
      path: { id },
      body: range,
    });
  }

  channels(): Observable<{ channels: Channel[] }> {
    return getJson(this.http, this.base, '/api/monitor/alerts/channels');
  }

  createChannel(channel: ChannelRequest): Observable<Channel> {
    return sendJson(this.http, this.base, 'post', '/api/monitor/alerts/channels', {
      body: channel as DocumentedChannelBody,
    });
  }

  updateChannel(id: string, channel: ChannelRequest): Observable<Channel> {
    return sendJson(this.http, this.base, 'put', '/api/monitor/alerts/channels/{id}', {
      path: { id },
      body: channel as DocumentedChannelBody,
    });
  }

  deleteChannel(id: string): Observable<void> {
    return deleteRoute(this.http, this.base, '/api/monitor/alerts/channels/{id}', { id });
  }

  testChannel(id: string): Observable<TestResult> {
    return sendJson(this.http, this.base, 'post', '/api/monitor/alerts/channels/{id}/test', { path: { id } });
  }

  deliveries(query: DeliveryQuery): Observable<DeliveryPage> {
    const { ruleId, status, limit, before } = query;
    return getJson(this.http, this.base, '/api/monitor/alerts/deliveries', {
      query: { ruleId, status, limit: limit === undefined ? undefined : String(limit), before },
    });
  }

  replay(id: string): Observable<AlertDelivery> {
    return sendJson(this.http, this.base, 'post', '/api/monitor/alerts/deliveries/{id}/replay', { path: { id } });
  }
}

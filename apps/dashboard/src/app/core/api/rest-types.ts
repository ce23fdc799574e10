import type { ActivityItem as WireActivityItem } from '@aura/events';

import type { components, paths } from './openapi.gen';

// The REST shapes the dashboard reads, from the types generated from the API's OpenAPI document.

type Schemas = components['schemas'];

export type MonitorStats = Schemas['MonitorStatsDto'];
export type HealthReport = Schemas['HealthReportDto'];
export type Timeseries = Schemas['TimeseriesDto'];
export type TimeseriesQuery = NonNullable<paths['/api/monitor/stats/timeseries']['get']['parameters']['query']>;
export type ActivityQuery = NonNullable<paths['/api/monitor/activity']['get']['parameters']['query']>;

/** `Wire`, which must be assignable to the documented `Doc`: a documented change that breaks it fails to compile. */
type Documented<Doc, Wire extends Doc> = Wire;

/**
 * An /activity item. The document describes `data` as an object: it is the `data` of the WebSocket event of the
 * item's kind, whose type the shared wire lib gives; the other fields must match the document.
 */
export type ActivityItem = Documented<Omit<Schemas['ActivityItemDto'], 'data'>, WireActivityItem>;
export type ActivityPage = Omit<Schemas['ActivityPageDto'], 'items'> & { items: ActivityItem[] };
export type BlockDetail = Omit<Schemas['BlockDetailDto'], 'events'> & { events: ActivityItem[] };
export type TransactionDetail = Omit<Schemas['TransactionDetailDto'], 'events'> & { events: ActivityItem[] };
export type AddressDetail = Schemas['AddressDetailDto'];

export type AccessInfo = Schemas['AccessInfoDto'];
export type Role = Schemas['PrincipalDto']['role'];
export type ApiKey = Schemas['ApiKeyDto'];
export type ApiKeyList = Schemas['ApiKeyListDto'];
export type CreateKeyRequest = Schemas['CreateKeyDto'];
export type CreatedKey = Schemas['CreatedKeyDto'];
export type WsTicket = Schemas['WsTicketDto'];
export type ClientsOverview = Schemas['ClientsOverviewDto'];
export type DatabaseOverview = Schemas['DatabaseOverviewDto'];
export type AuditLog = Schemas['AuditLogDto'];

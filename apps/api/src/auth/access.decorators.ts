import { SetMetadata } from '@nestjs/common';

import type { Role } from './access-roles';

export const ACCESS_METADATA = 'aura:access';

/** What a route needs: nothing (liveness, readiness), a role, or /metrics' own token or a role. */
export type RouteAccess = { public: true } | { role: Role; metricsToken?: boolean };

/** Open in every mode (liveness and readiness probes). */
export const Public = () => SetMetadata(ACCESS_METADATA, { public: true } satisfies RouteAccess);

/** Needs at least this role in a protected mode (routes without a decorator need `viewer`). */
export const RequireRole = (role: Role) => SetMetadata(ACCESS_METADATA, { role } satisfies RouteAccess);

/** /metrics: METRICS_TOKEN when set (in any mode), or a viewer credential in a protected mode. */
export const MetricsAccess = () =>
  SetMetadata(ACCESS_METADATA, { role: 'viewer', metricsToken: true } satisfies RouteAccess);

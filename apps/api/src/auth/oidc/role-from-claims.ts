import type { JWTPayload } from 'jose';

import { type Role, ROLES } from '../access-roles';

/** The roles, lowest first: each role can do everything the ones before it can (one list: access-roles.ts). */
export const ACCESS_ROLES = ROLES;
export type AccessRole = Role;

/** Claim values that grant each role. A role missing from the map is never granted by a claim. */
export type RoleMap = Partial<Record<AccessRole, readonly string[]>>;

/** Without a configured map, a claim value grants the role of the same name. */
export const IDENTITY_ROLE_MAP: RoleMap = { viewer: ['viewer'], operator: ['operator'], admin: ['admin'] };

/**
 * Reads `roleClaim` from the claims: the claim of exactly that name first (namespaced claims such as
 * `https://aura.example/roles` contain dots), otherwise a dotted path into nested objects
 * (`realm_access.roles`).
 */
export function readClaim(claims: JWTPayload, roleClaim: string): unknown {
  if (Object.prototype.hasOwnProperty.call(claims, roleClaim)) return claims[roleClaim];
  let value: unknown = claims;
  for (const segment of roleClaim.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, segment)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/**
 * The values of a role claim: an array of strings (Keycloak, Entra ID, Okta groups) or one string,
 * split on whitespace and commas (a `scope`-style claim). Anything else yields no values.
 */
export function claimValues(value: unknown): string[] {
  const parts = Array.isArray(value) ? value : [value];
  return parts
    .filter((part): part is string => typeof part === 'string')
    .flatMap((part) => part.split(/[\s,]+/))
    .filter((part) => part.length > 0);
}

/** The highest role the claims grant, or undefined when they grant none. */
export function roleFromClaims(
  claims: JWTPayload,
  roleClaim = 'roles',
  roleMap: RoleMap = IDENTITY_ROLE_MAP,
): AccessRole | undefined {
  const values = new Set(claimValues(readClaim(claims, roleClaim)));
  for (const role of [...ACCESS_ROLES].reverse()) {
    if ((roleMap[role] ?? []).some((granting) => values.has(granting))) return role;
  }
  return undefined;
}

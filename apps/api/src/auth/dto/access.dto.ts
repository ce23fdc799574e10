import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';

import { type Role, ROLES } from '../access-roles';

// Types, optionality and nullability come from the declarations, descriptions from the JSDoc comments
// (the @nestjs/swagger CLI plugin): the decorators add only examples and enums.

export class CreateKeyDto {
  /** What the key is for, shown in lists and the audit log (1 to 64 characters). */
  @ApiProperty({ example: 'grafana-reader' })
  @IsString({ message: 'name must be a string of 1 to 64 characters' })
  @Length(1, 64, { message: 'name must be a string of 1 to 64 characters' })
  name!: string;

  /** viewer reads REST and the WebSocket; operator also manages alert rules; admin also manages keys. */
  @ApiProperty({ enum: ROLES, example: 'viewer' })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  /** When the key stops working (ISO 8601); none: never. */
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt?: string;
}

export class ApiKeyDto {
  /** The key's id: the SHA-256 of the key, hex (the key itself is never stored). */
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) id!: string;
  @ApiProperty({ example: 'grafana-reader' }) name!: string;
  @ApiProperty({ enum: ROLES, example: 'viewer' }) role!: Role;
  /** The key's first characters, to tell keys apart. */
  @ApiProperty({ example: 'aura_Xk3q…' }) hint!: string;
  @ApiProperty({ example: '2026-11-29T04:00:00.000Z' }) createdAt!: string;
  /** Who created it: a key's name, ADMIN_API_KEY or npm run keys. */
  createdBy!: string | null;
  expiresAt!: string | null;
  /** Written at most once a minute per key. */
  lastUsedAt!: string | null;
  lastUsedIp!: string | null;
}

export class ApiKeyListDto {
  keys!: ApiKeyDto[];
}

export class CreatedKeyDto {
  /** The key: shown this once, store it now. Send it as `Authorization: Bearer <key>` or `X-API-Key`. */
  @ApiProperty({ example: 'aura_Xk3qZ0…' }) key!: string;
  record!: ApiKeyDto;
}

export class WsTicketDto {
  /** Single use: open `/ws/monitor?ticket=<ticket>` before it expires. */
  @ApiProperty({ example: 'c2VjcmV0LXRpY2tldC1ieXRlcy1hYmNkZWY' }) ticket!: string;
  @ApiProperty({ example: '2026-11-29T04:00:30.000Z' }) expiresAt!: string;
}

export class PrincipalDto {
  @ApiProperty({ enum: ['anonymous', 'key', 'oidc', 'metrics-token'] }) kind!: string;
  @ApiProperty({ example: 'grafana-reader' }) name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
}

export class OidcSignInDto {
  /** The identity provider a person signs in with (authorization code + PKCE). */
  @ApiProperty({ example: 'https://login.example.com/realms/aura' }) issuer!: string;
  /** The dashboard's client id at that provider, when configured (OIDC_CLIENT_ID). */
  clientId!: string | null;
  /** The audience (resource) to ask tokens for. */
  @ApiProperty({ example: 'urn:aura:api' }) audience!: string;
}

export class AccessInfoDto {
  /** off: open to everyone (the local stack); keys: an API key is needed; oidc: an access token or an API key. */
  @ApiProperty({ enum: ['off', 'keys', 'oidc'] }) mode!: string;
  principal!: PrincipalDto;
  /** AUTH_MODE=oidc: where to sign in. */
  oidc!: OidcSignInDto | null;
}

export class AccessConfigDto {
  /** off: open to everyone (the local stack); keys: an API key is needed; oidc: an access token or an API key. */
  @ApiProperty({ enum: ['off', 'keys', 'oidc'] }) mode!: string;
  /** AUTH_MODE=oidc: where to sign in; null otherwise. */
  oidc!: OidcSignInDto | null;
}

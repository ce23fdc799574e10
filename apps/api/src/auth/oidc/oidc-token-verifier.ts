import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';

import { OidcTokenError, oidcTokenErrorFrom } from './oidc-token-error';
import { type AccessRole, IDENTITY_ROLE_MAP, roleFromClaims, type RoleMap } from './role-from-claims';

export interface OidcTokenVerifierOptions {
  /** OIDC_ISSUER_URL: the `iss` of the tokens; discovery is read from `${issuerUrl}/.well-known/openid-configuration`. */
  issuerUrl: string;
  /** The `aud` the tokens must carry (the API's resource indicator or client id, depending on the provider). */
  audience: string;
  /** The claim holding the roles; a dotted path reads nested claims (`realm_access.roles`). Default 'roles'. */
  roleClaim?: string;
  /** Claim values granting each role. Default: the role names themselves. Roles left out are never granted. */
  roleMap?: RoleMap;
  /** Allowed clock skew for exp/nbf. Default 5 s. */
  clockToleranceSeconds?: number;
  /**
   * The shortest time between two key-set fetches triggered by a token with an unknown `kid`. A rotated
   * key is picked up on first sight unless the keys were fetched less than this long ago; it also bounds
   * how often forged `kid`s can make the API call the issuer. Default 30 s (jose's default).
   */
  jwksCooldownSeconds?: number;
  /** How long fetched keys are trusted before being fetched again. Default 10 min (jose's default). */
  jwksCacheMaxAgeSeconds?: number;
  /** Timeout of one discovery or key-set request. Default 5 s. */
  httpTimeoutMs?: number;
}

export interface VerifiedPrincipal {
  subject: string;
  /** For people: name, preferred_username or email; otherwise the subject. */
  name: string;
  /** The highest role the token grants. */
  role: AccessRole;
  /** When the token expires (ms since the epoch, from `exp`): a socket opened with it is closed then. */
  expiresAt: number;
}

/** Asymmetric algorithms only: a symmetric (HS*) token would be checked against a public key. */
const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;
const DEFAULT_JWKS_COOLDOWN_SECONDS = 30;
const DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS = 600;
const DEFAULT_HTTP_TIMEOUT_MS = 5_000;

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * Verifies OIDC access tokens (JWTs) against the issuer's published keys and maps them to a role.
 *
 * Discovery happens once: the first verification (or `create`) reads the issuer's `jwks_uri`; a failed
 * discovery is not remembered, so the next verification tries again. The key set is cached by jose and
 * fetched again when a token names a `kid` it does not hold (key rotation), at most once per cooldown.
 */
export class OidcTokenVerifier {
  private readonly issuer: string;
  private readonly audience: string;
  private readonly roleClaim: string;
  private readonly roleMap: RoleMap;
  private readonly clockToleranceSeconds: number;
  private readonly httpTimeoutMs: number;
  private keySet?: Promise<RemoteKeySet>;

  constructor(private readonly options: OidcTokenVerifierOptions) {
    this.issuer = withoutTrailingSlash(options.issuerUrl);
    this.audience = options.audience;
    this.roleClaim = options.roleClaim ?? 'roles';
    this.roleMap = options.roleMap ?? IDENTITY_ROLE_MAP;
    this.clockToleranceSeconds = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
    this.httpTimeoutMs = options.httpTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  }

  /** A verifier whose discovery already succeeded: rejects with 'issuer_unreachable' otherwise. */
  static async create(options: OidcTokenVerifierOptions): Promise<OidcTokenVerifier> {
    const verifier = new OidcTokenVerifier(options);
    await verifier.discover();
    return verifier;
  }

  /** Reads the issuer's discovery document (once; retried on the next call after a failure). */
  discover(): Promise<RemoteKeySet> {
    this.keySet ??= this.fetchKeySet().catch((error: unknown) => {
      this.keySet = undefined;
      throw error;
    });
    return this.keySet;
  }

  /** The principal the access token stands for; throws OidcTokenError when it is refused. */
  async verify(token: string): Promise<VerifiedPrincipal> {
    const unverified = decodeUnverified(token);
    // A token of another issuer is refused before any key lookup: its unknown `kid` must not make the
    // API fetch the key set again. Nothing is trusted from the unverified claims otherwise.
    if (typeof unverified.iss !== 'string' || withoutTrailingSlash(unverified.iss) !== this.issuer) {
      throw new OidcTokenError('wrong_issuer', `The access token was not issued by ${this.issuer}.`);
    }
    const keySet = await this.discover();
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, keySet, {
        issuer: [this.issuer, `${this.issuer}/`],
        audience: this.audience,
        algorithms: ALLOWED_ALGORITHMS,
        clockTolerance: this.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw oidcTokenErrorFrom(error, { issuer: this.issuer, audience: this.audience });
    }
    const role = roleFromClaims(claims, this.roleClaim, this.roleMap);
    if (!role) {
      throw new OidcTokenError(
        'no_role',
        `The access token of "${claims.sub}" grants no role: its "${this.roleClaim}" claim has none of the values mapped to viewer, operator or admin.`,
      );
    }
    return { subject: claims.sub as string, name: displayName(claims), role, expiresAt: (claims.exp as number) * 1000 };
  }

  private async fetchKeySet(): Promise<RemoteKeySet> {
    const discoveryUrl = `${this.issuer}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(discoveryUrl, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.httpTimeoutMs),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (error) {
      throw new OidcTokenError(
        'issuer_unreachable',
        `The OpenID discovery document ${discoveryUrl} could not be read (${describe(error)}): check OIDC_ISSUER_URL and that the issuer is up.`,
      );
    }
    if (typeof document.issuer !== 'string' || withoutTrailingSlash(document.issuer) !== this.issuer) {
      throw new OidcTokenError(
        'issuer_unreachable',
        `The discovery document ${discoveryUrl} names the issuer ${JSON.stringify(document.issuer)}, not ${this.issuer}: OIDC_ISSUER_URL must be the issuer exactly.`,
      );
    }
    if (typeof document.jwks_uri !== 'string') {
      throw new OidcTokenError('issuer_unreachable', `The discovery document ${discoveryUrl} names no jwks_uri.`);
    }
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      cooldownDuration: (this.options.jwksCooldownSeconds ?? DEFAULT_JWKS_COOLDOWN_SECONDS) * 1000,
      cacheMaxAge: (this.options.jwksCacheMaxAgeSeconds ?? DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS) * 1000,
      timeoutDuration: this.httpTimeoutMs,
    });
  }
}

/** The claims and header of a token before any check, or 'malformed' when it is not a JWS compact JWT. */
function decodeUnverified(token: string): JWTPayload {
  if (typeof token !== 'string' || token.split('.').length !== 3) {
    throw new OidcTokenError('malformed', 'The access token is not a signed JWT (three dot-separated parts).');
  }
  try {
    decodeProtectedHeader(token);
    return decodeJwt(token);
  } catch {
    throw new OidcTokenError('malformed', 'The access token is not a signed JWT: its header or claims do not decode.');
  }
}

function displayName(claims: JWTPayload): string {
  for (const claim of ['name', 'preferred_username', 'email']) {
    const value = claims[claim];
    if (typeof value === 'string' && value.trim().length > 0) return value;
  }
  return claims.sub as string;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

import { errors } from 'jose';

/**
 * Why a token was refused. Stable strings: the auth guard and the WebSocket upgrade log them and map
 * them to responses, so renaming one is a breaking change.
 */
export type OidcTokenErrorReason =
  | 'expired'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'unknown_key'
  | 'bad_signature'
  | 'no_role'
  | 'malformed'
  | 'issuer_unreachable';

/** A refused access token. The message says what to check and never contains the token. */
export class OidcTokenError extends Error {
  override readonly name = 'OidcTokenError';

  constructor(
    readonly reason: OidcTokenErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Turns what jose threw while checking a token into a refusal. Network failures while fetching the key
 * set are the issuer's fault, not the token's: they become 'issuer_unreachable' so that a caller can
 * answer 503 rather than 401.
 */
export function oidcTokenErrorFrom(error: unknown, context: { issuer: string; audience: string }): OidcTokenError {
  if (error instanceof OidcTokenError) return error;
  if (error instanceof errors.JWTExpired) {
    return new OidcTokenError('expired', 'The access token has expired: sign in again.');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return new OidcTokenError(
          'wrong_audience',
          `The access token is not meant for this API: its audience is not "${context.audience}" (check OIDC_AUDIENCE and the resource the client requests).`,
        );
      case 'iss':
        return new OidcTokenError('wrong_issuer', `The access token was not issued by ${context.issuer}.`);
      case 'nbf':
        // Not valid yet: outside its validity window like an expired token; the clocks disagree.
        return new OidcTokenError(
          'expired',
          'The access token is not valid yet (nbf in the future): check the clocks of the issuer and the API.',
        );
      default:
        return new OidcTokenError(
          'malformed',
          `The access token's "${error.claim}" claim is invalid: ${error.reason}.`,
        );
    }
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new OidcTokenError(
      'unknown_key',
      `The access token is signed with a key that ${context.issuer} does not publish (even after fetching its keys again).`,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new OidcTokenError('bad_signature', 'The access token signature does not verify: it was altered.');
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new OidcTokenError(
      'issuer_unreachable',
      `The signing keys of ${context.issuer} could not be fetched: ${error.message}.`,
    );
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return new OidcTokenError('malformed', `The access token is not a usable signed JWT: ${error.message}.`);
  }
  if (error instanceof errors.JOSEError) {
    // jose's remaining errors come from fetching the key set (a non-200 answer, for one).
    return new OidcTokenError(
      'issuer_unreachable',
      `The signing keys of ${context.issuer} could not be fetched: ${error.message}.`,
    );
  }
  // Not a jose error: the socket to the key set failed (ECONNREFUSED, reset, DNS).
  const detail = error instanceof Error ? error.message : String(error);
  return new OidcTokenError(
    'issuer_unreachable',
    `The signing keys of ${context.issuer} could not be fetched: ${detail}.`,
  );
}

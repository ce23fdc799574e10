import { errors } from 'jose';

import { OidcTokenError, oidcTokenErrorFrom } from './oidc-token-error';

const context = { issuer: 'https://id.example', audience: 'urn:aura:api' };
const reasonFor = (error: unknown) => oidcTokenErrorFrom(error, context).reason;

describe('oidcTokenErrorFrom', () => {
  it('maps the validity window to expired, not-before included', () => {
    expect(reasonFor(new errors.JWTExpired('"exp" claim timestamp check failed', {}, 'exp', 'check_failed'))).toBe(
      'expired',
    );
    expect(
      reasonFor(new errors.JWTClaimValidationFailed('"nbf" claim timestamp check failed', {}, 'nbf', 'check_failed')),
    ).toBe('expired');
  });

  it('maps audience and issuer claim failures, and any other claim to malformed', () => {
    expect(reasonFor(new errors.JWTClaimValidationFailed('unexpected "aud"', {}, 'aud', 'check_failed'))).toBe(
      'wrong_audience',
    );
    expect(reasonFor(new errors.JWTClaimValidationFailed('unexpected "iss"', {}, 'iss', 'check_failed'))).toBe(
      'wrong_issuer',
    );
    expect(reasonFor(new errors.JWTClaimValidationFailed('missing "sub"', {}, 'sub', 'missing'))).toBe('malformed');
  });

  it('tells an unknown key from a signature that does not verify', () => {
    expect(reasonFor(new errors.JWKSNoMatchingKey())).toBe('unknown_key');
    expect(reasonFor(new errors.JWSSignatureVerificationFailed())).toBe('bad_signature');
  });

  it('maps undecodable tokens and refused algorithms to malformed', () => {
    expect(reasonFor(new errors.JWSInvalid('Invalid Compact JWS'))).toBe('malformed');
    expect(reasonFor(new errors.JWTInvalid('JWT Claims Set must be a top-level JSON object'))).toBe('malformed');
    expect(reasonFor(new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed'))).toBe(
      'malformed',
    );
  });

  it('blames the issuer when its key set cannot be fetched', () => {
    expect(reasonFor(new errors.JWKSTimeout())).toBe('issuer_unreachable');
    expect(reasonFor(new errors.JOSEError('Expected 200 OK from the JSON Web Key Set HTTP response'))).toBe(
      'issuer_unreachable',
    );
    expect(reasonFor(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe(
      'issuer_unreachable',
    );
  });

  it('passes an OidcTokenError through unchanged', () => {
    const refusal = new OidcTokenError('no_role', 'no role');
    expect(oidcTokenErrorFrom(refusal, context)).toBe(refusal);
  });

  it('says what to check in the message', () => {
    const error = oidcTokenErrorFrom(
      new errors.JWTClaimValidationFailed('unexpected "aud"', {}, 'aud', 'check_failed'),
      context,
    );
    expect(error).toBeInstanceOf(OidcTokenError);
    expect(error.name).toBe('OidcTokenError');
    expect(error.message).toContain('urn:aura:api');
  });
});

import { CustodyError, type CoreErrorCode, type CustodyErrorOptions } from '@custody/core';

/** The codes of @custody/ci: identity tokens that cannot be obtained or verified (OIDC_TOKEN_REQUEST_FAILED is core's, shared with @custody/github). */
export const CI_ERROR_CODES = {
  OIDC_AUDIENCE_MISMATCH: 'OIDC_AUDIENCE_MISMATCH',
  OIDC_DISCOVERY_FAILED: 'OIDC_DISCOVERY_FAILED',
  OIDC_ISSUER_INSECURE: 'OIDC_ISSUER_INSECURE',
  OIDC_ISSUER_INVALID: 'OIDC_ISSUER_INVALID',
  OIDC_ISSUER_MISMATCH: 'OIDC_ISSUER_MISMATCH',
  OIDC_KEY_NOT_FOUND: 'OIDC_KEY_NOT_FOUND',
  OIDC_SIGNATURE_INVALID: 'OIDC_SIGNATURE_INVALID',
  OIDC_TOKEN_ALGORITHM: 'OIDC_TOKEN_ALGORITHM',
  OIDC_TOKEN_EXPIRED: 'OIDC_TOKEN_EXPIRED',
  OIDC_TOKEN_MALFORMED: 'OIDC_TOKEN_MALFORMED',
  OIDC_TOKEN_NOT_YET_VALID: 'OIDC_TOKEN_NOT_YET_VALID',
  OIDC_TOKEN_REQUEST_DENIED: 'OIDC_TOKEN_REQUEST_DENIED',
} as const;
export type CiErrorCode = keyof typeof CI_ERROR_CODES;

/** An OIDC identity token could not be obtained or verified (bad signature, wrong issuer or audience, expired, unreachable JWKS). */
export class IdTokenError extends CustodyError<CiErrorCode | CoreErrorCode> {
  constructor(code: CiErrorCode | CoreErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { exitCode: 2, ...options });
  }
}

import { CustodyError, type CoreErrorCode, type CustodyErrorOptions } from '@custody/core';

/**
 * The codes of @custody/sign's main entry: those a keyless or PEM-key run can raise. Key-URI signing's own codes
 * (SIGN_KMS_*, SIGN_PKCS11_*, SIGN_KEY_URI_*) are kms/errors.ts, exported by @custody/sign/kms.
 */
export const SIGN_ERROR_CODES = {
  SIGN_CONFIG_INVALID: 'SIGN_CONFIG_INVALID',
  SIGN_CONFIG_UNSUPPORTED: 'SIGN_CONFIG_UNSUPPORTED',
  SIGN_CREDENTIALS_CONFLICT: 'SIGN_CREDENTIALS_CONFLICT',
  SIGN_INSTANCE_INCOMPLETE: 'SIGN_INSTANCE_INCOMPLETE',
  SIGN_INSTANCE_UNKNOWN: 'SIGN_INSTANCE_UNKNOWN',
  SIGN_KEY_NOT_FOUND: 'SIGN_KEY_NOT_FOUND',
  SIGN_KEY_PASSPHRASE_MISSING: 'SIGN_KEY_PASSPHRASE_MISSING',
  SIGN_KEY_PASSPHRASE_WRONG: 'SIGN_KEY_PASSPHRASE_WRONG',
  SIGN_KEY_UNSUPPORTED: 'SIGN_KEY_UNSUPPORTED',
  SIGN_NO_CREDENTIALS: 'SIGN_NO_CREDENTIALS',
  SIGN_SERVICE_BAD_RESPONSE: 'SIGN_SERVICE_BAD_RESPONSE',
  SIGN_SERVICE_REJECTED: 'SIGN_SERVICE_REJECTED',
  SIGN_SERVICE_UNAVAILABLE: 'SIGN_SERVICE_UNAVAILABLE',
  SIGN_TLOG_CONFLICT: 'SIGN_TLOG_CONFLICT',
  SIGN_TLOG_MISMATCH: 'SIGN_TLOG_MISMATCH',
  SIGN_TOKEN_EMAIL_UNVERIFIED: 'SIGN_TOKEN_EMAIL_UNVERIFIED',
  SIGN_TOKEN_EXPIRED: 'SIGN_TOKEN_EXPIRED',
  SIGN_TOKEN_MALFORMED: 'SIGN_TOKEN_MALFORMED',
  SIGN_TOKEN_NOT_YET_VALID: 'SIGN_TOKEN_NOT_YET_VALID',
  SIGN_TOKEN_REFUSED: 'SIGN_TOKEN_REFUSED',
  SIGN_URL_INSECURE: 'SIGN_URL_INSECURE',
  SIGN_URL_INVALID: 'SIGN_URL_INVALID',
} as const;
export type SignErrorCode = keyof typeof SIGN_ERROR_CODES;

/** Signing could not run: bad key, bad token, bad instance configuration. Exit 2. */
export class SignInputError extends CustodyError<SignErrorCode | CoreErrorCode> {
  constructor(code: SignErrorCode | CoreErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { exitCode: 2, ...options });
  }
}

export type ServiceName = 'Fulcio' | 'Rekor' | 'TSA';

/**
 * A Sigstore service (Fulcio, Rekor, TSA) failed for good: after the retries, or with an answer retrying cannot
 * fix. The message names the service and the URL. Exit 2 (infrastructure).
 */
export class SigningServiceError extends CustodyError<SignErrorCode | CoreErrorCode> {
  readonly service: ServiceName;
  readonly url: string;
  readonly status: number | undefined;
  constructor(
    service: ServiceName,
    url: string,
    code: SignErrorCode | CoreErrorCode,
    message: string,
    options: CustodyErrorOptions & { status?: number } = {},
  ) {
    // The message names the URL already; no separate location prefix.
    super(code, message, { exitCode: 2, ...options });
    this.service = service;
    this.url = url;
    this.status = options.status;
  }
}

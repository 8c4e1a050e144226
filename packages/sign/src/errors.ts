import { CustodyError, type CoreErrorCode, type CustodyErrorOptions } from '@custody/core';

/** The codes of @custody/sign. */
export const SIGN_ERROR_CODES = {
  SIGN_CONFIG_INVALID: 'SIGN_CONFIG_INVALID',
  SIGN_CONFIG_UNSUPPORTED: 'SIGN_CONFIG_UNSUPPORTED',
  SIGN_CREDENTIALS_CONFLICT: 'SIGN_CREDENTIALS_CONFLICT',
  SIGN_INSTANCE_INCOMPLETE: 'SIGN_INSTANCE_INCOMPLETE',
  SIGN_INSTANCE_UNKNOWN: 'SIGN_INSTANCE_UNKNOWN',
  SIGN_KEY_NOT_FOUND: 'SIGN_KEY_NOT_FOUND',
  SIGN_KMS_CREDENTIALS_MISSING: 'SIGN_KMS_CREDENTIALS_MISSING',
  SIGN_KMS_FAILED: 'SIGN_KMS_FAILED',
  SIGN_KMS_KEY_ALGORITHM: 'SIGN_KMS_KEY_ALGORITHM',
  SIGN_KMS_KEY_NOT_FOUND: 'SIGN_KMS_KEY_NOT_FOUND',
  SIGN_KMS_KEY_USAGE: 'SIGN_KMS_KEY_USAGE',
  SIGN_KMS_PERMISSION_DENIED: 'SIGN_KMS_PERMISSION_DENIED',
  SIGN_KMS_SDK_MISSING: 'SIGN_KMS_SDK_MISSING',
  SIGN_KMS_UNREACHABLE: 'SIGN_KMS_UNREACHABLE',
  SIGN_KMS_UNSUPPORTED: 'SIGN_KMS_UNSUPPORTED',
  SIGN_KMS_URI_INVALID: 'SIGN_KMS_URI_INVALID',
  SIGN_KEY_PASSPHRASE_MISSING: 'SIGN_KEY_PASSPHRASE_MISSING',
  SIGN_KEY_PASSPHRASE_WRONG: 'SIGN_KEY_PASSPHRASE_WRONG',
  SIGN_KEY_UNSUPPORTED: 'SIGN_KEY_UNSUPPORTED',
  SIGN_KEY_URI_INVALID: 'SIGN_KEY_URI_INVALID',
  SIGN_KEY_URI_UNSUPPORTED: 'SIGN_KEY_URI_UNSUPPORTED',
  SIGN_PKCS11_BINDING_MISSING: 'SIGN_PKCS11_BINDING_MISSING',
  SIGN_PKCS11_FAILED: 'SIGN_PKCS11_FAILED',
  SIGN_PKCS11_KEY_NOT_SIGNING: 'SIGN_PKCS11_KEY_NOT_SIGNING',
  SIGN_PKCS11_MODULE_MISSING: 'SIGN_PKCS11_MODULE_MISSING',
  SIGN_PKCS11_OBJECT_NOT_FOUND: 'SIGN_PKCS11_OBJECT_NOT_FOUND',
  SIGN_PKCS11_PIN_IN_URI: 'SIGN_PKCS11_PIN_IN_URI',
  SIGN_PKCS11_PIN_MISSING: 'SIGN_PKCS11_PIN_MISSING',
  SIGN_PKCS11_PIN_WRONG: 'SIGN_PKCS11_PIN_WRONG',
  SIGN_PKCS11_TOKEN_NOT_FOUND: 'SIGN_PKCS11_TOKEN_NOT_FOUND',
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

/** The key services a key URI names (packages/sign/src/kms). */
export type KeyServiceName = 'AWS KMS' | 'Google Cloud KMS' | 'Azure Key Vault' | 'HashiCorp Vault';

/**
 * A key service (AWS KMS, Google Cloud KMS, Azure Key Vault, Vault Transit) refused or failed a request for a key:
 * the message names the service and the key (its URI, which holds no credential). Exit 2.
 */
export class KeyServiceError extends CustodyError<SignErrorCode | CoreErrorCode> {
  readonly service: KeyServiceName;
  readonly key: string;
  constructor(service: KeyServiceName, key: string, code: SignErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { exitCode: 2, ...options });
    this.service = service;
    this.key = key;
  }
}

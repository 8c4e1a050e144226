/**
 * The error codes and classes only key-URI signing raises (PKCS#11 tokens, the key services, the URI checks): the
 * `@custody/sign/kms` entry exports them, so the package's main entry, which keyless and PEM runs load, carries none
 * of them. Codes a keyless or PEM run can raise stay in ../errors.ts.
 */
import { CustodyError, type CoreErrorCode, type CustodyErrorOptions } from '@custody/core';
import type { SignErrorCode } from '../errors.js';

/** The codes of key-URI signing (@custody/sign/kms). */
export const KEY_URI_ERROR_CODES = {
  SIGN_KMS_CREDENTIALS_MISSING: 'SIGN_KMS_CREDENTIALS_MISSING',
  SIGN_KMS_FAILED: 'SIGN_KMS_FAILED',
  SIGN_KMS_KEY_ALGORITHM: 'SIGN_KMS_KEY_ALGORITHM',
  SIGN_KMS_KEY_NOT_FOUND: 'SIGN_KMS_KEY_NOT_FOUND',
  SIGN_KMS_KEY_USAGE: 'SIGN_KMS_KEY_USAGE',
  SIGN_KMS_PERMISSION_DENIED: 'SIGN_KMS_PERMISSION_DENIED',
  SIGN_KMS_SDK_MISSING: 'SIGN_KMS_SDK_MISSING',
  SIGN_KMS_UNREACHABLE: 'SIGN_KMS_UNREACHABLE',
  SIGN_KMS_URI_INVALID: 'SIGN_KMS_URI_INVALID',
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
} as const;
export type KeyUriErrorCode = keyof typeof KEY_URI_ERROR_CODES;

/** A key named by URI cannot be used: a bad URI, a missing token, module or binding, a wrong PIN. Exit 2. */
export class KeyUriError extends CustodyError<KeyUriErrorCode | SignErrorCode | CoreErrorCode> {
  constructor(code: KeyUriErrorCode | SignErrorCode | CoreErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { exitCode: 2, ...options });
  }
}

/** The key services a key URI names (packages/sign/src/kms). */
export type KeyServiceName = 'AWS KMS' | 'Google Cloud KMS' | 'Azure Key Vault' | 'HashiCorp Vault';

/**
 * A key service (AWS KMS, Google Cloud KMS, Azure Key Vault, Vault Transit) refused or failed a request for a key:
 * the message names the service and the key (its URI, which holds no credential). Exit 2.
 */
export class KeyServiceError extends CustodyError<KeyUriErrorCode | CoreErrorCode> {
  readonly service: KeyServiceName;
  readonly key: string;
  constructor(service: KeyServiceName, key: string, code: KeyUriErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { exitCode: 2, ...options });
    this.service = service;
    this.key = key;
  }
}

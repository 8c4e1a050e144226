import { CustodyError, EXIT_USAGE, type CoreErrorCode, type CustodyErrorOptions } from '@custody/core';

/** The codes of @custody/verify (the verify command raises its file and target codes through VerifyInputError too). */
export const VERIFY_ERROR_CODES = {
  VERIFY_BUNDLE_MALFORMED: 'VERIFY_BUNDLE_MALFORMED',
  VERIFY_BUNDLE_TOO_COMPLEX: 'VERIFY_BUNDLE_TOO_COMPLEX',
  VERIFY_FILE_UNREADABLE: 'VERIFY_FILE_UNREADABLE',
  VERIFY_IDENTITY_INVALID: 'VERIFY_IDENTITY_INVALID',
  VERIFY_IDENTITY_REQUIRED: 'VERIFY_IDENTITY_REQUIRED',
  VERIFY_INPUT_TOO_LARGE: 'VERIFY_INPUT_TOO_LARGE',
  VERIFY_KEY_INVALID: 'VERIFY_KEY_INVALID',
  VERIFY_KEY_PRIVATE: 'VERIFY_KEY_PRIVATE',
  VERIFY_POLICY_INVALID: 'VERIFY_POLICY_INVALID',
  VERIFY_TARGET_NOT_PINNED: 'VERIFY_TARGET_NOT_PINNED',
  VERIFY_TARGET_UNREADABLE: 'VERIFY_TARGET_UNREADABLE',
  VERIFY_TRUST_ROOT_INVALID: 'VERIFY_TRUST_ROOT_INVALID',
  VERIFY_TRUST_ROOT_MISSING: 'VERIFY_TRUST_ROOT_MISSING',
  VERIFY_TUF_REFRESH_FAILED: 'VERIFY_TUF_REFRESH_FAILED',
  VEX_DOCUMENT_INVALID: 'VEX_DOCUMENT_INVALID',
  VULN_REPORT_UNKNOWN: 'VULN_REPORT_UNKNOWN',
} as const;
export type VerifyErrorCode = keyof typeof VERIFY_ERROR_CODES;

/** Verification cannot run: bad input, bad trust material, bad policy. Exit code 2. */
export class VerifyInputError extends CustodyError<VerifyErrorCode | CoreErrorCode> {
  constructor(code: VerifyErrorCode | CoreErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { ...options, exitCode: options.exitCode ?? EXIT_USAGE });
  }
}

/** A policy file that cannot be used (bad YAML, unknown keys, CEL that does not compile). Exit code 2. */
export class PolicyFileError extends VerifyInputError {
  constructor(message: string, options: CustodyErrorOptions = {}) {
    super('VERIFY_POLICY_INVALID', message, options);
  }
}

/* Attestation files and blobs are bounded by @custody/core's limits (bundleBytes, jsonDepth; docs/limits.md). */
/** Largest accepted trusted root, key or policy file. */
export const MAX_SMALL_FILE_BYTES = 1024 * 1024;

/**
 * The error codes and classes of the application layer: what the commands, the CLI and the actions raise
 * themselves. Codes of a package's domain are raised through that package's classes (OciError, VerifyInputError…).
 */
import { CustodyError, InputError, type CoreErrorCode, type CustodyErrorOptions } from '@custody/core';

/** The codes the application layer (src/commands, src/cli, actions/*) raises itself; the rest come from the packages. */
export const APP_ERROR_CODES = {
  ACTION_BUNDLE_INCOMPLETE: 'ACTION_BUNDLE_INCOMPLETE',
  ADMISSION_CONFIG_INVALID: 'ADMISSION_CONFIG_INVALID',
  ADMISSION_LISTEN_FAILED: 'ADMISSION_LISTEN_FAILED',
  ADMISSION_TLS_REQUIRED: 'ADMISSION_TLS_REQUIRED',
  ADMISSION_TLS_UNREADABLE: 'ADMISSION_TLS_UNREADABLE',
  ATTESTATIONS_PATH_ESCAPES: 'ATTESTATIONS_PATH_ESCAPES',
  ATTEST_BATCH_DUPLICATE_BUNDLE: 'ATTEST_BATCH_DUPLICATE_BUNDLE',
  ATTEST_BATCH_EMPTY: 'ATTEST_BATCH_EMPTY',
  ATTEST_BATCH_LINE_INVALID: 'ATTEST_BATCH_LINE_INVALID',
  ATTEST_INPUT_NOT_FOUND: 'ATTEST_INPUT_NOT_FOUND',
  ATTEST_INPUT_NOT_JSON: 'ATTEST_INPUT_NOT_JSON',
  ATTEST_PREDICATE_NOT_OBJECT: 'ATTEST_PREDICATE_NOT_OBJECT',
  ATTEST_SBOM_UNKNOWN: 'ATTEST_SBOM_UNKNOWN',
  ATTEST_SBOM_UNSUPPORTED: 'ATTEST_SBOM_UNSUPPORTED',
  CAPTURE_FAILED: 'CAPTURE_FAILED',
  COVERAGE_INPUT_UNREADABLE: 'COVERAGE_INPUT_UNREADABLE',
  COVERAGE_NO_IMAGES: 'COVERAGE_NO_IMAGES',
  DEMO_FAILED: 'DEMO_FAILED',
  KEYS_OUTPUT_EXISTS: 'KEYS_OUTPUT_EXISTS',
  OUTPUT_WRITE_FAILED: 'OUTPUT_WRITE_FAILED',
  PUSH_BUNDLE_EMPTY: 'PUSH_BUNDLE_EMPTY',
  PUSH_BUNDLE_MISSING: 'PUSH_BUNDLE_MISSING',
  PUSH_BUNDLE_UNREADABLE: 'PUSH_BUNDLE_UNREADABLE',
  PUSH_SUBJECT_MISMATCH: 'PUSH_SUBJECT_MISMATCH',
  SETUP_CLI_BROKEN: 'SETUP_CLI_BROKEN',
  SETUP_CLI_MISSING: 'SETUP_CLI_MISSING',
  SETUP_DIR_UNWRITABLE: 'SETUP_DIR_UNWRITABLE',
  TRUSTED_ROOT_INVALID: 'TRUSTED_ROOT_INVALID',
  TRUSTED_ROOT_NOT_EMBEDDED: 'TRUSTED_ROOT_NOT_EMBEDDED',
  TRUSTED_ROOT_TUF_ROOT_REQUIRED: 'TRUSTED_ROOT_TUF_ROOT_REQUIRED',
  VERIFY_FAILED: 'VERIFY_FAILED',
} as const;
export type AppErrorCode = keyof typeof APP_ERROR_CODES;

/** A command could not do its work (a write failed, a launcher is broken, a demo build failed). Exit 2 unless given. */
export class AppError extends CustodyError<AppErrorCode | CoreErrorCode> {
  constructor(code: AppErrorCode | CoreErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A file or value given to a command is missing or malformed (exit 2). */
export class AppInputError extends InputError<AppErrorCode | CoreErrorCode> {}

import { CustodyError, EXIT_USAGE, type CustodyErrorOptions } from '@custody/core';

/** Verification cannot run: bad input, bad trust material, bad policy. Exit code 2. */
export class VerifyInputError extends CustodyError {
  constructor(code: string, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { ...options, exitCode: options.exitCode ?? EXIT_USAGE });
  }
}

/** A policy file that cannot be used (bad YAML, unknown keys, CEL that does not compile). Exit code 2. */
export class PolicyFileError extends VerifyInputError {
  constructor(message: string, options: CustodyErrorOptions = {}) {
    super('VERIFY_POLICY_INVALID', message, options);
  }
}

/** Largest accepted bundle document (one file, JSON or JSON Lines), and the largest single bundle. */
export const MAX_BUNDLE_FILE_BYTES = 32 * 1024 * 1024;
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
/** Largest accepted trusted root, key or policy file. */
export const MAX_SMALL_FILE_BYTES = 1024 * 1024;

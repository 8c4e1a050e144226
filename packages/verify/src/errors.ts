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

/* Attestation files and blobs are bounded by @custody/core's limits (bundleBytes, jsonDepth; docs/limits.md). */
/** Largest accepted trusted root, key or policy file. */
export const MAX_SMALL_FILE_BYTES = 1024 * 1024;

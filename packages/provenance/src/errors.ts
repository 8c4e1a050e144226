import { CustodyError, InputError, type CustodyErrorOptions } from '@custody/core';

/** A subject, material or capture file given by the user is missing, malformed or unsupported (exit 2). */
export class ProvenanceInputError extends InputError {
  constructor(code: string, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { exitCode: 2, ...options });
  }
}

/** Collecting build facts failed (a tool that cannot run, an unreadable .git). `custody run` only warns about these. */
export class CaptureError extends CustodyError {
  constructor(code: string, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { exitCode: 2, ...options });
  }
}

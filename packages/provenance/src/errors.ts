import { CustodyError, InputError, type CoreErrorCode, type CustodyErrorOptions } from '@custody/core';

/** The codes of @custody/provenance. */
export const PROVENANCE_ERROR_CODES = {
  CAPTURE_INVALID: 'CAPTURE_INVALID',
  CAPTURE_NOT_FOUND: 'CAPTURE_NOT_FOUND',
  CAPTURE_VERSION_UNSUPPORTED: 'CAPTURE_VERSION_UNSUPPORTED',
  CHECKSUM_ALGORITHM_UNSUPPORTED: 'CHECKSUM_ALGORITHM_UNSUPPORTED',
  CHECKSUM_FILE_EMPTY: 'CHECKSUM_FILE_EMPTY',
  CHECKSUM_FILE_NOT_FOUND: 'CHECKSUM_FILE_NOT_FOUND',
  CHECKSUM_LINE_MALFORMED: 'CHECKSUM_LINE_MALFORMED',
  FILE_NOT_A_FILE: 'FILE_NOT_A_FILE',
  FILE_NOT_FOUND: 'FILE_NOT_FOUND',
  GLOB_NO_MATCH: 'GLOB_NO_MATCH',
  PROVENANCE_BUILD_FAILED: 'PROVENANCE_BUILD_FAILED',
  PROVENANCE_BUILD_NOT_STARTED: 'PROVENANCE_BUILD_NOT_STARTED',
  PROVENANCE_SUBJECT_UNRECORDED: 'PROVENANCE_SUBJECT_UNRECORDED',
  SUBJECT_DIGEST_INVALID: 'SUBJECT_DIGEST_INVALID',
  SUBJECT_DIGEST_UNSUPPORTED: 'SUBJECT_DIGEST_UNSUPPORTED',
  SUBJECT_EMPTY: 'SUBJECT_EMPTY',
  SUBJECT_IMAGE_NOT_PINNED: 'SUBJECT_IMAGE_NOT_PINNED',
  SUBJECT_MISSING: 'SUBJECT_MISSING',
  TOOL_NAME_INVALID: 'TOOL_NAME_INVALID',
} as const;
export type ProvenanceErrorCode = keyof typeof PROVENANCE_ERROR_CODES;

/** A subject, material or capture file given by the user is missing, malformed or unsupported (exit 2). */
export class ProvenanceInputError extends InputError<ProvenanceErrorCode | CoreErrorCode> {
  constructor(code: ProvenanceErrorCode | CoreErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { exitCode: 2, ...options });
  }
}

/** Collecting build facts failed (a tool that cannot run, an unreadable .git). `custody run` only warns about these. */
export class CaptureError extends CustodyError<ProvenanceErrorCode | CoreErrorCode> {
  constructor(code: ProvenanceErrorCode | CoreErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { exitCode: 2, ...options });
  }
}

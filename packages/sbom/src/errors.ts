import { InputError, jsonDepth, LimitError, limits, type CoreErrorCode, type CustodyErrorOptions } from '@custody/core';

/** The codes of @custody/sbom (a layer's IMAGE_BLOB_MISSING and IMAGE_DIGEST_MISMATCH are core's shared codes). */
export const SBOM_ERROR_CODES = {
  IMAGE_BLOB_UNREADABLE: 'IMAGE_BLOB_UNREADABLE',
  IMAGE_LAYER_CORRUPT: 'IMAGE_LAYER_CORRUPT',
  LOCKFILE_MALFORMED: 'LOCKFILE_MALFORMED',
  LOCKFILE_NOT_FOUND: 'LOCKFILE_NOT_FOUND',
  LOCKFILE_NO_PACKAGES: 'LOCKFILE_NO_PACKAGES',
  LOCKFILE_UNSUPPORTED_VERSION: 'LOCKFILE_UNSUPPORTED_VERSION',
  RPMDB_MALFORMED: 'RPMDB_MALFORMED',
  RPMDB_UNREADABLE: 'RPMDB_UNREADABLE',
  SBOM_INPUT_NOT_A_FILE: 'SBOM_INPUT_NOT_A_FILE',
  SBOM_LOCKFILE_UNREADABLE: 'SBOM_LOCKFILE_UNREADABLE',
  SBOM_PATH_NOT_FOUND: 'SBOM_PATH_NOT_FOUND',
} as const;
export type SbomErrorCode = keyof typeof SBOM_ERROR_CODES;

/** Throws LimitError (LIMIT_JSON_DEPTH) when a JSON text nests deeper than the limit. */
export function checkJsonDepth(text: string, what: string, location: string): void {
  const max = limits().jsonDepth;
  if (jsonDepth(text, max) > max) throw new LimitError('jsonDepth', `${what} nests deeper than ${max} levels.`, { location });
}

/**
 * Errors of the SBOM package (codes shared with the readers' other-util.ts). Each says which file (and line), what was wrong and what is supported.
 * All are input errors: exit code 2.
 */

/** An input of the SBOM package is missing, unreadable or malformed. */
export class SbomInputError extends InputError<SbomErrorCode | CoreErrorCode> {}

/** A lockfile that cannot be parsed: truncated, malformed, not the format its name says. */
export class LockfileParseError extends SbomInputError {
  constructor(message: string, options: CustodyErrorOptions = {}) {
    super('LOCKFILE_MALFORMED', message, options);
  }
}

/** A lockfile in a version of its format that no reader handles. */
export class LockfileVersionError extends SbomInputError {
  constructor(message: string, options: CustodyErrorOptions = {}) {
    super('LOCKFILE_UNSUPPORTED_VERSION', message, options);
  }
}

/** Nothing to read: a directory without any lockfile, or a file no reader handles. */
export class NoLockfileError extends SbomInputError {
  constructor(message: string, options: CustodyErrorOptions = {}) {
    super('LOCKFILE_NOT_FOUND', message, options);
  }
}

/** Lockfiles were found but none of them names a package. */
export class NoPackagesError extends SbomInputError {
  constructor(message: string, options: CustodyErrorOptions = {}) {
    super('LOCKFILE_NO_PACKAGES', message, options);
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Parses a JSON lockfile. On failure, throws LockfileParseError located at `source:line` with what was expected.
 * JSON.parse's own messages rarely carry a position, so the position comes from a small scanner that only runs
 * after a failure (no cost on good input).
 */
export function parseJsonLockfile(text: string, source: string, what: string, hint: string): unknown {
  // Depth first (a scan without allocation): a hostile document nested a million levels deep must neither exhaust
  // the stack of a recursive reader nor pass as an internal error.
  checkJsonDepth(text, what, source);
  try {
    return JSON.parse(text);
  } catch (err) {
    const found = findJsonError(text);
    const { line, column } = lineColumn(text, found.offset);
    throw new LockfileParseError(`${what} is not valid JSON: ${found.message} at line ${line}, column ${column}.`, {
      location: `${source}:${line}`,
      hint,
      cause: err,
    });
  }
}

/** Finds where and why a JSON text is invalid. */
export function findJsonError(text: string): { offset: number; message: string } {
  let i = 0;
  const n = text.length;
  class Stop extends Error {
    constructor(
      readonly offset: number,
      message: string,
    ) {
      super(message);
    }
  }
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (expected: string): never => {
    if (i >= n) throw new Stop(n, `the file ends early (truncated?) where ${expected} was expected`);
    throw new Stop(i, `found ${JSON.stringify(text[i])} where ${expected} was expected`);
  };
  const str = () => {
    i++; // opening quote
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 1;
            fail('a \\u escape with 4 hex digits');
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail('an escape character');
        }
      } else if (c.charCodeAt(0) < 32) fail('a closing quote (control character in a string)');
      else i++;
    }
    fail('a closing quote');
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes');
        str();
        ws();
        if (text[i] !== ':') fail("':'");
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("',' or '}'");
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("',' or ']'");
      }
    } else if (c === '"') str();
    else if (c !== undefined && /[-0-9]/.test(c)) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!m || m[0] === '-') fail('a number');
      i += m![0].length;
    } else {
      for (const lit of ['true', 'false', 'null']) {
        if (text.startsWith(lit, i)) {
          i += lit.length;
          return;
        }
      }
      fail('a value');
    }
  };
  try {
    value();
    ws();
    if (i < n) fail('the end of the file');
    return { offset: n, message: 'JSON.parse rejected it' };
  } catch (err) {
    if (err instanceof Stop) return { offset: err.offset, message: err.message };
    if (err instanceof RangeError) return { offset: i, message: 'it is nested too deeply' };
    throw err;
  }
}

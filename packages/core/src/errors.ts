/**
 * Every error Custody raises on purpose is a CustodyError: a stable `code` that scripts and docs can rely on,
 * a message that says what was wrong and where, and a `hint` that says what to do next.
 *
 * Exit codes (ARCHITECTURE.md): 0 success, 1 verification or policy failed, 2 usage, input or infrastructure error.
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CustodyErrorOptions {
  /** What the user should do next. Printed after the message. */
  hint?: string;
  /** The lower-level error this one wraps. Never printed as a stack trace to users. */
  cause?: unknown;
  /** Where the problem is: a file, a file:line, a URL, a registry reference. */
  location?: string;
  /** Process exit code when this error ends the CLI. Defaults to 2. */
  exitCode?: number;
}

/**
 * The codes core raises, and the codes of the shared vocabulary that several packages raise (image blobs read by
 * both @custody/oci and @custody/sbom; the OIDC token asked of a runner by both @custody/ci and @custody/github).
 * Every package keeps such a table in its errors.ts (in the style of sigstore-js's error types): the package's error
 * classes take a code of their table (or of this one), so a raise site cannot invent a code; the troubleshooting
 * test imports the tables and checks docs/troubleshooting.md against them.
 */
export const CORE_ERROR_CODES = {
  USAGE: 'USAGE',
  DIGEST_INVALID: 'DIGEST_INVALID',
  DIGEST_UNSUPPORTED_ALGORITHM: 'DIGEST_UNSUPPORTED_ALGORITHM',
  IMAGE_PLATFORM_INVALID: 'IMAGE_PLATFORM_INVALID',
  OCI_REFERENCE_INVALID: 'OCI_REFERENCE_INVALID',
  SOURCE_DATE_EPOCH_INVALID: 'SOURCE_DATE_EPOCH_INVALID',
  LIMIT_INVALID: 'LIMIT_INVALID',
  /** A file named as input is a directory, device, FIFO or socket. */
  INPUT_NOT_A_FILE: 'INPUT_NOT_A_FILE',
  LIMIT_OCI_JSON_BYTES: 'LIMIT_OCI_JSON_BYTES',
  LIMIT_BUNDLE_BYTES: 'LIMIT_BUNDLE_BYTES',
  LIMIT_JSON_DEPTH: 'LIMIT_JSON_DEPTH',
  LIMIT_LOCKFILE_BYTES: 'LIMIT_LOCKFILE_BYTES',
  LIMIT_MANIFEST_BYTES: 'LIMIT_MANIFEST_BYTES',
  LIMIT_ADMISSION_REVIEW_BYTES: 'LIMIT_ADMISSION_REVIEW_BYTES',
  LIMIT_LAYER_BYTES: 'LIMIT_LAYER_BYTES',
  LIMIT_TEMP_BYTES: 'LIMIT_TEMP_BYTES',
  LIMIT_ARCHIVE_DEPTH: 'LIMIT_ARCHIVE_DEPTH',
  LIMIT_ARCHIVE_ENTRIES: 'LIMIT_ARCHIVE_ENTRIES',
  LIMIT_VULN_DB_BYTES: 'LIMIT_VULN_DB_BYTES',
  LIMIT_INDEX_MANIFESTS: 'LIMIT_INDEX_MANIFESTS',
  LIMIT_HTTP_CONNECT_MS: 'LIMIT_HTTP_CONNECT_MS',
  LIMIT_HTTP_IDLE_MS: 'LIMIT_HTTP_IDLE_MS',
  LIMIT_HTTP_DEADLINE_MS: 'LIMIT_HTTP_DEADLINE_MS',
  LIMIT_HTTP_RETRIES: 'LIMIT_HTTP_RETRIES',
  /** Shared: a manifest, config or layer blob named by an image is not there or cannot be opened. */
  IMAGE_BLOB_MISSING: 'IMAGE_BLOB_MISSING',
  /** Shared: a blob hashes to another digest (or runs longer) than its descriptor says. */
  IMAGE_DIGEST_MISMATCH: 'IMAGE_DIGEST_MISMATCH',
  /** Shared: the CI runner did not hand out an OIDC identity token. */
  OIDC_TOKEN_REQUEST_FAILED: 'OIDC_TOKEN_REQUEST_FAILED',
} as const;
export type CoreErrorCode = keyof typeof CORE_ERROR_CODES;

/**
 * The base of every Custody error. Abstract: a raise site constructs a package's class, whose `C` is that package's
 * code union, so `new OciError('OCI_TYPO', …)` does not compile. Readers see `code` as a string.
 */
export abstract class CustodyError<C extends string = string> extends Error {
  readonly code: C;
  readonly hint: string | undefined;
  readonly location: string | undefined;
  readonly exitCode: number;

  constructor(code: C, message: string, options: CustodyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
    this.exitCode = options.exitCode ?? EXIT_USAGE;
  }

  /** One paragraph for a human: where, what, what to do. */
  describe(): string {
    const where = this.location ? `${this.location}: ` : '';
    const hint = this.hint ? ` ${this.hint}` : '';
    return `${where}${this.message}${hint} [${this.code}]`;
  }
}

/** The user asked for something the CLI cannot understand (bad flag, missing argument). */
export class UsageError extends CustodyError<CoreErrorCode> {
  constructor(message: string, options: CustodyErrorOptions = {}) {
    super('USAGE', message, options);
  }
}

/** An input file or value is malformed or unsupported. Each package has a concrete subclass typed by its codes. */
export abstract class InputError<C extends string = string> extends CustodyError<C> {}

/** An input error of core's own parsers (digests, references, platforms, SOURCE_DATE_EPOCH, limit variables). */
export class CoreInputError extends InputError<CoreErrorCode> {}

export function isCustodyError(err: unknown): err is CustodyError {
  return err instanceof CustodyError;
}

/** A short description of any thrown value, for wrapping at a boundary. */
export function describeCause(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

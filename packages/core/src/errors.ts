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

export class CustodyError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly location: string | undefined;
  readonly exitCode: number;

  constructor(code: string, message: string, options: CustodyErrorOptions = {}) {
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
export class UsageError extends CustodyError {
  constructor(message: string, options: CustodyErrorOptions = {}) {
    super('USAGE', message, options);
  }
}

/** An input file or value is malformed or unsupported. */
export class InputError extends CustodyError {}

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

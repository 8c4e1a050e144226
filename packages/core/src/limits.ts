/**
 * Resource limits. Every input Custody reads is bounded, so that no file, registry, bundle or archive can make it use
 * unbounded memory, disk, CPU or time. Each limit has a documented default (docs/limits.md), an environment variable
 * that raises or lowers it, and an error code that names it when it is hit (exit 2).
 *
 * The faces (CLI, actions) call `configureLimits(env)` once; the packages read `limits()`.
 */
import { CoreInputError, CustodyError, type CoreErrorCode } from './errors.js';

export interface LimitSpec {
  /** Error code when the limit is hit. */
  code: CoreErrorCode;
  /** Environment variable that overrides the default. */
  env: string;
  /** Default value (bytes, a count, or milliseconds, as `unit` says). */
  default: number;
  unit: 'bytes' | 'count' | 'ms';
  /** What it bounds, for messages and docs. */
  what: string;
}

/** The table of limits. docs/limits.md lists the same rows; a test keeps them in step. */
export const LIMIT_SPECS = {
  ociJsonBytes: {
    code: 'LIMIT_OCI_JSON_BYTES',
    env: 'CUSTODY_MAX_OCI_JSON_BYTES',
    default: 4 * 1024 * 1024,
    unit: 'bytes',
    what: 'an OCI JSON document (index, manifest, image config) read from a registry, layout or archive',
  },
  bundleBytes: {
    code: 'LIMIT_BUNDLE_BYTES',
    env: 'CUSTODY_MAX_BUNDLE_BYTES',
    default: 64 * 1024 * 1024,
    unit: 'bytes',
    what: 'an attestation blob or bundle file (Sigstore bundle, DSSE envelope, JSON Lines of bundles)',
  },
  jsonDepth: {
    code: 'LIMIT_JSON_DEPTH',
    env: 'CUSTODY_MAX_JSON_DEPTH',
    default: 256,
    unit: 'count',
    what: 'the nesting depth of a JSON document (bundles, statements, SBOMs, OCI documents)',
  },
  lockfileBytes: {
    code: 'LIMIT_LOCKFILE_BYTES',
    env: 'CUSTODY_MAX_LOCKFILE_BYTES',
    default: 128 * 1024 * 1024,
    unit: 'bytes',
    what: 'a lockfile or package database read for an SBOM',
  },
  manifestBytes: {
    code: 'LIMIT_MANIFEST_BYTES',
    env: 'CUSTODY_MAX_MANIFEST_BYTES',
    default: 32 * 1024 * 1024,
    unit: 'bytes',
    what: 'a Kubernetes manifest file or image list read by custody coverage',
  },
  admissionReviewBytes: {
    code: 'LIMIT_ADMISSION_REVIEW_BYTES',
    env: 'CUSTODY_MAX_ADMISSION_REVIEW_BYTES',
    default: 4 * 1024 * 1024,
    unit: 'bytes',
    what: 'the body of one AdmissionReview request sent to custody admission',
  },
  layerBytes: {
    code: 'LIMIT_LAYER_BYTES',
    env: 'CUSTODY_MAX_LAYER_BYTES',
    default: 8 * 1024 * 1024 * 1024,
    unit: 'bytes',
    what: 'the decompressed size of one image layer',
  },
  tempBytes: {
    code: 'LIMIT_TEMP_BYTES',
    env: 'CUSTODY_MAX_TEMP_BYTES',
    default: 2 * 1024 * 1024 * 1024,
    unit: 'bytes',
    what: 'bytes copied to temporary files in one run (image downloads, archive extraction)',
  },
  archiveDepth: {
    code: 'LIMIT_ARCHIVE_DEPTH',
    env: 'CUSTODY_MAX_ARCHIVE_DEPTH',
    default: 4,
    unit: 'count',
    what: 'how deep archives inside archives are opened (jars in jars)',
  },
  archiveEntries: {
    code: 'LIMIT_ARCHIVE_ENTRIES',
    env: 'CUSTODY_MAX_ARCHIVE_ENTRIES',
    default: 1_000_000,
    unit: 'count',
    what: 'entries read from one archive or layer',
  },
  vulnDbBytes: {
    code: 'LIMIT_VULN_DB_BYTES',
    env: 'CUSTODY_MAX_VULN_DB_BYTES',
    default: 2 * 1024 * 1024 * 1024,
    unit: 'bytes',
    what: 'the OSV records of one custody vuln --db, together (the *.json files of a directory, or the uncompressed *.json entries of a zip)',
  },
  indexManifests: {
    code: 'LIMIT_INDEX_MANIFESTS',
    env: 'CUSTODY_MAX_INDEX_MANIFESTS',
    default: 256,
    unit: 'count',
    what: 'the manifests an image index lists (platforms and attestation manifests, nested indexes counted together)',
  },
  httpConnectMs: {
    code: 'LIMIT_HTTP_CONNECT_MS',
    env: 'CUSTODY_HTTP_CONNECT_TIMEOUT_MS',
    default: 15_000,
    unit: 'ms',
    what: 'time to connect to a registry or service',
  },
  httpIdleMs: {
    code: 'LIMIT_HTTP_IDLE_MS',
    env: 'CUSTODY_HTTP_IDLE_TIMEOUT_MS',
    default: 30_000,
    unit: 'ms',
    what: 'time a response may stall without sending a byte',
  },
  httpDeadlineMs: {
    code: 'LIMIT_HTTP_DEADLINE_MS',
    env: 'CUSTODY_HTTP_DEADLINE_MS',
    default: 600_000,
    unit: 'ms',
    what: 'overall time for one request, its body and its retries',
  },
  httpRetries: {
    code: 'LIMIT_HTTP_RETRIES',
    env: 'CUSTODY_HTTP_RETRIES',
    default: 4,
    unit: 'count',
    what: 'retries of one request after a transient failure (5xx, 429, reset)',
  },
} as const satisfies Record<string, LimitSpec>;

export type LimitName = keyof typeof LIMIT_SPECS;
export type Limits = Record<LimitName, number>;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze(
  Object.fromEntries(Object.entries(LIMIT_SPECS).map(([k, s]) => [k, s.default])) as Limits,
);

/** Limits from the environment: each `CUSTODY_MAX_*` / `CUSTODY_HTTP_*` variable that is set overrides its default. */
export function resolveLimits(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Limits {
  const out = { ...DEFAULT_LIMITS } as Limits;
  for (const [name, spec] of Object.entries(LIMIT_SPECS) as [LimitName, LimitSpec][]) {
    const raw = env[spec.env];
    if (raw === undefined || raw === '') continue;
    const value = parseLimitValue(raw);
    if (value === undefined) {
      throw new CoreInputError('LIMIT_INVALID', `${spec.env}="${raw}" is not a valid limit.`, {
        hint: `Give a positive whole number${spec.unit === 'bytes' ? ' of bytes, optionally with a K, M or G suffix (e.g. 512M)' : ''}.`,
      });
    }
    out[name] = value;
  }
  return out;
}

function parseLimitValue(raw: string): number | undefined {
  const m = /^\s*(\d+)\s*([kKmMgG]i?[bB]?)?\s*$/.exec(raw);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').charAt(0).toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const value = n * factor;
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

let current: Limits = { ...DEFAULT_LIMITS };

/** Sets the process-wide limits (the faces call this once, from the environment). Returns them. */
export function configureLimits(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Limits {
  current = resolveLimits(env);
  return current;
}

/** The limits in force. */
export function limits(): Readonly<Limits> {
  return current;
}

/** A limit was hit. Exit 2; the code names the limit (e.g. LIMIT_OCI_JSON_BYTES) and the hint names its variable. */
export class LimitError extends CustodyError<CoreErrorCode> {
  readonly limit: LimitName;
  constructor(limit: LimitName, message: string, options: { location?: string; cause?: unknown } = {}) {
    super(LIMIT_SPECS[limit].code, message, {
      ...options,
      hint: `The limit is ${formatLimit(limit, current[limit])} (${LIMIT_SPECS[limit].what}); if the input is trusted, raise it with ${LIMIT_SPECS[limit].env}.`,
    });
    this.limit = limit;
  }
}

export function formatLimit(limit: LimitName, value: number): string {
  const unit = LIMIT_SPECS[limit].unit;
  if (unit === 'ms') return value % 1000 === 0 ? `${value / 1000} s` : `${value} ms`;
  if (unit === 'count') return String(value);
  for (const [suffix, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (value >= size && value % size === 0) return `${value / size} ${suffix}`;
  }
  return `${value} bytes`;
}

/** Throws LimitError when `size` is over the limit `name`. */
export function checkSize(name: LimitName, size: number, what: string, location?: string): void {
  const max = current[name];
  if (size > max) {
    throw new LimitError(
      name,
      `${what} is ${size} bytes, over the limit of ${formatLimit(name, max)}.`,
      location === undefined ? {} : { location },
    );
  }
}

/**
 * JSON.parse with a size and nesting-depth bound, checked before parsing (a scan of the text, no allocation), so a
 * hostile document can neither exhaust memory nor the stack of a recursive consumer.
 */
export function parseJsonBounded(
  text: string,
  options: { what: string; location?: string; maxBytes?: LimitName; maxDepth?: number } = { what: 'JSON document' },
): unknown {
  const bytesLimit = options.maxBytes ?? 'bundleBytes';
  checkSize(bytesLimit, Buffer.byteLength(text), options.what, options.location);
  const maxDepth = options.maxDepth ?? current.jsonDepth;
  const depth = jsonDepth(text, maxDepth);
  if (depth > maxDepth) {
    throw new LimitError(
      'jsonDepth',
      `${options.what} nests deeper than ${maxDepth} levels.`,
      options.location === undefined ? {} : { location: options.location },
    );
  }
  return JSON.parse(text) as unknown;
}

/**
 * Nesting depth of JSON text (brackets outside strings); stops counting once past `stopAt`. Strings are skipped with
 * indexOf (most of a lockfile's bytes are in strings): a quote ends a string unless an odd run of backslashes
 * precedes it, which is what reading the string character by character (a backslash takes the next character) finds.
 */
export function jsonDepth(text: string, stopAt = Number.MAX_SAFE_INTEGER): number {
  let depth = 0;
  let max = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Find the closing quote of the string opened at i.
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) return max; // an unterminated string runs to the end: nothing after it counts
        let backslashes = 0;
        for (let b = quote - 1; b > i && text.charCodeAt(b) === 0x5c; b--) backslashes++;
        if (backslashes % 2 === 0) {
          i = quote;
          break;
        }
        from = quote + 1;
      }
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * `custody attest --batch FILE`: many statements in one run. Each line of the batch (JSON Lines) is one statement:
 * its subjects, its one predicate and, optionally, its bundle file. Every line is read, checked and built before
 * anything is signed (a bad line: exit 2 naming it, nothing signed or written); then the statements are signed with
 * one set of credentials (the key loaded once; keyless, one ephemeral key and one Fulcio certificate while it is
 * valid) and each bundle is written as soon as it is signed. A signing failure stops the batch: the bundles already
 * written stay (each is complete and valid on its own), the error names the line that failed and what was written.
 */
import { resolve } from 'node:path';
import {
  CustodyError,
  canonicalJson,
  checkSize,
  documentClock,
  parseJsonBounded,
  readBoundedFile,
  type CoreErrorCode,
  type Subject,
} from '@custody/core';
import { createStatementSigner, inspectIdentityToken, type LoggedEntry, type SigningInstance } from '@custody/sign';
import { writeFileAtomic } from '../io/files.js';
import { AppInputError, type AppErrorCode } from '../errors.js';
import {
  buildStatement,
  defaultBundleName,
  identityTokenFor,
  signingInstanceFor,
  signingKeyFor,
  type AttestOptions,
  type AttestResult,
} from './attest.js';

/** The keys a batch line may have: the per-statement flags of custody attest, without their dashes. */
export const BATCH_LINE_KEYS = {
  subject: 'a subject SPEC or an array of them (as --subject)',
  'subject-checksums': 'a checksum file whose entries become subjects',
  provenance: 'true: SLSA Provenance v1',
  capture: 'with provenance: the capture document',
  'allow-failed-build': 'with provenance: true to sign a failed build',
  'allow-unrecorded-subject': "with provenance: true to accept subjects outside the capture's outputs",
  sbom: 'an SBOM file (CycloneDX or SPDX JSON)',
  vuln: "a scanner's report (Trivy, Grype or OSV-Scanner JSON, SARIF, CycloneDX VDR), as --vuln",
  'vuln-predicate': 'with vuln: in-toto (the default) or cosign, as --vuln-predicate',
  vex: 'a VEX document (OpenVEX or CycloneDX VEX), as --vex',
  'predicate-type': 'the URI of a custom predicate',
  predicate: 'the custom predicate: a JSON file, or the JSON object itself',
  bundle: 'where to write the bundle (default <first subject>.sigstore.json)',
} as const;

type LineKey = keyof typeof BATCH_LINE_KEYS;

/** The attest options a batch line sets for its own statement. */
type StatementOption =
  | 'subjects'
  | 'subjectChecksums'
  | 'provenance'
  | 'captureFile'
  | 'allowFailedBuild'
  | 'allowUnrecordedSubject'
  | 'sbomFile'
  | 'vulnFile'
  | 'vulnPredicate'
  | 'vexFile'
  | 'predicateType'
  | 'predicateFile'
  | 'predicateJson';

/** The options shared by every statement of the batch (credentials, instance, output directory). */
export type AttestBatchOptions = Omit<AttestOptions, StatementOption | 'bundleFile' | 'push' | 'store' | 'githubRepo' | 'githubStore'> & {
  /** The batch file (relative to cwd), or `-` for stdin. */
  batchFile: string;
  /** With `-`: the batch's text (the CLI reads stdin); default process.stdin. */
  stdinText?: () => Promise<string>;
  /** Statements built, signed and written at a time (default 4). */
  concurrency?: number;
};

export interface BatchStatementResult {
  /** The line of the batch file this statement came from (1-based). */
  line: number;
  bundlePath: string;
  subjects: Subject[];
  predicateType: string;
  tlogEntries: LoggedEntry[];
  timestamps: number;
  bundleBytes: number;
}

export interface AttestBatchResult {
  /** One per line, in the order of the batch. */
  statements: BatchStatementResult[];
  /** Keyless: the Fulcio certificates the batch used (1 unless it outlasted one); 0 with a key. */
  certificates: number;
  mediaType: string;
  identity?: { san: string; issuer: string };
  keyId?: string;
  tokenSource?: AttestResult['tokenSource'];
  instance: SigningInstance;
}

/** One statement of the batch as its line gave it. */
interface BatchLine {
  line: number;
  options: Pick<AttestOptions, StatementOption>;
  bundle?: string;
  /** Files the line reads (a bundle must not be written over one of them). */
  inputs: string[];
}

/**
 * The error of one batch line: the original error's code, hint and exit code, its message prefixed with the line,
 * so that the troubleshooting entry of the code still applies. It carries the code of the error it wraps, which was
 * checked against its own package's table where it was raised (as the actions' RewordedError does).
 */
class BatchLineError extends CustodyError<AppErrorCode | CoreErrorCode> {
  constructor(where: string, err: CustodyError, extraHint?: string) {
    super(err.code as AppErrorCode, `${where}: ${err.message}`, {
      ...(err.hint || extraHint ? { hint: [err.hint, extraHint].filter(Boolean).join(' ') } : {}),
      ...(err.location ? { location: err.location } : {}),
      exitCode: err.exitCode,
      cause: err,
    });
  }
}

const FORMAT_HINT =
  'Each line is one JSON object, e.g. {"subject": ["dist/app.tgz"], "sbom": "app.cdx.json", "bundle": "app.sbom.sigstore.json"}; blank lines and lines starting with # are skipped. See custody attest --help.';

function lineError(where: string, problem: string, location: string): AppInputError {
  return new AppInputError('ATTEST_BATCH_LINE_INVALID', `${where}: ${problem}`, { location, hint: FORMAT_HINT });
}

/** Parses and checks one non-blank line (no file is read here). */
function parseLine(text: string, line: number, source: string): BatchLine {
  const where = `batch line ${line}`;
  let value: unknown;
  try {
    value = parseJsonBounded(text, { what: where, location: source });
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw lineError(where, `is not JSON (${(err as Error).message}).`, source);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw lineError(where, 'is not a JSON object.', source);
  const obj = value as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (!Object.hasOwn(BATCH_LINE_KEYS, k)) {
      const known = Object.keys(BATCH_LINE_KEYS).join(', ');
      throw lineError(where, `has an unknown key "${k}" (known: ${known}).`, source);
    }
  }
  const str = (k: LineKey): string | undefined => {
    const v = obj[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') throw lineError(where, `"${k}" must be a non-empty string (${BATCH_LINE_KEYS[k]}).`, source);
    return v;
  };
  const flag = (k: LineKey): boolean => {
    const v = obj[k];
    if (v === undefined) return false;
    if (typeof v !== 'boolean') throw lineError(where, `"${k}" must be true or false.`, source);
    return v;
  };
  let subjects: string[] = [];
  const rawSubject = obj.subject;
  if (typeof rawSubject === 'string' && rawSubject) subjects = [rawSubject];
  else if (Array.isArray(rawSubject) && rawSubject.length > 0 && rawSubject.every((s) => typeof s === 'string' && s !== ''))
    subjects = rawSubject as string[];
  else if (rawSubject !== undefined)
    throw lineError(where, '"subject" must be a SPEC or a non-empty array of SPECs (paths, globs, NAME@sha256:HEX, oci://…).', source);
  const subjectChecksums = str('subject-checksums');
  if (!subjects.length && !subjectChecksums)
    throw lineError(where, 'has no "subject" (nor "subject-checksums"): nothing to attest.', source);
  const provenance = flag('provenance');
  const sbomFile = str('sbom');
  const vulnFile = str('vuln');
  const vulnPredicate = str('vuln-predicate');
  const vexFile = str('vex');
  const predicateType = str('predicate-type');
  const rawPredicate = obj.predicate;
  let predicateFile: string | undefined;
  let predicateJson: string | undefined;
  if (typeof rawPredicate === 'string' && rawPredicate) predicateFile = rawPredicate;
  else if (rawPredicate && typeof rawPredicate === 'object' && !Array.isArray(rawPredicate)) predicateJson = JSON.stringify(rawPredicate);
  else if (rawPredicate !== undefined) throw lineError(where, '"predicate" must be a JSON file or a JSON object.', source);
  const kinds = [
    provenance && 'provenance',
    sbomFile && 'sbom',
    vulnFile && 'vuln',
    vexFile && 'vex',
    (predicateType || rawPredicate !== undefined) && 'predicate-type',
  ].filter(Boolean);
  if (kinds.length !== 1) {
    throw lineError(
      where,
      kinds.length ? `gives ${kinds.map((k) => `"${k}"`).join(' and ')}: one predicate per line.` : 'has no predicate.',
      source,
    );
  }
  if (predicateType && rawPredicate === undefined)
    throw lineError(where, '"predicate-type" needs "predicate" (a JSON file or object).', source);
  if (rawPredicate !== undefined && !predicateType) throw lineError(where, '"predicate" needs "predicate-type" (its URI).', source);
  if (vulnPredicate !== undefined && !vulnFile) throw lineError(where, '"vuln-predicate" applies to "vuln" only.', source);
  if (vulnPredicate !== undefined && vulnPredicate !== 'in-toto' && vulnPredicate !== 'cosign')
    throw lineError(where, `"vuln-predicate" is "${vulnPredicate}", not in-toto or cosign.`, source);
  const capture = str('capture');
  const allowFailedBuild = flag('allow-failed-build');
  const allowUnrecordedSubject = flag('allow-unrecorded-subject');
  if (!provenance && (capture || allowFailedBuild || allowUnrecordedSubject))
    throw lineError(where, '"capture" and "allow-…" apply to "provenance": true only.', source);
  const bundle = str('bundle');
  return {
    line,
    options: {
      subjects,
      ...(subjectChecksums ? { subjectChecksums } : {}),
      ...(provenance ? { provenance, allowFailedBuild, allowUnrecordedSubject } : {}),
      ...(capture ? { captureFile: capture } : {}),
      ...(sbomFile ? { sbomFile } : {}),
      ...(vulnFile ? { vulnFile } : {}),
      ...(vulnPredicate ? { vulnPredicate } : {}),
      ...(vexFile ? { vexFile } : {}),
      ...(predicateType ? { predicateType } : {}),
      ...(predicateFile ? { predicateFile } : {}),
      ...(predicateJson ? { predicateJson } : {}),
    },
    ...(bundle ? { bundle } : {}),
    inputs: [subjectChecksums, capture, sbomFile, vulnFile, vexFile, predicateFile].filter((f): f is string => Boolean(f)),
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += b.length;
    checkSize('bundleBytes', total, 'the batch on stdin', 'stdin');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The lines of the batch, parsed and checked; every problem found is reported at once (up to ten lines). */
export async function readBatch(
  options: Pick<AttestBatchOptions, 'batchFile' | 'stdinText' | 'cwd'>,
): Promise<{ lines: BatchLine[]; source: string }> {
  let text: string;
  let source: string;
  if (options.batchFile === '-') {
    source = 'stdin';
    text = await (options.stdinText ?? readStdin)();
  } else {
    source = resolve(options.cwd, options.batchFile);
    try {
      text = (await readBoundedFile(source, `--batch ${options.batchFile}`)).toString('utf8');
    } catch (err) {
      if (err instanceof CustodyError) throw err;
      throw new AppInputError('ATTEST_INPUT_NOT_FOUND', `--batch ${options.batchFile} cannot be read.`, {
        location: source,
        hint: 'Check the path (relative to the working directory), or give - to read the batch from stdin.',
        cause: err,
      });
    }
  }
  const lines: BatchLine[] = [];
  const problems: CustodyError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (!t || t.startsWith('#')) return;
    try {
      lines.push(parseLine(t, i + 1, source));
    } catch (err) {
      if (!(err instanceof CustodyError)) throw err;
      problems.push(err);
    }
  });
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) {
    const shown = problems.slice(0, 10).map((p) => p.message);
    const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
    throw new AppInputError(
      'ATTEST_BATCH_LINE_INVALID',
      `${problems.length} lines of the batch are not valid: ${shown.join('; ')}${more}.`,
      {
        location: source,
        hint: FORMAT_HINT,
      },
    );
  }
  if (!lines.length) {
    throw new AppInputError('ATTEST_BATCH_EMPTY', 'the batch has no statements (every line is blank or a # comment).', {
      location: source,
      hint: FORMAT_HINT,
    });
  }
  return { lines, source };
}

/** Runs `fn` over the items, `limit` at a time, in order of start; stops starting new ones once `stop()` says so. */
async function eachBounded<T>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
  stop: () => boolean,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

export async function attestBatch(options: AttestBatchOptions): Promise<AttestBatchResult> {
  const { lines, source } = await readBatch(options);
  const limit = options.concurrency ?? 4;
  const clock = options.clock ?? documentClock(options.env);
  // Credentials first: a wrong key or a missing token fails before any file of the batch is read.
  const key = await signingKeyFor(options);
  const instance = await signingInstanceFor(options, Boolean(key));
  options.logger.info(`Sigstore instance: ${instance.name}${instance.reason ? ` (${instance.reason})` : ''}`);
  const { token, tokenSource } = key ? { token: undefined, tokenSource: undefined } : await identityTokenFor(options);

  // Build every statement before signing any: a line whose files are missing or malformed stops the batch here.
  const built: Array<{ payload: Buffer; subjects: Subject[]; predicateType: string; bundlePath: string }> = new Array(lines.length);
  const failures: Array<{ index: number; err: unknown }> = [];
  await eachBounded(
    lines,
    limit,
    async (l, i) => {
      try {
        const statement = await buildStatement({ ...options, ...l.options }, clock, token);
        const bundlePath = l.bundle
          ? resolve(options.cwd, l.bundle)
          : resolve(options.bundleDir ?? options.cwd, defaultBundleName(statement.subject));
        built[i] = {
          payload: Buffer.from(canonicalJson(statement), 'utf8'),
          subjects: statement.subject,
          predicateType: statement.predicateType,
          bundlePath,
        };
      } catch (err) {
        failures.push({ index: i, err });
      }
    },
    () => failures.length > 0,
  );
  if (failures.length) {
    const first = failures.sort((a, b) => a.index - b.index)[0]!;
    if (first.err instanceof CustodyError) throw new BatchLineError(`batch line ${lines[first.index]!.line}`, first.err);
    throw first.err;
  }

  // One bundle file per statement: never one member over another, nor over a file the batch reads.
  const inputs = new Map<string, string>([[source.toLowerCase(), 'the batch file']]);
  for (const l of lines) for (const f of l.inputs) inputs.set(resolve(options.cwd, f).toLowerCase(), `an input of batch line ${l.line}`);
  const outputs = new Map<string, number>();
  for (const [i, b] of built.entries()) {
    const where = `batch line ${lines[i]!.line}`;
    // Case-folded: on a case-insensitive file system, App.json and app.json are one file.
    const folded = b.bundlePath.toLowerCase();
    const other = outputs.get(folded);
    const explicit = lines[i]!.bundle !== undefined;
    if (other !== undefined) {
      throw new AppInputError(
        'ATTEST_BATCH_DUPLICATE_BUNDLE',
        `${where} would write its bundle to ${b.bundlePath}, which batch line ${other} writes too${explicit ? '' : ' (the default name: <first subject>.sigstore.json)'}.`,
        { location: source, hint: 'Give each line its own "bundle" file, e.g. app.sbom.sigstore.json and app.provenance.sigstore.json.' },
      );
    }
    const input = inputs.get(folded);
    if (input) {
      throw new AppInputError('ATTEST_BATCH_DUPLICATE_BUNDLE', `${where} would write its bundle over ${input} (${b.bundlePath}).`, {
        location: source,
        hint: 'Give the line another "bundle" file.',
      });
    }
    outputs.set(folded, lines[i]!.line);
  }

  // Keyless: the token for a later certificate, should the batch outlast the first; a token given explicitly is
  // used as it is (Fulcio refuses it once expired), a platform's token is fetched again when about to expire.
  let current = token;
  const tokenSupply = async (): Promise<string> => {
    const expiresAt = inspectIdentityToken(current!).expiresAt?.getTime();
    if (expiresAt === undefined || expiresAt - Date.now() > 60_000 || tokenSource === 'flag') return current!;
    current = (await identityTokenFor({ ...options, identityToken: undefined })).token;
    return current;
  };
  const signer = createStatementSigner({
    ...(key ? { key } : { identityToken: tokenSupply }),
    instance,
    logger: options.logger,
    retry: { ...options.retry },
  });
  if (token) {
    for (const w of inspectIdentityToken(token).warnings) options.logger.warn(w);
  }

  const results: Array<BatchStatementResult | undefined> = new Array(lines.length);
  let failed: { index: number; err: unknown } | undefined;
  let identity: AttestBatchResult['identity'];
  let mediaType = '';
  await eachBounded(
    built,
    limit,
    async (b, i) => {
      try {
        const signed = await signer.signPayload(b.payload);
        await writeFileAtomic(b.bundlePath, signed.bundleJson);
        identity ??= signed.identity;
        mediaType = signed.mediaType;
        results[i] = {
          line: lines[i]!.line,
          bundlePath: b.bundlePath,
          subjects: b.subjects,
          predicateType: b.predicateType,
          tlogEntries: signed.tlogEntries,
          timestamps: signed.timestamps,
          bundleBytes: Buffer.byteLength(signed.bundleJson),
        };
      } catch (err) {
        if (!failed || i < failed.index) failed = { index: i, err };
      }
    },
    () => failed !== undefined,
  );
  // Every signature is made: a token or service key's session is released.
  await key?.close?.();
  if (failed) {
    const written = results.filter((r): r is BatchStatementResult => r !== undefined);
    const what = written.length
      ? `${written.length} of ${lines.length} bundles were written (lines ${written.map((r) => r.line).join(', ')}); they are complete and valid, and stay.`
      : `no bundle was written.`;
    const again = 'Fix the cause and run the batch again: it signs every line anew and rewrites the bundles.';
    options.logger.error(`the batch stopped at line ${lines[failed.index]!.line}: ${what}`);
    if (failed.err instanceof CustodyError)
      throw new BatchLineError(`batch line ${lines[failed.index]!.line} failed`, failed.err, `${what} ${again}`);
    throw failed.err;
  }
  return {
    statements: results as BatchStatementResult[],
    certificates: signer.certificates,
    mediaType,
    ...(identity ? { identity } : {}),
    ...(key ? { keyId: key.keyId } : {}),
    ...(tokenSource ? { tokenSource } : {}),
    instance,
  };
}

/** Lines for humans: one row per statement, then what signed them. */
export function describeBatch(r: AttestBatchResult): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const s of r.statements) {
    const first = s.subjects[0]?.name ?? '';
    const more = s.subjects.length > 1 ? ` (+${s.subjects.length - 1} more)` : '';
    rows.push([`line ${s.line}`, `${s.bundlePath}  ${first}${more}  ${s.predicateType}`]);
  }
  rows.push(['statements', String(r.statements.length)]);
  if (r.identity) rows.push(['identity', `${r.identity.san} (issuer ${r.identity.issuer})`]);
  if (r.keyId) rows.push(['key id', r.keyId]);
  if (!r.keyId) rows.push(['certificates', `${r.certificates} (Fulcio, ${r.instance.fulcioUrl ?? ''})`]);
  const logged = r.statements.reduce((n, s) => n + s.tlogEntries.length, 0);
  const stamps = r.statements.reduce((n, s) => n + s.timestamps, 0);
  if (logged) rows.push(['transparency log', `${logged} entries (${r.instance.rekorUrl ?? ''})`]);
  if (stamps) rows.push(['timestamps', `${stamps} RFC 3161 (${r.instance.tsaUrl ?? ''})`]);
  if (!logged && !stamps) rows.push(['evidence', 'none (offline key signing: no transparency log, no timestamp)']);
  rows.push(['instance', r.instance.name]);
  return rows;
}

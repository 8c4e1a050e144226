/**
 * `custody verify` over many targets in one run: several TARGETs, or a targets list (`--targets FILE`, `-` for
 * stdin: one `TARGET [BUNDLE ...]` per line). Each target runs through the single-target core (verifyArtifact in
 * verify.ts) with the same identity, policy and trust; the trust root, keys and policy are read and parsed once
 * (verify-cache.ts), and the certificates and chains verified under that trust are cached inside it
 * (@custody/verify's cache.ts). The --bundle files are read once: each attestation in them goes to the targets its
 * subjects name (a pre-filter on the unverified claim; the full subject check still runs for every target it goes
 * to), and those that name none of the targets are listed once as unmatched. Targets run with bounded concurrency
 * (registry and GitHub reads overlap; the verification itself is synchronous). The report has one row per target.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { CustodyError, describeCause, printable, UsageError, type Logger } from '@custody/core';
import {
  parseAttestationDocument,
  validateIdentityPolicy,
  type AttestationInput,
  type IgnoredAttestation,
  type VerifyReport,
  type VerifyTarget,
} from '@custody/verify';
import { loadPolicy, loadTrust, readAttestationFile, verifyArtifact, type VerifyArtifactOptions } from './verify.js';
import { VerifyRunCache, type PreparedAttestation } from './verify-cache.js';

export const BATCH_REPORT_SCHEMA = 'https://custody.dev/verify-batch-report/v1';

/** How many targets are resolved and verified at once (their registry and GitHub reads overlap). */
export const DEFAULT_BATCH_CONCURRENCY = 4;

/** Largest targets list accepted (a file or stdin). */
export const MAX_TARGETS_LIST_BYTES = 16 * 1024 * 1024;

export interface BatchTarget {
  target: string;
  /** Bundle files for this target alone (from its line in the targets list). */
  bundles: string[];
  /** Where it was named: `FILE:LINE`, or `argument N`. */
  origin: string;
}

export interface VerifyBatchOptions extends Omit<VerifyArtifactOptions, 'target' | 'bundles' | 'cache' | 'attestationsFor'> {
  targets: BatchTarget[];
  /** --bundle files, shared by the whole run: each attestation goes to the targets its subjects name. */
  bundles: string[];
  concurrency?: number;
}

export interface BatchRow {
  /** The target as named. */
  target: string;
  passed: boolean;
  /** 0 verified, 1 did not verify, 2 could not be verified (`error` says why). */
  exitCode: 0 | 1 | 2;
  /** The single-target report (docs/verify-report.md), when the target could be verified. */
  report?: VerifyReport;
  error?: { code: string; message: string; hint?: string; location?: string };
}

export interface BatchReport {
  schema: typeof BATCH_REPORT_SCHEMA;
  passed: boolean;
  exitCode: 0 | 1 | 2;
  verifiedAt: string;
  trustRoot: string;
  insecure: string[];
  summary: { targets: number; passed: number; failed: number; errors: number };
  /** The targets that did not pass (failed or errors), in order. */
  failed: string[];
  targets: BatchRow[];
  /** Attestations of the --bundle files that name none of the targets (or cannot be read): not given to any. */
  unmatched: IgnoredAttestation[];
}

/** Errors that are the same for every target (flags, identity): they stop the run (exit 2) instead of one row. */
const RUN_LEVEL_CODES = new Set(['USAGE', 'VERIFY_IDENTITY_REQUIRED', 'VERIFY_IDENTITY_INVALID']);

/**
 * Splits one line of a targets list into words: whitespace separates, "…" quotes (no escapes inside), and an unquoted
 * `#` at the start of a word starts a comment. Returns a reason instead when the line is malformed.
 */
function words(line: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break;
    if (c === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) return 'a quote (") is not closed';
      const w = line.slice(i + 1, end);
      if (w === '') return 'an empty quoted word ("")';
      out.push(w);
      i = end + 1;
      if (i < line.length && line[i] !== ' ' && line[i] !== '\t') return 'a quoted word must be followed by a space';
      continue;
    }
    let j = i;
    while (j < line.length && line[j] !== ' ' && line[j] !== '\t') j++;
    const w = line.slice(i, j);
    if (w.includes('"')) return `a quote (") inside the word ${JSON.stringify(w)}`;
    out.push(w);
    i = j;
  }
  return out;
}

/**
 * Parses a targets list: one target per line, `TARGET [BUNDLE ...]`, blank lines and `#` comments allowed. Paths are
 * relative to the current directory, as on the command line. A malformed line is an error naming its number (exit 2).
 */
export function parseTargetsList(text: string, where: string): BatchTarget[] {
  const targets: BatchTarget[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const n = i + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const bad = (why: string) =>
      new UsageError(`line ${n} of the targets list: ${why}.`, {
        location: `${where}:${n}`,
        hint: 'Each line is TARGET [BUNDLE ...] (paths relative to the current directory; "…" quotes a path with spaces); blank lines and lines starting with # are skipped.',
      });
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(line)) throw bad('it holds a control character');
    const w = words(line);
    if (typeof w === 'string') throw bad(w);
    if (w.length === 0) continue;
    const flag = w.find((x) => x.startsWith('-'));
    if (flag !== undefined)
      throw bad(`${JSON.stringify(printable(flag))} looks like a flag; flags go on the command line, not in the targets list`);
    targets.push({ target: w[0]!, bundles: w.slice(1), origin: `${where}:${n}` });
  }
  if (targets.length === 0)
    throw new UsageError('the targets list names no target.', {
      location: where,
      hint: 'Give one TARGET [BUNDLE ...] per line.',
    });
  return targets;
}

/** Reads a targets list from a file, or from stdin for `-`, bounded. */
export async function readTargetsList(spec: string, cwd: string, stdin?: AsyncIterable<Buffer | string>): Promise<BatchTarget[]> {
  if (spec === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of stdin ?? (process.stdin as AsyncIterable<Buffer>)) {
      const b = typeof c === 'string' ? Buffer.from(c) : c;
      size += b.length;
      if (size > MAX_TARGETS_LIST_BYTES)
        throw new UsageError(`the targets list on stdin is over ${MAX_TARGETS_LIST_BYTES} bytes.`, { hint: 'Split it into several runs.' });
      chunks.push(b);
    }
    return parseTargetsList(Buffer.concat(chunks).toString('utf8'), 'stdin');
  }
  const { readFile, stat } = await import('node:fs/promises');
  const path = resolve(cwd, spec);
  let text: string;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    if (s.size > MAX_TARGETS_LIST_BYTES) throw new Error(`${s.size} bytes, over the limit of ${MAX_TARGETS_LIST_BYTES} bytes`);
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the targets list: ${describeCause(err)}.`, {
      location: spec,
      hint: 'Pass --targets FILE (one TARGET [BUNDLE ...] per line), or --targets - to read it from stdin.',
    });
  }
  return parseTargetsList(text, spec);
}

const HASH_ENUM: Record<string, string> = {
  HASH_ALGORITHM_UNSPECIFIED: 'sha256',
  SHA2_256: 'sha256',
  SHA2_384: 'sha384',
  SHA2_512: 'sha512',
  SHA3_256: 'sha3-256',
  SHA3_384: 'sha3-384',
};

/**
 * The digests an attestation claims to be about, read without verifying anything: the subjects of a DSSE in-toto
 * statement, or the digest of a message signature. Only used to decide which targets an attestation is given to;
 * every target it is given to still checks signature, statement and subject in full. Undefined: nothing readable.
 */
export function claimedDigests(input: AttestationInput): Array<Record<string, string>> | undefined {
  if (input.unreadable) return undefined;
  const json = input.json as
    | {
        dsseEnvelope?: { payload?: unknown };
        messageSignature?: { messageDigest?: { algorithm?: unknown; digest?: unknown } };
      }
    | undefined;
  if (!json || typeof json !== 'object') return undefined;
  try {
    if (json.dsseEnvelope && typeof json.dsseEnvelope.payload === 'string') {
      const st = JSON.parse(Buffer.from(json.dsseEnvelope.payload, 'base64').toString('utf8')) as { subject?: unknown };
      if (!Array.isArray(st?.subject)) return undefined;
      const out: Array<Record<string, string>> = [];
      for (const s of st.subject as Array<{ digest?: unknown }>) {
        const d = s?.digest;
        if (!d || typeof d !== 'object' || Array.isArray(d)) continue;
        const m: Record<string, string> = {};
        for (const [alg, hex] of Object.entries(d)) if (typeof hex === 'string') m[alg.toLowerCase()] = hex.toLowerCase();
        out.push(m);
      }
      return out;
    }
    const md = json.messageSignature?.messageDigest;
    if (md && typeof md.digest === 'string') {
      const alg = typeof md.algorithm === 'string' ? HASH_ENUM[md.algorithm] : md.algorithm === undefined ? 'sha256' : undefined;
      if (!alg) return undefined;
      return [{ [alg]: Buffer.from(md.digest, 'base64').toString('hex') }];
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * The shared attestations indexed by each `alg:hex` their subjects claim. A claimed subject may be the target when
 * some algorithm both know has the same digest (the condition subjectCheck needs to pass), so looking up each of
 * the target's digests finds every attestation that could verify for it, in the order they were read.
 */
function indexClaims(shared: SharedAttestation[]): (target: VerifyTarget) => SharedAttestation[] {
  const index = new Map<string, number[]>();
  for (const [i, a] of shared.entries()) {
    for (const c of a.claims ?? []) {
      for (const [alg, hex] of Object.entries(c)) {
        const k = `${alg}:${hex}`;
        const list = index.get(k);
        if (!list) index.set(k, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    }
  }
  return (target) => {
    const found = new Set<number>();
    for (const [alg, hex] of Object.entries(target.digests)) for (const i of index.get(`${alg}:${hex}`) ?? []) found.add(i);
    return [...found].sort((x, y) => x - y).map((i) => shared[i]!);
  };
}

interface SharedAttestation extends PreparedAttestation {
  claims?: Array<Record<string, string>>;
  given: boolean;
}

async function readShared(files: string[], cwd: string): Promise<SharedAttestation[]> {
  const out: SharedAttestation[] = [];
  for (const b of files) {
    const bytes = await readAttestationFile(resolve(cwd, b));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    for (const input of parseAttestationDocument(bytes, b)) {
      const claims = claimedDigests(input);
      out.push({ input, uri: b, sha256, ...(claims ? { claims } : {}), given: false });
    }
  }
  return out;
}

function rowOf(target: string, report: VerifyReport): BatchRow {
  return { target, passed: report.passed, exitCode: report.exitCode, report };
}

/** Verifies every target; a target that cannot be verified (unreadable, unreachable) is a row with its error. */
export async function verifyBatch(o: VerifyBatchOptions): Promise<BatchReport> {
  if (o.targets.length === 0) throw new UsageError('no target to verify.', { hint: 'Give TARGET arguments or --targets FILE.' });
  if (o.vsa)
    throw new UsageError('--vsa writes the summary of one target; this run verifies several.', {
      hint: 'Verify the targets that need a VSA one at a time, or leave --vsa out.',
    });
  if (o.identity) validateIdentityPolicy(o.identity, 'command line');
  const cache = new VerifyRunCache();
  // What makes the whole run impossible (policy, trusted root, keys, --bundle files) is read once, up front.
  if (o.policy) await loadPolicy(resolve(o.cwd, o.policy), cache);
  const trust = await loadTrust({ ...o, cache });
  const shared = await readShared(o.bundles, o.cwd);
  const claimsOf = indexClaims(shared);
  const logger: Logger | undefined = o.logger;
  const rows: BatchRow[] = new Array(o.targets.length);
  const limit = Math.max(1, Math.min(o.concurrency ?? DEFAULT_BATCH_CONCURRENCY, o.targets.length));
  let next = 0;
  let stop: unknown;
  const { targets: _t, bundles: _b, concurrency: _c, github, ...common } = o;
  const worker = async () => {
    while (stop === undefined && next < o.targets.length) {
      const i = next++;
      const t = o.targets[i]!;
      try {
        const result = await verifyArtifact({
          ...common,
          target: t.target,
          bundles: t.bundles,
          // GitHub's API is read for a target that has no bundle of its own (as a single run without --bundle).
          ...(github && t.bundles.length === 0 && o.bundles.length === 0 ? { github } : {}),
          cache,
          attestationsFor: (target) =>
            claimsOf(target).map((a) => {
              a.given = true;
              return a;
            }),
        });
        rows[i] = rowOf(t.target, result.report);
        logger?.debug(`custody verify: ${t.target}: ${result.report.passed ? 'passed' : 'failed'}`);
      } catch (err) {
        if (!(err instanceof CustodyError) || RUN_LEVEL_CODES.has(err.code)) {
          stop ??= err;
          return;
        }
        rows[i] = {
          target: t.target,
          passed: false,
          exitCode: 2,
          error: {
            code: err.code,
            message: err.message,
            ...(err.hint ? { hint: err.hint } : {}),
            location: err.location ?? t.origin,
          },
        };
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  if (stop !== undefined) throw stop;
  const failed = rows.filter((r) => !r.passed);
  const errors = rows.filter((r) => r.exitCode === 2).length;
  const exitCode = errors > 0 ? 2 : failed.length > 0 ? 1 : 0;
  const unmatched = shared
    .filter((a) => !a.given)
    .map((a) => ({
      source: a.input.source,
      reason: a.input.unreadable
        ? `cannot be read: ${a.input.unreadable}`
        : a.claims
          ? `its subjects name none of the targets (${
              a.claims
                .flatMap((c) => Object.entries(c).map(([alg, hex]) => `${alg}:${hex.slice(0, 16)}…`))
                .slice(0, 3)
                .join(', ') || 'no digest'
            })`
          : 'names no subject that can be read (not a bundle with an in-toto statement or a message digest)',
    }));
  const first = rows.find((r) => r.report)?.report;
  return {
    schema: BATCH_REPORT_SCHEMA,
    passed: exitCode === 0,
    exitCode,
    verifiedAt: first?.verifiedAt ?? (o.clock?.now() ?? new Date()).toISOString(),
    trustRoot: trust.source,
    insecure: first?.insecure ?? [],
    summary: { targets: rows.length, passed: rows.length - failed.length, failed: failed.length - errors, errors },
    failed: failed.map((r) => r.target),
    targets: rows,
    unmatched,
  };
}

/** Why a target did not pass, in one line: its error, or its failed run-level checks. */
export function rowReason(r: BatchRow): string {
  if (r.error) return `${r.error.code}: ${r.error.message}`;
  const rep = r.report!;
  if (r.passed) {
    const used = rep.attestations.filter((a) => a.outcome === 'used').length;
    return `${used} attestation(s) verified and used, ${rep.ignored.length} ignored`;
  }
  return rep.checks
    .filter((c) => c.status === 'fail')
    .map((c) => `${c.id}: ${c.reason}`)
    .join('; ');
}

/** The table for terminals: one row per target, then the summary and the targets that did not pass. */
export function formatBatchTable(report: BatchReport): string {
  const p = printable;
  const short = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const digest = (r: BatchRow) => {
    const d = r.report?.target.digests.sha256;
    return d ? `sha256:${d.slice(0, 12)}…` : '-';
  };
  const status = (r: BatchRow) => (r.passed ? 'PASS' : r.error ? 'ERROR' : 'FAIL');
  const nameW = Math.min(48, Math.max(6, ...report.targets.map((r) => p(r.target).length)));
  const cell = (s: string, w: number) => (s.length > w ? `…${s.slice(s.length - w + 1)}` : s.padEnd(w));
  const lines = [
    `trust: ${p(report.trustRoot)}`,
    ...report.insecure.map((f) => `WARNING: weakened by ${f}`),
    '',
    `${'RESULT'.padEnd(6)}  ${cell('TARGET', nameW)}  ${'DIGEST'.padEnd(20)}  REASON`,
    ...report.targets.map((r) =>
      `${status(r).padEnd(6)}  ${cell(p(r.target), nameW)}  ${digest(r).padEnd(20)}  ${p(short(rowReason(r)))}`.trimEnd(),
    ),
    '',
    ...(report.unmatched.length
      ? [
          `UNMATCHED: ${report.unmatched.length} attestation(s) of the --bundle files were given to no target:`,
          ...report.unmatched.slice(0, 20).map((u) => `  ${p(u.source)}: ${p(u.reason)}`),
          ...(report.unmatched.length > 20 ? [`  … and ${report.unmatched.length - 20} more (see --format json)`] : []),
          '',
        ]
      : []),
    `${report.passed ? 'PASSED' : 'FAILED'}: ${report.summary.targets} target(s): ${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.errors} could not be verified.`,
    ...(report.failed.length ? [`did not pass: ${report.failed.map((t) => p(t)).join(', ')}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

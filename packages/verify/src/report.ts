/**
 * The verification report: every check with its status and reason. Its JSON form is a stable, documented
 * schema (docs/verify-report.md); fields are only ever added.
 */
import { printable } from '@custody/core';
import type { ReportedFinding } from './vuln-gate.js';

export const REPORT_SCHEMA = 'https://custody.dev/verify-report/v1';

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface Check {
  /** Stable id, e.g. `signature.value`, `identity.repo`, `subject` (docs/verify-report.md lists them). */
  id: string;
  status: CheckStatus;
  /** Why: what was expected and what was found, or why the check did not run. */
  reason: string;
  /** SBOM rule checks (`policy.sbom.*`): what the SBOM held, so that a rule never passes on data it did not see. */
  sbom?: SbomCounts;
  /** `policy.vulnerabilities.max-severity`: every finding of the verified scans, its severity and the VEX that decided it. */
  findings?: ReportedFinding[];
}

/** Counts behind an SBOM rule check (docs/policy.md). */
export interface SbomCounts {
  /** Components read (CycloneDX components, nested ones and metadata.component; SPDX packages). */
  components: number;
  /** Components (the SBOM's subject aside) with no license data: none, or only NOASSERTION / NONE. */
  withoutLicense?: number;
  /** Components with no purl. */
  withoutPurl?: number;
  /** Component purls that cannot be parsed. */
  malformedPurls?: number;
}

export interface SignerInfo {
  kind: 'certificate' | 'key';
  /** Certificate SAN, or the key's source. */
  identity?: string;
  issuer?: string;
  /** Fulcio extensions by name (sourceRepositoryURI, runnerEnvironment, …). */
  extensions?: Record<string, string>;
}

export interface AttestationReport {
  /** Where the bundle came from: `FILE`, `FILE:LINE`, `FILE#attestations[1]`, `oci://…@sha256:…`. */
  source: string;
  mediaType?: string;
  /** `dsse` (an in-toto statement) or `message-signature`. */
  content?: 'dsse' | 'message-signature';
  predicateType?: string;
  signer?: SignerInfo;
  /** Verified signing times (ISO 8601), from RFC 3161 tokens and transparency-log promises. */
  signedAt?: string[];
  checks: Check[];
  /** Every check of this attestation passed (or was skipped). */
  passed: boolean;
  /**
   * `used`: it passed every check and is of a required predicate type, so it counts towards the result. `ignored`:
   * it did not verify, or is of another predicate type; it never fails the run by itself (`ignoredReason` says why).
   */
  outcome: 'used' | 'ignored';
  ignoredReason?: string;
}

/** One ignored attestation, as listed in the report's `ignored`. */
export interface IgnoredAttestation {
  source: string;
  /** The predicate type its statement claims (unverified when the signature did not verify). */
  predicateType?: string;
  reason: string;
}

export interface VerifyReport {
  schema: typeof REPORT_SCHEMA;
  /** What was verified: its display name and digests. */
  target: {
    name: string;
    digests: Record<string, string>;
    /** An image named by tag (`oci://…:TAG`): the digest the tag resolved to, once, before anything was verified. */
    resolved?: { reference: string; digest: string };
  };
  passed: boolean;
  /** 0 passed, 1 failed (2 is "could not run": no report is produced then). */
  exitCode: 0 | 1;
  verifiedAt: string;
  trustRoot: string;
  /** Weakening flags in force (names contain "insecure"); empty when verification is at full strength. */
  insecure: string[];
  /** Things a reader should know that are not failures (e.g. key-based bundles have no trusted time). */
  notes: string[];
  /** Checks over the whole set of attestations (required predicate types, at least one attestation). */
  checks: Check[];
  attestations: AttestationReport[];
  /** The attestations that do not count towards the result, each with its reason (the same as their `ignoredReason`). */
  ignored: IgnoredAttestation[];
}

export const pass = (id: string, reason: string): Check => ({ id, status: 'pass', reason });
export const fail = (id: string, reason: string): Check => ({ id, status: 'fail', reason });
export const skip = (id: string, reason: string): Check => ({ id, status: 'skip', reason });

/**
 * The failed checks: first those over the whole run (they decide the result), then those of each attestation
 * (attestations with failed checks are ignored; they explain why a required type has no verified attestation).
 */
export function failedChecks(report: VerifyReport): Array<Check & { source?: string }> {
  return [
    ...report.checks.filter((c) => c.status === 'fail'),
    ...report.attestations.flatMap((a) => a.checks.filter((c) => c.status === 'fail').map((c) => ({ ...c, source: a.source }))),
  ];
}

/** A plain-text table for terminals: one row per check. */
export function formatTable(report: VerifyReport): string {
  // Every string may hold text from an attestation that did not verify: printed with its control characters escaped.
  const p = printable;
  const rows: string[][] = [];
  for (const a of report.attestations) {
    for (const c of a.checks) rows.push([p(a.source), p(c.id), c.status.toUpperCase(), p(c.reason)]);
  }
  for (const c of report.checks) rows.push(['(all)', p(c.id), c.status.toUpperCase(), p(c.reason)]);
  const header = ['ATTESTATION', 'CHECK', 'RESULT', 'REASON'];
  const widths = [0, 1, 2].map((i) => Math.min(48, Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length))));
  const cell = (s: string, w: number) => (s.length > w ? `…${s.slice(s.length - w + 1)}` : s.padEnd(w));
  const line = (r: string[]) => `${cell(r[0]!, widths[0]!)}  ${cell(r[1]!, widths[1]!)}  ${cell(r[2]!, widths[2]!)}  ${r[3]}`.trimEnd();
  const digests = Object.entries(report.target.digests).map(([a, h]) => `${a}:${h}`);
  const out = [
    `target: ${p(report.target.name)}${digests.length ? ` (${p(digests[0]!)})` : ''}`,
    ...(report.target.resolved
      ? [
          `resolved: ${p(report.target.resolved.reference)} -> ${p(report.target.resolved.digest)} (a tag; pin the digest, or use --require-digest)`,
        ]
      : []),
    `trust: ${p(report.trustRoot)}`,
    ...report.insecure.map((f) => `WARNING: weakened by ${f}`),
    ...report.notes.map((n) => `note: ${p(n)}`),
    '',
    line(header),
    ...rows.map(line),
    '',
    ...(report.ignored.length
      ? [
          `IGNORED: ${report.ignored.length} attestation(s) do not count towards the result:`,
          ...report.ignored.map((i) => `  ${p(i.source)}${i.predicateType ? ` [${p(i.predicateType)}]` : ''}: ${p(i.reason)}`),
          '',
        ]
      : []),
    report.passed
      ? `PASSED: ${report.attestations.filter((a) => a.outcome === 'used').length} attestation(s) verified and used, ${report.ignored.length} ignored.`
      : `FAILED: ${report.checks
          .filter((c) => c.status === 'fail')
          .map((c) => `${p(c.id)}: ${p(c.reason)}`)
          .join('\nFAILED: ')}`,
  ];
  return `${out.join('\n')}\n`;
}

/** A markdown table for job summaries. */
export function formatMarkdown(report: VerifyReport): string {
  const esc = (s: string) => printable(s.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|');
  const rows = [
    ...report.attestations.flatMap((a) => a.checks.map((c) => [a.source, c.id, c.status, c.reason])),
    ...report.checks.map((c) => ['(all)', c.id, c.status, c.reason]),
  ];
  const icon = (s: string) => (s === 'pass' ? '✅ pass' : s === 'fail' ? '❌ fail' : '➖ skip');
  return [
    `### Custody verify: ${report.passed ? '✅ passed' : '❌ failed'}`,
    '',
    `Target \`${esc(report.target.name)}\`, trust: ${esc(report.trustRoot)}`,
    ...report.insecure.map((f) => `\n> **Warning:** verification weakened by \`${f}\``),
    '',
    '| Attestation | Check | Result | Reason |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${esc(r[0]!)} | \`${r[1]}\` | ${icon(r[2]!)} | ${esc(r[3]!)} |`),
    '',
    ...(report.ignored.length
      ? [
          `**Ignored** (${report.ignored.length}, they do not count towards the result):`,
          '',
          ...report.ignored.map((i) => `- \`${esc(i.source)}\`${i.predicateType ? ` (${esc(i.predicateType)})` : ''}: ${esc(i.reason)}`),
          '',
        ]
      : []),
  ].join('\n');
}

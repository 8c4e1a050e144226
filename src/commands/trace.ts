/**
 * `custody trace`: the chain of custody of one target (a file, `sha256:` digest, `oci://` image or OCI layout), and
 * `--contains PURL`: which of several targets contain a package. Every attestation is found and verified by the
 * verify command's own core (verifyArtifact: --bundle files, registry referrers and fallback tags, cosign's legacy
 * tags, GitHub's attestations API where configured), with the same identity, key, trust and policy options; the
 * verified statements come back through its onVerifiedStatement hook and trace-graph.ts reads the links from them.
 * An image index is resolved once and each platform traced by its digest. Typed options in, typed result out;
 * trace-format.ts renders the result (tree, JSON, DOT, HTML).
 */
import { CustodyError, formatReference, parseLayoutReference, parseReference, printable, systemClock, type Logger } from '@custody/core';
import type { AttestationReport, ParsedStatement, VerifyReport } from '@custody/verify';
import { AppInputError } from '../errors.js';
import {
  buildSubject,
  CONTAINS_SCHEMA,
  componentMatches,
  dependencyPath,
  isSbom,
  parsePackageQuery,
  sbomComponents,
  TRACE_SCHEMA,
  type SbomComponent,
  type TraceResult,
  type TraceSubject,
} from './trace-graph.js';
import { type GateVerifyOptions, verifyKeepingStatements } from './verify.js';

/** The verify options trace takes (identity, keys, trust, policy, predicate types, --bundle files, GitHub). */
export type TraceVerifyOptions = GateVerifyOptions;

export interface TraceOptions {
  target: string;
  verify: TraceVerifyOptions;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

const isImage = (t: string) => t.startsWith('oci://') || t.startsWith('oci-layout:');

interface Verified {
  report: VerifyReport;
  statements: Map<AttestationReport, ParsedStatement>;
}

/** One target through verify, keeping the statements of the attestations that verified (any predicate type). */
function verifyKeeping(target: string, o: TraceOptions, bundles: string[]): Promise<Verified> {
  return verifyKeepingStatements(target, bundles, o);
}

/** An image: its digest, the reference pinned to a digest, and its platforms (an index), resolved once (custody vuln too). */
export async function resolveImageOnce(
  target: string,
  o: Pick<TraceOptions, 'cwd' | 'env' | 'logger'> & { verify: Pick<TraceVerifyOptions, 'registryToken'> },
): Promise<{ digest: string; pinned: (digest: string) => string; platforms: Array<{ platform: string; digest: string }>; index: boolean }> {
  const oci = await import('@custody/oci');
  const resolved = await oci.openAndResolve(target, {
    cwd: o.cwd,
    env: o.env ?? process.env,
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.verify.registryToken ? { githubToken: o.verify.registryToken } : {}),
  });
  const pinned = target.startsWith('oci-layout:')
    ? (d: string) => `oci-layout:${parseLayoutReference(target).dir}@${d}`
    : (d: string) => {
        const { digest: _d, tag: _t, ...ref } = parseReference(target);
        return `oci://${formatReference(ref)}@${d}`;
      };
  return {
    digest: resolved.digest,
    pinned,
    platforms: resolved.platforms.map((p) => ({ platform: p.platform, digest: p.descriptor.digest })),
    index: resolved.platforms.length > 0 || 'manifests' in resolved.manifest,
  };
}

function subjectDigest(report: VerifyReport): string | undefined {
  return report.target.resolved?.digest ?? (report.target.digests.sha256 ? `sha256:${report.target.digests.sha256}` : undefined);
}

/** The chain of custody of one target (and of each platform of an image index). */
export async function trace(o: TraceOptions): Promise<TraceResult> {
  const clock = o.verify.clock ?? systemClock;
  const subjects: TraceSubject[] = [];
  let resolved: TraceResult['target']['resolved'];
  let index = false;
  let first: VerifyReport;
  if (isImage(o.target)) {
    const img = await resolveImageOnce(o.target, o);
    index = img.index;
    if (!/@sha256:[0-9a-f]{64}$/.test(o.target)) {
      resolved = { reference: o.target, digest: img.digest };
      o.logger?.info(`custody trace: ${o.target} resolved to ${img.digest}; everything after uses the digest`);
    }
    const root = await verifyKeeping(img.pinned(img.digest), o, o.verify.bundles);
    first = root.report;
    subjects.push(buildSubject(root.report, root.statements, { name: img.pinned(img.digest), digest: img.digest }));
    for (const p of img.platforms) {
      // --bundle files are about the target named; each platform has the attestations stored with its digest.
      const v = await verifyKeeping(img.pinned(p.digest), o, []);
      subjects.push(buildSubject(v.report, v.statements, { name: img.pinned(p.digest), digest: p.digest, platform: p.platform }));
    }
  } else {
    const v = await verifyKeeping(o.target, o, o.verify.bundles);
    first = v.report;
    const digest = subjectDigest(v.report);
    subjects.push(buildSubject(v.report, v.statements, { name: o.target, ...(digest ? { digest } : {}) }));
  }
  const rootDigest = subjects[0]!.digest;
  return {
    schema: TRACE_SCHEMA,
    generatedAt: clock.now().toISOString(),
    target: { name: o.target, ...(rootDigest ? { digest: rootDigest } : {}), ...(resolved ? { resolved } : {}), index },
    trustRoot: first.trustRoot,
    insecure: [...first.insecure],
    passed: subjects.every((s) => s.passed),
    subjects,
  };
}

// ---------------------------------------------------------------------------------------------------------------

export interface ContainsOptions extends Omit<TraceOptions, 'target'> {
  /** pkg:TYPE/[NAMESPACE/]NAME[@RANGE] */
  query: string;
  targets: string[];
}

export interface ContainsMatch {
  purl?: string;
  name?: string;
  version?: string;
  /** The platform whose SBOM lists it (an image index). */
  platform?: string;
  /** The SBOM attestation it was read from (verified). */
  attestation: string;
  /** Dependency path from the SBOM's root to the package (component names@versions), where the SBOM has edges. */
  path?: string[];
}

export interface ContainsTarget {
  target: string;
  digest?: string;
  /** `yes`: a verified SBOM lists it; `no`: verified SBOMs exist and none does; `unknown`: no verified SBOM. */
  contains: 'yes' | 'no' | 'unknown';
  verifiedSboms: number;
  /** SBOM attestations that did not verify (not read). */
  unverifiedSboms: number;
  matches: ContainsMatch[];
  /** The target could not be read (exit 2 for a run of one; reported per target in a run of several). */
  error?: string;
}

export interface ContainsResult {
  schema: typeof CONTAINS_SCHEMA;
  generatedAt: string;
  query: { text: string; type: string; namespace?: string; name: string; range: Array<Array<{ op: string; version: string }>> };
  targets: ContainsTarget[];
  summary: { targets: number; yes: number; no: number; unknown: number; errors: number };
}

/**
 * Errors about one target (unreadable file, image not found, registry unreachable or denying): that target is reported
 * and the others go on. Everything else (flags, identity, trust, policy, a --bundle file) stops the run (exit 2).
 */
function isTargetError(err: unknown): err is CustodyError {
  return (
    err instanceof CustodyError &&
    err.code !== 'OCI_REFERENCE_INVALID' &&
    (err.code.startsWith('OCI_') ||
      err.code.startsWith('LIMIT_HTTP_') ||
      err.code === 'VERIFY_TARGET_UNREADABLE' ||
      err.code === 'IMAGE_BLOB_MISSING' ||
      err.code === 'GITHUB_NOT_FOUND')
  );
}

const label = (c: SbomComponent | undefined, ref: string) => (c ? `${c.name ?? c.purl ?? ref}${c.version ? `@${c.version}` : ''}` : ref);

/** Which of the targets contain the package: read from their verified SBOM attestations only. */
export async function traceContains(o: ContainsOptions): Promise<ContainsResult> {
  const query = parsePackageQuery(o.query);
  if (o.targets.length === 0) {
    throw new AppInputError('TRACE_NO_TARGETS', '--contains needs at least one TARGET to look in.', {
      hint: 'custody trace --contains pkg:npm/lodash@<4.17.21 oci://registry/app:v1 dist/app.tgz …',
    });
  }
  const out: ContainsTarget[] = [];
  for (const target of o.targets) {
    const row: ContainsTarget = { target, contains: 'unknown', verifiedSboms: 0, unverifiedSboms: 0, matches: [] };
    const statements: Array<{ st: ParsedStatement; source: string; platform?: string }> = [];
    try {
      const collect = async (t: string, bundles: string[], platform?: string) => {
        const v = await verifyKeeping(t, { ...o, target: t }, bundles);
        for (const [a, st] of v.statements)
          if (isSbom(st.predicateType)) statements.push({ st, source: a.source, ...(platform ? { platform } : {}) });
        row.unverifiedSboms += v.report.attestations.filter((a) => !a.passed && isSbom(a.predicateType)).length;
        return v.report;
      };
      if (isImage(target)) {
        const img = await resolveImageOnce(target, o);
        row.digest = img.digest;
        await collect(img.pinned(img.digest), o.verify.bundles);
        for (const p of img.platforms) await collect(img.pinned(p.digest), [], p.platform);
      } else {
        const report = await collect(target, o.verify.bundles);
        const d = subjectDigest(report);
        if (d) row.digest = d;
      }
    } catch (err) {
      // One target that cannot be read does not hide the answer for the others; with one target it is the answer.
      if (o.targets.length === 1 || !isTargetError(err)) throw err;
      row.error = printable(`${err.code}: ${err.message}`);
      out.push(row);
      continue;
    }
    row.verifiedSboms = statements.length;
    for (const { st, source, platform } of statements) {
      const sbom = sbomComponents(st);
      const byRef = new Map(
        [...(sbom.rootComponent ? [sbom.rootComponent] : []), ...sbom.components].filter((c) => c.ref).map((c) => [c.ref!, c]),
      );
      for (const c of sbom.components) {
        if (!componentMatches(c, query)) continue;
        const refs = c.ref ? dependencyPath(sbom.edges, sbom.root, c.ref) : undefined;
        row.matches.push({
          ...(c.purl ? { purl: c.purl } : {}),
          ...(c.name ? { name: c.name } : {}),
          ...(c.version ? { version: c.version } : {}),
          ...(platform ? { platform } : {}),
          attestation: source,
          ...(refs ? { path: refs.map((r) => label(byRef.get(r), r)) } : {}),
        });
      }
    }
    row.contains = row.matches.length ? 'yes' : statements.length ? 'no' : 'unknown';
    out.push(row);
  }
  const count = (c: ContainsTarget['contains']) => out.filter((t) => !t.error && t.contains === c).length;
  return {
    schema: CONTAINS_SCHEMA,
    generatedAt: (o.verify.clock ?? systemClock).now().toISOString(),
    query: {
      text: query.text,
      type: query.type,
      ...(query.namespace ? { namespace: query.namespace } : {}),
      name: query.name,
      range: query.range,
    },
    targets: out,
    summary: {
      targets: out.length,
      yes: count('yes'),
      no: count('no'),
      unknown: count('unknown'),
      errors: out.filter((t) => t.error).length,
    },
  };
}

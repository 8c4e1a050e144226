/**
 * custody trace's model, pure: a verification report (src/commands/verify.ts, verifyArtifact) and the statements of
 * the attestations that verified -> the chain of custody of one subject: who signed (identity and Sigstore instance,
 * or key), the builder, the source repository at its commit, the workflow run, the materials, the SBOM (components per
 * ecosystem, from purl types), the vulnerability scans and VEX documents, and the VSAs. Claims are read only from verified statements (handed over by the
 * verifier's onVerifiedStatement); an attestation that did not verify is listed under `unverified` with the reason
 * and what it claims to be, never merged into the facts. Also the purl/range matcher and the dependency paths of
 * `custody trace --contains`.
 */
import { PREDICATE_CYCLONEDX, PREDICATE_SLSA_PROVENANCE_V1, PREDICATE_VSA_V1 } from '@custody/core';
import type { AttestationReport, ParsedStatement, VerifyReport } from '@custody/verify';
import {
  findingSeverity,
  isVexPredicateType,
  scanFromPredicate,
  vexFromPredicate,
  VULN_PREDICATE_TYPES,
} from '@custody/verify/scan-reports';
import { AppInputError } from '../errors.js';

export const TRACE_SCHEMA = 'https://custody.dev/trace/v1';
export const CONTAINS_SCHEMA = 'https://custody.dev/trace-contains/v1';

const SLSA_V02 = 'https://slsa.dev/provenance/v0.2';
const SPDX_TYPES = ['https://spdx.dev/Document', 'https://spdx.dev/Document/v2.3', 'https://spdx.dev/Document/v3'];

/** A verified signer: a certificate identity with its OIDC issuer and the Sigstore instance trusted, or a key. */
export interface TraceSigner {
  kind: 'certificate' | 'key';
  /** Certificate SAN, or the key's source (`--key FILE`). */
  identity?: string;
  issuer?: string;
  /** The Sigstore instance whose root the certificate chains to (the trusted root in force). */
  instance?: string;
  /** Fulcio certificate extensions (sourceRepositoryURI, runInvocationURI, …): verified with the certificate. */
  extensions?: Record<string, string>;
  /** Verified signing times (RFC 3161, transparency log). */
  signedAt?: string[];
}

export interface TraceMaterial {
  uri?: string;
  name?: string;
  digest?: Record<string, string>;
}

export interface TraceProvenance {
  /** The attestation's source (registry manifest, bundle file). */
  attestation: string;
  predicateType: string;
  signer: TraceSigner;
  builder?: string;
  buildType?: string;
  source?: { repository?: string; ref?: string; commit?: string };
  workflow?: { repository?: string; path?: string; ref?: string };
  run?: { invocationId?: string; startedOn?: string; finishedOn?: string };
  materials: TraceMaterial[];
}

export interface TraceSbom {
  attestation: string;
  predicateType: string;
  signer: TraceSigner;
  format: 'cyclonedx' | 'spdx' | 'unknown';
  components: number;
  /** Components per purl type (npm, deb, apk, …); `(none)` for components without a purl. */
  ecosystems: Record<string, number>;
}

export interface TraceVsa {
  attestation: string;
  signer: TraceSigner;
  verifier?: string;
  result?: string;
  resourceUri?: string;
  policy?: string;
  levels?: string[];
  timeVerified?: string;
}

/** A verified vulnerability scan (in-toto vulns, cosign vuln): who scanned, when, and its findings by severity. */
export interface TraceScan {
  attestation: string;
  predicateType: string;
  signer: TraceSigner;
  /** The scanner (its uri, and version when the uri does not carry it). */
  scanner?: string;
  finishedOn?: string;
  findings: number;
  /** Findings per severity: the scanner's rating, else the CVSS score's; `unknown` when neither. */
  severities: Record<string, number>;
  /** The attestation verified but its predicate cannot be read as a scan: why. */
  unreadable?: string;
}

/** A verified VEX document (OpenVEX, CycloneDX VEX): its author and its statements by status. */
export interface TraceVex {
  attestation: string;
  predicateType: string;
  signer: TraceSigner;
  author?: string;
  timestamp?: string;
  statements: number;
  /** Statements per status: not_affected, affected, fixed, under_investigation. */
  statuses: Record<string, number>;
  /** The attestation verified but its predicate cannot be read as VEX: why. */
  unreadable?: string;
}

export interface TraceOther {
  attestation: string;
  predicateType?: string;
  content?: 'dsse' | 'message-signature';
  signer: TraceSigner;
}

/** An attestation that did not verify: shown as such; what it claims is only its claimed type, labelled unverified. */
export interface TraceUnverified {
  attestation: string;
  claimedPredicateType?: string;
  reason: string;
  failedChecks: string[];
}

/** One subject's chain: the target itself, or one platform of an image index. */
export interface TraceSubject {
  name: string;
  digest?: string;
  platform?: string;
  /** The verify gate of this subject (custody verify's passed): its run-level checks. */
  passed: boolean;
  checks: Array<{ id: string; status: string; reason: string }>;
  verified: {
    provenance: TraceProvenance[];
    sboms: TraceSbom[];
    /** Vulnerability scans (in-toto vulns, cosign vuln). */
    scans: TraceScan[];
    /** VEX documents (OpenVEX, CycloneDX VEX). */
    vex: TraceVex[];
    vsas: TraceVsa[];
    other: TraceOther[];
  };
  unverified: TraceUnverified[];
  notes: string[];
}

export interface TraceResult {
  schema: typeof TRACE_SCHEMA;
  generatedAt: string;
  target: { name: string; digest?: string; resolved?: { reference: string; digest: string }; index: boolean };
  trustRoot: string;
  insecure: string[];
  /** Every subject's verify gate passed. */
  passed: boolean;
  subjects: TraceSubject[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const digestMap = (v: unknown): Record<string, string> | undefined => {
  if (!isRecord(v)) return undefined;
  const out = Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return Object.keys(out).length ? out : undefined;
};
/** Copies only the keys whose value is defined (exactOptionalPropertyTypes). */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}

export function signerOf(a: AttestationReport, trustRoot: string): TraceSigner {
  const s = a.signer;
  return {
    kind: s?.kind ?? 'key',
    ...defined({
      identity: s?.identity,
      issuer: s?.issuer,
      instance: s?.kind === 'certificate' ? trustRoot : undefined,
      extensions: s?.extensions && Object.keys(s.extensions).length ? s.extensions : undefined,
      signedAt: a.signedAt?.length ? [...a.signedAt] : undefined,
    }),
  };
}

/** `git+https://host/o/r@refs/heads/main` -> repository and ref. */
function splitGitUri(uri: string): { repository: string; ref?: string } {
  const plain = uri.replace(/^git\+/, '');
  const at = plain.lastIndexOf('@');
  const slash = plain.indexOf('/', plain.indexOf('//') + 2);
  return at > slash && slash > 0 ? { repository: plain.slice(0, at), ref: plain.slice(at + 1) } : { repository: plain };
}

function material(v: unknown): TraceMaterial | undefined {
  if (!isRecord(v)) return undefined;
  const m = defined({ uri: str(v.uri), name: str(v.name), digest: digestMap(v.digest) });
  return Object.keys(m).length ? m : undefined;
}

/** The links a SLSA provenance (v1 or v0.2) states: builder, source at commit, workflow, run, materials. */
export function readProvenance(st: ParsedStatement, attestation: string, signer: TraceSigner): TraceProvenance {
  const p = isRecord(st.predicate) ? st.predicate : {};
  const out: TraceProvenance = { attestation, predicateType: st.predicateType, signer, materials: [] };
  if (st.predicateType === SLSA_V02) {
    const builder = isRecord(p.builder) ? str(p.builder.id) : undefined;
    const inv = isRecord(p.invocation) ? p.invocation : {};
    const cfg = isRecord(inv.configSource) ? inv.configSource : {};
    const meta = isRecord(p.metadata) ? p.metadata : {};
    const cfgUri = str(cfg.uri);
    const digest = digestMap(cfg.digest);
    Object.assign(
      out,
      defined({
        builder,
        buildType: str(p.buildType),
        source: cfgUri ? { ...splitGitUri(cfgUri), ...defined({ commit: digest?.sha1 ?? digest?.gitCommit }) } : undefined,
        workflow: str(cfg.entryPoint) ? { path: str(cfg.entryPoint)! } : undefined,
      }),
    );
    const run = defined({
      invocationId: str(meta.buildInvocationId),
      startedOn: str(meta.buildStartedOn),
      finishedOn: str(meta.buildFinishedOn),
    });
    if (Object.keys(run).length) out.run = run;
    out.materials = (Array.isArray(p.materials) ? p.materials : []).map(material).filter((m): m is TraceMaterial => !!m);
    return out;
  }
  const def = isRecord(p.buildDefinition) ? p.buildDefinition : {};
  const details = isRecord(p.runDetails) ? p.runDetails : {};
  const ext = isRecord(def.externalParameters) ? def.externalParameters : {};
  const deps = (Array.isArray(def.resolvedDependencies) ? def.resolvedDependencies : [])
    .map(material)
    .filter((m): m is TraceMaterial => !!m);
  // The source: the resolved dependency that is a git repository at a commit (GitHub's and Custody's buildTypes put
  // it first), else what externalParameters name.
  const srcIndex = deps.findIndex((d) => d.uri?.startsWith('git+') || d.digest?.gitCommit !== undefined);
  const src = srcIndex >= 0 ? deps[srcIndex]! : undefined;
  const wf = isRecord(ext.workflow) ? ext.workflow : undefined;
  const extSource = isRecord(ext.source) ? ext.source : undefined;
  const source = src?.uri
    ? { ...splitGitUri(src.uri), ...defined({ commit: src.digest?.gitCommit ?? src.digest?.sha1 }) }
    : (wf ?? extSource)
      ? defined({ repository: str((wf ?? extSource)!.repository), ref: str((wf ?? extSource)!.ref) })
      : undefined;
  if (source && Object.keys(source).length) out.source = source;
  if (wf) {
    const w = defined({ repository: str(wf.repository), path: str(wf.path), ref: str(wf.ref) });
    if (Object.keys(w).length) out.workflow = w;
  }
  const builder = isRecord(details.builder) ? str(details.builder.id) : undefined;
  if (builder) out.builder = builder;
  if (str(def.buildType)) out.buildType = str(def.buildType)!;
  const meta = isRecord(details.metadata) ? details.metadata : {};
  const run = defined({ invocationId: str(meta.invocationId), startedOn: str(meta.startedOn), finishedOn: str(meta.finishedOn) });
  if (Object.keys(run).length) out.run = run;
  out.materials = deps.filter((_, i) => i !== srcIndex);
  return out;
}

/** One SBOM component, flattened: purl, name, version, and its bom-ref for the dependency graph. */
export interface SbomComponent {
  purl?: string;
  name?: string;
  version?: string;
  ref?: string;
}

/** The SBOM's components (CycloneDX components, nested ones included; SPDX packages) and its dependency edges. */
export function sbomComponents(st: ParsedStatement): {
  format: TraceSbom['format'];
  components: SbomComponent[];
  root?: string;
  /** The SBOM's subject (CycloneDX metadata.component): named in paths, never counted as a component. */
  rootComponent?: SbomComponent;
  edges: Map<string, string[]>;
} {
  const p = isRecord(st.predicate) ? st.predicate : {};
  const edges = new Map<string, string[]>();
  if (st.predicateType === PREDICATE_CYCLONEDX || p.bomFormat === 'CycloneDX') {
    const components: SbomComponent[] = [];
    // Iterative walk (nested components), bounded by the statement's own size limits.
    const stack: unknown[] = Array.isArray(p.components) ? [...p.components].reverse() : [];
    while (stack.length) {
      const c = stack.pop();
      if (!isRecord(c)) continue;
      components.push(defined({ purl: str(c.purl), name: str(c.name), version: str(c.version), ref: str(c['bom-ref']) }));
      if (Array.isArray(c.components)) for (const n of [...c.components].reverse()) stack.push(n);
    }
    for (const d of Array.isArray(p.dependencies) ? p.dependencies : []) {
      if (!isRecord(d) || !str(d.ref)) continue;
      const to = (Array.isArray(d.dependsOn) ? d.dependsOn : []).filter((x): x is string => typeof x === 'string');
      edges.set(d.ref as string, [...(edges.get(d.ref as string) ?? []), ...to]);
    }
    const meta = isRecord(p.metadata) && isRecord(p.metadata.component) ? p.metadata.component : undefined;
    const rootComponent = meta
      ? defined({ purl: str(meta.purl), name: str(meta.name), version: str(meta.version), ref: str(meta['bom-ref']) })
      : undefined;
    return { format: 'cyclonedx', components, ...defined({ root: rootComponent?.ref, rootComponent }), edges };
  }
  if (SPDX_TYPES.includes(st.predicateType) || typeof p.spdxVersion === 'string') {
    const components = (Array.isArray(p.packages) ? p.packages : []).filter(isRecord).map((pkg) => {
      const refs = Array.isArray(pkg.externalRefs) ? pkg.externalRefs.filter(isRecord) : [];
      const purl = refs.find((r) => r.referenceType === 'purl');
      return defined({ purl: str(purl?.referenceLocator), name: str(pkg.name), version: str(pkg.versionInfo), ref: str(pkg.SPDXID) });
    });
    for (const r of Array.isArray(p.relationships) ? p.relationships.filter(isRecord) : []) {
      const a = str(r.spdxElementId);
      const b = str(r.relatedSpdxElement);
      if (!a || !b) continue;
      if (r.relationshipType === 'DEPENDS_ON') edges.set(a, [...(edges.get(a) ?? []), b]);
      else if (r.relationshipType === 'DEPENDENCY_OF') edges.set(b, [...(edges.get(b) ?? []), a]);
    }
    return { format: 'spdx', components, edges };
  }
  return { format: 'unknown', components: [], edges };
}

/** The purl's type (`pkg:npm/…` -> npm), lowercased; undefined when it is not a purl. */
export function purlType(purl: string | undefined): string | undefined {
  const m = purl ? /^pkg:([A-Za-z.+-][A-Za-z0-9.+-]*)\//.exec(purl) : null;
  return m ? m[1]!.toLowerCase() : undefined;
}

export function readSbom(st: ParsedStatement, attestation: string, signer: TraceSigner): TraceSbom {
  const { format, components } = sbomComponents(st);
  const ecosystems: Record<string, number> = {};
  for (const c of components) {
    const t = purlType(c.purl) ?? '(none)';
    ecosystems[t] = (ecosystems[t] ?? 0) + 1;
  }
  return { attestation, predicateType: st.predicateType, signer, format, components: components.length, ecosystems };
}

export function readVsa(st: ParsedStatement, attestation: string, signer: TraceSigner): TraceVsa {
  const p = isRecord(st.predicate) ? st.predicate : {};
  const levels = Array.isArray(p.verifiedLevels) ? p.verifiedLevels.filter((x): x is string => typeof x === 'string') : undefined;
  return {
    attestation,
    signer,
    ...defined({
      verifier: isRecord(p.verifier) ? str(p.verifier.id) : undefined,
      result: str(p.verificationResult),
      resourceUri: str(p.resourceUri),
      policy: isRecord(p.policy) ? str(p.policy.uri) : undefined,
      levels: levels?.length ? levels : undefined,
      timeVerified: str(p.timeVerified),
    }),
  };
}

export const isProvenance = (t: string | undefined) => t === PREDICATE_SLSA_PROVENANCE_V1 || t === SLSA_V02;
export const isSbom = (t: string | undefined) => t === PREDICATE_CYCLONEDX || (t !== undefined && SPDX_TYPES.includes(t));
export const isVsa = (t: string | undefined) => t === PREDICATE_VSA_V1;
export const isVulnScan = (t: string | undefined) => t !== undefined && VULN_PREDICATE_TYPES.includes(t);
export const isVex = (t: string | undefined) => t !== undefined && isVexPredicateType(t);

/** The kind of an attestation by its predicate type, as trace and coverage list them. */
export type AttestationKind = 'provenance' | 'sbom' | 'vulnerabilities' | 'vex' | 'vsa' | 'other';
export function attestationKind(t: string | undefined): AttestationKind {
  if (isProvenance(t)) return 'provenance';
  if (isSbom(t)) return 'sbom';
  if (isVulnScan(t)) return 'vulnerabilities';
  if (isVex(t)) return 'vex';
  if (isVsa(t)) return 'vsa';
  return 'other';
}

const count = (keys: string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
};

export function readScan(st: ParsedStatement, attestation: string, signer: TraceSigner): TraceScan {
  const scan = scanFromPredicate(st.predicateType, st.predicate);
  const base = { attestation, predicateType: st.predicateType, signer };
  if (typeof scan === 'string') return { ...base, findings: 0, severities: {}, unreadable: scan };
  return {
    ...base,
    ...defined({ scanner: scan.scanner, finishedOn: scan.finishedOn }),
    findings: scan.findings.length,
    severities: count(scan.findings.map((f) => findingSeverity(f).severity)),
  };
}

export function readVex(st: ParsedStatement, attestation: string, signer: TraceSigner): TraceVex {
  const vex = vexFromPredicate(st.predicateType, st.predicate);
  const base = { attestation, predicateType: st.predicateType, signer };
  if (typeof vex === 'string') return { ...base, statements: 0, statuses: {}, unreadable: vex };
  return {
    ...base,
    ...defined({ author: vex.author, timestamp: vex.timestamp }),
    statements: vex.statements.length,
    statuses: count(vex.statements.map((x) => x.status)),
  };
}

/**
 * One subject's chain from its verification report and the statements that verified (keyed by attestation source
 * and report object: the verifier hands each one over as it passes).
 */
export function buildSubject(
  report: VerifyReport,
  verified: Map<AttestationReport, ParsedStatement>,
  meta: { name: string; digest?: string; platform?: string },
): TraceSubject {
  const subject: TraceSubject = {
    ...defined({ name: meta.name, digest: meta.digest, platform: meta.platform }),
    name: meta.name,
    passed: report.passed,
    checks: report.checks.map((c) => ({ id: c.id, status: c.status, reason: c.reason })),
    verified: { provenance: [], sboms: [], scans: [], vex: [], vsas: [], other: [] },
    unverified: [],
    notes: [...report.notes],
  };
  for (const a of report.attestations) {
    const st = a.passed ? verified.get(a) : undefined;
    if (!a.passed) {
      subject.unverified.push({
        attestation: a.source,
        ...defined({ claimedPredicateType: a.predicateType }),
        reason: a.ignoredReason ?? 'did not verify',
        failedChecks: a.checks.filter((c) => c.status === 'fail').map((c) => c.id),
      });
      continue;
    }
    const signer = signerOf(a, report.trustRoot);
    if (st && isProvenance(st.predicateType)) subject.verified.provenance.push(readProvenance(st, a.source, signer));
    else if (st && isSbom(st.predicateType)) subject.verified.sboms.push(readSbom(st, a.source, signer));
    else if (st && isVulnScan(st.predicateType)) subject.verified.scans.push(readScan(st, a.source, signer));
    else if (st && isVex(st.predicateType)) subject.verified.vex.push(readVex(st, a.source, signer));
    else if (st && isVsa(st.predicateType)) subject.verified.vsas.push(readVsa(st, a.source, signer));
    else subject.verified.other.push({ attestation: a.source, signer, ...defined({ predicateType: a.predicateType, content: a.content }) });
  }
  return subject;
}

// ---------------------------------------------------------------------------------------------------------------
// --contains PURL: a package (type, namespace, name) and a simple version range.

export interface PackageQuery {
  text: string;
  type: string;
  namespace?: string;
  name: string;
  /** Disjunction of conjunctions of comparators; empty: any version. */
  range: Array<Array<{ op: '<' | '<=' | '>' | '>=' | '='; version: string }>>;
}

const containsError = (text: string, problem: string) =>
  new AppInputError('TRACE_CONTAINS_INVALID', `--contains "${text}" ${problem}`, {
    hint: 'Write pkg:TYPE/[NAMESPACE/]NAME[@RANGE], e.g. pkg:npm/lodash@<4.17.21, pkg:npm/%40babel/core@>=7.0.0 <7.24.0, pkg:deb/debian/openssl@~3.0.0 (docs/trace.md).',
  });

/** Comparators of one range: `<1.2`, `>=1 <2`, `1.2.3` (exactly), `^1.2.3`, `~1.2.3`, `*`; `||` between alternatives. */
export function parseRange(text: string, range: string): PackageQuery['range'] {
  const out: PackageQuery['range'] = [];
  for (const alt of range.split('||')) {
    const parts = alt
      .trim()
      .replace(/(<=|>=|<|>|=)\s+/g, '$1')
      .split(/[\s,]+/)
      .filter(Boolean);
    const conj: PackageQuery['range'][number] = [];
    for (const part of parts) {
      if (part === '*' || part === 'x') continue;
      const m = /^(<=|>=|<|>|=|\^|~)?([0-9A-Za-z][0-9A-Za-z.+_:~-]*)$/.exec(part);
      if (!m) throw containsError(text, `has "${part}" in its version range, which is not a comparator and version.`);
      const op = m[1] ?? '=';
      const v = m[2]!;
      if (op === '^' || op === '~') {
        const nums = v.split('.').map((n) => Number.parseInt(n, 10));
        if (nums.some((n) => Number.isNaN(n))) throw containsError(text, `uses ${op} with "${v}", which is not a numeric version.`);
        const [maj = 0, min = 0] = nums;
        const upper = op === '~' ? `${maj}.${min + 1}.0` : maj > 0 ? `${maj + 1}.0.0` : `0.${min + 1}.0`;
        conj.push({ op: '>=', version: v }, { op: '<', version: upper });
      } else conj.push({ op: op as '<' | '<=' | '>' | '>=' | '=', version: v });
    }
    out.push(conj);
  }
  return out.every((c) => c.length === 0) ? [] : out;
}

/** pkg:TYPE/[NAMESPACE/]NAME[@RANGE] (qualifiers and subpath are not part of a query). */
export function parsePackageQuery(text: string): PackageQuery {
  const m = /^pkg:([A-Za-z.+-][A-Za-z0-9.+-]*)\/([^@?#]+)(?:@(.*))?$/.exec(text.trim());
  if (!m) throw containsError(text, 'is not a package URL.');
  const path = m[2]!.split('/').filter(Boolean).map(decodePart);
  if (path.length === 0) throw containsError(text, 'names no package.');
  const name = path.pop()!;
  return {
    text,
    type: m[1]!.toLowerCase(),
    ...(path.length ? { namespace: path.join('/') } : {}),
    name,
    range: m[3] === undefined || m[3].trim() === '' ? [] : parseRange(text, m[3]),
  };
}

function decodePart(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A component's purl split as a query would name it. */
export function parsePurl(purl: string): { type: string; namespace?: string; name: string; version?: string } | undefined {
  const m = /^pkg:([A-Za-z.+-][A-Za-z0-9.+-]*)\/([^?#]+)/.exec(purl);
  if (!m) return undefined;
  let rest = m[2]!;
  let version: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at > 0) {
    version = decodePart(rest.slice(at + 1));
    rest = rest.slice(0, at);
  }
  const path = rest.split('/').filter(Boolean).map(decodePart);
  if (!path.length) return undefined;
  const name = path.pop()!;
  return { type: m[1]!.toLowerCase(), ...(path.length ? { namespace: path.join('/') } : {}), name, ...(version ? { version } : {}) };
}

/**
 * Compares two versions: numeric runs as numbers, other runs as text, segment by segment (1.10 > 1.9; 1.0.0-rc1 <
 * 1.0.0, a pre-release before its release as in semver; Debian epochs `2:` compare first as a number).
 */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [main, ...pre] = v.replace(/^v/, '').split(/-(.*)/s);
    return { main: main!.match(/\d+|[A-Za-z]+/g) ?? [], pre: pre[0] };
  };
  const cmp = (x: string[], y: string[]) => {
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const p = x[i];
      const q = y[i];
      if (p === undefined) return -1;
      if (q === undefined) return 1;
      const pn = /^\d+$/.test(p);
      const qn = /^\d+$/.test(q);
      if (pn && qn) {
        const d = Number(p) - Number(q);
        if (d) return d < 0 ? -1 : 1;
      } else if (pn !== qn) return pn ? 1 : -1;
      else if (p !== q) return p < q ? -1 : 1;
    }
    return 0;
  };
  const A = split(a);
  const B = split(b);
  const main = cmp(A.main, B.main);
  if (main) return main;
  if (A.pre === undefined) return B.pre === undefined ? 0 : 1;
  if (B.pre === undefined) return -1;
  return cmp(A.pre.match(/\d+|[A-Za-z]+/g) ?? [], B.pre.match(/\d+|[A-Za-z]+/g) ?? []);
}

export function versionInRange(version: string | undefined, range: PackageQuery['range']): boolean {
  if (range.length === 0) return true;
  if (version === undefined) return false;
  return range.some((conj) =>
    conj.every(({ op, version: v }) => {
      const c = compareVersions(version, v);
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '>=' ? c >= 0 : c === 0;
    }),
  );
}

/** Whether a component is the queried package at a version in its range. */
export function componentMatches(c: SbomComponent, q: PackageQuery): boolean {
  const p = c.purl ? parsePurl(c.purl) : undefined;
  if (!p || p.type !== q.type) return false;
  const norm = (s: string | undefined) => (q.type === 'npm' || q.type === 'pypi' ? s?.toLowerCase() : s);
  if (norm(p.name) !== norm(q.name)) return false;
  if (q.namespace !== undefined && norm(p.namespace) !== norm(q.namespace)) return false;
  if (q.namespace === undefined && p.namespace !== undefined && q.type === 'npm') return false;
  return versionInRange(p.version ?? c.version, q.range);
}

/**
 * The shortest path of bom-refs from the SBOM's root (its metadata component, else every component no edge leads
 * to) to `ref`, by breadth-first search over the dependency edges; undefined when no edge leads there.
 */
export function dependencyPath(edges: Map<string, string[]>, root: string | undefined, ref: string): string[] | undefined {
  if (edges.size === 0) return undefined;
  const targets = new Set<string>();
  for (const to of edges.values()) for (const t of to) targets.add(t);
  const starts = root && edges.has(root) ? [root] : [...edges.keys()].filter((k) => !targets.has(k));
  const prev = new Map<string, string | null>();
  const queue: string[] = [];
  for (const s of starts) {
    prev.set(s, null);
    queue.push(s);
  }
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!;
    if (at === ref) {
      const path: string[] = [];
      for (let n: string | null | undefined = at; n; n = prev.get(n)) path.unshift(n);
      return path;
    }
    for (const next of edges.get(at) ?? []) {
      if (prev.has(next)) continue;
      prev.set(next, at);
      queue.push(next);
    }
  }
  return undefined;
}

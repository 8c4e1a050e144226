/**
 * Vulnerability scan reports: the formats read (Trivy JSON, Grype JSON, OSV-Scanner JSON, SARIF 2.1, CycloneDX VDR),
 * one normalised finding per (vulnerability, package), and the two predicates that carry a scan in an attestation
 * (in-toto vulns v0.1 and cosign's vuln v1). Pure: documents in, values out; docs/vuln.md describes the mapping.
 */
import { osvCvss } from './cvss.js';
import { VerifyInputError } from './errors.js';

export const PREDICATE_VULNS_V01 = 'https://in-toto.io/attestation/vulns/v0.1';
export const PREDICATE_VULNS_V02 = 'https://in-toto.io/attestation/vulns/v0.2';
export const PREDICATE_COSIGN_VULN_V1 = 'https://cosign.sigstore.dev/attestation/vuln/v1';
/** Predicate types read as vulnerability scans at verification. */
export const VULN_PREDICATE_TYPES = [PREDICATE_VULNS_V01, PREDICATE_VULNS_V02, PREDICATE_COSIGN_VULN_V1];

export const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type ReportFormat = 'trivy' | 'grype' | 'osv-scanner' | 'sarif' | 'cyclonedx';

export interface Finding {
  /** The scanner's id for the vulnerability (CVE-…, GHSA-…, GO-…). */
  id: string;
  /** Other ids of the same vulnerability (CVE for a GHSA, and so on). */
  aliases: string[];
  /**
   * The vulnerabilities an OSV record derives from (schema 1.7 `upstream`: the CVE of ALPINE-CVE-… and DEBIAN-CVE-…
   * records, the CVEs a DLA or DSA fixes). VEX naming one covers the finding (vex.ts vexCoverage).
   */
  upstream?: string[];
  package: { name?: string; version?: string; purl?: string };
  /** The scanner's own rating, lower-cased (`critical`, `negligible`, `unknown`…), when it gave one. */
  scannerSeverity?: string;
  /** The highest CVSS base score the report carries for it. */
  cvss?: number;
  fixedVersion?: string;
}

export interface ScanReport {
  format: ReportFormat;
  scanner: { name: string; version?: string; uri: string };
  db?: { uri?: string; version?: string; lastUpdate?: string };
  /** When the scan ran (the report's own time), when the report says. */
  scannedAt?: string;
  findings: Finding[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
};
const maxOf = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
const iso = (v: unknown): string | undefined => {
  const s = str(v);
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) || t <= 0 ? undefined : new Date(t).toISOString();
};

const SCANNER_URIS: Record<string, string> = {
  trivy: 'pkg:github/aquasecurity/trivy',
  grype: 'pkg:github/anchore/grype',
  'osv-scanner': 'pkg:github/google/osv-scanner',
};
function scannerOf(name: string, version: string | undefined): ScanReport['scanner'] {
  const key = name.toLowerCase();
  const base = SCANNER_URIS[key] ?? `urn:scanner:${encodeURIComponent(key)}`;
  const v = version && version !== '[not provided]' ? version : undefined;
  return { name: key, ...(v ? { version: v } : {}), uri: v && base.startsWith('pkg:') ? `${base}@${v}` : base };
}

/** The format of a scanner's JSON output, or undefined when it is none of those read. */
export function detectReportFormat(doc: unknown): ReportFormat | undefined {
  if (!isObj(doc)) return undefined;
  if (typeof doc.SchemaVersion === 'number' && ('Results' in doc || 'ArtifactName' in doc)) return 'trivy';
  if (Array.isArray(doc.matches) && isObj(doc.descriptor)) return 'grype';
  if (Array.isArray(doc.runs) && (typeof doc.version === 'string' || typeof doc.$schema === 'string')) return 'sarif';
  if (doc.bomFormat === 'CycloneDX') return 'cyclonedx';
  if (Array.isArray(doc.results) && arr(doc.results).every((r) => isObj(r) && Array.isArray(r.packages))) return 'osv-scanner';
  return undefined;
}

/** Reads a scanner's report (the format detected); throws VULN_REPORT_UNKNOWN for anything else. */
export function readScanReport(doc: unknown, location: string): ScanReport {
  const format = detectReportFormat(doc);
  const d = doc as Obj;
  switch (format) {
    case 'trivy':
      return readTrivy(d);
    case 'grype':
      return readGrype(d);
    case 'osv-scanner':
      return readOsvScanner(d);
    case 'sarif':
      return readSarif(d);
    case 'cyclonedx': {
      if (!Array.isArray(d.vulnerabilities))
        throw new VerifyInputError(
          'VULN_REPORT_UNKNOWN',
          'the CycloneDX document has no vulnerabilities array: it is an SBOM, not a VDR.',
          {
            location,
            hint: 'Attest an SBOM with --sbom; --vuln takes a scan report (a CycloneDX VDR lists vulnerabilities).',
          },
        );
      return readCycloneDx(d);
    }
    default:
      throw new VerifyInputError(
        'VULN_REPORT_UNKNOWN',
        'the scan report is not Trivy JSON, Grype JSON, OSV-Scanner JSON, SARIF 2.1 or a CycloneDX VDR.',
        {
          location,
          hint: 'Give the scanner JSON output: trivy --format json, grype -o json, osv-scanner --format json, a SARIF file, or CycloneDX JSON with vulnerabilities.',
        },
      );
  }
}

function readTrivy(d: Obj): ScanReport {
  const findings: Finding[] = [];
  for (const r of arr(d.Results)) {
    if (!isObj(r)) continue;
    for (const v of arr(r.Vulnerabilities)) {
      if (!isObj(v) || !str(v.VulnerabilityID)) continue;
      let cvss: number | undefined;
      if (isObj(v.CVSS)) for (const s of Object.values(v.CVSS)) if (isObj(s)) cvss = maxOf(cvss, maxOf(num(s.V3Score), num(s.V40Score)));
      const purl = isObj(v.PkgIdentifier) ? str(v.PkgIdentifier.PURL) : undefined;
      findings.push({
        id: v.VulnerabilityID as string,
        aliases: arr(v.VendorIDs).filter((x): x is string => typeof x === 'string'),
        package: {
          ...(str(v.PkgName) ? { name: v.PkgName as string } : {}),
          ...(str(v.InstalledVersion) ? { version: v.InstalledVersion as string } : {}),
          ...(purl ? { purl } : {}),
        },
        ...(str(v.Severity) ? { scannerSeverity: (v.Severity as string).toLowerCase() } : {}),
        ...(cvss !== undefined ? { cvss } : {}),
        ...(str(v.FixedVersion) ? { fixedVersion: v.FixedVersion as string } : {}),
      });
    }
  }
  const trivy = isObj(d.Trivy) ? d.Trivy : {};
  const scannedAt = iso(d.CreatedAt);
  return { format: 'trivy', scanner: scannerOf('trivy', str(trivy.Version)), ...(scannedAt ? { scannedAt } : {}), findings };
}

function readGrype(d: Obj): ScanReport {
  const findings: Finding[] = [];
  for (const m of arr(d.matches)) {
    if (!isObj(m) || !isObj(m.vulnerability) || !str(m.vulnerability.id)) continue;
    const v = m.vulnerability;
    const a = isObj(m.artifact) ? m.artifact : {};
    let cvss: number | undefined;
    for (const c of arr(v.cvss)) if (isObj(c) && isObj(c.metrics)) cvss = maxOf(cvss, num(c.metrics.baseScore));
    const fix = isObj(v.fix) ? arr(v.fix.versions).filter((x): x is string => typeof x === 'string') : [];
    findings.push({
      id: v.id as string,
      aliases: arr(m.relatedVulnerabilities).flatMap((r) => (isObj(r) && str(r.id) && r.id !== v.id ? [r.id as string] : [])),
      package: {
        ...(str(a.name) ? { name: a.name as string } : {}),
        ...(str(a.version) ? { version: a.version as string } : {}),
        ...(str(a.purl) ? { purl: a.purl as string } : {}),
      },
      ...(str(v.severity) ? { scannerSeverity: (v.severity as string).toLowerCase() } : {}),
      ...(cvss !== undefined ? { cvss } : {}),
      ...(fix.length ? { fixedVersion: fix.join(', ') } : {}),
    });
  }
  const desc = d.descriptor as Obj;
  const db = isObj(desc.db) ? desc.db : undefined;
  const status = db && isObj(db.status) ? db.status : db;
  const built = status ? iso(status.built) : undefined;
  const dbVersion = status
    ? (str(status.schemaVersion) ?? (typeof status.schemaVersion === 'number' ? String(status.schemaVersion) : undefined))
    : undefined;
  const scannedAt = iso(desc.timestamp);
  return {
    format: 'grype',
    scanner: scannerOf('grype', str(desc.version)),
    ...(built || dbVersion
      ? {
          db: {
            ...(status && str(status.from) ? { uri: status.from as string } : {}),
            ...(dbVersion ? { version: dbVersion } : {}),
            ...(built ? { lastUpdate: built } : {}),
          },
        }
      : {}),
    ...(scannedAt ? { scannedAt } : {}),
    findings,
  };
}

/** OSV severity from an OSV record: database_specific.severity (GHSA's rating), else a numeric CVSS score. */
function readOsvScanner(d: Obj): ScanReport {
  const findings: Finding[] = [];
  for (const r of arr(d.results)) {
    if (!isObj(r)) continue;
    for (const p of arr(r.packages)) {
      if (!isObj(p) || !isObj(p.package)) continue;
      const pkg = p.package;
      const groups = arr(p.groups).filter(isObj);
      for (const v of arr(p.vulnerabilities)) {
        if (!isObj(v) || !str(v.id)) continue;
        const group = groups.find((g) => arr(g.ids).includes(v.id));
        const rated = isObj(v.database_specific) ? str(v.database_specific.severity) : undefined;
        let cvss = group ? num(group.max_severity) : undefined;
        cvss = maxOf(cvss, osvCvss(v.severity));
        let fixed: string | undefined;
        for (const a of arr(v.affected)) {
          if (!isObj(a) || !isObj(a.package) || a.package.name !== pkg.name) continue;
          for (const range of arr(a.ranges))
            for (const e of arr(isObj(range) ? range.events : [])) if (isObj(e) && str(e.fixed)) fixed ??= e.fixed as string;
        }
        const ecosystem = str(pkg.ecosystem);
        findings.push({
          id: v.id as string,
          aliases: arr(v.aliases).filter((x): x is string => typeof x === 'string'),
          ...(arr(v.upstream).some((x) => typeof x === 'string')
            ? { upstream: arr(v.upstream).filter((x): x is string => typeof x === 'string') }
            : {}),
          package: {
            ...(str(pkg.name) ? { name: pkg.name as string } : {}),
            ...(str(pkg.version) ? { version: pkg.version as string } : {}),
            ...(ecosystem && str(pkg.name) ? osvPurl(ecosystem, pkg.name as string, str(pkg.version)) : {}),
          },
          ...(rated ? { scannerSeverity: rated.toLowerCase() === 'moderate' ? 'medium' : rated.toLowerCase() } : {}),
          ...(cvss !== undefined ? { cvss } : {}),
          ...(fixed ? { fixedVersion: fixed } : {}),
        });
      }
    }
  }
  return { format: 'osv-scanner', scanner: scannerOf('osv-scanner', undefined), findings };
}

const OSV_PURL_TYPES: Record<string, string> = {
  npm: 'npm',
  PyPI: 'pypi',
  Go: 'golang',
  'crates.io': 'cargo',
  Maven: 'maven',
  RubyGems: 'gem',
  NuGet: 'nuget',
  Packagist: 'composer',
  Pub: 'pub',
  Hex: 'hex',
};
function osvPurl(ecosystem: string, name: string, version: string | undefined): { purl?: string } {
  const type = OSV_PURL_TYPES[ecosystem];
  if (!type) return {};
  const path =
    type === 'maven'
      ? name.split(':').map(encodeURIComponent).join('/')
      : name
          .split('/')
          .map((s) => encodeURIComponent(s))
          .join('/');
  return { purl: `pkg:${type}/${path}${version ? `@${encodeURIComponent(version)}` : ''}` };
}

/** `Key: value` lines in a SARIF message or help text (Trivy and Grype write them). */
function textFields(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (text ?? '').split('\n')) {
    const m = /^([A-Za-z][A-Za-z ]*):\s*(.*)$/.exec(line.trim());
    if (m && !(m[1]! in out)) out[m[1]!.toLowerCase()] = m[2]!.trim();
    const v = /^Vulnerability\s+(\S+)$/.exec(line.trim());
    if (v && !('vulnerability' in out)) out.vulnerability = v[1]!;
  }
  return out;
}

function readSarif(d: Obj): ScanReport {
  const findings: Finding[] = [];
  let scanner: ScanReport['scanner'] | undefined;
  let scannedAt: string | undefined;
  for (const run of arr(d.runs)) {
    if (!isObj(run)) continue;
    const driver = isObj(run.tool) && isObj(run.tool.driver) ? run.tool.driver : {};
    scanner ??= scannerOf(str(driver.name) ?? 'sarif', str(driver.version) ?? str(driver.semanticVersion));
    for (const inv of arr(run.invocations)) if (isObj(inv)) scannedAt ??= iso(inv.endTimeUtc) ?? iso(inv.startTimeUtc);
    const rules = arr(driver.rules).filter(isObj);
    for (const res of arr(run.results)) {
      if (!isObj(res)) continue;
      const rule = (typeof res.ruleIndex === 'number' ? rules[res.ruleIndex] : undefined) ?? rules.find((r) => r.id === res.ruleId);
      const msg = textFields(isObj(res.message) ? str(res.message.text) : undefined);
      const help = textFields(rule && isObj(rule.help) ? str(rule.help.text) : undefined);
      const field = (k: string) => msg[k] ?? help[k];
      const id = field('vulnerability') ?? str(res.ruleId) ?? (rule ? str(rule.id) : undefined);
      if (!id) continue;
      const props = rule && isObj(rule.properties) ? rule.properties : {};
      const cvss = num(props['security-severity']);
      const sev = field('severity');
      const fixed = field('fixed version') ?? field('fix version');
      const version = field('installed version') ?? field('version');
      findings.push({
        id,
        aliases: [],
        package: { ...(field('package') ? { name: field('package')! } : {}), ...(version ? { version } : {}) },
        ...(sev ? { scannerSeverity: sev.toLowerCase() } : {}),
        ...(cvss !== undefined ? { cvss } : {}),
        ...(fixed ? { fixedVersion: fixed } : {}),
      });
    }
  }
  return { format: 'sarif', scanner: scanner ?? scannerOf('sarif', undefined), ...(scannedAt ? { scannedAt } : {}), findings };
}

function readCycloneDx(d: Obj): ScanReport {
  const byRef = new Map<string, Obj>();
  const walk = (list: unknown) => {
    for (const c of arr(list))
      if (isObj(c)) {
        if (str(c['bom-ref'])) byRef.set(c['bom-ref'] as string, c);
        walk(c.components);
      }
  };
  walk(d.components);
  const meta = isObj(d.metadata) ? d.metadata : {};
  if (isObj(meta.component) && str(meta.component['bom-ref'])) byRef.set(meta.component['bom-ref'] as string, meta.component);
  const tools = isObj(meta.tools) ? arr(meta.tools.components) : arr(meta.tools);
  const tool = tools.find(isObj);
  const findings: Finding[] = [];
  for (const v of arr(d.vulnerabilities)) {
    if (!isObj(v) || !str(v.id)) continue;
    let cvss: number | undefined;
    let rated: string | undefined;
    for (const r of arr(v.ratings)) {
      if (!isObj(r)) continue;
      const method = str(r.method) ?? '';
      if (/^CVSSv/i.test(method)) cvss = maxOf(cvss, num(r.score));
      if (str(r.severity) && (method === '' || /^CVSSv|^other$/i.test(method))) rated ??= (r.severity as string).toLowerCase();
    }
    const aliases = arr(v.references).flatMap((r) => (isObj(r) && str(r.id) && r.id !== v.id ? [r.id as string] : []));
    const affects = arr(v.affects).filter(isObj);
    for (const a of affects.length ? affects : [{}]) {
      const c = str(a.ref) ? byRef.get(a.ref as string) : undefined;
      findings.push({
        id: v.id as string,
        aliases,
        package: c
          ? {
              ...(str(c.name) ? { name: c.name as string } : {}),
              ...(str(c.version) ? { version: c.version as string } : {}),
              ...(str(c.purl) ? { purl: c.purl as string } : {}),
            }
          : str(a.ref)?.startsWith('pkg:')
            ? { purl: a.ref as string }
            : {},
        ...(rated ? { scannerSeverity: rated } : {}),
        ...(cvss !== undefined ? { cvss } : {}),
      });
    }
  }
  const scannedAt = iso(meta.timestamp);
  return {
    format: 'cyclonedx',
    scanner: scannerOf(tool ? (str(tool.name) ?? 'cyclonedx') : 'cyclonedx', tool ? str(tool.version) : undefined),
    ...(scannedAt ? { scannedAt } : {}),
    findings,
  };
}

/** CVSS base score -> qualitative rating (CVSS v3.1 section 5). */
export function cvssSeverity(score: number): Severity {
  return score === 0 ? 'none' : score < 4 ? 'low' : score < 7 ? 'medium' : score < 9 ? 'high' : 'critical';
}

/**
 * A finding's severity for the gate: the scanner's rating when it is one of none|low|medium|high|critical (grype's
 * `negligible` counts as low), else the CVSS score's, else `unknown` (the gate counts it as critical: fail closed).
 */
export function findingSeverity(f: Finding): { severity: Severity | 'unknown'; by: 'scanner' | 'cvss' | 'none' } {
  const s = f.scannerSeverity === 'negligible' ? 'low' : f.scannerSeverity === 'moderate' ? 'medium' : f.scannerSeverity;
  if (s && (SEVERITIES as readonly string[]).includes(s)) return { severity: s as Severity, by: 'scanner' };
  if (f.cvss !== undefined) return { severity: cvssSeverity(f.cvss), by: 'cvss' };
  return { severity: 'unknown', by: 'none' };
}

export function severityRank(s: Severity | 'unknown'): number {
  return s === 'unknown' ? SEVERITIES.length : SEVERITIES.indexOf(s);
}

/** The in-toto vulns predicate (v0.1, in the shape of its example and of v0.2: `result[*]` is `{id, severity, annotations}`). */
export interface VulnsPredicate {
  scanner: {
    uri: string;
    version?: string;
    db: { uri?: string; version?: string; lastUpdate: string };
    result: Array<{ id: string; severity: Array<{ method: string; score: string }>; annotations?: Array<Record<string, unknown>> }>;
  };
  metadata: { scanStartedOn: string; scanFinishedOn: string };
}

/**
 * The vulns predicate of a report. `now` stands in for the times the report does not carry: the scan time, and the
 * database's last update (the spec requires it; a database is at least as old as the scan that used it).
 */
export function buildVulnsPredicate(report: ScanReport, now: Date): VulnsPredicate {
  const at = report.scannedAt ?? now.toISOString();
  return {
    scanner: {
      uri: report.scanner.uri,
      ...(report.scanner.version ? { version: report.scanner.version } : {}),
      db: {
        ...(report.db?.uri ? { uri: report.db.uri } : {}),
        ...(report.db?.version ? { version: report.db.version } : {}),
        lastUpdate: report.db?.lastUpdate ?? at,
      },
      result: report.findings.map((f) => ({
        id: f.id,
        severity: [
          ...(f.scannerSeverity ? [{ method: report.scanner.name, score: f.scannerSeverity }] : []),
          ...(f.cvss !== undefined ? [{ method: 'cvss_score', score: String(f.cvss) }] : []),
        ],
        annotations: [
          {
            ...(f.aliases.length ? { aliases: f.aliases } : {}),
            ...(f.upstream?.length ? { upstream: f.upstream } : {}),
            ...(f.package.name ? { package: f.package.name } : {}),
            ...(f.package.version ? { version: f.package.version } : {}),
            ...(f.package.purl ? { purl: f.package.purl } : {}),
            ...(f.fixedVersion ? { fixedVersion: f.fixedVersion } : {}),
          },
        ],
      })),
    },
    metadata: { scanStartedOn: at, scanFinishedOn: at },
  };
}

/** Cosign's vuln predicate: the scanner's report itself as `scanner.result` (cosign attest --type vuln). */
export function buildCosignVulnPredicate(report: ScanReport, raw: unknown, now: Date): Record<string, unknown> {
  const at = report.scannedAt ?? now.toISOString();
  return {
    invocation: { parameters: null, uri: '', event_id: '', 'builder.id': '' },
    scanner: {
      uri: report.scanner.uri,
      version: report.scanner.version ?? '',
      db: { uri: report.db?.uri ?? '', version: report.db?.version ?? '' },
      result: raw,
    },
    metadata: { scanStartedOn: at, scanFinishedOn: at },
  };
}

/** What a verified vulnerability attestation says: its findings, scanner and scan time, or why it cannot be read. */
export interface AttestedScan {
  scanner: string;
  finishedOn?: string;
  findings: Finding[];
}

/** Reads the findings back out of a vulns or cosign vuln predicate; a string when the predicate cannot be read. */
export function scanFromPredicate(type: string, predicate: unknown): AttestedScan | string {
  if (!isObj(predicate) || !isObj(predicate.scanner)) return 'the predicate has no scanner object';
  const sc = predicate.scanner;
  const meta = isObj(predicate.metadata) ? predicate.metadata : {};
  const finishedOn = iso(meta.scanFinishedOn);
  const name = `${str(sc.uri) ?? 'unknown scanner'}${str(sc.version) && !String(sc.uri).endsWith(`@${sc.version}`) ? ` ${sc.version}` : ''}`;
  if (type === PREDICATE_COSIGN_VULN_V1) {
    try {
      const r = readScanReport(sc.result, 'scanner.result');
      return { scanner: name, ...(finishedOn ? { finishedOn } : {}), findings: r.findings };
    } catch (e) {
      return `scanner.result is not a report Custody reads (${(e as Error).message})`;
    }
  }
  if (!Array.isArray(sc.result)) return 'scanner.result is not a list';
  const findings: Finding[] = [];
  for (const [i, r] of sc.result.entries()) {
    // v0.1's field list nests the entry under `vulnerability`; its example and v0.2 do not: both are read.
    const e = isObj(r) && isObj(r.vulnerability) ? r.vulnerability : r;
    if (!isObj(e) || !str(e.id)) return `scanner.result[${i}] has no id`;
    const ann: Obj = Object.assign({}, ...arr(e.annotations).filter(isObj));
    let scannerSeverity: string | undefined;
    let cvss: number | undefined;
    for (const s of arr(e.severity)) {
      if (!isObj(s)) continue;
      const score = str(s.score);
      if (!score) continue;
      if (/cvss/i.test(String(s.method))) cvss = maxOf(cvss, num(score));
      else if (Number.isNaN(Number(score))) scannerSeverity ??= score.toLowerCase();
    }
    findings.push({
      id: e.id as string,
      aliases: arr(ann.aliases).filter((x): x is string => typeof x === 'string'),
      ...(arr(ann.upstream).some((x) => typeof x === 'string')
        ? { upstream: arr(ann.upstream).filter((x): x is string => typeof x === 'string') }
        : {}),
      package: {
        ...(str(ann.package) ? { name: ann.package as string } : {}),
        ...(str(ann.version) ? { version: ann.version as string } : {}),
        ...(str(ann.purl) ? { purl: ann.purl as string } : {}),
      },
      ...(scannerSeverity ? { scannerSeverity } : {}),
      ...(cvss !== undefined ? { cvss } : {}),
      ...(str(ann.fixedVersion) ? { fixedVersion: ann.fixedVersion as string } : {}),
    });
  }
  return { scanner: name, ...(finishedOn ? { finishedOn } : {}), findings };
}

/**
 * The policy's `vulnerabilities:` rules over a run's verified attestations: the findings of every verified scan
 * (in-toto vulns or cosign vuln predicate), less those a counted VEX statement marks not_affected or fixed, against
 * maxSeverity; the newest scan's age against maxScanAge; requireScan. VEX counts only when its attestation verified
 * for the run's signers (or vexSigners); any other is named as ignored. docs/policy.md and docs/vuln.md.
 */
import type { IdentityPolicy } from './identity.js';
import { fail, pass, skip, type Check } from './report.js';
import { type TargetDigests, upstreamVulns, vexCoverage, type VexStatement } from './vex.js';
import { findingSeverity, severityRank, type AttestedScan, type Finding, type Severity } from './vuln.js';

export interface VulnRules {
  maxSeverity?: Severity;
  maxScanAgeSeconds?: number;
  requireScan?: boolean;
  /** Identities whose VEX counts besides the run's own signers. */
  vexSigners?: IdentityPolicy[];
}

export function hasVulnRules(r: VulnRules | undefined): r is VulnRules {
  return Boolean(r && (r.maxSeverity !== undefined || r.maxScanAgeSeconds !== undefined || r.requireScan || r.vexSigners));
}

/** One finding as the report shows it. */
export interface ReportedFinding {
  id: string;
  aliases?: string[];
  package?: string;
  severity: Severity | 'unknown';
  /** Where the severity came from: the scanner's rating, the CVSS score, or neither (unknown counts as critical). */
  severityBy: 'scanner' | 'cvss' | 'none';
  cvss?: number;
  fixedVersion?: string;
  /** The scan attestation(s) that reported it. */
  sources: string[];
  /** Above maxSeverity, not suppressed: this finding fails the run. */
  blocking: boolean;
  /** The VEX statement that decided it (the latest covering one), when one did. */
  vex?: { status: string; justification?: string; impact?: string; source: string; signer?: string; timestamp?: string };
  /** Why VEX that names some of an advisory's upstream CVEs does not suppress it (the others are not covered). */
  vexNote?: string;
}

export interface VerifiedScan extends AttestedScan {
  source: string;
  signedAt?: string;
}
export interface VerifiedVex {
  source: string;
  signer?: string;
  statements: VexStatement[];
}

function pkgLabel(f: Finding): string | undefined {
  return f.package.purl ?? (f.package.name ? `${f.package.name}${f.package.version ? `@${f.package.version}` : ''}` : undefined);
}

/**
 * The `policy.vulnerabilities.*` checks, and the findings for the report. `ignoredVex` lists the VEX attestations
 * that did not count (source and reason): they never suppress anything, and the checks say so.
 */
export function vulnerabilityChecks(
  rules: VulnRules,
  run: {
    scans: VerifiedScan[];
    unreadable: Array<{ source: string; reason: string }>;
    vex: VerifiedVex[];
    ignoredVex: Array<{ source: string; reason: string }>;
    target: TargetDigests;
    now: Date;
  },
): { checks: Check[]; findings: ReportedFinding[] } {
  const checks: Check[] = [];
  const { scans } = run;
  for (const u of run.unreadable)
    checks.push(
      fail('policy.vulnerabilities.read', `${u.source}: a verified vulnerability attestation cannot be read (${u.reason}); failing closed`),
    );
  if (rules.requireScan)
    checks.push(
      scans.length
        ? pass(
            'policy.vulnerabilities.scan',
            `${scans.length} verified vulnerability scan(s): ${scans.map((s) => `${s.source} (${s.scanner})`).join(', ')}`,
          )
        : fail(
            'policy.vulnerabilities.scan',
            'the policy requires a vulnerability scan (requireScan) and no vulnerability attestation of the target verified',
          ),
    );
  if (rules.maxScanAgeSeconds !== undefined) {
    const times = scans.map((s) => Date.parse(s.finishedOn ?? s.signedAt ?? '')).filter((t) => !Number.isNaN(t));
    const limit = rules.maxScanAgeSeconds;
    if (times.length === 0)
      checks.push(fail('policy.vulnerabilities.scan-age', 'the policy sets maxScanAge and no verified scan says when it ran'));
    else {
      const newest = Math.max(...times);
      const age = (run.now.getTime() - newest) / 1000;
      checks.push(
        age <= limit
          ? pass(
              'policy.vulnerabilities.scan-age',
              `the newest scan ran ${new Date(newest).toISOString()}, ${Math.floor(age / 3600)} hour(s) ago (limit ${Math.floor(limit / 3600)} hour(s))`,
            )
          : fail(
              'policy.vulnerabilities.scan-age',
              `the newest scan ran ${new Date(newest).toISOString()}, ${Math.floor(age / 3600)} hour(s) ago; the policy allows ${Math.floor(limit / 3600)} hour(s)`,
            ),
      );
    }
  }

  // One entry per (vulnerability, package) across scans.
  const byKey = new Map<string, { f: Finding; sources: string[] }>();
  for (const s of scans)
    for (const f of s.findings) {
      const key = `${f.id}\u0000${pkgLabel(f) ?? ''}`;
      const e = byKey.get(key);
      if (e) {
        if (!e.sources.includes(s.source)) e.sources.push(s.source);
      } else byKey.set(key, { f, sources: [s.source] });
    }
  const limit = rules.maxSeverity;
  const findings: ReportedFinding[] = [];
  for (const { f, sources } of byKey.values()) {
    const { severity, by } = findingSeverity(f);
    // The latest covering statement (by its timestamp; in document order when equal) decides: per name it covers by.
    // A statement naming the finding (its id, an alias, its only upstream CVE) decides the finding; else an advisory
    // whose upstream names several CVEs (a DLA fixing three) is decided only when each of them is.
    type Decision = NonNullable<ReportedFinding['vex']>;
    const latest = new Map<string, { d: Decision; at: number }>();
    for (const v of run.vex)
      for (const st of v.statements) {
        const by = vexCoverage(st, f, run.target);
        if (by === undefined) continue;
        const t = Date.parse(st.timestamp ?? '');
        const at = Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
        const prior = latest.get(by);
        if (prior && at < prior.at) continue;
        latest.set(by, {
          at,
          d: {
            status: st.status,
            ...(st.justification ? { justification: st.justification } : {}),
            ...(st.impact_statement ? { impact: st.impact_statement } : {}),
            source: v.source,
            ...(v.signer ? { signer: v.signer } : {}),
            ...(st.timestamp ? { timestamp: st.timestamp } : {}),
          },
        });
      }
    let decided: ReportedFinding['vex'];
    let vexNote: string | undefined;
    const suppresses = (d: Decision) => d.status === 'not_affected' || d.status === 'fixed';
    if (latest.has('self')) decided = latest.get('self')!.d;
    else if (latest.size) {
      const ups = upstreamVulns(f);
      const open = ups.filter((u) => !latest.has(u) || !suppresses(latest.get(u)!.d));
      const newest = [...latest.values()].sort((a, b) => b.at - a.at)[0]!.d;
      if (open.length === 0) decided = newest;
      else {
        const notSuppressing = open.map((u) => latest.get(u)?.d).find((d) => d !== undefined);
        if (notSuppressing) decided = notSuppressing;
        vexNote = `VEX covers ${[...latest.keys()].join(', ')} of its upstream ${ups.join(', ')}; ${open.join(', ')} not suppressed, so the finding stands`;
      }
    }
    const suppressed = decided !== undefined && (decided.status === 'not_affected' || decided.status === 'fixed');
    const above = limit !== undefined && severityRank(severity) > severityRank(limit);
    const pkg = pkgLabel(f);
    findings.push({
      id: f.id,
      ...(f.aliases.length ? { aliases: f.aliases } : {}),
      ...(pkg ? { package: pkg } : {}),
      severity,
      severityBy: by,
      ...(f.cvss !== undefined ? { cvss: f.cvss } : {}),
      ...(f.fixedVersion ? { fixedVersion: f.fixedVersion } : {}),
      sources,
      blocking: above && !suppressed,
      ...(decided ? { vex: decided } : {}),
      ...(vexNote ? { vexNote } : {}),
    });
  }
  findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id));

  if (limit !== undefined) {
    const describe = (x: ReportedFinding) =>
      `${x.id} in ${x.package ?? 'an unnamed package'} (${x.severity}${x.severityBy === 'cvss' ? ` by CVSS ${x.cvss}` : x.severityBy === 'none' ? ', no rating: counted as critical' : ''}${x.vexNote ? `; ${x.vexNote}` : ''})`;
    const blocking = findings.filter((x) => x.blocking);
    const suppressed = findings.filter((x) => x.vex && (x.vex.status === 'not_affected' || x.vex.status === 'fixed'));
    const supNote = suppressed.length
      ? `; ${suppressed.length} suppressed by VEX: ${suppressed.map((x) => `${x.id} (${x.vex!.status}${x.vex!.justification ? `, ${x.vex!.justification}` : ''}; ${x.vex!.source}${x.vex!.signer ? `, signed by ${x.vex!.signer}` : ''})`).join(', ')}`
      : '';
    const check =
      scans.length === 0
        ? skip(
            'policy.vulnerabilities.max-severity',
            `no verified vulnerability scan to hold to maxSeverity ${limit}${rules.requireScan ? '' : ' (requireScan: true makes one required)'}`,
          )
        : blocking.length
          ? fail(
              'policy.vulnerabilities.max-severity',
              `${blocking.length} finding(s) above ${limit}: ${blocking.map(describe).join(', ')}${supNote}`,
            )
          : pass('policy.vulnerabilities.max-severity', `${findings.length} finding(s), none above ${limit} unless suppressed${supNote}`);
    checks.push({ ...check, findings });
  }
  if (run.vex.length || run.ignoredVex.length) {
    const counted = run.vex.map((v) => `${v.source}${v.signer ? ` (${v.signer})` : ''}`);
    const reason = [
      counted.length ? `${counted.length} VEX attestation(s) counted: ${counted.join(', ')}` : 'no VEX attestation counted',
      ...(run.ignoredVex.length
        ? [
            `${run.ignoredVex.length} VEX attestation(s) ignored, their statements suppress nothing: ${run.ignoredVex.map((i) => `${i.source}: ${i.reason}`).join(' | ')}`,
          ]
        : []),
    ].join('; ');
    checks.push(counted.length ? pass('policy.vulnerabilities.vex', reason) : skip('policy.vulnerabilities.vex', reason));
  }
  return { checks, findings };
}

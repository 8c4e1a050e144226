/**
 * SBOM rules over CycloneDX and SPDX 2.x predicates: license rules (denied / allowed SPDX licenses, and what a
 * component without license data means) and package rules (denied / allowed package URLs). Purls are compared
 * as parsed package URLs (purl.ts), licenses as SPDX expressions (license.ts): by meaning, not by spelling.
 */
import { fail, pass, type Check, type SbomCounts } from './report.js';
import { PurlError, parsePurl, purlPattern, type Purl, type PurlPattern } from './purl.js';
import { evaluateLicense, isNoAssertion, licensePattern, readLicense, type LicenseExpr, type LicensePattern } from './license.js';

export interface SbomRules {
  /** SPDX license ids or globs (`GPL-3.0-*`, `LicenseRef-acme-*`), or `ID WITH EXCEPTION`. */
  deniedLicenses: string[];
  /** With entries: every license of a component must be one of these (an `OR` needs one acceptable choice). */
  allowedLicenses?: string[];
  /**
   * What a component without license data means for the license rules: `deny` (the default: it fails them) or
   * `allow`. Either way the report counts such components.
   */
  unknownLicenses?: 'allow' | 'deny';
  /** Package URLs (`pkg:npm/event-stream@3.3.6`, `pkg:npm/colors@1.4.*`), matched as parsed purls. */
  deniedPurls: string[];
  /** With entries: every component (but the SBOM's subject) must match one of these. */
  allowedPurls?: string[];
}

/** The default of `unknownLicenses` (docs/policy.md says why). */
export const DEFAULT_UNKNOWN_LICENSES = 'deny';

interface Pkg {
  name: string;
  /** Every purl the component carries (CycloneDX: one; SPDX: each `purl` external reference). */
  purls: string[];
  /**
   * License data, all of which applies (read as a conjunction): SPDX expressions or ids, and license names
   * (CycloneDX `license.name`, read whole). Empty when the component has no license data.
   */
  licenses: Array<{ expression: string } | { name: string }>;
  /** The SBOM's subject (CycloneDX metadata.component, the SPDX package(s) the document describes). */
  subject?: boolean;
}

function cyclonedxPackages(bom: any): Pkg[] {
  const out: Pkg[] = [];
  const walk = (list: unknown, subject: boolean) => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (!c || typeof c !== 'object') continue;
      const licenses: Pkg['licenses'] = [];
      const known = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '' && !isNoAssertion(s);
      for (const l of Array.isArray(c.licenses) ? c.licenses : []) {
        if (known(l?.expression)) licenses.push({ expression: l.expression.trim() });
        if (known(l?.license?.id)) licenses.push({ expression: l.license.id.trim() });
        else if (known(l?.license?.name)) licenses.push({ name: l.license.name.trim() });
      }
      out.push({
        name: String(c.name ?? c['bom-ref'] ?? '?'),
        purls: typeof c.purl === 'string' && c.purl.trim() !== '' ? [c.purl.trim()] : [],
        licenses,
        ...(subject ? { subject: true } : {}),
      });
      walk(c.components, false);
    }
  };
  walk(bom?.components, false);
  if (bom?.metadata?.component) walk([bom.metadata.component], true);
  return out;
}

function spdxPackages(doc: any): Pkg[] {
  const described = new Set<string>(
    Array.isArray(doc?.documentDescribes) ? doc.documentDescribes.filter((x: unknown) => typeof x === 'string') : [],
  );
  for (const r of Array.isArray(doc?.relationships) ? doc.relationships : []) {
    if (r?.relationshipType === 'DESCRIBES' && r.spdxElementId === doc?.SPDXID && typeof r.relatedSpdxElement === 'string')
      described.add(r.relatedSpdxElement);
    if (r?.relationshipType === 'DESCRIBED_BY' && r.relatedSpdxElement === doc?.SPDXID && typeof r.spdxElementId === 'string')
      described.add(r.spdxElementId);
  }
  return (Array.isArray(doc?.packages) ? doc.packages : []).map((p: any) => {
    const licenses = [p?.licenseConcluded, p?.licenseDeclared].filter(
      (l): l is string => typeof l === 'string' && l.trim() !== '' && !isNoAssertion(l),
    );
    // referenceType "purl" (any case), under PACKAGE-MANAGER (SPDX 2.3) or PACKAGE_MANAGER (2.2) or any
    // other category: a purl is read wherever it is, so that a deny rule cannot miss it.
    const purls = (Array.isArray(p?.externalRefs) ? p.externalRefs : [])
      .filter(
        (r: any) =>
          typeof r?.referenceType === 'string' &&
          r.referenceType.toLowerCase() === 'purl' &&
          typeof r.referenceLocator === 'string' &&
          r.referenceLocator.trim() !== '',
      )
      .map((r: any) => (r.referenceLocator as string).trim());
    return {
      name: String(p?.name ?? p?.SPDXID ?? '?'),
      purls: [...new Set<string>(purls)],
      licenses: [...new Set(licenses.map((l) => l.trim()))].map((expression) => ({ expression })),
      ...(typeof p?.SPDXID === 'string' && described.has(p.SPDXID) ? { subject: true } : {}),
    };
  });
}

/**
 * The packages of a CycloneDX or SPDX 2.x document, or why it cannot be read as one. Recognised only by its own
 * markers (`bomFormat: "CycloneDX"`, `spdxVersion: "SPDX-2.x"`) with list-shaped component / package fields: an
 * SBOM in any other shape is unreadable, never an empty SBOM (which would pass every deny rule).
 */
export function readSbom(predicate: unknown): { packages: Pkg[] } | { unreadable: string } {
  const p = predicate as any;
  if (!p || typeof p !== 'object' || Array.isArray(p)) return { unreadable: 'the predicate is not a JSON object' };
  if (p.bomFormat === 'CycloneDX') {
    if (p.components !== undefined && !Array.isArray(p.components)) return { unreadable: 'CycloneDX "components" is not a list' };
    return { packages: cyclonedxPackages(p) };
  }
  if (typeof p.spdxVersion === 'string' && /^SPDX-2\./.test(p.spdxVersion)) {
    if (p.packages !== undefined && !Array.isArray(p.packages)) return { unreadable: 'SPDX "packages" is not a list' };
    return { packages: spdxPackages(p) };
  }
  return {
    unreadable:
      typeof p.spdxVersion === 'string'
        ? `SPDX version "${p.spdxVersion}" is not read (SPDX 2.x JSON is)`
        : 'the predicate is neither a CycloneDX JSON document (bomFormat "CycloneDX") nor SPDX 2.x JSON (spdxVersion "SPDX-2.x")',
  };
}

export function sbomPackages(predicate: unknown): Pkg[] {
  const r = readSbom(predicate);
  return 'packages' in r ? r.packages : [];
}

/** Whether a policy's SBOM rules have anything to check. */
export function hasSbomRules(rules: SbomRules | undefined): boolean {
  return Boolean(
    rules &&
      (rules.deniedLicenses.length ||
        rules.allowedLicenses?.length ||
        rules.unknownLicenses ||
        rules.deniedPurls.length ||
        rules.allowedPurls?.length),
  );
}

function hasLicenseRules(rules: SbomRules): boolean {
  return Boolean(rules.deniedLicenses.length || rules.allowedLicenses?.length || rules.unknownLicenses);
}

const list = (items: string[], max = 10) =>
  `${items.slice(0, max).join(', ')}${items.length > max ? `, … (${items.length - max} more)` : ''}`;

/** Compiles rule entries; a policy file's entries were checked when it was read, so this throws only for rules built in code. */
function compile<T>(entries: string[] | undefined, f: (s: string) => T): T[] {
  return (entries ?? []).map(f);
}

function licenseCheck(rules: SbomRules, pkgs: Pkg[]): Check {
  const id = 'policy.sbom.licenses';
  let denied: LicensePattern[];
  let allowed: LicensePattern[];
  try {
    denied = compile(rules.deniedLicenses, licensePattern);
    allowed = compile(rules.allowedLicenses, licensePattern);
  } catch (e) {
    return fail(id, `a license rule cannot be used: ${(e as Error).message}`);
  }
  const unknown = rules.unknownLicenses ?? DEFAULT_UNKNOWN_LICENSES;
  const counts: SbomCounts = { components: pkgs.length, withoutLicense: 0 };
  const hits: string[] = [];
  const noData: string[] = [];
  for (const p of pkgs) {
    if (p.licenses.length === 0) {
      // The subject is the software the SBOM describes, usually your own: its license is not a dependency's.
      if (!p.subject) noData.push(p.name);
      continue;
    }
    const items: LicenseExpr[] = p.licenses.map((l) => ('name' in l ? { op: 'license', id: l.name } : readLicense(l.expression).expr));
    const expr: LicenseExpr = items.length === 1 ? items[0]! : { op: 'and', items };
    const verdict = evaluateLicense(expr, denied, allowed);
    if (!verdict.ok) hits.push(`${p.name}: ${[...new Set(verdict.problems)].join(' + ')}`);
  }
  counts.withoutLicense = noData.length;
  const rulesText = [denied.length ? 'deniedLicenses' : '', allowed.length ? 'allowedLicenses' : ''].filter(Boolean).join(' and ');
  const unknownText = `${noData.length} of ${pkgs.length} component(s) have no license data`;
  const problems: string[] = [];
  if (hits.length) problems.push(`${hits.length} component(s) break ${rulesText}: ${list(hits)}`);
  if (noData.length && unknown === 'deny') {
    problems.push(
      `${unknownText} (${list(noData, 5)}); unknownLicenses is deny${rules.unknownLicenses ? '' : ' (the default)'}: add license data to the SBOM, or set unknownLicenses: allow to accept them`,
    );
  }
  if (problems.length) return { ...fail(id, problems.join('; ')), sbom: counts };
  const okText = rulesText ? `no component breaks ${rulesText} among ${pkgs.length} component(s)` : `${pkgs.length} component(s) checked`;
  return {
    ...pass(
      id,
      noData.length ? `${okText}; ${unknownText}, accepted by unknownLicenses: allow` : `${okText}; no component lacks license data`,
    ),
    sbom: counts,
  };
}

function purlCheck(rules: SbomRules, pkgs: Pkg[]): Check {
  const id = 'policy.sbom.purls';
  let denied: PurlPattern[];
  let allowed: PurlPattern[];
  try {
    denied = compile(rules.deniedPurls, purlPattern);
    allowed = compile(rules.allowedPurls, purlPattern);
  } catch (e) {
    return fail(id, `a purl rule cannot be used: ${(e as Error).message}`);
  }
  const counts: SbomCounts = { components: pkgs.length, withoutPurl: 0, malformedPurls: 0 };
  const deniedHits: string[] = [];
  const notAllowed: string[] = [];
  const malformed: string[] = [];
  const noPurl: string[] = [];
  for (const p of pkgs) {
    if (p.purls.length === 0) {
      counts.withoutPurl!++;
      // Nothing identifies it: no deny rule can name it, and no allow entry can admit it.
      if (allowed.length && !p.subject) noPurl.push(p.name);
      continue;
    }
    const parsed: Purl[] = [];
    for (const text of p.purls) {
      try {
        parsed.push(parsePurl(text));
      } catch (e) {
        if (!(e instanceof PurlError)) throw e;
        malformed.push(`${p.name}: "${text}" (${e.message})`);
      }
    }
    const deniedBy = denied.find((d) => parsed.some((x) => d.test(x)));
    if (deniedBy) deniedHits.push(`${p.purls.join(' ')} (${deniedBy.text})`);
    if (allowed.length && !p.subject && parsed.length && !allowed.some((a) => parsed.some((x) => a.test(x))))
      notAllowed.push(p.purls.join(' '));
  }
  counts.malformedPurls = malformed.length;
  const problems: string[] = [];
  if (deniedHits.length) problems.push(`${deniedHits.length} denied package(s): ${list(deniedHits)}`);
  if (notAllowed.length) problems.push(`${notAllowed.length} package(s) not in allowedPurls: ${list(notAllowed)}`);
  if (noPurl.length)
    problems.push(`${noPurl.length} component(s) without a purl cannot be matched against allowedPurls: ${list(noPurl, 5)}`);
  // A purl that cannot be read could name a denied package (or one outside the allow list): fail closed.
  if (malformed.length)
    problems.push(
      `${malformed.length} component purl(s) cannot be parsed, so the purl rules cannot be checked for them: ${list(malformed, 5)}`,
    );
  if (problems.length) return { ...fail(id, problems.join('; ')), sbom: counts };
  const rulesText = [denied.length ? 'no denied package' : '', allowed.length ? 'every package in allowedPurls' : '']
    .filter(Boolean)
    .join(', ');
  return {
    ...pass(id, `${rulesText} among ${pkgs.length} component(s)${counts.withoutPurl ? ` (${counts.withoutPurl} without a purl)` : ''}`),
    sbom: counts,
  };
}

export function sbomChecks(rules: SbomRules, predicate: unknown): Check[] {
  const read = readSbom(predicate);
  const checks: Check[] = [];
  const licenses = hasLicenseRules(rules);
  const purls = Boolean(rules.deniedPurls.length || rules.allowedPurls?.length);
  if ('unreadable' in read) {
    const why = `the SBOM cannot be read: ${read.unreadable}; the rule cannot be checked`;
    if (licenses) checks.push(fail('policy.sbom.licenses', why));
    if (purls) checks.push(fail('policy.sbom.purls', why));
    return checks;
  }
  if (licenses) checks.push(licenseCheck(rules, read.packages));
  if (purls) checks.push(purlCheck(rules, read.packages));
  return checks;
}

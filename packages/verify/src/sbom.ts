/** SBOM rules over CycloneDX and SPDX predicates: denied licenses and denied package URLs (glob patterns). */
import { fail, pass, type Check } from './report.js';

export interface SbomRules {
  /** SPDX license ids or globs (`GPL-3.0-*`), matched case-insensitively against ids in license expressions. */
  deniedLicenses: string[];
  /** purl globs (`pkg:npm/event-stream@3.3.6`, `pkg:npm/colors@1.4.*`), matched case-insensitively. */
  deniedPurls: string[];
}

interface Pkg {
  name: string;
  purl?: string;
  licenses: string[];
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

function licenseIds(expression: string): string[] {
  return expression
    .split(/\s+(?:AND|OR|WITH)\s+|[()]/i)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !/^(NOASSERTION|NONE)$/i.test(s));
}

function cyclonedxPackages(bom: any): Pkg[] {
  const out: Pkg[] = [];
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (!c || typeof c !== 'object') continue;
      const licenses: string[] = [];
      for (const l of Array.isArray(c.licenses) ? c.licenses : []) {
        if (typeof l?.expression === 'string') licenses.push(...licenseIds(l.expression));
        const id = l?.license?.id ?? l?.license?.name;
        if (typeof id === 'string') licenses.push(id);
      }
      out.push({ name: String(c.name ?? c['bom-ref'] ?? '?'), ...(typeof c.purl === 'string' ? { purl: c.purl } : {}), licenses });
      walk(c.components);
    }
  };
  walk(bom?.components);
  if (bom?.metadata?.component) walk([bom.metadata.component]);
  return out;
}

function spdxPackages(doc: any): Pkg[] {
  return (Array.isArray(doc?.packages) ? doc.packages : []).map((p: any) => {
    const licenses = [p?.licenseConcluded, p?.licenseDeclared].filter((l): l is string => typeof l === 'string').flatMap(licenseIds);
    const purl = (Array.isArray(p?.externalRefs) ? p.externalRefs : []).find((r: any) => r?.referenceType === 'purl')?.referenceLocator;
    return { name: String(p?.name ?? p?.SPDXID ?? '?'), ...(typeof purl === 'string' ? { purl } : {}), licenses: [...new Set(licenses)] };
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

export function sbomChecks(rules: SbomRules, predicate: unknown): Check[] {
  const read = readSbom(predicate);
  const checks: Check[] = [];
  if ('unreadable' in read) {
    const why = `the SBOM cannot be read: ${read.unreadable}; the rule cannot be checked`;
    if (rules.deniedLicenses.length) checks.push(fail('policy.sbom.licenses', why));
    if (rules.deniedPurls.length) checks.push(fail('policy.sbom.purls', why));
    return checks;
  }
  const pkgs = read.packages;
  if (rules.deniedLicenses.length) {
    const res = rules.deniedLicenses.map(glob);
    const hits = pkgs.flatMap((p) => p.licenses.filter((l) => res.some((r) => r.test(l))).map((l) => `${p.name} (${l})`));
    checks.push(hits.length
      ? fail('policy.sbom.licenses', `${hits.length} denied license(s): ${hits.slice(0, 10).join(', ')}${hits.length > 10 ? ', …' : ''}`)
      : pass('policy.sbom.licenses', `no denied license among ${pkgs.length} package(s)`));
  }
  if (rules.deniedPurls.length) {
    const res = rules.deniedPurls.map(glob);
    const hits = pkgs.filter((p) => p.purl && res.some((r) => r.test(p.purl!))).map((p) => p.purl!);
    checks.push(hits.length
      ? fail('policy.sbom.purls', `${hits.length} denied package(s): ${hits.slice(0, 10).join(', ')}${hits.length > 10 ? ', …' : ''}`)
      : pass('policy.sbom.purls', `no denied package among ${pkgs.length} package(s)`));
  }
  return checks;
}

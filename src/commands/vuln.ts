/**
 * `custody vuln SBOM --db DIR`: the SBOM's components (CycloneDX or SPDX JSON purls) matched against an offline OSV
 * database (a directory of OSV JSON records, e.g. an unzipped per-ecosystem export from OSV), by @custody/verify's
 * matcher (osv.ts). Output: the findings as a table, JSON, or the in-toto vulns predicate (to attest with
 * `custody attest --predicate-type https://in-toto.io/attestation/vulns/v0.1 --predicate FILE`).
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CustodyError, parseJsonBounded, readBoundedFile, systemClock, type Clock } from '@custody/core';
import {
  buildVulnsPredicate,
  componentFromPurl,
  findingSeverity,
  matchOsv,
  type Finding,
  type OsvComponent,
  type VulnsPredicate,
} from '@custody/verify';
import { AppInputError } from '../errors.js';

export interface VulnOptions {
  sbom: string;
  db: string;
  cwd: string;
  clock?: Clock;
}

export interface VulnResult {
  components: number;
  records: number;
  findings: Finding[];
  unevaluated: Array<{ purl: string; id: string; reason: string }>;
  predicate: VulnsPredicate;
}

async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = (await readBoundedFile(path, what)).toString('utf8');
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new AppInputError('VULN_INPUT_UNREADABLE', `${what} cannot be read (${(err as Error).message}).`, {
      location: path,
      hint: 'Check the path (relative to the working directory).',
      cause: err,
    });
  }
  try {
    return parseJsonBounded(text, { what, location: path });
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new AppInputError('VULN_INPUT_UNREADABLE', `${what} is not JSON (${(err as Error).message}).`, {
      location: path,
      hint: 'Give JSON.',
      cause: err,
    });
  }
}

interface SbomEntry {
  purl: string;
  /**
   * A Debian binary package's source package and its version (custody sbom's custody:deb:source properties), or an
   * Alpine package's origin (custody:apk:origin: the APKBUILD it was built from, at the same version).
   */
  source?: string;
  sourceVersion?: string;
}

/** The purls of an SBOM: CycloneDX components (nested too) or SPDX packages' purl external references. */
function sbomPurls(doc: unknown): SbomEntry[] {
  const out: SbomEntry[] = [];
  const d = doc as Record<string, unknown>;
  const walk = (list: unknown) => {
    for (const c of Array.isArray(list) ? list : []) {
      if (c && typeof c === 'object') {
        const purl = (c as { purl?: unknown }).purl;
        const props = (c as { properties?: unknown }).properties;
        const prop = (name: string) =>
          Array.isArray(props)
            ? (props.find((p) => p && typeof p === 'object' && p.name === name && typeof p.value === 'string')?.value as string | undefined)
            : undefined;
        const source = prop('custody:deb:source') ?? prop('custody:apk:origin');
        const sourceVersion = prop('custody:deb:source-version');
        if (typeof purl === 'string') out.push({ purl, ...(source ? { source } : {}), ...(sourceVersion ? { sourceVersion } : {}) });
        walk((c as { components?: unknown }).components);
      }
    }
  };
  if (d && d.bomFormat === 'CycloneDX') walk(d.components);
  else if (d && Array.isArray(d.packages))
    for (const p of d.packages as Array<{ externalRefs?: Array<{ referenceType?: string; referenceLocator?: string }> }>)
      for (const r of p.externalRefs ?? [])
        if (r.referenceType === 'purl' && r.referenceLocator) out.push({ purl: r.referenceLocator });
        else
          throw new AppInputError('VULN_SBOM_UNKNOWN', 'the SBOM is neither CycloneDX JSON nor SPDX JSON.', {
            hint: 'Make one with custody sbom (CycloneDX or SPDX JSON).',
          });
  return out;
}

async function* recordFiles(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* recordFiles(p);
    else if (e.isFile() && e.name.endsWith('.json')) yield p;
  }
}

export async function vulnMatch(o: VulnOptions): Promise<VulnResult> {
  const sbomPath = resolve(o.cwd, o.sbom);
  // Debian's and Alpine's OSV records name source packages (glibc, not libc6; openssl, not libcrypto3; musl, not
  // musl-utils): a binary package is also looked up by its source package (and Debian's source version) when the
  // SBOM records them. An Alpine subpackage has its origin's version.
  const components = sbomPurls(await readJsonFile(sbomPath, `the SBOM ${o.sbom}`)).flatMap((e): OsvComponent[] => {
    const c = componentFromPurl(e.purl);
    if (!c) return [];
    const os = c.ecosystem.startsWith('Debian') || c.ecosystem.startsWith('Alpine');
    if (!e.source || !os || (e.source === c.name && !e.sourceVersion)) return [c];
    return [c, { ...c, name: e.source, version: e.sourceVersion ?? c.version }];
  });
  const dbPath = resolve(o.cwd, o.db);
  const records: unknown[] = [];
  try {
    for await (const f of recordFiles(dbPath)) records.push(await readJsonFile(f, `OSV record ${f}`));
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new AppInputError('VULN_INPUT_UNREADABLE', `--db ${o.db} cannot be read (${(err as Error).message}).`, {
      location: dbPath,
      hint: 'Give a directory of OSV JSON records (unzip an export from https://osv-vulnerabilities.storage.googleapis.com/ECOSYSTEM/all.zip).',
      cause: err,
    });
  }
  const m = matchOsv(records, components);
  const now = (o.clock ?? systemClock).now();
  const predicate = buildVulnsPredicate(
    {
      format: 'osv-scanner',
      scanner: { name: 'custody', uri: 'pkg:github/custody/custody' },
      scannedAt: now.toISOString(),
      findings: m.findings,
    },
    now,
  );
  return {
    components: new Set(components.map((c) => c.purl)).size,
    records: records.length,
    findings: m.findings,
    unevaluated: m.unevaluated,
    predicate,
  };
}

/** The findings as a text table. */
export function formatVulnTable(r: VulnResult): string {
  const rows = r.findings.map((f) => [f.id, findingSeverity(f).severity, f.package.purl ?? '', f.fixedVersion ?? '', f.aliases.join(',')]);
  const head = ['ID', 'SEVERITY', 'PACKAGE', 'FIXED', 'ALIASES'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    `${r.findings.length} finding(s) in ${r.components} component(s) against ${r.records} OSV record(s)`,
    ...(rows.length ? [line(head), ...rows.map(line)] : []),
    ...r.unevaluated.map((u) => `not evaluated: ${u.purl} against ${u.id}: ${u.reason}`),
    '',
  ].join('\n');
}

/**
 * `custody vuln TARGET --db DIR|ZIP`: the components of the target's verified SBOM attestations (found and verified by
 * the verify command's own core, verifyArtifact, with verify's identity, key, trust and policy options; an image
 * index per platform, as custody trace) matched against an offline OSV database (a directory of OSV JSON records, or
 * OSV's per-ecosystem export `all.zip` read as it is: central directory, inflateRaw, each entry's size and CRC-32
 * checked, bounded by the archive-entry and bundle-size limits), by @custody/verify's matcher (osv.ts). `custody vuln --sbom FILE`
 * (or the positional SBOM form) matches an SBOM file instead. Output: the findings as a table, JSON, SARIF 2.1.0, or
 * the in-toto vulns predicate (to attest with `custody attest --predicate-type https://in-toto.io/attestation/vulns/v0.1
 * --predicate FILE`). No verified SBOM attestation: VULN_NO_VERIFIED_SBOM, exit 1 (as verify's "nothing verified").
 */
import { createHash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { join, resolve } from 'node:path';
import {
  CUSTODY_VERSION,
  CustodyError,
  EXIT_FAILED,
  LimitError,
  limits,
  parseJsonBounded,
  printable,
  readBoundedFile,
  systemClock,
  type Clock,
  type Logger,
} from '@custody/core';
import {
  buildVulnsPredicate,
  componentFromPurl,
  findingSeverity,
  matchOsv,
  type AttestationReport,
  type Finding,
  type OsvComponent,
  type ParsedStatement,
  type VerifyReport,
  type VulnsPredicate,
} from '@custody/verify';
import { fileAccess, listZip, overlappingEntries, readZipEntry, type ZipEntry } from '@custody/sbom';
import { AppError, AppInputError } from '../errors.js';
import { isSbom } from './trace-graph.js';
import type { GateVerifyOptions } from './verify.js';

export interface VulnOptions {
  sbom: string;
  db: string;
  cwd: string;
  clock?: Clock;
}

/** The verify options custody vuln TARGET takes (identity, keys, trust, policy, predicate types, --bundle files, GitHub). */
export type VulnVerifyOptions = GateVerifyOptions;

export interface VulnTargetOptions {
  target: string;
  db: string;
  verify: VulnVerifyOptions;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  clock?: Clock;
}

/** One verified SBOM attestation the components were read from. */
export interface VulnSbomSource {
  /** Where the attestation came from: `FILE`, `FILE:LINE`, `oci://…@sha256:…`. */
  attestation: string;
  predicateType: string;
  /** The digest of the subject it verified for (the target, or one platform of an image index). */
  subject: string;
  platform?: string;
  /** Who signed it: the certificate identity and issuer, or the trusted key's source. */
  signer: { kind: 'certificate' | 'key'; identity?: string; issuer?: string };
  /** Verified signing times (none for a key-signed bundle without a timestamp). */
  signedAt?: string[];
  /** Component purls read from it. */
  components: number;
  /** The findings in its components (id and purl; the full finding is in `findings`), so each platform's are its own. */
  findings: Array<{ id: string; purl: string }>;
}

export interface VulnResult {
  components: number;
  records: number;
  findings: Finding[];
  unevaluated: Array<{ purl: string; id: string; reason: string }>;
  predicate: VulnsPredicate;
  /** The SBOM file read (`--sbom FILE` or the positional SBOM form). */
  sbomFile?: string;
  /** The TARGET form: the target, its digest, and the verified SBOM attestations the components came from. */
  target?: { name: string; digest?: string; resolved?: { reference: string; digest: string } };
  sboms?: VulnSbomSource[];
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
  else if (d && typeof d.spdxVersion === 'string' && Array.isArray(d.packages)) {
    for (const p of d.packages as Array<{ externalRefs?: Array<{ referenceType?: string; referenceLocator?: string }> }>)
      for (const r of Array.isArray(p?.externalRefs) ? p.externalRefs : [])
        if (r?.referenceType === 'purl' && typeof r.referenceLocator === 'string') out.push({ purl: r.referenceLocator });
  } else
    throw new AppInputError('VULN_SBOM_UNKNOWN', 'the SBOM is neither CycloneDX JSON nor SPDX JSON.', {
      hint: 'Make one with custody sbom (CycloneDX or SPDX JSON).',
    });
  return out;
}

/**
 * The *.json paths below a --db directory. Every *.json that is not a directory is given to the reader, which reads
 * regular files only (a symbolic link to one is read; a FIFO, a device such as /dev/zero, or a link to one stops the
 * run, exit 2): never skipped in silence, for a record left out would be a vulnerability not reported. Symbolic links
 * to directories are not followed (a loop would never end) and stop the run too.
 */
async function* recordFiles(dir: string, db: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* recordFiles(p, db);
    else if (e.name.endsWith('.json')) yield p;
    else if (e.isSymbolicLink() && (await stat(p).catch(() => undefined))?.isDirectory())
      throw new AppInputError(
        'VULN_INPUT_UNREADABLE',
        printable(`--db ${db}: ${p} is a symbolic link to a directory, which custody does not follow.`),
        {
          location: p,
          hint: 'Give a directory of OSV JSON records without links to directories (copy the linked records in).',
        },
      );
  }
}

/** SBOM entries -> OSV components (each purl once per ecosystem reading; OS packages also by source package). */
function osvComponents(entries: SbomEntry[]): OsvComponent[] {
  // Debian's and Alpine's OSV records name source packages (glibc, not libc6; openssl, not libcrypto3; musl, not
  // musl-utils): a binary package is also looked up by its source package (and Debian's source version) when the
  // SBOM records them. An Alpine subpackage has its origin's version.
  return entries.flatMap((e): OsvComponent[] => {
    const c = componentFromPurl(e.purl);
    if (!c) return [];
    const os = c.ecosystem.startsWith('Debian') || c.ecosystem.startsWith('Alpine');
    if (!e.source || !os || (e.source === c.name && !e.sourceVersion)) return [c];
    return [c, { ...c, name: e.source, version: e.sourceVersion ?? c.version }];
  });
}

const DB_HINT =
  'Give a directory of OSV JSON records or an OSV export zip as published (https://osv-vulnerabilities.storage.googleapis.com/ECOSYSTEM/all.zip).';

/** The --db OSV records: every *.json below a directory, or every *.json entry of a zip (OSV's all.zip export). */
async function readDb(db: string, cwd: string): Promise<unknown[]> {
  const dbPath = resolve(cwd, db);
  const records: unknown[] = [];
  try {
    if ((await stat(dbPath)).isFile()) return await readZipDb(db, dbPath);
    const max = limits().vulnDbBytes;
    let total = 0;
    for await (const f of recordFiles(dbPath, db)) {
      const what = `OSV record ${f}`;
      const bytes = await readBoundedFile(f, what);
      total += bytes.length;
      if (total > max) throw dbTooLarge(db, dbPath);
      records.push(parseJsonBounded(bytes.toString('utf8'), { what, location: f }));
    }
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new AppInputError('VULN_INPUT_UNREADABLE', `--db ${db} cannot be read (${(err as Error).message}).`, {
      location: dbPath,
      hint: DB_HINT,
      cause: err,
    });
  }
  return records;
}

const dbTooLarge = (db: string, dbPath: string) =>
  new LimitError('vulnDbBytes', `--db ${db}: its OSV records add up to more than ${limits().vulnDbBytes} bytes (uncompressed).`, {
    location: dbPath,
  });

const zipError = (db: string, dbPath: string, message: string, cause?: unknown) =>
  new AppInputError('VULN_DB_ZIP', printable(`--db ${db}: ${message}`), {
    location: dbPath,
    hint: 'Give the export zip as OSV publishes it (download it again if it was cut short), or a directory of OSV JSON records (unzip it).',
    ...(cause ? { cause } : {}),
  });

/**
 * The records of an OSV export zip, read in place (nothing is written, so entry paths do not matter): the central
 * directory lists the entries (zip64 included); each *.json entry is inflated (or taken as stored), its size and
 * CRC-32 checked against the directory, and parsed. Bounded: at most CUSTODY_MAX_ARCHIVE_ENTRIES entries, each at
 * most CUSTODY_MAX_BUNDLE_BYTES uncompressed (the limit a record file of a --db directory has), all of them together
 * at most CUSTODY_MAX_VULN_DB_BYTES, inflation stopped at the declared size, no two entries sharing data. Encrypted entries, compression methods other than stored and deflate, a truncated or corrupt
 * archive: VULN_DB_ZIP, exit 2.
 */
async function readZipDb(db: string, dbPath: string): Promise<unknown[]> {
  const fh = await open(dbPath, 'r');
  try {
    const ra = fileAccess(fh, (await fh.stat()).size);
    let entries: ZipEntry[];
    try {
      entries = await listZip(ra);
    } catch (err) {
      throw zipError(db, dbPath, `not a readable zip: ${(err as Error).message}.`, err);
    }
    const lim = limits();
    if (entries.length > lim.archiveEntries)
      throw new LimitError('archiveEntries', `--db ${db} lists ${entries.length} entries, more than the limit of ${lim.archiveEntries}.`, {
        location: dbPath,
      });
    // Overlapping entries (one compressed stream named by many central directory entries) are a zip bomb's trick,
    // never a zip writer's; the declared sizes, each held to exactly below, must fit the limit together before any
    // entry is inflated.
    const overlap = overlappingEntries(entries);
    if (overlap)
      throw zipError(
        db,
        dbPath,
        `entries ${overlap[0].name} and ${overlap[1].name} overlap (their data share bytes), which no zip writer does: the zip is corrupt or a zip bomb.`,
      );
    const wanted = entries.filter((e) => !e.name.endsWith('/') && e.name.endsWith('.json'));
    if (wanted.reduce((n, e) => n + e.size, 0) > lim.vulnDbBytes) throw dbTooLarge(db, dbPath);
    const records: unknown[] = [];
    for (const e of wanted) {
      if (e.flags & 1) throw zipError(db, dbPath, `entry ${e.name} is encrypted; custody reads unencrypted zips only.`);
      if (e.method !== 0 && e.method !== 8)
        throw zipError(
          db,
          dbPath,
          `entry ${e.name} uses compression method ${e.method}; custody reads stored (0) and deflate (8) entries only.`,
        );
      if (e.size > lim.bundleBytes)
        throw new LimitError(
          'bundleBytes',
          `--db ${db}: entry ${e.name} is ${e.size} bytes uncompressed, more than the limit for one OSV record (as for a record file of a --db directory).`,
          { location: dbPath },
        );
      let data: Buffer;
      try {
        data = await readZipEntry(ra, e, e.size);
      } catch (err) {
        throw zipError(db, dbPath, `entry ${e.name} cannot be read (${(err as Error).message}): the zip is truncated or corrupt.`, err);
      }
      if (data.length !== e.size || crc32(data) !== e.crc32)
        throw zipError(db, dbPath, `entry ${e.name} fails its size or CRC-32 check: the zip is corrupt.`);
      records.push(parseJsonBounded(data.toString('utf8'), { what: `OSV record ${e.name} in ${db}`, location: `${dbPath}!${e.name}` }));
    }
    return records;
  } finally {
    await fh.close();
  }
}

/** Checks that --db is a directory or a zip before a (possibly slow) verification, so a typo fails at once (exit 2). */
async function checkDb(db: string, cwd: string): Promise<void> {
  const dbPath = resolve(cwd, db);
  const st = await stat(dbPath).catch(() => undefined);
  if (st?.isDirectory()) return;
  if (st?.isFile()) {
    // A zip opens with a local file header (PK\3\4), or is an empty archive (PK\5\6); the full read comes later.
    const fh = await open(dbPath, 'r');
    const head = Buffer.alloc(4);
    try {
      await fh.read(head, 0, 4, 0);
    } finally {
      await fh.close();
    }
    const sig = head.readUInt32LE(0);
    if (sig === 0x04034b50 || sig === 0x06054b50) return;
    throw zipError(db, dbPath, 'is a file but not a zip (no zip signature at its start).');
  }
  throw new AppInputError('VULN_INPUT_UNREADABLE', `--db ${db} is neither a directory nor a zip file.`, {
    location: dbPath,
    hint: DB_HINT,
  });
}

function matchComponents(components: OsvComponent[], records: unknown[], clock: Clock): Omit<VulnResult, 'sbomFile' | 'target' | 'sboms'> {
  const m = matchOsv(records, components);
  const now = clock.now();
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

/** `custody vuln --sbom FILE`: an SBOM file's components against the database. */
export async function vulnMatch(o: VulnOptions): Promise<VulnResult> {
  await checkDb(o.db, o.cwd);
  const sbomPath = resolve(o.cwd, o.sbom);
  const components = osvComponents(sbomPurls(await readJsonFile(sbomPath, `the SBOM ${o.sbom}`)));
  const records = await readDb(o.db, o.cwd);
  return { ...matchComponents(components, records, o.clock ?? systemClock), sbomFile: o.sbom };
}

const isImage = (t: string) => t.startsWith('oci://') || t.startsWith('oci-layout:');

function subjectDigest(report: VerifyReport): string | undefined {
  return report.target.resolved?.digest ?? (report.target.digests.sha256 ? `sha256:${report.target.digests.sha256}` : undefined);
}

/**
 * `custody vuln TARGET`: the target's SBOM attestations, verified as `custody verify TARGET` verifies them (an image
 * index: the index and each platform by its digest), and the components of those that verified in full matched
 * against the database. Fails closed (exit 1): no SBOM attestation verified (VULN_NO_VERIFIED_SBOM, naming why), a
 * platform of an index without a verified SBOM (its own, or the index's) (VULN_NO_VERIFIED_SBOM, naming it), or
 * the verification itself failed a check over the whole run (a required predicate type, the identity, a policy
 * rule: VERIFY_FAILED). Unreadable targets, bundles, trust or policy stop the run as verify does (exit 2).
 */
export async function vulnTarget(o: VulnTargetOptions): Promise<VulnResult> {
  await checkDb(o.db, o.cwd);
  const { verifyKeepingStatements } = await import('./verify.js');
  const reports: Array<{ report: VerifyReport; name: string; platform?: string; digest?: string }> = [];
  const found: Array<{ st: ParsedStatement; a: AttestationReport; subject: string; platform?: string }> = [];
  const verifyOne = async (target: string, bundles: string[], platform?: string) => {
    // Any predicate type unless asked: the SBOM attestation is what custody vuln looks for (below).
    const { report, statements } = await verifyKeepingStatements(target, bundles, o);
    const subject = subjectDigest(report) ?? target;
    reports.push({ report, name: target, ...(platform ? { platform, digest: subject } : {}) });
    for (const [a, st] of statements) if (isSbom(st.predicateType)) found.push({ st, a, subject, ...(platform ? { platform } : {}) });
    return report;
  };
  let digest: string | undefined;
  let resolvedRef: { reference: string; digest: string } | undefined;
  if (isImage(o.target)) {
    const { resolveImageOnce } = await import('./trace.js');
    const img = await resolveImageOnce(o.target, {
      cwd: o.cwd,
      ...(o.env ? { env: o.env } : {}),
      ...(o.logger ? { logger: o.logger } : {}),
      verify: o.verify,
    });
    digest = img.digest;
    if (!/@sha256:[0-9a-f]{64}$/.test(o.target)) {
      resolvedRef = { reference: o.target, digest: img.digest };
      o.logger?.info(`custody vuln: ${o.target} resolved to ${img.digest}; everything after uses the digest`);
    }
    await verifyOne(img.pinned(img.digest), o.verify.bundles);
    // --bundle files are about the target named; each platform has the attestations stored with its digest.
    for (const p of img.platforms) await verifyOne(img.pinned(p.digest), [], p.platform);
  } else digest = subjectDigest(await verifyOne(o.target, o.verify.bundles));

  // Fail closed: checks over a whole run that failed (a required type missing, no identity matched, a policy rule);
  // "no attestation at all" is left to the SBOM check below, which says it better.
  const runFailures = reports.flatMap(({ report, name }) =>
    report.checks.filter((c) => c.status === 'fail' && c.id !== 'attestations').map((c) => `${name}: ${c.id}: ${c.reason}`),
  );
  if (found.length === 0) {
    const tried = reports.flatMap(({ report }) => report.attestations);
    const sbomTried = tried.filter((a) => isSbom(a.predicateType));
    const why = sbomTried.length
      ? `${sbomTried.length} SBOM attestation(s) found, none verified: ${sbomTried.map((a) => `${a.source}: ${a.ignoredReason ?? 'not verified'}`).join('; ')}`
      : tried.length
        ? `none of the ${tried.length} attestation(s) found is an SBOM (CycloneDX or SPDX) attestation (${[...new Set(tried.map((a) => a.predicateType ?? 'no statement'))].join(', ')})`
        : 'no attestation was given or found for it';
    throw new AppError(
      'VULN_NO_VERIFIED_SBOM',
      printable(`${o.target} has no verified SBOM attestation: ${why}.${runFailures.length ? ` Also: ${runFailures.join('; ')}.` : ''}`),
      {
        exitCode: EXIT_FAILED,
        hint: 'Attest an SBOM for it (custody attest --sbom FILE --subject …, or the one-step chain) signed by the identity or key given here, or give the bundle with --bundle; custody verify TARGET --predicate-type https://cyclonedx.org/bom shows every check. To match an SBOM file without verifying it, use --sbom FILE.',
      },
    );
  }
  // An image index: every platform needs a verified SBOM, its own or the index's. A platform whose SBOM attestation
  // did not verify (another signer, a failed check) or that has none would otherwise drop out of the findings
  // unnoticed, and the report would read as the whole image's.
  if (!found.some((f) => f.platform === undefined)) {
    const uncovered = reports.filter((r) => r.platform && !found.some((f) => f.platform === r.platform && f.subject === r.digest));
    if (uncovered.length) {
      const why = uncovered.map(({ report, platform, digest }) => {
        const sbomTried = report.attestations.filter((a) => isSbom(a.predicateType));
        return sbomTried.length
          ? `${platform} (${digest}): ${sbomTried.length} SBOM attestation(s), not verified: ${sbomTried.map((a) => `${a.source}: ${a.ignoredReason ?? 'not verified'}`).join('; ')}`
          : `${platform} (${digest}): no SBOM attestation found`;
      });
      const verified = [...new Set(found.map((f) => f.platform))].join(', ');
      throw new AppError(
        'VULN_NO_VERIFIED_SBOM',
        printable(
          `${o.target} is an image index with ${uncovered.length} platform(s) without a verified SBOM attestation (verified: ${verified || 'none'}): ${why.join(' | ')}.${runFailures.length ? ` Also: ${runFailures.join('; ')}.` : ''}`,
        ),
        {
          exitCode: EXIT_FAILED,
          hint: "Attest each platform's SBOM (custody attest --sbom FILE --subject oci://IMAGE@PLATFORM_DIGEST, or the one-step chain) signed by the identity or key given here, or an SBOM for the index itself; custody trace TARGET shows each platform's attestations.",
        },
      );
    }
  }
  if (runFailures.length)
    throw new AppError('VERIFY_FAILED', printable(`${o.target} did not pass verification: ${runFailures.slice(0, 5).join('; ')}.`), {
      exitCode: EXIT_FAILED,
      hint: 'custody verify TARGET with the same flags lists every check; the SBOM is matched only once the target verifies.',
    });

  const sboms: VulnSbomSource[] = [];
  const purlsOf: Array<Set<string>> = [];
  const entries: SbomEntry[] = [];
  for (const { st, a, subject, platform } of found) {
    let own: SbomEntry[];
    try {
      own = sbomPurls(st.predicate);
    } catch (err) {
      if (err instanceof AppInputError)
        throw new AppInputError(err.code, `the verified SBOM attestation's predicate: ${err.message}`, {
          location: a.source,
          ...(err.hint ? { hint: err.hint } : {}),
        });
      throw err;
    }
    entries.push(...own);
    purlsOf.push(new Set(own.map((e) => e.purl)));
    sboms.push({
      attestation: a.source,
      predicateType: st.predicateType,
      subject,
      ...(platform ? { platform } : {}),
      signer: {
        kind: a.signer?.kind ?? 'key',
        ...(a.signer?.identity ? { identity: a.signer.identity } : {}),
        ...(a.signer?.issuer ? { issuer: a.signer.issuer } : {}),
      },
      ...(a.signedAt?.length ? { signedAt: a.signedAt } : {}),
      components: purlsOf.at(-1)!.size,
      findings: [],
    });
  }
  const records = await readDb(o.db, o.cwd);
  const matched = matchComponents(osvComponents(entries), records, o.clock ?? systemClock);
  sboms.forEach((s, i) => {
    s.findings = matched.findings
      .filter((f) => f.package.purl && purlsOf[i]!.has(f.package.purl))
      .map((f) => ({ id: f.id, purl: f.package.purl! }));
  });
  return {
    ...matched,
    target: { name: o.target, ...(digest ? { digest } : {}), ...(resolvedRef ? { resolved: resolvedRef } : {}) },
    sboms,
  };
}

/** Who signed an SBOM attestation, for a line of text. */
function signerText(s: VulnSbomSource['signer']): string {
  return s.kind === 'certificate' ? `${s.identity ?? '?'} (issuer ${s.issuer ?? '?'})` : `key ${s.identity ?? '?'}`;
}

/**
 * The findings as a text table; the TARGET form first says which verified attestations the SBOM came from (the SBOM
 * file form prints the table it always did).
 */
export function formatVulnTable(r: VulnResult): string {
  const rows = r.findings.map((f) => [f.id, findingSeverity(f).severity, f.package.purl ?? '', f.fixedVersion ?? '', f.aliases.join(',')]);
  const head = ['ID', 'SEVERITY', 'PACKAGE', 'FIXED', 'ALIASES'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const from = r.target
    ? [
        `target: ${printable(r.target.name)}${r.target.digest ? ` (${r.target.digest})` : ''}`,
        ...(r.sboms ?? []).map(
          (s) =>
            `SBOM from ${printable(s.attestation)}: ${s.predicateType}, subject ${s.subject}${s.platform ? ` (${s.platform})` : ''}, signed by ${printable(signerText(s.signer))}, ${s.components} component(s), ${s.findings.length} finding(s), verified`,
        ),
      ]
    : [];
  return [
    ...from,
    `${r.findings.length} finding(s) in ${r.components} component(s) against ${r.records} OSV record(s)`,
    ...(rows.length ? [line(head), ...rows.map(line)].map(printable) : []),
    ...r.unevaluated.map((u) => printable(`not evaluated: ${u.purl} against ${u.id}: ${u.reason}`)),
    '',
  ].join('\n');
}

/** The JSON form: the counts, findings, what was not evaluated and where the SBOM came from. */
export function vulnJson(r: VulnResult): object {
  return {
    components: r.components,
    records: r.records,
    findings: r.findings,
    unevaluated: r.unevaluated,
    ...(r.sbomFile ? { sbomFile: r.sbomFile } : {}),
    ...(r.target ? { target: r.target } : {}),
    ...(r.sboms ? { sboms: r.sboms } : {}),
  };
}

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** SARIF's level for a severity: high and critical are errors, medium (and unknown: never guessed low) warnings. */
function sarifLevel(severity: string): 'error' | 'warning' | 'note' {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium' || severity === 'unknown') return 'warning';
  return 'note';
}

/** A CVSS-like score for GitHub code scanning's security-severity, where the rating gave none. */
const RATING_SCORE: Record<string, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', none: '0.0' };

/**
 * The findings as a SARIF 2.1.0 log (one run, tool "custody"): one rule per vulnerability id (its aliases, the OSV
 * page, security-severity and tags as GitHub code scanning reads them), one result per finding with the level from
 * its severity, the package purl in the message and as a logical location, and, for an SBOM file, the file as the
 * physical location. The run's properties say where the SBOM came from (the verified attestations of a TARGET).
 */
export function formatVulnSarif(r: VulnResult): object {
  const ruleIds: string[] = [];
  const rules: object[] = [];
  for (const f of r.findings) {
    if (ruleIds.includes(f.id)) continue;
    ruleIds.push(f.id);
    const sev = findingSeverity(f).severity;
    const sameId = r.findings.filter((g) => g.id === f.id);
    const cvss = Math.max(...sameId.map((g) => g.cvss ?? -1));
    rules.push({
      id: f.id,
      name: f.id.replace(/[^A-Za-z0-9]/g, ''),
      shortDescription: { text: `${f.id}${f.aliases.length ? ` (${f.aliases.join(', ')})` : ''}` },
      fullDescription: {
        text: `Known vulnerability ${f.id} in ${[...new Set(sameId.map((g) => g.package.name ?? g.package.purl ?? '?'))].join(', ')} (OSV).`,
      },
      helpUri: `https://osv.dev/vulnerability/${encodeURIComponent(f.id)}`,
      help: {
        text: `See https://osv.dev/vulnerability/${f.id}. Upgrade to a fixed version${f.fixedVersion ? ` (${f.fixedVersion})` : ''}.`,
      },
      defaultConfiguration: { level: sarifLevel(sev) },
      properties: {
        tags: ['security', 'vulnerability'],
        'security-severity': cvss >= 0 ? cvss.toFixed(1) : (RATING_SCORE[sev] ?? '9.5'),
        ...(f.aliases.length ? { aliases: f.aliases } : {}),
      },
    });
  }
  const results = r.findings.map((f) => {
    const sev = findingSeverity(f).severity;
    const purl = f.package.purl ?? `${f.package.name ?? '?'}@${f.package.version ?? '?'}`;
    return {
      ruleId: f.id,
      ruleIndex: ruleIds.indexOf(f.id),
      level: sarifLevel(sev),
      message: {
        text: `${f.id} (${sev}) in ${purl}: installed ${f.package.version ?? '?'}${f.fixedVersion ? `, fixed in ${f.fixedVersion}` : ', no fixed version known'}.`,
      },
      locations: [
        {
          ...(r.sbomFile ? { physicalLocation: { artifactLocation: { uri: r.sbomFile.replaceAll('\\', '/') } } } : {}),
          logicalLocations: [{ fullyQualifiedName: purl, kind: 'package' }],
        },
      ],
      partialFingerprints: { 'custodyFinding/v1': createHash('sha256').update(`${f.id}\n${purl}`).digest('hex') },
      properties: {
        severity: sev,
        ...(f.cvss !== undefined ? { cvss: f.cvss } : {}),
        ...(f.fixedVersion ? { fixedVersion: f.fixedVersion } : {}),
        ...(f.package.name ? { package: f.package.name } : {}),
        ...(f.package.version ? { version: f.package.version } : {}),
      },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'custody',
            version: CUSTODY_VERSION,
            informationUri: 'https://github.com/custody-dev/custody',
            rules,
          },
        },
        results,
        properties: {
          components: r.components,
          osvRecords: r.records,
          ...(r.sbomFile ? { sbomFile: r.sbomFile } : {}),
          ...(r.target ? { target: r.target } : {}),
          ...(r.sboms ? { sboms: r.sboms } : {}),
          ...(r.unevaluated.length ? { unevaluated: r.unevaluated } : {}),
        },
      },
    ],
  };
}

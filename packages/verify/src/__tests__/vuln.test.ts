// The pure parts of vulnerability and VEX handling (vuln.ts, vex.ts, vuln-gate.ts, the policy's vulnerabilities:
// key): normalisation of the real reports in test/fixtures/vuln (expected values read by hand from each file), the
// severity rule, which VEX statement covers which finding, the latest-statement rule, CycloneDX VEX states, and the
// policy file's errors. The signed, end-to-end gate is test/vuln-gate.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy.js';
import { readCycloneDxVex, readOpenVex, vexCovers, type VexStatement } from '../vex.js';
import { componentFromPurl, matchOsv, NO_RELEASE } from '../osv.js';
import { type VerifiedVex, vulnerabilityChecks } from '../vuln-gate.js';
import { buildVulnsPredicate, findingSeverity, readScanReport, scanFromPredicate, type Finding, PREDICATE_VULNS_V01 } from '../vuln.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'vuln', name), 'utf8'));

describe('scanner reports', () => {
  it('Trivy JSON: the jquery finding with its purl, rating, highest CVSS v3 score and fix', () => {
    const r = readScanReport(fixture('trivy-npm.json'), 'trivy-npm.json');
    expect(r).toMatchObject({ format: 'trivy', scanner: { name: 'trivy', version: 'dev' }, scannedAt: '2021-08-25T12:20:30.000Z' });
    expect(r.findings).toEqual([
      {
        id: 'CVE-2019-11358',
        aliases: [],
        package: { name: 'jquery', version: '3.3.9', purl: 'pkg:npm/jquery@3.3.9' },
        scannerSeverity: 'medium',
        cvss: 6.1,
        fixedVersion: '3.4.0',
      },
    ]);
  });
  it('Grype JSON: the rating wins over CVSS (low at 8.2), fix versions joined, purl empty when Grype wrote ""', () => {
    const r = readScanReport(fixture('grype-image.json'), 'grype-image.json');
    expect(r.scanner).toEqual({ name: 'grype', uri: 'pkg:github/anchore/grype' }); // "[not provided]" is no version
    expect(r.findings.map((f) => [f.id, f.package.purl, findingSeverity(f).severity, f.cvss, f.fixedVersion])).toEqual([
      ['CVE-1999-0001', undefined, 'low', 8.2, '1.2.1, 2.1.3, 3.4.0'],
      ['CVE-1999-0002', 'pkg:deb/package-2@2.2.2', 'critical', 8.5, undefined],
    ]);
  });
  it('OSV-Scanner JSON: aliases, GHSA rating, purl from the ecosystem, fixed event', () => {
    const r = readScanReport(fixture('osv-scanner-results-a.json'), 'osv');
    const go = r.findings.find((f) => f.id === 'GO-2021-0053')!;
    expect(go).toMatchObject({
      aliases: ['CVE-2021-3121', 'GHSA-c3h9-896r-86jm'],
      package: { name: 'github.com/gogo/protobuf', version: '1.3.1', purl: 'pkg:golang/github.com/gogo/protobuf@1.3.1' },
      fixedVersion: '1.3.2',
    });
    expect(findingSeverity(r.findings.find((f) => f.id === 'GHSA-m5pq-gvj9-9vr8')!)).toEqual({ severity: 'high', by: 'scanner' });
  });
  it('SARIF from Trivy and Grype: package and version from the message lines, CVSS from security-severity', () => {
    const t = readScanReport(fixture('trivy-alpine-310.sarif'), 't');
    expect(t.findings[0]).toMatchObject({
      id: 'CVE-2019-1549',
      package: { name: 'libcrypto1.1', version: '1.1.1c-r0' },
      fixedVersion: '1.1.1d-r0',
    });
    const g = readScanReport(fixture('grype-image.sarif'), 'g');
    expect(g.scanner.version).toBe('0.0.0-dev');
    expect(g.findings[1]).toMatchObject({
      id: 'CVE-1999-0002',
      package: { name: 'package-2', version: '2.2.2' },
      scannerSeverity: 'critical',
      cvss: 8.5,
    });
  });
  it('CycloneDX VDR: affects resolved to components; an SBOM without vulnerabilities is refused', () => {
    const r = readScanReport(fixture('grype-image.cdx.json'), 'c');
    expect(r.findings[1]).toMatchObject({
      id: 'CVE-1999-0002',
      package: { name: 'package-2', version: '2.2.2' },
      scannerSeverity: 'critical',
    });
    expect(() => readScanReport({ bomFormat: 'CycloneDX', components: [] }, 'sbom.json')).toThrow(/an SBOM, not a VDR/);
    expect(() => readScanReport({ hello: 1 }, 'x.json')).toThrow(/not Trivy JSON, Grype JSON/);
  });
  it('the predicate reads back to the same findings, and the nested v0.1 form is read too', () => {
    const r = readScanReport(fixture('grype-image.json'), 'g');
    const back = scanFromPredicate(PREDICATE_VULNS_V01, buildVulnsPredicate(r, new Date('2026-01-01T00:00:00Z')));
    expect(typeof back === 'string' ? back : back.findings).toEqual(r.findings);
    const nested = scanFromPredicate(PREDICATE_VULNS_V01, {
      scanner: { uri: 'x', result: [{ vulnerability: { id: 'CVE-1', severity: [{ method: 'nvd', score: 'HIGH' }] } }] },
    });
    expect(typeof nested === 'string' ? nested : nested.findings[0]).toMatchObject({ id: 'CVE-1', scannerSeverity: 'high' });
    expect(scanFromPredicate(PREDICATE_VULNS_V01, { scanner: { uri: 'x', result: [{}] } })).toBe('scanner.result[0] has no id');
  });
  it('severity: rating, else CVSS bands, else unknown', () => {
    const f = (x: Partial<Finding>): Finding => ({ id: 'X', aliases: [], package: {}, ...x });
    expect(findingSeverity(f({ scannerSeverity: 'negligible' })).severity).toBe('low');
    expect(findingSeverity(f({ scannerSeverity: 'unknown', cvss: 9.0 }))).toEqual({ severity: 'critical', by: 'cvss' });
    expect(findingSeverity(f({ cvss: 6.9 })).severity).toBe('medium');
    expect(findingSeverity(f({ cvss: 0 })).severity).toBe('none');
    expect(findingSeverity(f({}))).toEqual({ severity: 'unknown', by: 'none' });
  });
});

describe('VEX coverage', () => {
  const target = { sha256: 'a'.repeat(64) };
  const finding: Finding = {
    id: 'GHSA-xxxx',
    aliases: ['CVE-2024-1'],
    package: { purl: 'pkg:npm/%40scope/lib@1.2.3', name: '@scope/lib', version: '1.2.3' },
    cvss: 9.8,
  };
  const st = (products: VexStatement['products'], name = 'CVE-2024-1', status: VexStatement['status'] = 'not_affected'): VexStatement => ({
    vulnerability: { name },
    products,
    status,
    justification: 'component_not_present',
  });
  it('matches by alias and package purl (any spelling of the scope; no version = every version)', () => {
    expect(vexCovers(st([{ '@id': 'pkg:npm/@scope/lib@1.2.3' }]), finding, target)).toBe(true);
    expect(vexCovers(st([{ '@id': 'pkg:npm/@scope/lib' }]), finding, target)).toBe(true);
    expect(vexCovers(st([{ '@id': 'pkg:npm/@scope/lib@1.2.4' }]), finding, target)).toBe(false);
    expect(vexCovers(st([{ '@id': 'pkg:npm/@scope/lib' }], 'CVE-2024-2'), finding, target)).toBe(false);
  });
  it('a product naming the target covers its findings, narrowed by subcomponents', () => {
    const image = `pkg:oci/app@sha256%3A${'a'.repeat(64)}`;
    expect(vexCovers(st([{ '@id': image }]), finding, target)).toBe(true);
    expect(vexCovers(st([{ '@id': image, subcomponents: [{ '@id': 'pkg:npm/@scope/lib' }] }]), finding, target)).toBe(true);
    expect(vexCovers(st([{ '@id': image, subcomponents: [{ '@id': 'pkg:npm/other' }] }]), finding, target)).toBe(false);
    expect(vexCovers(st([{ '@id': `pkg:oci/app@sha256%3A${'b'.repeat(64)}` }]), finding, target)).toBe(false);
    expect(vexCovers(st([{ hashes: { 'sha-256': 'a'.repeat(64) } }]), finding, target)).toBe(true);
  });
  it('the latest covering statement decides; an ignored VEX suppresses nothing and is named', () => {
    const scans = [{ source: 'scan.json', scanner: 's', finishedOn: '2026-01-01T00:00:00.000Z', findings: [finding] }];
    const early = { ...st([{ '@id': 'pkg:npm/@scope/lib' }]), timestamp: '2026-01-01T00:00:00Z' };
    const later = { ...st([{ '@id': 'pkg:npm/@scope/lib' }], 'CVE-2024-1', 'affected'), timestamp: '2026-02-01T00:00:00Z' };
    const run = (statements: VexStatement[]) =>
      vulnerabilityChecks(
        { maxSeverity: 'high' },
        {
          scans,
          unreadable: [],
          vex: [{ source: 'v', statements }],
          ignoredVex: [{ source: 'evil', reason: 'signature.key: not trusted' }],
          target,
          now: new Date('2026-03-01T00:00:00Z'),
        },
      );
    expect(run([early]).checks[0]!.status).toBe('pass');
    expect(run([early, later]).checks[0]!.status).toBe('fail');
    expect(run([later, early]).checks[0]!.status).toBe('fail');
    expect(run([early]).checks[1]!.reason).toContain(
      '1 VEX attestation(s) ignored, their statements suppress nothing: evil: signature.key: not trusted',
    );
  });
  it('OpenVEX statements are checked; CycloneDX VEX states map to OpenVEX statuses', () => {
    const doc = (s: object) => ({ '@context': 'https://openvex.dev/ns/v0.2.0', statements: [s] });
    expect(() => readOpenVex(doc({ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/x' }], status: 'maybe' }), 'd')).toThrow(
      /status "maybe" is not one of/,
    );
    expect(() => readOpenVex(doc({ vulnerability: { name: 'CVE-1' }, products: [], status: 'fixed' }), 'd')).toThrow(/names no product/);
    const cdx = readCycloneDxVex(
      {
        bomFormat: 'CycloneDX',
        components: [{ 'bom-ref': 'c1', purl: 'pkg:npm/x@1.0.0' }],
        vulnerabilities: [
          { id: 'CVE-1', analysis: { state: 'false_positive' }, affects: [{ ref: 'c1' }] },
          { id: 'CVE-2', analysis: { state: 'resolved' }, affects: [{ ref: 'pkg:npm/y@2' }] },
        ],
      },
      'cdx',
    );
    expect(cdx.map((s) => [s.vulnerability.name, s.status, s.products[0]!['@id']])).toEqual([
      ['CVE-1', 'not_affected', 'pkg:npm/x@1.0.0'],
      ['CVE-2', 'fixed', 'pkg:npm/y@2'],
    ]);
  });
});

describe('policy vulnerabilities:', () => {
  it('parses the rules and names a bad value at its line', () => {
    const p = parsePolicy(
      'vulnerabilities:\n  maxSeverity: HIGH\n  maxScanAge: 7d\n  requireScan: true\n  vexSigners:\n    - repo: acme/sec\n',
      'p.yaml',
    );
    expect(p.vulnerabilities).toEqual({
      maxSeverity: 'high',
      maxScanAgeSeconds: 604800,
      requireScan: true,
      vexSigners: [{ repo: 'acme/sec' }],
    });
    expect(() => parsePolicy('vulnerabilities:\n  maxSeverity: severe\n', 'p.yaml')).toThrow(/maxSeverity must be one of/);
    expect(() => parsePolicy('vulnerabilities:\n  requireScan: yes please\n', 'p.yaml')).toThrow(/requireScan must be true or false/);
    expect(() => parsePolicy('vulnerabilities:\n  maxCvss: 7\n', 'p.yaml')).toThrow(/unknown key "maxCvss"/);
  });
});

describe('real Alpine and Debian OSV records at the gate: CVSS severity, upstream ids for VEX', () => {
  // The records are test/fixtures/osv's (OSV's own export; its README says where from); the components are the
  // ones test/vuln-osv-os.test.ts finds affected by them (musl 1.2.3-r4 on Alpine 3.17; openssl ~deb9u5 on Debian 9).
  const record = (path: string): unknown =>
    JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'osv', path), 'utf8'));
  const musl = 'pkg:apk/alpine/musl@1.2.3-r4?arch=x86_64&distro=alpine-3.17.0';
  const openssl = 'pkg:deb/debian/openssl@1.1.0l-1~deb9u5?arch=amd64&distro=debian-9';
  const { findings, unevaluated } = matchOsv(
    [record('alpine/ALPINE-CVE-2025-26519.json'), record('debian/DLA-3008-1.json')],
    [componentFromPurl(musl)!, componentFromPurl(openssl)!],
  );
  const target = { sha256: 'c'.repeat(64) };
  const vexOn = (name: string, product: string, status: VexStatement['status'] = 'not_affected'): VerifiedVex => ({
    source: 'vex.json',
    signer: 'security@example.com',
    statements: [{ vulnerability: { name }, products: [{ '@id': product }], status, justification: 'vulnerable_code_not_in_execute_path' }],
  });
  const gate = (maxSeverity: 'medium' | 'critical', vex: VerifiedVex[], only?: string) =>
    vulnerabilityChecks(
      { maxSeverity },
      {
        scans: [{ source: 'scan.json', scanner: 'custody', findings: findings.filter((f) => !only || f.id === only) }],
        unreadable: [],
        vex,
        ignoredVex: [],
        target,
        now: new Date('2026-12-08T00:00:00Z'),
      },
    );

  it('rates ALPINE-CVE-2025-26519 high by its CVSS v3.1 vector (7.0); DLA-3008-1 has no rating: unknown, blocking', () => {
    expect(unevaluated).toEqual([]);
    const alpine = findings.find((f) => f.id === 'ALPINE-CVE-2025-26519')!;
    expect(alpine).toMatchObject({ upstream: ['CVE-2025-26519'], cvss: 7, package: { purl: musl } });
    expect(alpine.scannerSeverity).toBeUndefined();
    expect(findingSeverity(alpine)).toEqual({ severity: 'high', by: 'cvss' });
    const dla = findings.find((f) => f.id === 'DLA-3008-1')!;
    expect(dla.upstream).toEqual(['CVE-2022-1292', 'DEBIAN-CVE-2022-1292']);
    expect(findingSeverity(dla)).toEqual({ severity: 'unknown', by: 'none' });
    // Unknown severity fails even the most lenient limit, and the check says why.
    const r = gate('critical', [], 'DLA-3008-1');
    expect(r.checks[0]!.status).toBe('fail');
    expect(r.checks[0]!.reason).toContain(
      'DLA-3008-1 in pkg:deb/debian/openssl@1.1.0l-1~deb9u5?arch=amd64&distro=debian-9 (unknown, no rating: counted as critical)',
    );
    // The high Alpine finding fails maxSeverity medium, passes critical.
    expect(gate('medium', [], 'ALPINE-CVE-2025-26519').checks[0]!.status).toBe('fail');
    expect(gate('critical', [], 'ALPINE-CVE-2025-26519').checks[0]!.status).toBe('pass');
  });

  it('a VEX statement naming the upstream CVE suppresses the Alpine and Debian findings on the product it names', () => {
    const r = gate('medium', [vexOn('CVE-2025-26519', 'pkg:apk/alpine/musl'), vexOn('CVE-2022-1292', 'pkg:deb/debian/openssl')]);
    expect(r.checks[0]!.status).toBe('pass');
    expect(r.findings.map((f) => [f.id, f.blocking, f.vex?.status])).toEqual([
      ['DLA-3008-1', false, 'not_affected'],
      ['ALPINE-CVE-2025-26519', false, 'not_affected'],
    ]);
    // The same CVE on another product, or another CVE on musl, suppresses nothing.
    expect(gate('medium', [vexOn('CVE-2025-26519', 'pkg:apk/alpine/busybox')], 'ALPINE-CVE-2025-26519').checks[0]!.status).toBe('fail');
    expect(gate('medium', [vexOn('CVE-2022-1292', 'pkg:apk/alpine/musl')], 'ALPINE-CVE-2025-26519').checks[0]!.status).toBe('fail');
    // affected from the supplier keeps it blocking.
    expect(gate('medium', [vexOn('CVE-2025-26519', 'pkg:apk/alpine/musl', 'affected')], 'ALPINE-CVE-2025-26519').checks[0]!.status).toBe(
      'fail',
    );
  });

  it('an advisory with several upstream CVEs is suppressed only when VEX covers each (not a real record: DLA-3008-1 names one)', () => {
    const dla = findings.find((f) => f.id === 'DLA-3008-1')!;
    const many: Finding = { ...dla, upstream: ['CVE-2022-1292', 'CVE-2022-2068', 'DEBIAN-CVE-2022-2068'] };
    const run = (vex: VerifiedVex[]) =>
      vulnerabilityChecks(
        { maxSeverity: 'critical' },
        {
          scans: [{ source: 'scan.json', scanner: 'custody', findings: [many] }],
          unreadable: [],
          vex,
          ignoredVex: [],
          target,
          now: new Date('2026-12-08T00:00:00Z'),
        },
      );
    const one = run([vexOn('CVE-2022-1292', 'pkg:deb/debian/openssl')]);
    expect(one.checks[0]!.status).toBe('fail');
    expect(one.findings[0]!.vexNote).toBe(
      'VEX covers CVE-2022-1292 of its upstream CVE-2022-1292, CVE-2022-2068; CVE-2022-2068 not suppressed, so the finding stands',
    );
    expect(
      run([vexOn('CVE-2022-1292', 'pkg:deb/debian/openssl'), vexOn('CVE-2022-2068', 'pkg:deb/debian/openssl')]).checks[0]!.status,
    ).toBe('pass');
    // The advisory's own id decides on its own.
    expect(run([vexOn('DLA-3008-1', 'pkg:deb/debian/openssl')]).checks[0]!.status).toBe('pass');
  });

  it('upstream ids survive the vulns predicate (what custody vuln --format vulns writes and the gate reads back)', () => {
    const pred = buildVulnsPredicate(
      { format: 'osv-scanner', scanner: { name: 'custody', uri: 'pkg:github/custody/custody' }, findings },
      new Date(0),
    );
    const back = scanFromPredicate(PREDICATE_VULNS_V01, JSON.parse(JSON.stringify(pred)));
    expect(typeof back === 'string' ? back : back.findings.map((f) => [f.id, f.upstream, f.cvss])).toEqual([
      ['ALPINE-CVE-2025-26519', ['CVE-2025-26519'], 7],
      ['DLA-3008-1', ['CVE-2022-1292', 'DEBIAN-CVE-2022-1292'], undefined],
    ]);
  });

  it('Debian and Alpine packages without a distro release are listed as not evaluated, with the reason', () => {
    const noRelease = ['pkg:apk/alpine/musl@1.2.3-r4?arch=x86_64', 'pkg:deb/debian/openssl@1.1.0l-1~deb9u5?arch=amd64'];
    const r = matchOsv(
      [record('alpine/ALPINE-CVE-2025-26519.json'), record('debian/DLA-3008-1.json')],
      noRelease.map((p) => componentFromPurl(p)!),
    );
    expect(r.findings).toEqual([]);
    expect(r.unevaluated).toEqual([
      { purl: noRelease[0], id: 'ALPINE-CVE-2025-26519', reason: NO_RELEASE },
      { purl: noRelease[1], id: 'DLA-3008-1', reason: NO_RELEASE },
    ]);
    expect(NO_RELEASE).toBe("no distro release known for this image; OSV's Debian/Alpine records are per release");
  });
});

// Hostile VEX input against the pure gate (vex.ts, vuln-gate.ts): statements that must not suppress a finding.
// Each case is an attack tried by the red team; the ones that once got through are named so in their title.
import { describe, expect, it } from 'vitest';
import { vexCovers, vexFromPredicate, type VexStatement } from '../vex.js';
import { vulnerabilityChecks, type VerifiedVex } from '../vuln-gate.js';
import type { Finding } from '../vuln.js';

const target = { sha256: 'a'.repeat(64) };
const finding: Finding = {
  id: 'GHSA-xxxx-yyyy-zzzz',
  aliases: ['CVE-2024-1'],
  package: { purl: 'pkg:npm/lib@1.2.3', name: 'lib', version: '1.2.3' },
  cvss: 9.8,
};
const gate = (vex: VerifiedVex[], f: Finding = finding) =>
  vulnerabilityChecks(
    { maxSeverity: 'high' },
    {
      scans: [{ source: 'scan.json', scanner: 's', findings: [f] }],
      unreadable: [],
      vex,
      ignoredVex: [],
      target,
      now: new Date('2026-12-08T00:00:00Z'),
    },
  );
const openvex = (timestamp: string, statements: unknown[]) => ({
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': `urn:test:${timestamp}`,
  author: 'sec@example.com',
  timestamp,
  version: 1,
  statements,
});
const statements = (doc: unknown): VexStatement[] => {
  const r = vexFromPredicate('https://openvex.dev/ns/v0.2.0', doc);
  if (typeof r === 'string') throw new Error(r);
  return r.statements;
};

describe('VEX as hostile input', () => {
  it('(was a hole) a statement without its own timestamp takes its document\'s: a later "affected" beats an earlier not_affected', () => {
    // January: not_affected, the statement stamped. June: affected, stamped only at document level (as vexctl writes
    // documents). OpenVEX: a statement without a timestamp inherits the document's, so June is the latest and wins.
    const jan = openvex('2026-01-01T00:00:00Z', [
      {
        vulnerability: { name: 'CVE-2024-1' },
        products: [{ '@id': 'pkg:npm/lib' }],
        status: 'not_affected',
        justification: 'component_not_present',
        timestamp: '2026-01-01T00:00:00Z',
      },
    ]);
    const jun = openvex('2026-06-01T00:00:00Z', [
      { vulnerability: { name: 'CVE-2024-1' }, products: [{ '@id': 'pkg:npm/lib' }], status: 'affected' },
    ]);
    expect(statements(jun)[0]!.timestamp).toBe('2026-06-01T00:00:00Z');
    for (const order of [
      [jan, jun],
      [jun, jan],
    ]) {
      const r = gate(order.map((d, i) => ({ source: `vex${i}`, statements: statements(d) })));
      expect(r.findings[0]!.vex?.status).toBe('affected');
      expect(r.findings[0]!.blocking).toBe(true);
      expect(r.checks[0]!.status).toBe('fail');
    }
  });

  it('(was a hole) a CycloneDX VEX analysis without lastUpdated takes the BOM metadata timestamp', () => {
    const r = vexFromPredicate('https://cyclonedx.org/vex', {
      bomFormat: 'CycloneDX',
      metadata: { timestamp: '2026-06-01T00:00:00Z' },
      vulnerabilities: [{ id: 'CVE-2024-1', analysis: { state: 'exploitable' }, affects: [{ ref: 'pkg:npm/lib' }] }],
    });
    expect(typeof r === 'string' ? r : r.statements[0]!.timestamp).toBe('2026-06-01T00:00:00Z');
  });

  it('under_investigation and affected never suppress, whatever their timestamp', () => {
    for (const status of ['under_investigation', 'affected'] as const) {
      const st: VexStatement = {
        vulnerability: { name: 'CVE-2024-1' },
        products: [{ '@id': 'pkg:npm/lib' }],
        status,
        timestamp: '2099-01-01T00:00:00Z',
      };
      const r = gate([{ source: 'v', statements: [st] }]);
      expect(r.findings[0]!.blocking).toBe(true);
    }
  });

  it('(%00 was a hole: read as a wildcard) a product purl for another package, another version, another type or another namespace does not cover', () => {
    const st = (id: string): VexStatement => ({
      vulnerability: { name: 'CVE-2024-1' },
      products: [{ '@id': id }],
      status: 'not_affected',
      justification: 'component_not_present',
    });
    for (const id of [
      'pkg:npm/lib2@1.2.3',
      'pkg:npm/lib@1.2.30',
      'pkg:pypi/lib@1.2.3',
      'pkg:npm/%40evil/lib@1.2.3',
      'pkg:npm/li%62x@1.2.3',
      'pkg:npm/lib@1.2.3%00',
    ])
      expect(vexCovers(st(id), finding, target), id).toBe(false);
    // Qualifiers on the VEX product narrow it: the finding's purl has none, so a product naming a qualifier covers nothing.
    expect(vexCovers(st('pkg:npm/lib@1.2.3?repository_url=https://evil.example'), finding, target)).toBe(false);
  });

  it("a statement for one CVE does not cover another CVE of the same advisory's upstream list, nor another package's finding", () => {
    const multi: Finding = {
      id: 'DLA-1-1',
      aliases: [],
      upstream: ['CVE-2024-1', 'CVE-2024-2'],
      package: { purl: 'pkg:deb/debian/openssl@1', name: 'openssl', version: '1' },
      cvss: 9.8,
    };
    const st: VexStatement = {
      vulnerability: { name: 'CVE-2024-1' },
      products: [{ '@id': 'pkg:deb/debian/openssl' }],
      status: 'not_affected',
      justification: 'component_not_present',
    };
    expect(gate([{ source: 'v', statements: [st] }], multi).findings[0]!.blocking).toBe(true);
    const other: Finding = { ...finding, package: { purl: 'pkg:npm/other@1.0.0', name: 'other', version: '1.0.0' } };
    expect(vexCovers({ ...st, products: [{ '@id': 'pkg:npm/lib' }] }, other, target)).toBe(false);
    // A VEX statement naming the target image by another digest (replayed from another image) does not cover.
    expect(
      vexCovers(
        { ...st, vulnerability: { name: 'CVE-2024-1' }, products: [{ '@id': `pkg:oci/app@sha256%3A${'b'.repeat(64)}` }] },
        finding,
        target,
      ),
    ).toBe(false);
  });
});

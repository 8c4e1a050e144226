// Vulnerability and VEX attestations end to end through the CLI (in-process), with real scanner reports from the
// scanners' own repositories (test/fixtures/vuln/README.md says where each came from): every report is attested
// with `custody attest --vuln --key` and verified with `custody verify --key --policy`, and its statement validates
// against the in-toto vulns predicate's schema (written out below from spec/predicates/vulns.md). Then the gate:
// a critical finding fails `vulnerabilities.maxSeverity: high`; an OpenVEX not_affected for it, written with
// `custody vex create` and signed by the run's key, makes it pass; the same VEX signed by another key is ignored
// and the report says so. Keys are real (custody keys generate); nothing is mocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Check, VerifyReport } from '@custody/verify';
import { runCli } from './support/cli.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'vuln');
const VULNS = 'https://in-toto.io/attestation/vulns/v0.1';
const COSIGN_VULN = 'https://cosign.sigstore.dev/attestation/vuln/v1';

/** The vulns predicate's fields as spec/predicates/vulns.md (v0.1; result entries flat, as its example and v0.2). */
const VULNS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['scanner', 'metadata'],
  properties: {
    scanner: {
      type: 'object',
      required: ['uri', 'db', 'result'],
      properties: {
        uri: { type: 'string', minLength: 1 },
        version: { type: 'string' },
        db: {
          type: 'object',
          required: ['lastUpdate'],
          properties: { uri: { type: 'string' }, version: { type: 'string' }, lastUpdate: { type: 'string', format: 'date-time' } },
        },
        result: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'severity'],
            properties: {
              id: { type: 'string', minLength: 1 },
              severity: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['method', 'score'],
                  properties: { method: { type: 'string', minLength: 1 }, score: { type: 'string', minLength: 1 } },
                  additionalProperties: false,
                },
              },
              annotations: { type: 'array', items: { type: 'object' } },
            },
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
    metadata: {
      type: 'object',
      required: ['scanStartedOn', 'scanFinishedOn'],
      properties: { scanStartedOn: { type: 'string', format: 'date-time' }, scanFinishedOn: { type: 'string', format: 'date-time' } },
    },
  },
};

describe('vulnerability attestations and the VEX gate', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  const statementOf = async (bundle: string) => {
    const b = JSON.parse(await readFile(join(dir, bundle), 'utf8')) as { dsseEnvelope: { payload: string } };
    return JSON.parse(Buffer.from(b.dsseEnvelope.payload, 'base64').toString('utf8')) as {
      predicateType: string;
      predicate: { scanner: { result: Array<{ id: string; severity: Array<{ method: string; score: string }> }> } };
    };
  };
  let n = 0;
  const verify = async (bundles: string[], policy: string, extra: string[] = []) => {
    const p = join(dir, `policy-${++n}.yaml`);
    await writeFile(p, policy);
    const r = await cli([
      'verify',
      'app.tgz',
      ...bundles.flatMap((b) => ['--bundle', b]),
      '--key',
      'a.pub',
      '--policy',
      p,
      '--format',
      'json',
      ...extra,
    ]);
    return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as VerifyReport) : undefined };
  };
  const runCheck = (r: VerifyReport, id: string): Check => {
    const c = r.checks.find((x) => x.id === id);
    if (!c) throw new Error(`no ${id} check in ${JSON.stringify(r.checks)}`);
    return c;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-vuln-'));
    await writeFile(join(dir, 'app.tgz'), 'the artifact\n');
    for (const f of await readdir(FIXTURES)) await copyFile(join(FIXTURES, f), join(dir, f));
    for (const k of ['a', 'b']) {
      const r = await cli(['keys', 'generate', '--output-key', `${k}.key`, '--output-pub', `${k}.pub`]);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 60_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Per report, checked by hand against the file: the format detected (the log line), the findings (trivy-npm: jquery
  // CVE-2019-11358 only; the Trivy SARIF: two CVEs in each of libcrypto1.1 and libssl1.1; OSV-Scanner: one Go and two
  // Rust advisories), one known finding's id and severity entry.
  const reports: Array<[file: string, format: string, findings: number, id: string, severity: { method: string; score: string }]> = [
    ['trivy-npm.json', 'trivy', 1, 'CVE-2019-11358', { method: 'trivy', score: 'medium' }],
    ['trivy-alpine-310.sarif', 'sarif', 4, 'CVE-2019-1549', { method: 'trivy', score: 'medium' }],
    ['grype-image.json', 'grype', 2, 'CVE-1999-0002', { method: 'grype', score: 'critical' }],
    ['grype-image.sarif', 'sarif', 2, 'CVE-1999-0002', { method: 'grype', score: 'critical' }],
    ['grype-image.cdx.json', 'cyclonedx', 2, 'CVE-1999-0002', { method: 'grype', score: 'critical' }],
    ['osv-scanner-results-a.json', 'osv-scanner', 3, 'GHSA-m5pq-gvj9-9vr8', { method: 'osv-scanner', score: 'high' }],
  ];
  const validate = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(validate);
  const schema = validate.compile(VULNS_SCHEMA);

  it.each(reports)('%s: attested as in-toto vulns, schema-valid, verified', async (file, format, count, id, severity) => {
    const bundle = `${file}.bundle`;
    const signed = await cli(['attest', '--subject', 'app.tgz', '--vuln', file, '--key', 'a.key', '--bundle', bundle]);
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stderr).toContain(`${format} report`);
    const st = await statementOf(bundle);
    expect(st.predicateType).toBe(VULNS);
    expect(schema(st.predicate), JSON.stringify(schema.errors)).toBe(true);
    expect(st.predicate.scanner.result).toHaveLength(count);
    expect(st.predicate.scanner.result.find((r) => r.id === id)?.severity).toContainEqual(severity);
    const v = await verify([bundle], `requiredPredicateTypes: [${VULNS}]\nvulnerabilities:\n  requireScan: true\n`);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(runCheck(v.report!, 'policy.vulnerabilities.scan').status).toBe('pass');
  });

  it("--vuln-predicate cosign signs the report inside cosign's vuln predicate, and the gate reads it back", async () => {
    const signed = await cli([
      'attest',
      '--subject',
      'app.tgz',
      '--vuln',
      'grype-image.json',
      '--vuln-predicate',
      'cosign',
      '--key',
      'a.key',
      '--bundle',
      'cosign.bundle',
    ]);
    expect(signed.code, signed.stderr).toBe(0);
    const st = (await statementOf('cosign.bundle')) as unknown as {
      predicateType: string;
      predicate: { scanner: { result: { matches: unknown[] } } };
    };
    expect(st.predicateType).toBe(COSIGN_VULN);
    expect(st.predicate.scanner.result.matches).toHaveLength(2);
    const v = await verify(['cosign.bundle'], `requiredPredicateTypes: [${COSIGN_VULN}]\nvulnerabilities:\n  maxSeverity: high\n`);
    expect(v.code).toBe(1);
    expect(runCheck(v.report!, 'policy.vulnerabilities.max-severity').reason).toContain(
      'CVE-1999-0002 in pkg:deb/package-2@2.2.2 (critical)',
    );
  });

  it('the gate fails on a critical finding, passes once a trusted VEX not_affected covers it, and ignores VEX from another key', async () => {
    const policy = `requiredPredicateTypes: [${VULNS}]\nvulnerabilities:\n  maxSeverity: high\n  requireScan: true\n  maxScanAge: 36500d\n`;
    const scan = 'grype-image.json.bundle';

    // 1. The scan alone: CVE-1999-0002 (critical by grype's rating) fails; CVE-1999-0001 (low by grype, CVSS 8.2) does not.
    const before = await verify([scan], policy);
    expect(before.code, before.stderr).toBe(1);
    const sev = runCheck(before.report!, 'policy.vulnerabilities.max-severity');
    expect(sev.status).toBe('fail');
    expect(sev.reason).toMatch(/^1 finding\(s\) above high: CVE-1999-0002 in pkg:deb\/package-2@2\.2\.2 \(critical\)/);
    expect(sev.findings).toEqual([
      expect.objectContaining({ id: 'CVE-1999-0002', severity: 'critical', severityBy: 'scanner', blocking: true }),
      expect.objectContaining({ id: 'CVE-1999-0001', severity: 'low', severityBy: 'scanner', cvss: 8.2, blocking: false }),
    ]);

    // 2. A VEX document, written with custody vex create, signed by the run's key (a) and by a stranger's (b).
    const made = await cli([
      'vex',
      'create',
      '--author',
      'security@example.com',
      '--product',
      'pkg:deb/package-2@2.2.2',
      '--vuln',
      'CVE-1999-0002',
      '--status',
      'not_affected',
      '--justification',
      'vulnerable_code_not_in_execute_path',
      '--output',
      'app.vex.json',
    ]);
    expect(made.code, made.stderr).toBe(0);
    for (const k of ['a', 'b']) {
      const s = await cli(['attest', '--subject', 'app.tgz', '--vex', 'app.vex.json', '--key', `${k}.key`, '--bundle', `vex-${k}.bundle`]);
      expect(s.code, s.stderr).toBe(0);
      expect((await statementOf(`vex-${k}.bundle`)).predicateType).toBe('https://openvex.dev/ns/v0.2.0');
    }

    // 3. The stranger's VEX: ignored, and said so; the run still fails.
    const untrusted = await verify([scan, 'vex-b.bundle'], policy);
    expect(untrusted.code).toBe(1);
    expect(runCheck(untrusted.report!, 'policy.vulnerabilities.max-severity').status).toBe('fail');
    const ignored = runCheck(untrusted.report!, 'policy.vulnerabilities.vex');
    expect(ignored.status).toBe('skip');
    expect(ignored.reason).toContain('1 VEX attestation(s) ignored, their statements suppress nothing: vex-b.bundle');
    expect(untrusted.report!.notes.join('\n')).toContain('VEX ignored: vex-b.bundle');

    // 4. The trusted VEX: the finding is suppressed, the report names the statement, the gate passes.
    const after = await verify([scan, 'vex-a.bundle', 'vex-b.bundle'], policy);
    expect(after.code, after.stdout).toBe(0);
    const passed = runCheck(after.report!, 'policy.vulnerabilities.max-severity');
    expect(passed.status).toBe('pass');
    expect(passed.reason).toContain('1 suppressed by VEX: CVE-1999-0002 (not_affected, vulnerable_code_not_in_execute_path; vex-a.bundle');
    expect(passed.findings?.[0]).toMatchObject({
      id: 'CVE-1999-0002',
      blocking: false,
      vex: { status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', source: 'vex-a.bundle' },
    });
    expect(runCheck(after.report!, 'policy.vulnerabilities.vex').reason).toMatch(
      /1 VEX attestation\(s\) counted: vex-a\.bundle.*1 VEX attestation\(s\) ignored.*vex-b\.bundle/,
    );

    // 5. A VEX `affected` statement suppresses nothing; a later not_affected does.
    const added = await cli([
      'vex',
      'add',
      'app.vex.json',
      '--product',
      'pkg:deb/package-2',
      '--vuln',
      'CVE-1999-0002',
      '--status',
      'affected',
      '--action',
      'upgrade',
      '--output',
      'affected.vex.json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const s = await cli([
      'attest',
      '--subject',
      'app.tgz',
      '--vex',
      'affected.vex.json',
      '--key',
      'a.key',
      '--bundle',
      'vex-affected.bundle',
    ]);
    expect(s.code, s.stderr).toBe(0);
    const reopened = await verify([scan, 'vex-affected.bundle'], policy);
    expect(reopened.code).toBe(1);
    expect(runCheck(reopened.report!, 'policy.vulnerabilities.max-severity').findings?.[0]?.vex?.status).toBe('affected');
  }, 60_000);

  it('requireScan fails without a scan; maxScanAge fails on an old scan; bad input stops with exit 2', async () => {
    const noScan = await verify(
      ['vex-a.bundle'],
      `requiredPredicateTypes: [https://openvex.dev/ns/v0.2.0]\nvulnerabilities:\n  requireScan: true\n`,
    );
    expect(noScan.code).toBe(1);
    expect(runCheck(noScan.report!, 'policy.vulnerabilities.scan').status).toBe('fail');

    // trivy-npm.json was made 2021-08-25 (its CreatedAt): older than 30 days.
    const old = await verify(['trivy-npm.json.bundle'], `requiredPredicateTypes: [${VULNS}]\nvulnerabilities:\n  maxScanAge: 30d\n`);
    expect(old.code).toBe(1);
    expect(runCheck(old.report!, 'policy.vulnerabilities.scan-age').reason).toContain('the newest scan ran 2021-08-25T12:20:30.000Z');

    const badPolicy = await verify(['vex-a.bundle'], 'vulnerabilities:\n  maxSeverity: severe\n');
    expect(badPolicy.code).toBe(2);
    expect(badPolicy.stderr).toMatch(/maxSeverity must be one of none, low, medium, high, critical/);

    await writeFile(join(dir, 'not-a-report.json'), '{"hello": "world"}');
    const bad = await cli(['attest', '--subject', 'app.tgz', '--vuln', 'not-a-report.json', '--key', 'a.key']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('VULN_REPORT_UNKNOWN');
    expect(bad.stderr).not.toMatch(/\n\s+at /);

    const badVex = await cli(['vex', 'create', '--author', 'x', '--product', 'pkg:npm/x@1', '--vuln', 'CVE-1', '--status', 'not_affected']);
    expect(badVex.code).toBe(2);
    expect(badVex.stderr).toContain('not_affected without a justification or impact_statement');
  });
});

// custody vuln TARGET (issue 18): the target's SBOM attestation is found and verified by custody verify's own core,
// then matched against the committed slice of real GitHub Advisory Database records (test/fixtures/osv/README.md).
// Real parts throughout: the SBOM is custody sbom's over ../shared's npm v3 lockfile; bundles are signed by
// custody attest with a key made by custody keys generate, keyless on the local Sigstore stack (real Fulcio, Rekor,
// TSA and OIDC issuer processes), and pushed to Debian's docker-registry. The findings expected are those
// test/vuln-osv.test.ts checked by hand for the same lockfile. The SARIF output is validated against the fields
// SARIF 2.1.0 requires (OASIS SARIF 2.1.0, sarif-schema-2.1.0.json: sarifLog, run, tool, toolComponent,
// reportingDescriptor, result, message, location), written below as a JSON Schema for ajv.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { makeStatement, PREDICATE_CYCLONEDX } from '@custody/core';
import { resolveInstance, signStatement } from '@custody/sign';
import {
  githubWorkflowClaims,
  pushTestImage,
  registryToolsAvailable,
  sharedDir,
  startRegistry,
  startSigstoreStack,
  type SigstoreStack,
  type StartedRegistry,
} from '@custody/testing';
import { readScanReport, type Finding } from '@custody/verify';
import { runCli } from './support/cli.js';

const DB = join(import.meta.dirname, 'fixtures', 'osv', 'npm');
/** A real Grype report (test/fixtures/vuln/README.md names its source) and its findings per severity, counted here. */
const SCAN = join(import.meta.dirname, 'fixtures', 'vuln', 'grype-image.json');
const scanFindings = readScanReport(JSON.parse(readFileSync(SCAN, 'utf8')), SCAN).findings;
const TRACE_SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'docs', 'schemas', 'trace.schema.json'), 'utf8'));
/** The commands that sign a scan and a VEX document about SUBJECT with k.key (custody attest --vuln / --vex). */
const scanAndVex = (subject: string, push: string[] = []) => [
  [
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
    'vulnerable_code_not_present',
    '--output',
    'app.vex.json',
  ],
  ['attest', '--subject', subject, '--vuln', SCAN, '--key', 'k.key', '--bundle', 'scan.sigstore.json', ...push],
  ['attest', '--subject', subject, '--vex', 'app.vex.json', '--key', 'k.key', '--bundle', 'vex.sigstore.json', ...push],
];
const EXPECTED = [
  'GHSA-3h5v-q93c-6h6q ws@7.5.9',
  'GHSA-67hx-6x53-jw92 @babel/traverse@7.21.5',
  'GHSA-c2qf-rxjj-qqgw semver@5.7.1',
  'GHSA-c2qf-rxjj-qqgw semver@6.3.0',
  'GHSA-c2qf-rxjj-qqgw semver@7.5.0',
];
const got = (findings: Finding[]) => findings.map((f) => `${f.id} ${f.package.name}@${f.package.version}`).sort();

interface VulnJson {
  findings: Finding[];
  target?: { name: string; digest?: string };
  sboms?: Array<{
    attestation: string;
    predicateType: string;
    subject: string;
    signer: { kind: string; identity?: string; issuer?: string };
  }>;
  sbomFile?: string;
}

/** The fields SARIF 2.1.0 requires, and the enumerations of those custody writes (from sarif-schema-2.1.0.json). */
const SARIF_REQUIRED = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { enum: ['2.1.0'] },
    runs: { type: ['array', 'null'], items: { $ref: '#/$defs/run' } },
  },
  $defs: {
    message: { type: 'object', anyOf: [{ required: ['text'] }, { required: ['id'] }], properties: { text: { type: 'string' } } },
    mfString: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
    run: {
      type: 'object',
      required: ['tool'],
      properties: {
        tool: {
          type: 'object',
          required: ['driver'],
          properties: {
            driver: {
              type: 'object',
              required: ['name'],
              properties: { name: { type: 'string' }, rules: { type: 'array', uniqueItems: true, items: { $ref: '#/$defs/rule' } } },
            },
          },
        },
        results: { type: ['array', 'null'], items: { $ref: '#/$defs/result' } },
      },
    },
    rule: {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string' },
        shortDescription: { $ref: '#/$defs/mfString' },
        fullDescription: { $ref: '#/$defs/mfString' },
        help: { $ref: '#/$defs/mfString' },
        helpUri: { type: 'string', format: 'uri' },
        defaultConfiguration: { type: 'object', properties: { level: { enum: ['none', 'note', 'warning', 'error'] } } },
      },
    },
    result: {
      type: 'object',
      required: ['message'],
      properties: {
        ruleId: { type: 'string' },
        ruleIndex: { type: 'integer', minimum: -1 },
        level: { enum: ['none', 'note', 'warning', 'error'] },
        message: { $ref: '#/$defs/message' },
        locations: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              physicalLocation: {
                type: 'object',
                anyOf: [{ required: ['address'] }, { required: ['artifactLocation'] }],
                properties: { artifactLocation: { type: 'object', properties: { uri: { type: 'string' } } } },
              },
              logicalLocations: {
                type: 'array',
                items: { type: 'object', properties: { fullyQualifiedName: { type: 'string' }, kind: { type: 'string' } } },
              },
            },
          },
        },
        partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
};

describe('custody vuln TARGET (key-signed SBOM attestation, SARIF)', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir, env: { PATH: process.env.PATH, HOME: dir } });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-vuln-target-'));
    await copyFile(join(sharedDir(), 'fixtures', 'lockfiles', 'package-lock-v3.json'), join(dir, 'package-lock.json'));
    await writeFile(join(dir, 'app.tgz'), 'the artifact the SBOM describes\n');
    await writeFile(join(dir, 'other.tgz'), 'another artifact\n');
    for (const args of [
      ['sbom', '.', '--format', 'cyclonedx-json', '--output', 'app.cdx.json'],
      ['keys', 'generate', '--output-key', 'k.key', '--output-pub', 'k.pub'],
      ['keys', 'generate', '--output-key', 'evil.key', '--output-pub', 'evil.pub'],
      ['attest', '--subject', 'app.tgz', '--sbom', 'app.cdx.json', '--key', 'k.key', '--bundle', 'app.sbom.sigstore.json'],
      ['attest', '--subject', 'app.tgz', '--sbom', 'app.cdx.json', '--key', 'evil.key', '--bundle', 'evil.sbom.sigstore.json'],
      [
        'attest',
        '--subject',
        'app.tgz',
        '--predicate-type',
        'https://example.com/other/v1',
        '--predicate',
        'app.cdx.json',
        '--key',
        'k.key',
        '--bundle',
        'other-type.sigstore.json',
      ],
      ...scanAndVex('app.tgz'),
    ]) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('matches the verified SBOM attestation and names the attestation, its key and the digest', async () => {
    const r = await cli(['vuln', 'app.tgz', '--bundle', 'app.sbom.sigstore.json', '--key', 'k.pub', '--db', DB, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as VulnJson;
    expect(got(out.findings)).toEqual(EXPECTED);
    expect(out.target?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(out.sboms).toHaveLength(1);
    expect(out.sboms![0]).toMatchObject({
      attestation: 'app.sbom.sigstore.json',
      predicateType: PREDICATE_CYCLONEDX,
      subject: out.target!.digest,
      signer: { kind: 'key', identity: '--key k.pub' },
    });
    const table = await cli(['vuln', 'app.tgz', '--bundle', 'app.sbom.sigstore.json', '--key', 'k.pub', '--db', DB]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^target: app\.tgz \(sha256:[0-9a-f]{64}\)\nSBOM from app\.sbom\.sigstore\.json: https:\/\/cyclonedx\.org\/bom, subject sha256:[0-9a-f]{64}, signed by key --key k\.pub, \d+ component\(s\), 5 finding\(s\), verified\n5 finding\(s\)/,
    );
  });

  it('fails closed (exit 1, VULN_NO_VERIFIED_SBOM) when no SBOM attestation verifies, and says why', async () => {
    // Signed by a key not trusted here.
    const evil = await cli(['vuln', 'app.tgz', '--bundle', 'evil.sbom.sigstore.json', '--key', 'k.pub', '--db', DB]);
    expect(evil.code).toBe(1);
    expect(evil.stdout).toBe('');
    expect(evil.stderr).toContain('VULN_NO_VERIFIED_SBOM');
    expect(evil.stderr).toMatch(/1 SBOM attestation\(s\) found, none verified: evil\.sbom\.sigstore\.json: /);
    // The right key, the wrong artifact (the subject does not match).
    const other = await cli(['vuln', 'other.tgz', '--bundle', 'app.sbom.sigstore.json', '--key', 'k.pub', '--db', DB]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('VULN_NO_VERIFIED_SBOM');
    expect(other.stderr).toMatch(/subject/);
    // A verified attestation that is not an SBOM: its predicate is never read as one.
    const notSbom = await cli(['vuln', 'app.tgz', '--bundle', 'other-type.sigstore.json', '--key', 'k.pub', '--db', DB]);
    expect(notSbom.code).toBe(1);
    expect(notSbom.stderr).toContain(
      'none of the 1 attestation(s) found is an SBOM (CycloneDX or SPDX) attestation (https://example.com/other/v1)',
    );
    // No attestation at all.
    const none = await cli(['vuln', `sha256:${'ab'.repeat(32)}`, '--key', 'k.pub', '--db', DB]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no attestation was given or found for it');
    // A required type that is not there fails as custody verify fails (exit 1), even beside a verified SBOM.
    const required = await cli([
      'vuln',
      'app.tgz',
      '--bundle',
      'app.sbom.sigstore.json',
      '--key',
      'k.pub',
      '--db',
      DB,
      '--predicate-type',
      'https://slsa.dev/provenance/v1',
      '--predicate-type',
      PREDICATE_CYCLONEDX,
    ]);
    expect(required.code).toBe(1);
    expect(required.stderr).toContain('VERIFY_FAILED');
    expect(required.stderr).toContain('required:https://slsa.dev/provenance/v1');
  });

  it('bad input stops with exit 2 before verifying: --db, --format, --sbom beside TARGET, verify flags with --sbom', async () => {
    const db = await cli(['vuln', 'app.tgz', '--bundle', 'app.sbom.sigstore.json', '--key', 'k.pub', '--db', 'nowhere']);
    expect(db.code).toBe(2);
    expect(db.stderr).toContain('VULN_INPUT_UNREADABLE');
    const fmt = await cli(['vuln', '--sbom', 'app.cdx.json', '--db', DB, '--format', 'xml']);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain('--format is "xml", not one of table, json, sarif, vulns');
    const both = await cli(['vuln', 'app.tgz', '--sbom', 'app.cdx.json', '--db', DB]);
    expect(both.code).toBe(2);
    const flags = await cli(['vuln', '--sbom', 'app.cdx.json', '--key', 'k.pub', '--db', DB]);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toContain('--key is for verifying a TARGET');
    const missingBundle = await cli(['vuln', 'app.tgz', '--bundle', 'nope.json', '--key', 'k.pub', '--db', DB]);
    expect(missingBundle.code).toBe(2);
    for (const r of [db, fmt, both, flags, missingBundle]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an SBOM file still works: --sbom FILE, and the positional form without verify flags', async () => {
    for (const args of [['--sbom', 'app.cdx.json'], ['app.cdx.json']]) {
      const r = await cli(['vuln', ...args, '--db', DB, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as VulnJson;
      expect(got(out.findings)).toEqual(EXPECTED);
      expect(out.sbomFile).toBe('app.cdx.json');
      expect(out.sboms).toBeUndefined();
    }
  });

  it('--format sarif: SARIF 2.1.0, one rule per vulnerability, level from severity, the purl as logical location', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(SARIF_REQUIRED);
    const r = await cli(['vuln', 'app.tgz', '--bundle', 'app.sbom.sigstore.json', '--key', 'k.pub', '--db', DB, '--format', 'sarif']);
    expect(r.code, r.stderr).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    // The validator itself catches a log without the fields SARIF requires.
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'a' }] }] })).toBe(false);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('custody');
    const ruleIds = run.tool.driver.rules.map((x: { id: string }) => x.id);
    expect([...ruleIds].sort()).toEqual([...new Set(EXPECTED.map((e) => e.split(' ')[0]))].sort()); // each id once
    expect(run.results).toHaveLength(5);
    const byPurl = Object.fromEntries(
      run.results.map(
        (x: {
          level: string;
          ruleId: string;
          ruleIndex: number;
          locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }>;
        }) => {
          expect(ruleIds[x.ruleIndex]).toBe(x.ruleId);
          return [x.locations[0]!.logicalLocations[0]!.fullyQualifiedName, `${x.ruleId} ${x.level}`];
        },
      ),
    );
    expect(byPurl['pkg:npm/%40babel/traverse@7.21.5']).toBe('GHSA-67hx-6x53-jw92 error'); // critical
    expect(byPurl['pkg:npm/ws@7.5.9']).toBe('GHSA-3h5v-q93c-6h6q error'); // high
    expect(byPurl['pkg:npm/semver@7.5.0']).toBe('GHSA-c2qf-rxjj-qqgw warning'); // medium
    expect(run.results[0].message.text).toMatch(/^GHSA-[a-z0-9-]+ \((critical|high|medium)\) in pkg:npm\//);
    expect(run.properties.sboms[0].signer.identity).toBe('--key k.pub');
    // An SBOM file: the file is the physical location too.
    const file = JSON.parse((await cli(['vuln', '--sbom', 'app.cdx.json', '--db', DB, '--format', 'sarif'])).stdout);
    expect(validate(file)).toBe(true);
    expect(file.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('app.cdx.json');
  });

  it('custody trace lists the verified scan and VEX as their own kinds (JSON valid against the trace schema; tree)', async () => {
    const args = [
      'trace',
      'app.tgz',
      '--bundle',
      'app.sbom.sigstore.json',
      '--bundle',
      'scan.sigstore.json',
      '--bundle',
      'vex.sigstore.json',
      '--key',
      'k.pub',
    ];
    const r = await cli([...args, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const trace = JSON.parse(r.stdout);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(TRACE_SCHEMA);
    expect(validate(trace), JSON.stringify(validate.errors)).toBe(true);
    const v = trace.subjects[0].verified;
    expect(v.sboms).toHaveLength(1);
    expect(v.other).toEqual([]);
    expect(v.scans).toHaveLength(1);
    const severities: Record<string, number> = {};
    for (const f of scanFindings) {
      const sev = f.scannerSeverity === 'negligible' ? 'low' : (f.scannerSeverity ?? 'unknown');
      severities[sev] = (severities[sev] ?? 0) + 1;
    }
    expect(v.scans[0]).toMatchObject({
      attestation: 'scan.sigstore.json',
      predicateType: 'https://in-toto.io/attestation/vulns/v0.1',
      findings: scanFindings.length,
      severities,
      signer: { kind: 'key' },
    });
    expect(v.scans[0].scanner).toMatch(/grype/);
    expect(v.vex).toEqual([
      expect.objectContaining({
        attestation: 'vex.sigstore.json',
        predicateType: 'https://openvex.dev/ns/v0.2.0',
        author: 'security@example.com',
        statements: 1,
        statuses: { not_affected: 1 },
      }),
    ]);
    const tree = await cli(args);
    expect(tree.code).toBe(0);
    expect(tree.stdout).toContain(`vulnerability scan: ${scanFindings.length} findings (`);
    expect(tree.stdout).toContain('VEX: 1 statements (1 not_affected) by security@example.com  [vex.sigstore.json]');
    const html = await cli([...args, '--format', 'html']);
    expect(html.stdout).toContain('vulnerability scan');
    const dot = await cli([...args, '--format', 'dot']);
    expect(dot.stdout).toMatch(/label="VEX: 1 statements\\nauthor security@example\.com/);
  });

  it('attest --batch lines take vuln (with vuln-predicate) and vex, as --vuln and --vex; bad lines exit 2 naming the line', async () => {
    const batch = (lines: object[]) => writeFile(join(dir, 'batch.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    await batch([
      { subject: 'app.tgz', vuln: SCAN, bundle: 'batch-scan.sigstore.json' },
      { subject: 'app.tgz', vuln: SCAN, 'vuln-predicate': 'cosign', bundle: 'batch-cosign.sigstore.json' },
      { subject: 'app.tgz', vex: 'app.vex.json', bundle: 'batch-vex.sigstore.json' },
    ]);
    const run = await cli(['attest', '--batch', 'batch.jsonl', '--key', 'k.key', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).statements).toHaveLength(3);
    for (const [bundle, type] of [
      ['batch-scan.sigstore.json', 'https://in-toto.io/attestation/vulns/v0.1'],
      ['batch-cosign.sigstore.json', 'https://cosign.sigstore.dev/attestation/vuln/v1'],
      ['batch-vex.sigstore.json', 'https://openvex.dev/ns/v0.2.0'],
    ] as const) {
      const v = await cli(['verify', 'app.tgz', '--bundle', bundle, '--key', 'k.pub', '--predicate-type', type]);
      expect(v.code, `${bundle}: ${v.stdout}${v.stderr}`).toBe(0);
    }
    // The batch's scan is the same statement --vuln makes: the trace reads the same findings from it.
    const trace = JSON.parse(
      (await cli(['trace', 'app.tgz', '--bundle', 'batch-cosign.sigstore.json', '--key', 'k.pub', '--format', 'json'])).stdout,
    );
    expect(trace.subjects[0].verified.scans[0].findings).toBe(scanFindings.length);

    const bad: Array<[object, RegExp]> = [
      [{ subject: 'app.tgz', vuln: SCAN, sbom: 'app.cdx.json' }, /batch line 1: gives "sbom" and "vuln": one predicate per line/],
      [{ subject: 'app.tgz', vex: 'app.vex.json', vuln: SCAN }, /gives "vuln" and "vex": one predicate per line/],
      [{ subject: 'app.tgz', sbom: 'app.cdx.json', 'vuln-predicate': 'cosign' }, /"vuln-predicate" applies to "vuln" only/],
      [{ subject: 'app.tgz', vuln: SCAN, 'vuln-predicate': 'trivy' }, /"vuln-predicate" is "trivy", not in-toto or cosign/],
      [{ subject: 'app.tgz', vex: 'app.cdx.json', bundle: 'never.sigstore.json' }, /batch line 1: .*\[ATTEST_VEX_UNKNOWN\]/],
      [{ subject: 'app.tgz', vuln: 'app.cdx.json', bundle: 'never.sigstore.json' }, /batch line 1: .*\[VULN_REPORT_UNKNOWN\]/],
    ];
    for (const [line, message] of bad) {
      await batch([line]);
      const r = await cli(['attest', '--batch', 'batch.jsonl', '--key', 'k.key']);
      expect(r.code, JSON.stringify(line)).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(join(dir, 'batch.jsonl'), 'utf8')).toContain('never.sigstore.json');
    await expect(rm(join(dir, 'never.sigstore.json'))).rejects.toThrow(); // nothing was written for a bad line
  });
});

describe('custody vuln TARGET keyless (local Sigstore stack)', () => {
  let dir: string;
  let stack: SigstoreStack;
  const REPO = 'custody-test/app';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-vuln-keyless-'));
    stack = await startSigstoreStack();
    await copyFile(join(sharedDir(), 'fixtures', 'lockfiles', 'package-lock-v3.json'), join(dir, 'package-lock.json'));
    await writeFile(join(dir, 'app.tgz'), 'the artifact the SBOM describes\n');
    const sbom = await runCli(['sbom', '.', '--format', 'cyclonedx-json', '--output', 'app.cdx.json'], {
      cwd: dir,
      env: { PATH: process.env.PATH },
    });
    expect(sbom.code, sbom.stderr).toBe(0);
    const digest = createHash('sha256')
      .update(readFileSync(join(dir, 'app.tgz')))
      .digest('hex');
    const doc = JSON.parse(readFileSync(join(dir, 'app.cdx.json'), 'utf8'));
    const instance = resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
    const st = makeStatement([{ name: 'app.tgz', digest: { sha256: digest } }], PREDICATE_CYCLONEDX, doc);
    for (const [repo, file] of [
      [REPO, 'app.sbom.sigstore.json'],
      ['evil-org/app', 'evil.sbom.sigstore.json'],
    ] as const) {
      const { bundle } = await signStatement(st, { identityToken: stack.issuer.mint(githubWorkflowClaims(repo)), instance });
      await writeFile(join(dir, file), JSON.stringify(bundle));
    }
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const cli = (bundle: string) =>
    runCli(
      [
        'vuln',
        'app.tgz',
        '--bundle',
        bundle,
        '--repo',
        REPO,
        '--certificate-oidc-issuer',
        stack.issuer.url,
        '--trusted-root',
        stack.trustedRootPath,
        '--db',
        DB,
        '--format',
        'json',
      ],
      { cwd: dir, env: { PATH: process.env.PATH, HOME: dir } },
    );

  it("reads the SBOM the build's repository signed, names the signer, and refuses another repository's", async () => {
    const r = await cli('app.sbom.sigstore.json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as VulnJson;
    expect(got(out.findings)).toEqual(EXPECTED);
    expect(out.sboms![0]!.signer).toMatchObject({ kind: 'certificate', issuer: stack.issuer.url });
    expect(out.sboms![0]!.signer.identity).toContain(`${REPO}/`);
    const evil = await cli('evil.sbom.sigstore.json');
    expect(evil.code).toBe(1);
    expect(evil.stderr).toContain('VULN_NO_VERIFIED_SBOM');
    expect(evil.stderr).toMatch(/identity|repository/);
  });
});

describe.runIf(registryToolsAvailable())('custody vuln oci:// (real registry)', { timeout: 120_000 }, () => {
  let registry: StartedRegistry;
  let dir: string;
  let ref: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-vuln-oci-'));
    registry = await startRegistry();
    const image = await pushTestImage(registry, 'demo/app', 'v1');
    ref = `oci://${registry.host}/demo/app@${image.digest}`;
    await copyFile(join(sharedDir(), 'fixtures', 'lockfiles', 'package-lock-v3.json'), join(dir, 'package-lock.json'));
    const env = { PATH: process.env.PATH, HOME: dir };
    for (const args of [
      ['sbom', '.', '--format', 'cyclonedx-json', '--output', 'app.cdx.json'],
      ['keys', 'generate', '--output-key', 'k.key', '--output-pub', 'k.pub'],
      ['attest', '--subject', ref, '--sbom', 'app.cdx.json', '--key', 'k.key', '--bundle', 'b.json', '--push'],
      ...scanAndVex(ref, ['--push']),
    ]) {
      const r = await runCli(args, { cwd: dir, env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  }, 120_000);
  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finds the SBOM attestation next to the image, by tag resolved once, and matches it', async () => {
    const tagRef = ref.replace(/@sha256:[0-9a-f]{64}$/, ':v1');
    const r = await runCli(['vuln', tagRef, '--key', 'k.pub', '--db', DB, '--format', 'json'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir },
    });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as VulnJson & { target: { resolved?: { digest: string } } };
    expect(got(out.findings)).toEqual(EXPECTED);
    expect(out.target.resolved?.digest).toBe(ref.split('@')[1]);
    expect(out.sboms![0]!.attestation).toMatch(new RegExp(`^oci://${registry.host}/demo/app@sha256:`));
    expect(out.sboms![0]!.subject).toBe(ref.split('@')[1]);
  });

  it("custody coverage shows the image's verified scan and VEX as their own kinds", async () => {
    await writeFile(join(dir, 'images.txt'), `${ref.slice('oci://'.length)}\n`);
    const env = { PATH: process.env.PATH, HOME: dir };
    const r = await runCli(['coverage', '--images', 'images.txt', '--key', 'k.pub', '--format', 'json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const img = out.images[0];
    expect(img).toMatchObject({ sbomVerified: true, vulnScanVerified: true, vexVerified: true, provenanceVerified: false });
    expect(img.attestations.map((a: { kind: string; verified: boolean }) => `${a.kind} ${a.verified}`).sort()).toEqual([
      'sbom true',
      'vex true',
      'vulnerabilities true',
    ]);
    expect(out.summary).toMatchObject({ vulnScanVerified: 1, vexVerified: 1 });
    const table = await runCli(['coverage', '--images', 'images.txt', '--key', 'k.pub'], { cwd: dir, env });
    expect(table.stdout).toMatch(/^IMAGE\s+PINNED\s+ATTESTATIONS\s+PROVENANCE\s+SBOM\s+SCAN\s+VEX\s+COVERED/);
    expect(table.stdout).toMatch(/3\/3 verified\s+no\s+yes\s+yes\s+yes\s+NO/);
    expect(table.stdout).toContain('verified vulnerability scans: 1/1 images; verified VEX: 1/1');
    const prom = await runCli(['coverage', '--images', 'images.txt', '--key', 'k.pub', '--format', 'prometheus'], { cwd: dir, env });
    expect(prom.stdout).toContain('custody_coverage_images_vuln_scan_verified 1');
    expect(prom.stdout).toContain('custody_coverage_images_vex_verified 1');
  });
});

// `custody verify` end to end through the CLI (in-process): policy files over real npm attestations (passing and
// failing), exit codes 0/1/2, the table and JSON outputs, the VSA, and targets that cannot be read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDir, sharedNotice } from '@custody/testing';
import { REPORT_SCHEMA, type VerifyReport } from '@custody/verify';
import { runCli } from './support/cli.js';

const shared = sharedDir();
const npmDir = shared ? join(shared, 'fixtures', 'real-attestations', 'npm-provenance') : '';
const tgz = join(npmDir, 'provenance-npm-test-cli-v1-prega.tgz');
const doc = `${tgz}.json`;

describe.skipIf(!shared)('custody verify (CLI)', () => {
  if (!shared) sharedNotice('custody verify CLI tests');
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-verify-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const policy = async (name: string, text: string) => {
    const p = join(dir, name);
    await writeFile(p, text);
    return p;
  };

  it('a passing policy: identities per predicate type and CEL over the provenance; writes a VSA', async () => {
    const p = await policy(
      'pass.yaml',
      [
        'version: 1',
        'requiredPredicateTypes:',
        '  - https://slsa.dev/provenance/v1',
        '  - https://github.com/npm/attestation/tree/main/specs/publish/v0.1',
        'predicates:',
        '  https://slsa.dev/provenance/v1:',
        '    identities:',
        '      - repo: sigstore/sigstore-js',
        '        sourceRef: refs/heads/main',
        '        denySelfHostedRunners: true',
        '    expressions:',
        '      - name: built from main',
        '        expr: predicate.buildDefinition.externalParameters.workflow.ref == "refs/heads/main"',
        '      - name: github-hosted',
        '        expr: signer.extensions.runnerEnvironment == "github-hosted"',
        'vsa:',
        '  verifiedLevels: [SLSA_BUILD_LEVEL_2]',
      ].join('\n'),
    );
    const vsa = join(dir, 'vsa.json');
    const r = await runCli(['verify', tgz, '--bundle', doc, '--policy', p, '--vsa', vsa, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.schema).toBe(REPORT_SCHEMA);
    expect(report.passed).toBe(true);
    const ids = report.attestations.flatMap((a) => a.checks.map((c) => c.id));
    expect(ids).toEqual(
      expect.arrayContaining([
        'policy.cel:built from main',
        'policy.cel:github-hosted',
        'identity.repo',
        'identity.source-ref',
        'identity.runner',
      ]),
    );
    const statement = JSON.parse(await readFile(vsa, 'utf8'));
    expect(statement.predicateType).toBe('https://slsa.dev/verification_summary/v1');
    expect(statement.predicate.verificationResult).toBe('PASSED');
    expect(statement.predicate.verifiedLevels).toEqual(['SLSA_BUILD_LEVEL_2']);
    expect(statement.subject[0].digest.sha256).toBe(report.target.digests.sha256);
    expect(statement.predicate.inputAttestations).toHaveLength(1);
    expect(statement.predicate.policy.digest.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a failing policy: every failed rule is reported (not only the first), exit 1, table names them', async () => {
    const p = await policy(
      'fail.yaml',
      [
        'requiredPredicateTypes: [https://slsa.dev/provenance/v1, https://cyclonedx.org/bom]',
        'identities:',
        '  - repo: sigstore/sigstore-js',
        'maxAge: 30d',
        'predicates:',
        '  https://slsa.dev/provenance/v1:',
        '    expressions:',
        '      - name: release tag',
        '        expr: predicate.buildDefinition.externalParameters.workflow.ref.startsWith("refs/tags/")',
      ].join('\n'),
    );
    const vsa = join(dir, 'vsa-fail.json');
    const r = await runCli(['verify', tgz, '--bundle', doc, '--policy', p, '--vsa', vsa]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/policy\.cel:release tag\s+FAIL/);
    expect(r.stdout).toMatch(/policy\.max-age\s+FAIL/);
    expect(r.stdout).toMatch(/required:https:\/\/cyclonedx\.org\/bom\s+FAIL/);
    expect(r.stdout).toContain('FAILED:');
    expect(JSON.parse(await readFile(vsa, 'utf8')).predicate.verificationResult).toBe('FAILED');
  });

  it('--vsa-key signs the VSA (through the attest command): the bundle verifies with the public key', async () => {
    const { generateSigningKey } = await import('@custody/sign');
    const kp = generateSigningKey('ecdsa-p256');
    await writeFile(join(dir, 'vsa.key'), kp.privateKeyPem);
    await writeFile(join(dir, 'vsa.pub'), kp.publicKeyPem);
    const out = join(dir, 'vsa.sigstore.json');
    const r = await runCli([
      'verify',
      tgz,
      '--bundle',
      doc,
      '--repo',
      'sigstore/sigstore-js',
      '--vsa',
      out,
      '--vsa-key',
      join(dir, 'vsa.key'),
    ]);
    expect(r.code).toBe(0);
    const check = await runCli([
      'verify',
      tgz,
      '--bundle',
      out,
      '--key',
      join(dir, 'vsa.pub'),
      '--predicate-type',
      'https://slsa.dev/verification_summary/v1',
      '--format',
      'json',
    ]);
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout) as VerifyReport;
    expect(report.attestations[0]!.predicateType).toBe('https://slsa.dev/verification_summary/v1');
    const noVsa = await runCli(['verify', tgz, '--bundle', doc, '--repo', 'sigstore/sigstore-js', '--vsa-key', join(dir, 'vsa.key')]);
    expect(noVsa.code).toBe(2);
  });

  it("identity flags still apply next to a policy's identities (both must match)", async () => {
    const p = await policy('ids.yaml', 'identities:\n  - repo: sigstore/sigstore-js\n');
    const ok = await runCli(['verify', tgz, '--bundle', doc, '--policy', p, '--source-ref', 'refs/heads/main']);
    expect(ok.code).toBe(0);
    const bad = await runCli([
      'verify',
      tgz,
      '--bundle',
      doc,
      '--policy',
      p,
      '--certificate-oidc-issuer',
      'https://evil.example',
      '--format',
      'json',
    ]);
    expect(bad.code).toBe(1);
    const failedIds = (JSON.parse(bad.stdout) as VerifyReport).attestations.flatMap((a) =>
      a.checks.filter((c) => c.status === 'fail').map((c) => c.id),
    );
    expect(failedIds).toEqual(['identity.issuer']);
  });

  it('policy errors cannot run (exit 2) and name file:line', async () => {
    const p = await policy('bad.yaml', 'version: 1\npredicates:\n  https://slsa.dev/provenance/v1:\n    expressions: ["predicate.x =="]\n');
    const r = await runCli(['verify', tgz, '--bundle', doc, '--repo', 'sigstore/sigstore-js', '--policy', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${p}:4:`);
    expect(r.stderr).toContain('[VERIFY_POLICY_INVALID]');
    expect(r.stdout).toBe('');
  });

  it('inputs that cannot be used exit 2 with a code: missing target, bad trusted root, bad key, bad flags', async () => {
    const missing = await runCli(['verify', join(dir, 'nope.tgz'), '--bundle', doc, '--repo', 'a/b']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('[VERIFY_TARGET_UNREADABLE]')]);
    const root = await policy(
      'root.json',
      '{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1", "tlogs": [{"baseUrl": "x", "publicKey": {"rawBytes": "AA=="}, "logId": {"keyId": "AA=="}}]}',
    );
    const badRoot = await runCli(['verify', tgz, '--bundle', doc, '--repo', 'a/b', '--trusted-root', root]);
    expect([badRoot.code, badRoot.stderr]).toEqual([2, expect.stringContaining('validFor.start')]);
    const key = await policy('key.pem', 'not a key');
    const badKey = await runCli(['verify', tgz, '--bundle', doc, '--key', key]);
    expect([badKey.code, badKey.stderr]).toEqual([2, expect.stringContaining('[VERIFY_KEY_INVALID]')]);
    const re = await runCli(['verify', tgz, '--bundle', doc, '--certificate-identity-regexp', '(', '--certificate-oidc-issuer', 'x']);
    expect([re.code, re.stderr]).toEqual([2, expect.stringContaining('[VERIFY_IDENTITY_INVALID]')]);
    const fmt = await runCli(['verify', tgz, '--bundle', doc, '--format', 'xml']);
    expect(fmt.code).toBe(2);
  });

  it('no attestation at all fails (exit 1), it does not pass vacuously', async () => {
    const r = await runCli(['verify', tgz, '--format', 'json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as VerifyReport).checks[0]).toMatchObject({ id: 'attestations', status: 'fail' });
  });

  it('sha256: targets cannot bind sha512-only npm subjects: the reason says so', async () => {
    const r = await runCli(['verify', `sha256:${'0'.repeat(64)}`, '--bundle', doc, '--repo', 'sigstore/sigstore-js', '--format', 'json']);
    expect(r.code).toBe(1);
    const subject = (JSON.parse(r.stdout) as VerifyReport).attestations[1]!.checks.find((c) => c.id === 'subject')!;
    expect(subject.reason).toContain('sha512');
  });

  it('registry and layout targets: handled by the OCI package or refused clearly', async () => {
    const r = await runCli(['verify', 'oci-layout:/nonexistent-layout', '--repo', 'a/b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[(VERIFY_OCI_UNAVAILABLE|OCI_[A-Z_]+)\]/);
  });

  it('--help lists the identity shorthands and the insecure flags', async () => {
    const r = await runCli(['verify', '--help']);
    expect(r.code).toBe(0);
    for (const f of ['--owner', '--repo', '--signer-workflow', '--deny-self-hosted-runners', '--insecure-ignore-tlog', '--vsa'])
      expect(r.stdout).toContain(f);
    expect(existsSync(tgz)).toBe(true);
  });
  it("--predicate-type adds to the policy's requiredPredicateTypes (it does not replace them)", async () => {
    const p = await policy(
      'req.yaml',
      'requiredPredicateTypes: [https://cyclonedx.org/bom]\nidentities:\n  - repo: sigstore/sigstore-js\n',
    );
    const r = await runCli([
      'verify',
      tgz,
      '--bundle',
      doc,
      '--policy',
      p,
      '--predicate-type',
      'https://slsa.dev/provenance/v1',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['required:https://cyclonedx.org/bom']);
    expect(report.checks.find((c) => c.id === 'required:https://slsa.dev/provenance/v1')).toMatchObject({ status: 'pass' });
  });

  it('a "*" (or any wildcard) predicate key in a policy cannot run: exit 2, VERIFY_POLICY_INVALID at its line', async () => {
    const p = await policy('star.yaml', 'identities:\n  - repo: sigstore/sigstore-js\npredicates:\n  "*":\n    expressions: ["false"]\n');
    const r = await runCli(['verify', tgz, '--bundle', doc, '--policy', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[VERIFY_POLICY_INVALID]');
    expect(r.stderr).toContain(`${p}:4:3`);
  });

  const conformanceDir = join(shared ?? '', 'conformance', 'sigstore-bundle-verify');
  const beacon = [
    '--certificate-identity',
    'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main',
    '--certificate-oidc-issuer',
    'https://token.actions.githubusercontent.com',
  ];
  it('a message-signature bundle (conformance happy-path-v0.3, signed 2024) is held to maxAge, CEL and SBOM rules', async () => {
    const bundle = join(conformanceDir, 'happy-path-v0.3', 'bundle.sigstore.json');
    const artifact = join(conformanceDir, 'a.txt');
    const ok = await runCli([
      'verify',
      artifact,
      '--bundle',
      bundle,
      ...beacon,
      '--policy',
      await policy('ms-ok.yaml', 'maxAge: 36500d\n'),
      '--format',
      'json',
    ]);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as VerifyReport).attestations[0]!.checks.find((c) => c.id === 'policy.max-age')).toMatchObject({
      status: 'pass',
    });
    for (const [name, text, id] of [
      ['ms-age.yaml', 'maxAge: 1d\n', 'policy.max-age'],
      ['ms-cel.yaml', 'expressions: ["true"]\n', 'policy.cel:expressions[0]'],
      ['ms-sbom.yaml', 'sbom:\n  deniedLicenses: ["GPL-*"]\n', 'policy.sbom'],
    ] as const) {
      const r = await runCli(['verify', artifact, '--bundle', bundle, ...beacon, '--policy', await policy(name, text), '--format', 'json']);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as VerifyReport;
      expect(report.attestations[0]!.content).toBe('message-signature');
      expect(report.attestations[0]!.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([id]);
    }
  });
});

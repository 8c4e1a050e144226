// Must-show 2: attestations made by real CI runs and signed by public-good Sigstore (../shared/fixtures/real-attestations),
// verified offline against the embedded public-good root and npm's registry keys (both from @sigstore/tuf's seeds).
// Each valid one verifies with the right identity; each -invalidsig* twin, wrong identity and wrong artifact is
// rejected with the failing check named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDir, sharedNotice } from '@custody/testing';
import { embeddedPublicGoodRootJson, type VerifyReport } from '@custody/verify';
import { runCli } from './support/cli.js';
import { verifyArtifact } from '../src/commands/verify.js';

const shared = sharedDir();
const base = shared ? join(shared, 'fixtures', 'real-attestations') : '';
const npmDir = join(base, 'npm-provenance');
const slsaDir = join(base, 'slsa-generic');
const V1 = 'https://slsa.dev/provenance/v1';
const V02 = 'https://slsa.dev/provenance/v0.2';
const NPM_PUBLISH = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';

async function verify(args: string[]): Promise<{ code: number; report?: VerifyReport; stderr: string }> {
  const r = await runCli(['verify', ...args, '--format', 'json']);
  return { code: r.code, stderr: r.stderr, ...(r.code !== 2 ? { report: JSON.parse(r.stdout) as VerifyReport } : {}) };
}

const failing = (r: VerifyReport) => [
  ...r.checks.filter((c) => c.status === 'fail').map((c) => c.id),
  ...r.attestations.flatMap((a) => a.checks.filter((c) => c.status === 'fail').map((c) => c.id)),
];

/** Valid npm packages: the identity each was built with (read from the certificates) and its provenance type. */
const NPM = [
  { name: 'provenance-npm-test-cli-v1-prega', type: V1, id: ['--repo', 'sigstore/sigstore-js', '--source-ref', 'refs/heads/main'] },
  {
    name: 'gundam-visor-cli-v1-tag',
    type: V1,
    id: ['--repo', 'ramonpetgrave64/gundam-visor', '--source-ref', 'refs/tags/v1.0.1', '--deny-self-hosted-runners'],
  },
  { name: 'provenance-npm-test-cli-v02-prega', type: V02, id: ['--repo', 'laurentsimon/provenance-npm-test'] },
  {
    name: 'supreme-googles-cli-v02-tag',
    type: V02,
    id: ['--repo', 'trishankatdatadog/supreme-goggles', '--source-ref', 'refs/tags/v1.0.5'],
  },
  // Built through the SLSA generator's reusable workflow: the signer is in another repository.
  {
    name: 'provenance-npm-test-ossf',
    type: V02,
    id: ['--repo', 'laurentsimon/provenance-npm-test', '--signer-repo', 'slsa-framework/slsa-github-generator'],
  },
];

describe.skipIf(!shared)('real attestations (public-good Sigstore, offline)', () => {
  if (!shared) sharedNotice('the real attestation fixtures');

  for (const p of NPM) {
    const tgz = join(npmDir, `${p.name}.tgz`);
    const doc = `${tgz}.json`;

    it(`npm ${p.name}: provenance and publish attestations verify for the tarball`, async () => {
      const r = await verify([tgz, '--bundle', doc, ...p.id, '--predicate-type', p.type]);
      expect(failing(r.report!)).toEqual([]);
      expect(r.code).toBe(0);
      const types = r.report!.attestations.map((a) => a.predicateType).sort();
      expect(types).toEqual([NPM_PUBLISH, p.type].sort());
      const prov = r.report!.attestations.find((a) => a.predicateType === p.type)!;
      expect(prov.signer?.kind).toBe('certificate');
      expect(prov.signer?.extensions?.sourceRepositoryURI).toBe(`https://github.com/${p.id[1]}`);
      // The publish attestation is signed by the npm registry's key, not a certificate.
      const pub = r.report!.attestations.find((a) => a.predicateType === NPM_PUBLISH)!;
      expect(pub.signer?.identity).toMatch(/^npm registry key SHA256:/);
      // npm subjects carry sha512 only: the binding is checked on sha512.
      expect(prov.checks.find((c) => c.id === 'subject')).toMatchObject({ status: 'pass' });
      expect(prov.checks.find((c) => c.id === 'subject')!.reason).toContain('sha512');
    });

    for (const twin of ['invalidsigprov', 'invalidsigpub']) {
      const twinDoc = join(npmDir, `${p.name}-${twin}.tgz.json`);
      it.skipIf(!existsSync(twinDoc))(`npm ${p.name}-${twin}: rejected, signature named`, async () => {
        const twinTgz = existsSync(join(npmDir, `${p.name}-${twin}.tgz`)) ? join(npmDir, `${p.name}-${twin}.tgz`) : tgz;
        // Gate semantics: a tampered attestation fails the run when its type is required (both are, here); of a type
        // not required it is ignored, with its reason.
        const r = await verify([twinTgz, '--bundle', twinDoc, ...p.id, '--predicate-type', p.type, '--predicate-type', NPM_PUBLISH]);
        expect(r.code).toBe(1);
        const tampered = r.report!.attestations.find((a) => a.predicateType === (twin === 'invalidsigprov' ? p.type : NPM_PUBLISH))!;
        expect(tampered.passed).toBe(false);
        expect(tampered.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toContain('signature.value');
      });
    }

    it(`npm ${p.name}: a wrong identity is rejected, identity named`, async () => {
      const r = await verify([tgz, '--bundle', doc, '--repo', 'evil-org/evil-repo', '--predicate-type', p.type]);
      expect(r.code).toBe(1);
      expect(failing(r.report!)).toContain('identity.repo');
      expect(failing(r.report!)).not.toContain('signature.value');
    });
  }

  it("npm: a wrong artifact (another package's tarball) is rejected, subject named", async () => {
    const r = await verify([
      join(npmDir, 'gundam-visor-cli-v1-tag.tgz'),
      '--bundle',
      join(npmDir, 'provenance-npm-test-cli-v1-prega.tgz.json'),
      '--repo',
      'sigstore/sigstore-js',
    ]);
    expect(r.code).toBe(1);
    const ids = failing(r.report!);
    expect(ids).toContain('subject');
    expect(ids.filter((i) => i.startsWith('signature') || i.startsWith('identity'))).toEqual([]);
  });

  const binary = join(slsaDir, 'binary-linux-amd64-workflow_dispatch');
  const GEN = [
    '--repo',
    'slsa-framework/example-package',
    '--signer-repo',
    'slsa-framework/slsa-github-generator',
    '--predicate-type',
    V02,
  ];
  for (const [file, ref] of [
    ['binary-linux-amd64-workflow_dispatch.intoto.jsonl', 'refs/heads/main'],
    ['binary-linux-amd64-push-v14.intoto.jsonl', 'refs/tags/v14'],
  ] as const) {
    it(`SLSA generator ${file}: verifies against its binary with the generator as signer`, async () => {
      const r = await verify([
        binary,
        '--bundle',
        join(slsaDir, file),
        ...GEN,
        '--source-ref',
        ref,
        '--signer-workflow',
        'slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0',
      ]);
      expect(failing(r.report!)).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.report!.attestations[0]!.signer?.identity).toBe(
        'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.1.0',
      );
    });
  }

  it('SLSA generator: wrong ref, wrong signer and wrong artifact are each rejected with their check named', async () => {
    const bundle = join(slsaDir, 'binary-linux-amd64-push-v14.intoto.jsonl');
    const ref = await verify([binary, '--bundle', bundle, ...GEN, '--source-ref', 'refs/heads/main']);
    expect(ref.code).toBe(1);
    expect(failing(ref.report!)).toContain('identity.source-ref');
    // Without --signer-repo, --repo requires the signer workflow to live in the repository itself (as gh does).
    const signer = await verify([binary, '--bundle', bundle, '--repo', 'slsa-framework/example-package', '--predicate-type', V02]);
    expect(signer.code).toBe(1);
    expect(failing(signer.report!)).toContain('identity.repo');
    const artifact = await verify([join(npmDir, 'gundam-visor-cli-v1-tag.tgz'), '--bundle', bundle, ...GEN]);
    expect(artifact.code).toBe(1);
    expect(failing(artifact.report!)).toEqual(expect.arrayContaining(['subject']));
    // The default predicate type (SLSA v1) is not what the generator wrote: named as a missing requirement.
    const type = await verify([
      binary,
      '--bundle',
      bundle,
      '--repo',
      'slsa-framework/example-package',
      '--signer-repo',
      'slsa-framework/slsa-github-generator',
    ]);
    expect(type.code).toBe(1);
    expect(failing(type.report!)).toEqual([`required:${V1}`]);
  });

  it('cosign legacy .att in an OCI layout (a real SLSA container-generator attestation): found, converted, verified', async () => {
    const target = `oci-layout:${join(base, 'cosign-oci-layout')}`;
    const id = { repo: 'slsa-framework/example-package', signerRepo: 'slsa-framework/slsa-github-generator' };
    const ok = await verifyArtifact({ target, bundles: [], identity: id, predicateTypes: [V02], cwd: process.cwd() });
    expect(failing(ok.report)).toEqual([]);
    expect(ok.report.attestations).toHaveLength(1);
    expect(ok.report.attestations[0]!.source).toMatch(/#layer0\(cosign\)$/);
    expect(ok.report.attestations[0]!.checks.find((c) => c.id === 'signature.tlog')!.reason).toContain('dsse 0.0.1');
    expect(ok.report.notes.join(' ')).toContain('resolved once to sha256:');
    const wrong = await verifyArtifact({
      target,
      bundles: [],
      identity: { ...id, sourceRef: 'refs/heads/evil' },
      predicateTypes: [V02],
      cwd: process.cwd(),
    });
    expect(failing(wrong.report)).toContain('identity.source-ref');
  });

  it('a keyless bundle without any expected identity cannot run (exit 2, named)', async () => {
    const r = await runCli(['verify', binary, '--bundle', join(slsaDir, 'binary-linux-amd64-push-v14.intoto.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[VERIFY_IDENTITY_REQUIRED]');
  });
  // ---- npm registry keys: what they may vouch for (review findings 2, 3 and 8). ----
  describe('npm publish attestations (signed by the npm registry key)', () => {
    const p = NPM[0]!;
    const tgz = join(npmDir, `${p.name}.tgz`);
    const docJson = () =>
      JSON.parse(readFileSync(`${tgz}.json`, 'utf8')) as { attestations: Array<{ predicateType: string; bundle: Record<string, any> }> };
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'custody-npm-keys-'));
    });
    afterAll(async () => rm(dir, { recursive: true, force: true }));
    const write = async (name: string, value: unknown) => {
      const f = join(dir, name);
      await writeFile(f, typeof value === 'string' ? value : JSON.stringify(value));
      return f;
    };
    /** The npm document with only its publish attestation (the keyless provenance removed). */
    const publishOnly = () => {
      const d = docJson();
      d.attestations = d.attestations.filter((a) => a.predicateType === NPM_PUBLISH);
      expect(d.attestations).toHaveLength(1);
      return d;
    };

    it('the publish attestation alone never satisfies --repo (right or wrong): exit 1, run-level identity check named', async () => {
      const f = await write('publish-only.json', publishOnly());
      for (const repo of ['evil-org/evil-repo', p.id[1]!]) {
        const r = await verify([tgz, '--bundle', f, '--repo', repo, '--predicate-type', NPM_PUBLISH]);
        expect(r.code).toBe(1);
        expect(failing(r.report!)).toEqual(['identity']);
        expect(r.report!.attestations[0]!.checks.find((c) => c.id === 'identity')!.status).toBe('skip');
      }
      // The same through a policy's identities.
      const pol = await write('pub-policy.yaml', `requiredPredicateTypes: ["${NPM_PUBLISH}"]\nidentities:\n  - repo: evil-org/evil-repo\n`);
      const r = await verify([tgz, '--bundle', f, '--policy', pol]);
      expect(r.code).toBe(1);
      expect(failing(r.report!)).toEqual(['identity']);
    });

    it('the publish bundle taken out of the npm document (a bundle file of its own) is not trusted: signature.key', async () => {
      const f = await write('publish.sigstore.json', publishOnly().attestations[0]!.bundle);
      const r = await verify([tgz, '--bundle', f, '--predicate-type', NPM_PUBLISH]);
      expect(r.code).toBe(1);
      expect(failing(r.report!)).toContain('signature.key');
      expect(r.report!.attestations[0]!.checks.find((c) => c.id === 'signature.key')!.reason).toMatch(/npm registry attestations document/);
    });

    it('with --trusted-root the npm registry keys are not trusted: the publish attestation fails signature.key', async () => {
      const root = await write('public-good-root.json', embeddedPublicGoodRootJson());
      const r = await verify([
        tgz,
        '--bundle',
        `${tgz}.json`,
        ...p.id,
        '--predicate-type',
        p.type,
        '--predicate-type',
        NPM_PUBLISH,
        '--trusted-root',
        root,
      ]);
      expect(r.code).toBe(1);
      const pub = r.report!.attestations.find((a) => a.predicateType === NPM_PUBLISH)!;
      expect(pub.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['signature.key']);
      // The keyless provenance still verifies against that root: required alone, it passes; the publish one is ignored.
      expect(r.report!.attestations.find((a) => a.predicateType === p.type)!.passed).toBe(true);
      const provOnly = await verify([tgz, '--bundle', `${tgz}.json`, ...p.id, '--predicate-type', p.type, '--trusted-root', root]);
      expect(provOnly.code).toBe(0);
      expect(provOnly.report!.ignored).toEqual([
        expect.objectContaining({ predicateType: NPM_PUBLISH, reason: expect.stringContaining('signature.key') }),
      ]);
    });

    it('a publish attestation stripped of its log entry has no trusted time for the (retired) npm key: signature.key', async () => {
      const d = publishOnly();
      const vm = d.attestations[0]!.bundle.verificationMaterial;
      vm.tlogEntries = [];
      const f = await write('publish-notlog.json', d);
      const r = await verify([tgz, '--bundle', f, '--predicate-type', NPM_PUBLISH]);
      expect(r.code).toBe(1);
      expect(failing(r.report!)).toContain('signature.key');
      expect(r.report!.attestations[0]!.checks.find((c) => c.id === 'signature.key')!.reason).toMatch(/no verified signing time/);
      // With its log entry, the same publish attestation verifies (no identity asked).
      const ok = await verify([tgz, '--bundle', await write('publish-only-2.json', publishOnly()), '--predicate-type', NPM_PUBLISH]);
      expect(failing(ok.report!)).toEqual([]);
      expect(ok.code).toBe(0);
    });

    it('a v0.1 npm provenance bundle ending in the root certificate is tolerated only inside the npm document', async () => {
      const v02 = NPM.find((x) => x.type === V02)!;
      const tgz02 = join(npmDir, `${v02.name}.tgz`);
      const d = JSON.parse(readFileSync(`${tgz02}.json`, 'utf8')) as {
        attestations: Array<{ predicateType: string; bundle: Record<string, any> }>;
      };
      const provBundle = d.attestations.find((a) => a.predicateType === V02)!.bundle;
      expect(provBundle.mediaType).toBe('application/vnd.dev.sigstore.bundle+json;version=0.1');
      expect(provBundle.verificationMaterial.x509CertificateChain.certificates.length).toBe(3);
      const f = await write('v01-with-root.sigstore.json', provBundle);
      const r = await verify([tgz02, '--bundle', f, ...v02.id, '--predicate-type', V02]);
      expect(r.code).toBe(1);
      expect(failing(r.report!)).toContain('bundle');
    });
  });
});

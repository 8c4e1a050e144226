// actions/attest's committed dist, run like a GitHub runner runs it (INPUT_* variables, GITHUB_OUTPUT, summary
// file), getting its OIDC token from the local issuer through ACTIONS_ID_TOKEN_REQUEST_URL and signing against
// the local Sigstore stack. The bundle is checked with @sigstore/verify against the stack's trusted root.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey } from '@custody/sign';
import { runActionDist, startSigstoreStack, verifyBundleWithRoot, type SigstoreStack } from '@custody/testing';

const dist = join(import.meta.dirname, '..', 'actions', 'attest', 'dist', 'index.js');

describe('actions/attest dist', () => {
  let stack: SigstoreStack;
  let ws: string;
  beforeAll(async () => {
    stack = await startSigstoreStack();
    ws = await mkdtemp(join(tmpdir(), 'custody-attest-action-'));
    await writeFile(join(ws, 'app.tgz'), 'artifact bytes\n');
    await writeFile(join(ws, 'sbom.cdx.json'), JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 }));
  });
  afterAll(async () => {
    await stack.close();
  });

  it('keyless: token from ACTIONS_ID_TOKEN_REQUEST_URL, signs against the local stack, outputs bundle-path and a summary', async () => {
    const run = await runActionDist(
      dist,
      { 'subject-path': 'app.tgz', 'sbom-path': 'sbom.cdx.json', 'signing-config': stack.signingConfigPath, 'show-summary': 'true' },
      { cwd: ws, env: { GITHUB_ACTIONS: 'true', ...stack.issuer.githubEnv() } },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(stack.issuer.tokenRequests.at(-1)).toEqual({ audience: 'sigstore', authorized: true });
    const bundlePath = run.outputs['bundle-path']!;
    expect(bundlePath.endsWith('app.tgz.sigstore.json')).toBe(true);
    expect(bundlePath.startsWith(ws)).toBe(false); // default: RUNNER_TEMP, not the checkout
    const bundle = JSON.parse(await readFile(bundlePath, 'utf8'));
    const san = 'https://github.com/custody-test/app/.github/workflows/release.yml@refs/heads/main';
    verifyBundleWithRoot(bundle, stack.trustedRoot, { tlogThreshold: 1, timestampThreshold: 2, subjectAlternativeName: san });
    const logIndex = bundle.verificationMaterial.tlogEntries[0].logIndex;
    expect(run.summary).toContain('https://cyclonedx.org/bom');
    expect(run.summary).toContain(san);
    expect(run.summary).toContain(`entry ${logIndex}`);
    expect(run.summary).toMatch(/\| app\.tgz \| `sha256:[0-9a-f]{64}` \|/);
    // The ID token is masked (::add-mask::, so the runner hides it everywhere) and printed nowhere else; the
    // request token is not printed at all.
    const out = run.stdout + run.stderr;
    const jwtLines = out.split('\n').filter((l) => /eyJ[\w-]+\.eyJ/.test(l));
    expect(jwtLines.length).toBeGreaterThan(0);
    for (const l of jwtLines) expect(l.startsWith('::add-mask::')).toBe(true);
    expect(out).not.toContain(stack.issuer.requestToken);
  });

  it('key input (PEM from a secret) with a passphrase, subject-name + subject-digest, custom predicate', async () => {
    const pass = 'action-key-pass-5521';
    const key = generateSigningKey('ed25519', pass);
    const run = await runActionDist(
      dist,
      {
        'subject-name': 'ghcr.io/acme/app',
        'subject-digest': `sha256:${'b'.repeat(64)}`,
        'predicate-type': 'https://example.com/test-result/v1',
        predicate: '{"passed":true}',
        key: key.privateKeyPem,
        'tsa-url': stack.tsaUrl,
        'bundle-file': 'out/app.sigstore.json',
      },
      { cwd: ws, env: { GITHUB_ACTIONS: 'true', CUSTODY_KEY_PASSWORD: pass } },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs['bundle-path']).toBe(join(ws, 'out/app.sigstore.json'));
    const bundle = JSON.parse(await readFile(join(ws, 'out/app.sigstore.json'), 'utf8'));
    verifyBundleWithRoot(bundle, stack.trustedRoot, { keys: { [key.keyId]: key.publicKeyPem }, timestampThreshold: 1 });
    expect(run.summary).toContain(key.keyId);
    const out = run.stdout + run.stderr;
    expect(out).toContain(`::add-mask::${pass}`);
    expect(out.split(pass).length - 1).toBe(1);
  });

  it('without id-token permission and without a key: the step fails with the fix, no bundle', async () => {
    const run = await runActionDist(
      dist,
      { 'subject-path': 'app.tgz', 'sbom-path': 'sbom.cdx.json', 'bundle-file': 'none.sigstore.json' },
      { cwd: ws, env: { GITHUB_ACTIONS: 'true' } },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::.*permissions: id-token: write/);
    expect(existsSync(join(ws, 'none.sigstore.json'))).toBe(false);
  });
});

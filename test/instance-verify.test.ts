// Issue 13, must-show 3: a keyless bundle from GitHub's Sigstore instance carries an RFC 3161 timestamp and no
// transparency-log entry. `custody verify` takes its thresholds from the trusted root (as gh attestation verify
// and sigstore-js's Verifier options do): with a root that lists no transparency log (GitHub's) such a bundle
// verifies; with a root that lists one (public-good, or this stack's full root) it fails on signature.tlog.
// The local Sigstore stack stands in for GitHub's instance: Fulcio + TSA only (Rekor runs but is not used), and a
// trusted root built from the same keys without its tlogs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSigstoreStack, verifyBundleWithRoot, type SigstoreStack } from '@custody/testing';
import type { VerifyReport } from '@custody/verify';
import { runCli } from './support/cli.js';

const PREDICATE = 'https://example.com/test-result/v1';
const SAN = 'https://github.com/custody-test/app/.github/workflows/release.yml@refs/heads/main';

describe("verifying bundles from GitHub's instance (timestamp, no log entry)", () => {
  let stack: SigstoreStack;
  let dir: string;
  let artifact: string;
  let githubRoot: string;
  let fullRoot: string;
  const bundles: Record<string, string> = {};

  const sign = async (name: string, services: string[]) => {
    const out = join(dir, `${name}.sigstore.json`);
    const r = await runCli(
      [
        'attest',
        '--subject',
        artifact,
        '--predicate-type',
        PREDICATE,
        '--predicate',
        join(dir, 'predicate.json'),
        '--bundle',
        out,
        ...services,
      ],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          SIGSTORE_ID_TOKEN: stack.issuer.mint({
            iss: stack.issuer.url,
            sub: 'repo:custody-test/app:ref:refs/heads/main',
            job_workflow_ref: 'custody-test/app/.github/workflows/release.yml@refs/heads/main',
          }),
        },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    return out;
  };
  const verify = async (bundle: string, root: string, extra: string[] = []) => {
    const r = await runCli(
      [
        'verify',
        artifact,
        '--bundle',
        bundle,
        '--trusted-root',
        root,
        '--certificate-identity',
        SAN,
        '--certificate-oidc-issuer',
        stack.issuer.url,
        '--predicate-type',
        PREDICATE,
        '--format',
        'json',
        ...extra,
      ],
      { cwd: dir, env: { PATH: process.env.PATH } },
    );
    return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as VerifyReport) : undefined };
  };
  const check = (report: VerifyReport | undefined, id: string) => report?.attestations[0]?.checks.find((c) => c.id === id);

  beforeAll(async () => {
    stack = await startSigstoreStack();
    dir = await mkdtemp(join(tmpdir(), 'custody-instance-verify-'));
    artifact = join(dir, 'app.tgz');
    await writeFile(artifact, 'artifact bytes\n');
    await writeFile(join(dir, 'predicate.json'), '{"passed":true}');
    // GitHub's trusted root has CAs and TSAs and no transparency log; the stack's full root has a tlog.
    githubRoot = join(dir, 'github-like-root.json');
    await writeFile(githubRoot, JSON.stringify({ ...stack.trustedRoot, tlogs: [] }));
    fullRoot = stack.trustedRootPath;
    bundles.github = await sign('github', ['--fulcio-url', stack.fulcioUrl, '--tsa-url', stack.tsaUrl]);
    bundles.logged = await sign('logged', ['--fulcio-url', stack.fulcioUrl, '--rekor-url', stack.rekorUrl]);
    bundles.bare = await sign('bare', ['--fulcio-url', stack.fulcioUrl, '--tsa-url', stack.tsaUrl]);
  });
  afterAll(async () => {
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the GitHub-instance bundle has a timestamp and no log entry, and sigstore-js verifies it with tlog threshold 0', async () => {
    const bundle = JSON.parse(await readFile(bundles.github!, 'utf8'));
    expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([]);
    expect(bundle.verificationMaterial.timestampVerificationData.rfc3161Timestamps).toHaveLength(1);
    expect(stack.faults.requests.filter((r) => r.service === 'rekor' && r.path === '/api/v1/log/entries').length).toBe(1); // only the "logged" bundle
    verifyBundleWithRoot(
      bundle,
      { ...stack.trustedRoot, tlogs: [] },
      { tlogThreshold: 0, timestampThreshold: 1, subjectAlternativeName: SAN },
    );
  });

  it('verifies with a trusted root that has no transparency log: exit 0, signature.tlog passes saying why', async () => {
    const r = await verify(bundles.github!, githubRoot);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.report?.passed).toBe(true);
    expect(check(r.report, 'signature.timestamps')?.status).toBe('pass');
    expect(check(r.report, 'signature.tlog')).toMatchObject({
      status: 'pass',
      reason: expect.stringMatching(/trusted root lists no transparency log/),
    });
    // No insecure flag was involved.
    expect(r.report?.insecure).toEqual([]);
  });

  it('an SCT the root cannot check is not ignored: a root without CT logs fails a certificate that carries one', async () => {
    // The threshold follows the root (no CT log: none required), but @sigstore/verify checks every SCT present, so
    // a certificate whose SCT comes from a log the root does not list still fails closed.
    const noCt = join(dir, 'no-ct-root.json');
    await writeFile(noCt, JSON.stringify({ ...stack.trustedRoot, tlogs: [], ctlogs: [] }));
    const r = await verify(bundles.github!, noCt);
    expect(r.code).toBe(1);
    expect(check(r.report, 'signature.certificate')).toMatchObject({ status: 'fail', reason: 'SCT verification failed' });
    expect(check((await verify(bundles.github!, githubRoot)).report, 'signature.certificate')?.reason).toMatch(/SCT verified/);
  });

  it('fails where the trusted root requires a log: exit 1, signature.tlog names the missing entry', async () => {
    const r = await verify(bundles.github!, fullRoot);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.report?.passed).toBe(false);
    const tlog = check(r.report, 'signature.tlog');
    expect(tlog?.status).toBe('fail');
    expect(tlog?.reason).toMatch(/no transparency-log entry.*lists 1 transparency log: an entry is required/);
    // Everything else about the bundle is fine: the failure is the missing log entry alone.
    const failed = r.report!.attestations[0]!.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(failed).toEqual(['signature.tlog']);
  });

  it('the same bundle still fails without the insecure flag against the embedded public-good root (untrusted CA, no entry)', async () => {
    const r = await runCli(
      [
        'verify',
        artifact,
        '--bundle',
        bundles.github!,
        '--certificate-identity',
        SAN,
        '--certificate-oidc-issuer',
        stack.issuer.url,
        '--predicate-type',
        PREDICATE,
        '--format',
        'json',
      ],
      { cwd: dir, env: { PATH: process.env.PATH } },
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(check(report, 'signature.tlog')?.status).toBe('fail');
  });

  it('a bundle with a log entry does not verify against a root without logs (the entry cannot be checked): fails closed', async () => {
    const r = await verify(bundles.logged!, githubRoot);
    expect(r.code).toBe(1);
    expect(check(r.report, 'signature.tlog')?.status).toBe('fail');
    // And it verifies against the full root (the log is trusted there).
    expect((await verify(bundles.logged!, fullRoot)).code).toBe(0);
  });

  it('a root without logs still needs a verified time: a bundle whose timestamp was removed fails signature.timestamps', async () => {
    const bundle = JSON.parse(await readFile(bundles.bare!, 'utf8'));
    bundle.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: [] };
    const stripped = join(dir, 'stripped.sigstore.json');
    await writeFile(stripped, JSON.stringify(bundle));
    const r = await verify(stripped, githubRoot);
    expect(r.code).toBe(1);
    expect(check(r.report, 'signature.timestamps')).toMatchObject({
      status: 'fail',
      reason: expect.stringMatching(/expected 1 timestamps, got 0/),
    });
    expect(check(r.report, 'signature.certificate')?.status).not.toBe('pass');
  });
});

// Issue 13, must-show 2: with a private repository's event payload, actions/attest (and the root action) sign on
// GitHub's Sigstore instance, never on public-good. Two local Sigstore stacks share one OIDC issuer: one stands in
// for public-good (Fulcio + Rekor + TSA), the other for GitHub's instance (Fulcio + TSA, its signing config lists
// no Rekor). CUSTODY_SIGNING_CONFIG_PUBLIC_GOOD / CUSTODY_SIGNING_CONFIG_GITHUB point each preset at its stand-in,
// and every request each stack receives is counted. The actions' committed dist runs as a runner runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runActionDist, startOidcIssuer, startSigstoreStack, type OidcIssuer, type SigstoreStack } from '@custody/testing';
import type { VerifyReport } from '@custody/verify';
import { runCli } from './support/cli.js';

const root = join(import.meta.dirname, '..');
const attestDist = join(root, 'actions', 'attest', 'dist', 'index.js');
const rootDist = join(root, 'actions', 'custody', 'dist', 'index.js');
const SAN = 'https://github.com/custody-test/app/.github/workflows/release.yml@refs/heads/main';

describe('the Sigstore instance the actions sign on, from the repository visibility', () => {
  let issuer: OidcIssuer;
  let publicGood: SigstoreStack;
  let github: SigstoreStack;
  let ws: string;
  let githubRoot: string;
  const event = async (visibility: string) => {
    const p = join(ws, `event-${visibility}.json`);
    await writeFile(p, JSON.stringify({ repository: { full_name: 'custody-test/app', private: visibility !== 'public', visibility } }));
    return p;
  };
  const env = async (visibility: string, extra: Record<string, string> = {}) => ({
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'custody-test/app',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: await event(visibility),
    CUSTODY_SIGNING_CONFIG_PUBLIC_GOOD: publicGood.signingConfigPath,
    CUSTODY_SIGNING_CONFIG_GITHUB: github.signingConfigPath,
    ...issuer.githubEnv(),
    ...extra,
  });
  const services = (stack: SigstoreStack) => stack.faults.requests.map((r) => `${r.service} ${r.method} ${r.path}`);
  const reset = () => {
    publicGood.faults.requests.length = 0;
    github.faults.requests.length = 0;
  };

  beforeAll(async () => {
    issuer = await startOidcIssuer();
    [publicGood, github] = await Promise.all([
      startSigstoreStack({ issuer }),
      startSigstoreStack({ issuer, signingConfigWithoutTlog: true }),
    ]);
    ws = await mkdtemp(join(tmpdir(), 'custody-instance-action-'));
    await writeFile(join(ws, 'app.tgz'), 'artifact bytes\n');
    await writeFile(join(ws, 'sbom.cdx.json'), JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 }));
    await writeFile(join(ws, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0' }));
    await writeFile(
      join(ws, 'package-lock.json'),
      JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'app', version: '1.0.0' } } }),
    );
    // GitHub's trusted root lists no transparency log: the stand-in's CA, CT log and TSA, without its tlog.
    githubRoot = join(ws, 'github-root.json');
    await writeFile(githubRoot, JSON.stringify({ ...github.trustedRoot, tlogs: [] }));
  });
  afterAll(async () => {
    await Promise.all([publicGood?.close(), github?.close()]);
    await issuer?.close();
    await rm(ws, { recursive: true, force: true });
  });

  it('private repository: actions/attest signs on the GitHub instance (Fulcio + TSA), no request reaches public-good', async () => {
    reset();
    const bundleFile = join(ws, 'private.sigstore.json');
    const run = await runActionDist(
      attestDist,
      { 'subject-path': 'app.tgz', 'sbom-path': 'sbom.cdx.json', 'bundle-file': bundleFile },
      { cwd: ws, env: await env('private') },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(services(publicGood)).toEqual([]);
    expect(services(github)).toEqual(['fulcio POST /api/v2/signingCert', 'tsa POST /api/v1/timestamp']);
    expect(run.stdout + run.stderr).toContain('Sigstore instance: github (endpoints from');
    expect(run.summary).toMatch(
      /\| Instance \| github \(endpoints from [^)]+\): the repository is private \(repository\.visibility in the event payload/,
    );
    const bundle = JSON.parse(await readFile(bundleFile, 'utf8'));
    expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([]);
    expect(bundle.verificationMaterial.timestampVerificationData.rfc3161Timestamps).toHaveLength(1);
    // And custody verify accepts it with GitHub's (log-less) trusted root.
    const v = await runCli(
      [
        'verify',
        join(ws, 'app.tgz'),
        '--bundle',
        bundleFile,
        '--trusted-root',
        githubRoot,
        '--certificate-identity',
        SAN,
        '--certificate-oidc-issuer',
        issuer.url,
        '--predicate-type',
        'https://cyclonedx.org/bom',
        '--format',
        'json',
      ],
      { cwd: ws, env: { PATH: process.env.PATH } },
    );
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect((JSON.parse(v.stdout) as VerifyReport).passed).toBe(true);
  });

  it('internal repository: the GitHub instance too', async () => {
    reset();
    const run = await runActionDist(
      attestDist,
      { 'subject-path': 'app.tgz', 'sbom-path': 'sbom.cdx.json', 'bundle-file': join(ws, 'internal.sigstore.json') },
      { cwd: ws, env: await env('internal') },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(services(publicGood)).toEqual([]);
    expect(services(github)).toContain('fulcio POST /api/v2/signingCert');
  });

  it('public repository: public-good (with its transparency log), no request reaches the GitHub instance', async () => {
    reset();
    const bundleFile = join(ws, 'public.sigstore.json');
    const run = await runActionDist(
      attestDist,
      { 'subject-path': 'app.tgz', 'sbom-path': 'sbom.cdx.json', 'bundle-file': bundleFile },
      { cwd: ws, env: await env('public') },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(services(github)).toEqual([]);
    expect(services(publicGood)).toEqual([
      'fulcio POST /api/v2/signingCert',
      'rekor POST /api/v1/log/entries',
      'tsa POST /api/v1/timestamp',
    ]);
    const bundle = JSON.parse(await readFile(bundleFile, 'utf8'));
    expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);
  });

  it('the instance input overrides the visibility: private repository, instance public-good', async () => {
    reset();
    const run = await runActionDist(
      attestDist,
      {
        'subject-path': 'app.tgz',
        'sbom-path': 'sbom.cdx.json',
        instance: 'public-good',
        'bundle-file': join(ws, 'override.sigstore.json'),
      },
      { cwd: ws, env: await env('private') },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(services(github)).toEqual([]);
    expect(services(publicGood)).toContain('rekor POST /api/v1/log/entries');
  });

  it('the root action (SBOM + provenance, both signed) on a private repository: GitHub instance only', async () => {
    reset();
    const run = await runActionDist(
      rootDist,
      { 'subject-path': 'app.tgz', push: 'false', 'output-dir': join(ws, 'root-out') },
      { cwd: ws, env: await env('private') },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(services(publicGood)).toEqual([]);
    expect(services(github).filter((s) => s.startsWith('fulcio')).length).toBe(2);
    expect(services(github).filter((s) => s.startsWith('rekor')).length).toBe(0);
    expect(run.summary).toMatch(/Sigstore instance \| github .*the repository is private/);
    for (const name of ['provenance', 'sbom']) {
      const bundle = JSON.parse(await readFile(join(ws, 'root-out', `${name}.sigstore.json`), 'utf8'));
      expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([]);
    }
  });

  it('the CLI on GitHub Actions makes the same choice (custody attest, no instance flag)', async () => {
    reset();
    const r = await runCli(
      ['attest', '--subject', 'app.tgz', '--sbom', 'sbom.cdx.json', '--bundle', 'cli.sigstore.json', '--format', 'json'],
      { cwd: ws, env: { PATH: process.env.PATH, ...(await env('private')) } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).instance).toMatchObject({
      name: expect.stringMatching(/^github /),
      reason: expect.stringMatching(/private/),
    });
    expect(services(publicGood)).toEqual([]);
    expect(services(github)).toEqual(['fulcio POST /api/v2/signingCert', 'tsa POST /api/v1/timestamp']);
  });
});

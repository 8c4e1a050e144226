// actions/attest and the root action store their bundles with GitHub's attestations API by default, as GitHub's
// attest actions do. The committed dists run as a runner runs them (INPUT_*, GITHUB_OUTPUT, summary), with
// GITHUB_API_URL pointed at a TEST DOUBLE of GitHub's REST endpoints (packages/testing/src/github-api-double.ts;
// GitHub cannot be reached from here) that checks each upload: token, Accept, API version, {"bundle": …} body.
// Key-based signing: no Sigstore service is needed for this.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey } from '@custody/sign';
import { runActionDist, startGitHubApiDouble, type GitHubApiDouble } from '@custody/testing';
import { runCli } from './support/cli.js';

const root = join(import.meta.dirname, '..');
const attestDist = join(root, 'actions', 'attest', 'dist', 'index.js');
const rootDist = join(root, 'actions', 'custody', 'dist', 'index.js');
const verifyDist = join(root, 'actions', 'verify', 'dist', 'index.js');
const TOKEN = 'ghs_actionTestToken0123456789abcdefABCDEF';
const READ_ONLY = 'ghs_actionReadOnly0123456789abcdefABCDEF';
const REPO = 'custody-test/app';
const PRED = 'https://example.com/test-result/v1';

describe('actions store with GitHub (test double of the attestations API)', () => {
  let gh: GitHubApiDouble;
  let ws: string;
  const key = generateSigningKey();
  const runnerEnv = () => ({
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: REPO,
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
  });
  const attestInputs = (extra: Record<string, string>) => ({
    'subject-path': 'app.tgz',
    'predicate-type': PRED,
    predicate: '{"passed":true}',
    key: key.privateKeyPem,
    'show-summary': 'true',
    ...extra,
  });

  beforeAll(async () => {
    gh = await startGitHubApiDouble({ repos: { [REPO]: 7 }, token: TOKEN, readOnlyToken: READ_ONLY });
    ws = await mkdtemp(join(tmpdir(), 'custody-action-ghapi-'));
    await writeFile(join(ws, 'app.tgz'), 'artifact bytes\n');
    await writeFile(join(ws, 'ci.pub'), key.publicKeyPem);
    if (![attestDist, rootDist, verifyDist].every((f) => existsSync(f))) throw new Error('actions/*/dist is missing: run npm run package');
  });
  afterAll(async () => {
    await gh?.stop();
    await rm(ws, { recursive: true, force: true });
  });

  it('actions/attest with a token that has attestations: write uploads by default and outputs attestation-id and attestation-url', async () => {
    const before = gh.attestations.length;
    const run = await runActionDist(attestDist, attestInputs({ 'github-token': TOKEN, 'bundle-file': 'a1.sigstore.json' }), {
      cwd: ws,
      env: runnerEnv(),
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(gh.violations).toEqual([]);
    expect(gh.attestations.length).toBe(before + 1);
    const stored = gh.attestations.at(-1)!;
    expect(stored.bundle).toEqual(JSON.parse(await readFile(join(ws, 'a1.sigstore.json'), 'utf8')));
    expect(run.outputs['attestation-id']).toBe(String(stored.id));
    expect(run.outputs['attestation-url']).toBe(`https://github.com/${REPO}/attestations/${stored.id}`);
    expect(run.summary).toContain(run.outputs['attestation-url']);
    // The token is masked for the runner and printed nowhere else.
    const out = run.stdout + run.stderr;
    const lines = out.split('\n').filter((l) => l.includes(TOKEN));
    for (const l of lines) expect(l).toBe(`::add-mask::${TOKEN}`);
    // And custody verify finds it through the API.
    const v = await runCli(['verify', 'app.tgz', '--repo', REPO, '--key', 'ci.pub', '--predicate-type', PRED], {
      cwd: ws,
      env: { PATH: process.env.PATH ?? '', GITHUB_API_URL: gh.url, GITHUB_TOKEN: TOKEN },
    });
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });

  it('actions/verify with repo and no bundle-path reads them through github-token and passes; a changed file fails the step', async () => {
    const from = gh.requests.length;
    const ok = await runActionDist(
      verifyDist,
      { 'subject-path': 'app.tgz', repo: REPO, key: 'ci.pub', 'predicate-type': PRED, 'github-token': TOKEN },
      { cwd: ws, env: runnerEnv() },
    );
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.outputs.passed).toBe('true');
    expect(
      gh.requests.slice(from).some((q) => q.method === 'GET' && q.path.startsWith(`/repos/${REPO}/attestations/sha256:`) && q.authorized),
    ).toBe(true);
    await writeFile(join(ws, 'changed.tgz'), 'other bytes\n');
    const bad = await runActionDist(
      verifyDist,
      { 'subject-path': 'changed.tgz', repo: REPO, key: 'ci.pub', 'predicate-type': PRED, 'github-token': TOKEN },
      { cwd: ws, env: runnerEnv() },
    );
    expect(bad.code).toBe(1);
    expect(bad.outputs.passed).toBe('false');
    expect(bad.stdout).toMatch(/::error::.*VERIFY_FAILED/);
  });

  it('a job without attestations: write (the token is refused): the step still succeeds, warns with the fix, no attestation-id', async () => {
    const before = gh.attestations.length;
    const run = await runActionDist(attestDist, attestInputs({ 'github-token': READ_ONLY, 'bundle-file': 'a2.sigstore.json' }), {
      cwd: ws,
      env: runnerEnv(),
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/::warning::.*not stored with GitHub.*GITHUB_FORBIDDEN.*attestations: write/);
    expect(run.outputs['attestation-id']).toBeUndefined();
    expect(run.outputs['bundle-path']).toBe(join(ws, 'a2.sigstore.json'));
    expect(gh.attestations.length).toBe(before);
  });

  it('store-github: true makes a refused upload fail the step; store-github: false never calls GitHub', async () => {
    const refused = await runActionDist(
      attestDist,
      attestInputs({ 'github-token': READ_ONLY, 'store-github': 'true', 'bundle-file': 'a3.sigstore.json' }),
      { cwd: ws, env: runnerEnv() },
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/::error::.*GITHUB_FORBIDDEN/);
    const from = gh.requests.length;
    const off = await runActionDist(
      attestDist,
      attestInputs({ 'github-token': TOKEN, 'store-github': 'false', 'bundle-file': 'a4.sigstore.json' }),
      { cwd: ws, env: runnerEnv() },
    );
    expect(off.code, off.stdout + off.stderr).toBe(0);
    expect(gh.requests.length).toBe(from);
    expect(off.outputs['attestation-id']).toBeUndefined();
  });

  it('the root action uploads the provenance and the SBOM attestations and outputs their ids and pages', async () => {
    await writeFile(join(ws, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0' }));
    await writeFile(
      join(ws, 'package-lock.json'),
      JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'app', version: '1.0.0' } } }),
    );
    const before = gh.attestations.length;
    const run = await runActionDist(
      rootDist,
      { 'subject-path': 'app.tgz', key: key.privateKeyPem, 'github-token': TOKEN, 'output-dir': join(ws, 'out'), 'show-summary': 'false' },
      { cwd: ws, env: runnerEnv() },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(gh.violations).toEqual([]);
    expect(gh.attestations.length).toBe(before + 2);
    const [prov, sbom] = gh.attestations.slice(-2);
    expect(run.outputs['attestation-id']).toBe(String(prov!.id));
    expect(run.outputs['attestation-url']).toBe(`https://github.com/${REPO}/attestations/${prov!.id}`);
    expect(run.outputs['sbom-attestation-id']).toBe(String(sbom!.id));
    const v = await runCli(['verify', 'app.tgz', '--repo', REPO, '--key', 'ci.pub'], {
      cwd: ws,
      env: { PATH: process.env.PATH ?? '', GITHUB_API_URL: gh.url, GITHUB_TOKEN: TOKEN },
    });
    expect(v.code, v.stdout + v.stderr).toBe(0); // SLSA provenance (the default required type) from the API
  });
});

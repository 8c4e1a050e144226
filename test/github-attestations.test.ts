// GitHub's attestations API, end to end through the CLI (in-process) against a TEST DOUBLE of GitHub's REST endpoints
// (packages/testing/src/github-api-double.ts): GitHub cannot be reached from the test machines, so the double serves
// POST /repos/{owner}/{repo}/attestations and GET /repos|orgs/.../attestations/{digest} as GitHub documents them and
// checks every request (method, path, Authorization, Accept, X-GitHub-Api-Version, the {"bundle": …} body with a real
// signed Sigstore bundle). Bundles are signed for real: with keys, and keyless against the local Sigstore stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStatement, PREDICATE_SLSA_PROVENANCE_V1 } from '@custody/core';
import { generateSigningKey, loadSigningKey, resolveInstance, signStatement } from '@custody/sign';
import { snappyDecode } from '@custody/github/api';
import {
  githubWorkflowClaims,
  pushTestImage,
  registryToolsAvailable,
  snappyEncode,
  startGitHubApiDouble,
  startRegistry,
  startSigstoreStack,
  type GitHubApiDouble,
  type SigstoreStack,
  type StartedRegistry,
} from '@custody/testing';
import type { VerifyReport } from '@custody/verify';
import { runCli } from './support/cli.js';

const TOKEN = 'ghs_testDoubleToken0123456789abcdefABCDEF';
const READ_ONLY = 'ghs_readOnlyToken0123456789abcdefABCDEF';
const PRED = 'https://example.com/test-result/v1';
const REPO = 'custody-test/app';

describe('GitHub attestations API (test double of GitHub REST)', () => {
  let dir: string;
  let gh: GitHubApiDouble;
  let stack: SigstoreStack;
  let digest: string;
  const key = generateSigningKey();
  const other = generateSigningKey();
  const env = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? '',
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    ...extra,
  });
  const all = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-ghapi-'));
    gh = await startGitHubApiDouble({
      repos: { [REPO]: 4242, 'custody-test/other': 4343 },
      token: TOKEN,
      readOnlyToken: READ_ONLY,
      maxPerPage: 2,
    });
    stack = await startSigstoreStack();
    await writeFile(join(dir, 'app.bin'), 'the artifact\n');
    await writeFile(join(dir, 'pred.json'), JSON.stringify({ passed: true }));
    await writeFile(join(dir, 'ci.key'), key.privateKeyPem);
    await writeFile(join(dir, 'ci.pub'), key.publicKeyPem);
    await writeFile(join(dir, 'root.json'), JSON.stringify(stack.trustedRoot));
    digest = `sha256:${createHash('sha256').update('the artifact\n').digest('hex')}`;
    // Two attestations of the same digest by another key, stored first: the one Custody uploads is on page 2
    // (the double serves at most 2 per page), so verification passes only if pagination is followed.
    for (let i = 0; i < 2; i++) {
      const st = makeStatement([{ name: 'app.bin', digest: { sha256: digest.slice(7) } }], PRED, { other: i });
      const signed = await signStatement(st, {
        key: loadSigningKey(Buffer.from(other.privateKeyPem)),
        instance: resolveInstance({ keyBased: true }),
      });
      gh.seed(REPO, JSON.parse(signed.bundleJson));
    }
  }, 60_000);
  afterAll(async () => {
    await gh?.stop();
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const attestArgs = [
    'attest',
    '--subject',
    'app.bin',
    '--predicate-type',
    PRED,
    '--predicate',
    'pred.json',
    '--key',
    'ci.key',
    '--bundle',
    'app.sigstore.json',
  ];

  it('attest --store github uploads {"bundle": …} with the token, Accept and API version; prints the id and the attestation URL', async () => {
    const before = gh.attestations.length;
    const r = await runCli([...attestArgs, '--store', 'github', '--repo', REPO, '--format', 'json'], {
      cwd: dir,
      env: env({ GITHUB_TOKEN: TOKEN }),
    });
    expect(r.code, all(r)).toBe(0);
    expect(gh.violations).toEqual([]);
    expect(gh.attestations.length).toBe(before + 1);
    const stored = gh.attestations.at(-1)!;
    expect(stored.repo).toBe(REPO);
    // What GitHub stored is the bundle written, byte for byte as JSON.
    expect(stored.bundle).toEqual(JSON.parse(await readFile(join(dir, 'app.sigstore.json'), 'utf8')));
    const post = gh.requests.at(-1)!;
    expect(post).toMatchObject({
      method: 'POST',
      path: `/repos/${REPO}/attestations`,
      status: 201,
      authorized: true,
      apiVersion: '2022-11-28',
      accept: 'application/vnd.github+json',
    });
    const out = JSON.parse(r.stdout) as { github: { id: string; url: string; repository: string } };
    expect(out.github).toEqual({ id: String(stored.id), url: `https://github.com/${REPO}/attestations/${stored.id}`, repository: REPO });
    expect(all(r)).not.toContain(TOKEN);
  });

  it('the repository comes from GITHUB_REPOSITORY and the token from GH_TOKEN too', async () => {
    const before = gh.attestations.length;
    const r = await runCli([...attestArgs, '--bundle', 'again.sigstore.json', '--store', 'github'], {
      cwd: dir,
      env: env({ GH_TOKEN: TOKEN, GITHUB_REPOSITORY: REPO }),
    });
    expect(r.code, all(r)).toBe(0);
    expect(gh.attestations.length).toBe(before + 1);
    expect(r.stdout).toMatch(new RegExp(`GitHub attestation \\d+ of ${REPO}: https://github.com/${REPO}/attestations/\\d+`));
  });

  it('--store github without a token: exit 2 before signing, naming GITHUB_TOKEN / GH_TOKEN and attestations: write', async () => {
    const r = await runCli([...attestArgs, '--bundle', 'none.sigstore.json', '--store', 'github', '--repo', REPO], {
      cwd: dir,
      env: env(),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[GITHUB_TOKEN_MISSING]');
    expect(r.stderr).toMatch(/GITHUB_TOKEN.*GH_TOKEN/);
    expect(r.stderr).toContain('attestations: write');
    await expect(readFile(join(dir, 'none.sigstore.json'))).rejects.toThrow();
  });

  it('a token without attestations: write: exit 2 GITHUB_FORBIDDEN naming the repository, the token source and the permission; nothing stored', async () => {
    const before = gh.attestations.length;
    const r = await runCli([...attestArgs, '--bundle', 'ro.sigstore.json', '--store', 'github', '--repo', REPO], {
      cwd: dir,
      env: env({ GITHUB_TOKEN: READ_ONLY }),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[GITHUB_FORBIDDEN]');
    expect(r.stderr).toContain(`repository ${REPO}`);
    expect(r.stderr).toContain('the token from GITHUB_TOKEN');
    expect(r.stderr).toContain('attestations: write');
    expect(all(r)).not.toContain(READ_ONLY);
    expect(gh.attestations.length).toBe(before);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  const verifyArgs = (target: string, ...more: string[]) => [
    'verify',
    target,
    '--repo',
    REPO,
    '--key',
    'ci.pub',
    '--predicate-type',
    PRED,
    '--format',
    'json',
    ...more,
  ];

  it('verify FILE --repo (no --bundle) reads the API across pages and verifies the uploaded attestation', async () => {
    const from = gh.requests.length;
    const r = await runCli(verifyArgs('app.bin'), { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) });
    expect(r.code, all(r)).toBe(0);
    const lists = gh.requests.slice(from).filter((q) => q.method === 'GET');
    expect(lists.length).toBeGreaterThanOrEqual(2);
    expect(lists[0]).toMatchObject({
      path: `/repos/${REPO}/attestations/${digest}`,
      query: { per_page: '30' },
      status: 200,
      authorized: true,
      apiVersion: '2022-11-28',
    });
    expect(lists[1]!.query.after).toBeTruthy();
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.attestations.length).toBe(4); // 2 by another key (ignored) + the 2 uploaded above
    expect(report.attestations.filter((a) => a.outcome === 'used').length).toBe(2);
    expect(report.notes.join(' ')).toMatch(
      /4 attestation\(s\) read from GitHub's attestations API \(repository custody-test\/app, .*, 2 page\(s\)\)/,
    );
    expect(gh.violations).toEqual([]);
  });

  it("--limit stops reading (gh's --limit): the uploaded ones are past the first page and are not read", async () => {
    const r = await runCli(verifyArgs('app.bin', '--limit', '2'), { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as VerifyReport).notes.join(' ')).toContain('stopped at the limit of 2');
  });

  it('a tampered file fails (exit 1): its digest has no attestation', async () => {
    await writeFile(join(dir, 'tampered.bin'), 'the artifact, changed\n');
    const r = await runCli(verifyArgs('tampered.bin'), { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) });
    expect(r.code).toBe(1);
  });

  it('an API that lists an attestation under a digest it does not cover: the subject binding fails it (exit 1)', async () => {
    await writeFile(join(dir, 'tampered2.bin'), 'another artifact\n');
    const d2 = `sha256:${createHash('sha256').update('another artifact\n').digest('hex')}`;
    gh.seed('custody-test/other', JSON.parse(await readFile(join(dir, 'app.sigstore.json'), 'utf8')), d2);
    const r = await runCli(
      ['verify', 'tampered2.bin', '--repo', 'custody-test/other', '--key', 'ci.pub', '--predicate-type', PRED, '--format', 'json'],
      { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) },
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.attestations).toHaveLength(1);
    expect(report.attestations[0]!.outcome).toBe('ignored');
    expect(
      report.attestations[0]!.checks.find((c) => /subject/i.test(JSON.stringify(c)) && c.status === 'fail'),
      JSON.stringify(report.attestations[0]),
    ).toBeTruthy();
  });

  it('no token: exit 2 GITHUB_TOKEN_MISSING saying GITHUB_TOKEN / GH_TOKEN or --bundle; GitHub is not called', async () => {
    const from = gh.requests.length;
    const r = await runCli(verifyArgs('app.bin'), { cwd: dir, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[GITHUB_TOKEN_MISSING]');
    expect(r.stderr).toMatch(/GITHUB_TOKEN/);
    expect(r.stderr).toMatch(/GH_TOKEN/);
    expect(r.stderr).toContain('--bundle');
    expect(gh.requests.length).toBe(from);
  });

  it('an unknown repository: exit 2 GITHUB_NOT_FOUND naming it and the token source', async () => {
    const r = await runCli(
      verifyArgs('app.bin').map((a) => (a === REPO ? 'custody-test/missing' : a)),
      { cwd: dir, env: env({ GH_TOKEN: TOKEN }) },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[GITHUB_NOT_FOUND]');
    expect(r.stderr).toContain('repository custody-test/missing');
    expect(r.stderr).toContain('the token from GH_TOKEN');
    expect(all(r)).not.toContain(TOKEN);
  });

  it('a bad token: exit 2 GITHUB_AUTH_FAILED', async () => {
    const r = await runCli(verifyArgs('app.bin'), { cwd: dir, env: env({ GITHUB_TOKEN: 'ghs_wrong' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[GITHUB_AUTH_FAILED]');
  });

  it('rate limits are honoured: 429 with Retry-After, and 403 with x-ratelimit-reset, are waited out, then it verifies', async () => {
    for (const kind of ['429', '403-reset'] as const) {
      gh.rateLimitNext(1, kind);
      const from = gh.requests.length;
      const r = await runCli(verifyArgs('app.bin'), { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) });
      expect(r.code, all(r)).toBe(0);
      const seen = gh.requests.slice(from);
      expect(seen[0]!.status).toBe(kind === '429' ? 429 : 403);
      expect(seen[1]!.status).toBe(200);
      expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(900);
      expect(r.stderr).toMatch(/rate limited.*retry 1/);
    }
  }, 30_000);

  it('a rate limit that resets later than Custody waits (60 s): exit 2 GITHUB_RATE_LIMITED with the reset time, no waiting', async () => {
    gh.rateLimitNext(1, '403-hour');
    const started = Date.now();
    const r = await runCli(verifyArgs('app.bin'), { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[GITHUB_RATE_LIMITED]');
    expect(r.stderr).toMatch(/the limit resets at \d{4}-\d\d-\d\dT/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a 502 is retried (bounded) and then it verifies; one that does not go away is exit 2 GITHUB_API_UNAVAILABLE', async () => {
    gh.failNext(1, 502);
    const r = await runCli(verifyArgs('app.bin'), { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) });
    expect(r.code, all(r)).toBe(0);
    expect(r.stderr).toMatch(/HTTP 502.*retry 1 of/);
    gh.failNext(10, 503);
    const down = await runCli(verifyArgs('app.bin'), { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN, CUSTODY_HTTP_RETRIES: '1' }) });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('[GITHUB_API_UNAVAILABLE]');
    expect(down.stderr).toContain('after 2 attempts');
    gh.failNext(0, 503);
  }, 30_000);

  it('a next-page link to another origin is refused: the token is never sent off the API (exit 2)', async () => {
    const elsewhere = await startGitHubApiDouble({ repos: { [REPO]: 1 }, token: TOKEN });
    gh.rewriteNextLink = (href) => href.replace(gh.url, elsewhere.url);
    try {
      const r = await runCli(verifyArgs('app.bin'), { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('[GITHUB_API_INVALID_RESPONSE]');
      expect(r.stderr).toContain('the token is not sent there');
      expect(elsewhere.requests).toEqual([]);
    } finally {
      gh.rewriteNextLink = undefined;
      await elsewhere.stop();
    }
  });

  it("attestations download FILE --repo writes gh's layout (sha256:HEX.jsonl, one bundle per line) and verify --bundle of it passes", async () => {
    const r = await runCli(['attestations', 'download', 'app.bin', '--repo', REPO, '--output', 'atts'], {
      cwd: dir,
      env: env({ GITHUB_TOKEN: TOKEN }),
    });
    expect(r.code, all(r)).toBe(0);
    const file = join(dir, 'atts', `${digest}.jsonl`);
    expect(r.stdout).toContain(file);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(JSON.parse(l).mediaType).toMatch(/^application\/vnd\.dev\.sigstore\.bundle/);
    const v = await runCli(['verify', 'app.bin', '--bundle', `atts/${digest}.jsonl`, '--key', 'ci.pub', '--predicate-type', PRED], {
      cwd: dir,
      env: env(),
    });
    expect(v.code, all(v)).toBe(0);
    const filtered = await runCli(
      ['attestations', 'download', 'app.bin', '--repo', REPO, '--output', 'none', '--predicate-type', 'https://example.com/other'],
      { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) },
    );
    expect(filtered.code).toBe(0);
    expect(filtered.stdout).toContain('no attestations found');
  });

  it('keyless: attest with the local Sigstore stack, --store github, then verify from the API by --repo and by --owner; another signer workflow is refused', async () => {
    await writeFile(join(dir, 'kl.bin'), 'keyless artifact\n');
    const token = stack.issuer.mint(githubWorkflowClaims(REPO));
    const up = await runCli(
      [
        'attest',
        '--subject',
        'kl.bin',
        '--predicate-type',
        PREDICATE_SLSA_PROVENANCE_V1,
        '--predicate',
        'pred.json',
        '--identity-token',
        token,
        '--signing-config',
        stack.signingConfigPath,
        '--store',
        'github',
        '--repo',
        REPO,
      ],
      { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) },
    );
    expect(up.code, all(up)).toBe(0);
    const ok = await runCli(
      [
        'verify',
        'kl.bin',
        '--repo',
        REPO,
        '--certificate-oidc-issuer',
        stack.issuer.url,
        '--trusted-root',
        'root.json',
        '--format',
        'json',
      ],
      { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) },
    );
    expect(ok.code, all(ok)).toBe(0);
    // The same attestation read through the organization endpoint (--owner); and the identity is still checked.
    const org = await runCli(
      ['verify', 'kl.bin', '--owner', 'custody-test', '--certificate-oidc-issuer', stack.issuer.url, '--trusted-root', 'root.json'],
      { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) },
    );
    expect(org.code, all(org)).toBe(0);
    expect(gh.requests.at(-1)!.path).toBe(
      `/orgs/custody-test/attestations/sha256:${createHash('sha256').update('keyless artifact\n').digest('hex')}`,
    );
    const wrong = await runCli(
      [
        'verify',
        'kl.bin',
        '--repo',
        REPO,
        '--signer-workflow',
        `${REPO}/.github/workflows/other.yml`,
        '--certificate-oidc-issuer',
        stack.issuer.url,
        '--trusted-root',
        'root.json',
      ],
      { cwd: dir, env: env({ GITHUB_TOKEN: TOKEN }) },
    );
    expect(wrong.code).toBe(1);
  }, 60_000);

  it('bundle_url: bundles served snappy-compressed from blob storage are fetched without the token and verified', async () => {
    const blobs = await startGitHubApiDouble({ repos: { [REPO]: 4242 }, token: TOKEN, bundleUrl: true });
    try {
      for (const a of gh.attestations.filter((x) => x.repo === REPO && x.digests.includes(digest))) blobs.seed(REPO, a.bundle);
      const r = await runCli(verifyArgs('app.bin'), { cwd: dir, env: { ...env({ GITHUB_TOKEN: TOKEN }), GITHUB_API_URL: blobs.url } });
      expect(r.code, all(r)).toBe(0);
      const blobReads = blobs.requests.filter((q) => q.path.startsWith('/blobs/'));
      expect(blobReads.length).toBe(4);
      for (const q of blobReads) expect(q).toMatchObject({ authorized: false, status: 200 });
      expect(blobs.violations).toEqual([]);
    } finally {
      await blobs.stop();
    }
  });
});

describe('snappy block decoding (bundle_url bodies)', () => {
  it('decodes a block written by hand from the format description: a literal and an overlapping copy', () => {
    // length 10; literal "a" (tag 0x00); copy with 1-byte offset: len 9 -> (9-4)<<2 | 1 = 0x15, offset 1.
    expect(snappyDecode(Buffer.from([10, 0x00, 0x61, 0x15, 0x01]), 100).toString()).toBe('aaaaaaaaaa');
  });
  it("round-trips the test double's encoder, and refuses lies: a declared length over the limit, a copy before the start", () => {
    const text = Buffer.from(JSON.stringify({ a: 'x'.repeat(5000), b: Array.from({ length: 300 }, (_, i) => i % 7) }));
    expect(snappyDecode(snappyEncode(text), 1 << 20).equals(text)).toBe(true);
    expect(() => snappyDecode(snappyEncode(text), 100)).toThrow(/over the limit/);
    expect(() => snappyDecode(Buffer.from([4, 0x01, 0x05]), 100)).toThrow();
  });
});

// oci:// targets read both places: the registry (Debian's real docker-registry, the referrers-tag fallback) and,
// with a token, GitHub's attestations API (the test double). Each holds one of two required predicate types, so the
// gate passes only with their union.
describe.runIf(registryToolsAvailable())('verify oci:// --repo: the registry and GitHub together', () => {
  let gh: GitHubApiDouble;
  let registry: StartedRegistry;
  let dir: string;
  let ref: string;
  const key = generateSigningKey();
  const A = 'https://example.com/in-registry/v1';
  const B = 'https://example.com/on-github/v1';
  beforeAll(async () => {
    [gh, registry] = await Promise.all([startGitHubApiDouble({ repos: { [REPO]: 1 }, token: TOKEN }), startRegistry()]);
    const image = await pushTestImage(registry, 'acme/app', 'v1');
    ref = `oci://${registry.host}/acme/app@${image.digest}`;
    dir = await mkdtemp(join(tmpdir(), 'custody-ghapi-oci-'));
    await writeFile(join(dir, 'ci.key'), key.privateKeyPem);
    await writeFile(join(dir, 'ci.pub'), key.publicKeyPem);
    await writeFile(join(dir, 'pred.json'), '{"ok":true}');
    const env = { PATH: process.env.PATH ?? '', HOME: dir, GITHUB_API_URL: gh.url, GITHUB_TOKEN: TOKEN };
    const a = await runCli(
      [
        'attest',
        '--subject',
        ref,
        '--predicate-type',
        A,
        '--predicate',
        'pred.json',
        '--key',
        'ci.key',
        '--bundle',
        'a.json',
        '--store',
        'oci',
      ],
      { cwd: dir, env },
    );
    expect(a.code, a.stdout + a.stderr).toBe(0);
    const b = await runCli(
      [
        'attest',
        '--subject',
        ref,
        '--predicate-type',
        B,
        '--predicate',
        'pred.json',
        '--key',
        'ci.key',
        '--bundle',
        'b.json',
        '--store',
        'github',
        '--repo',
        REPO,
      ],
      { cwd: dir, env },
    );
    expect(b.code, b.stdout + b.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([gh?.stop(), registry?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  const verify = (env: Record<string, string>) =>
    runCli(['verify', ref, '--repo', REPO, '--key', 'ci.pub', '--predicate-type', A, '--predicate-type', B, '--format', 'json'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, GITHUB_API_URL: gh.url, ...env },
    });

  it('with a token: one from the registry and one from GitHub, both verified (exit 0)', async () => {
    const r = await verify({ GITHUB_TOKEN: TOKEN });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.attestations.map((x) => x.source).some((s) => s.startsWith(gh.url))).toBe(true);
    expect(report.attestations.map((x) => x.source).some((s) => s.includes(registry.host))).toBe(true);
  });

  it('GitHub answers 404 (e.g. GHES has no attestations API): the registry only, noted, no exit 2 (a file target: exit 2, above)', async () => {
    const r = await runCli(
      ['verify', ref, '--repo', 'custody-test/missing', '--key', 'ci.pub', '--predicate-type', A, '--format', 'json'],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: dir, GITHUB_API_URL: gh.url, GITHUB_TOKEN: TOKEN },
      },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as VerifyReport).notes.join(' ')).toMatch(/answered 404.*the registry's attestations only/);
  });

  it('without a token: the registry only, the notes say GitHub was not asked, and the GitHub-only type is missing (exit 1)', async () => {
    const r = await verify({});
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as VerifyReport).notes.join(' ')).toContain("GitHub's attestations API was not asked");
  });
});

// `custody trusted-root` (issue 13): the embedded public-good snapshot offline; GitHub's instance has no embedded
// snapshot, so it exits 2 saying how to get one; --refresh fetches through TUF with the repository's initial
// root.json. The online path runs against a real TUF repository on loopback: metadata built and signed here
// (ed25519, canonical JSON, consistent snapshots, as tuf-repo.github.com serves), read by @sigstore/tuf's
// updater, which checks every signature, version and hash. The target it serves is a GitHub-like trusted root
// (the local Sigstore stack's, without transparency logs), and the result verifies a GitHub-instance bundle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '@custody/core';
import { embeddedPublicGoodRootJson } from '@custody/verify';
import { startSigstoreStack, type SigstoreStack } from '@custody/testing';
import { runCli } from './support/cli.js';

const EXPIRES = '2099-01-01T00:00:00Z';

/** A one-key TUF repository (all four roles, threshold 1) serving one target, trusted_root.json. */
async function buildTufRepo(dir: string, target: Buffer, key = generateKeyPairSync('ed25519')) {
  const pub = key.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const tufKey = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: pub } };
  const keyid = createHash('sha256').update(canonicalJson(tufKey)).digest('hex');
  const signed = (body: Record<string, unknown>, signer: KeyObject = key.privateKey) => ({
    signed: body,
    signatures: [{ keyid, sig: sign(null, Buffer.from(canonicalJson(body)), signer).toString('hex') }],
  });
  const role = { keyids: [keyid], threshold: 1 };
  const root = signed({
    _type: 'root',
    spec_version: '1.0.31',
    version: 1,
    expires: EXPIRES,
    keys: { [keyid]: tufKey },
    roles: { root: role, targets: role, snapshot: role, timestamp: role },
    consistent_snapshot: true,
  });
  const sha = createHash('sha256').update(target).digest('hex');
  const targets = signed({
    _type: 'targets',
    spec_version: '1.0.31',
    version: 1,
    expires: EXPIRES,
    targets: { 'trusted_root.json': { length: target.length, hashes: { sha256: sha } } },
  });
  const snapshot = signed({
    _type: 'snapshot',
    spec_version: '1.0.31',
    version: 1,
    expires: EXPIRES,
    meta: { 'targets.json': { version: 1 } },
  });
  const timestamp = signed({
    _type: 'timestamp',
    spec_version: '1.0.31',
    version: 1,
    expires: EXPIRES,
    meta: { 'snapshot.json': { version: 1 } },
  });
  await mkdir(join(dir, 'targets'), { recursive: true });
  await writeFile(join(dir, '1.root.json'), JSON.stringify(root));
  await writeFile(join(dir, 'timestamp.json'), JSON.stringify(timestamp));
  await writeFile(join(dir, '1.snapshot.json'), JSON.stringify(snapshot));
  await writeFile(join(dir, '1.targets.json'), JSON.stringify(targets));
  await writeFile(join(dir, 'targets', `${sha}.trusted_root.json`), target);
  return { root, sha };
}

describe('custody trusted-root', () => {
  let stack: SigstoreStack;
  let dir: string;
  let server: Server;
  let url: string;
  const requests: string[] = [];
  let githubRootJson: Record<string, unknown>;
  let sha: string;

  beforeAll(async () => {
    stack = await startSigstoreStack();
    dir = await mkdtemp(join(tmpdir(), 'custody-trusted-root-'));
    githubRootJson = { ...stack.trustedRoot, tlogs: [] };
    const repo = await buildTufRepo(join(dir, 'repo'), Buffer.from(JSON.stringify(githubRootJson)));
    sha = repo.sha;
    await writeFile(join(dir, 'tuf-root.json'), JSON.stringify(repo.root));
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      void readFile(join(dir, 'repo', decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)))
        .then((body) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body))
        .catch(() => res.writeHead(404).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the embedded public-good root offline, one JSON line that parses as a trusted root', async () => {
    const r = await runCli(['trusted-root'], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual(embeddedPublicGoodRootJson());
    expect(r.stderr).toContain('embedded public-good snapshot');
  });

  it("GitHub's instance without --refresh: exit 2, says it is not embedded and how to fetch it", async () => {
    const r = await runCli(['trusted-root', '--instance', 'github'], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('TRUSTED_ROOT_NOT_EMBEDDED');
    expect(r.stderr).toContain('--refresh --tuf-root');
    const refresh = await runCli(['trusted-root', '--instance', 'github', '--refresh'], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(refresh.code).toBe(2);
    expect(refresh.stderr).toContain('TRUSTED_ROOT_TUF_ROOT_REQUIRED');
    const bad = await runCli(['trusted-root', '--instance', 'gitlab'], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(bad.code).toBe(2);
  });

  it('--refresh through TUF: fetches and checks the metadata chain, writes the trusted root; custody verify uses it', async () => {
    const out = join(dir, 'github-root.json');
    const r = await runCli(
      [
        'trusted-root',
        '--instance',
        'github',
        '--refresh',
        '--tuf-url',
        url,
        '--tuf-root',
        'tuf-root.json',
        '--cache-dir',
        'cache',
        '--output',
        out,
      ],
      { cwd: dir, env: { PATH: process.env.PATH } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ mediaType: githubRootJson.mediaType, tlogs: [] });
    expect(requests).toEqual(
      expect.arrayContaining([
        '/2.root.json',
        '/timestamp.json',
        '/1.snapshot.json',
        '/1.targets.json',
        `/targets/${sha}.trusted_root.json`,
      ]),
    );

    // The fetched root verifies a bundle from the GitHub stand-in (timestamp, no log entry).
    await writeFile(join(dir, 'app.tgz'), 'bytes\n');
    await writeFile(join(dir, 'pred.json'), '{"ok":true}');
    const token = stack.issuer.mint({
      iss: stack.issuer.url,
      sub: 'repo:custody-test/app:ref:refs/heads/main',
      job_workflow_ref: 'custody-test/app/.github/workflows/release.yml@refs/heads/main',
    });
    const signed = await runCli(
      [
        'attest',
        '--subject',
        'app.tgz',
        '--predicate-type',
        'https://example.com/t/v1',
        '--predicate',
        'pred.json',
        '--fulcio-url',
        stack.fulcioUrl,
        '--tsa-url',
        stack.tsaUrl,
        '--bundle',
        'b.json',
      ],
      { cwd: dir, env: { PATH: process.env.PATH, SIGSTORE_ID_TOKEN: token } },
    );
    expect(signed.code, signed.stderr).toBe(0);
    const v = await runCli(
      [
        'verify',
        'app.tgz',
        '--bundle',
        'b.json',
        '--trusted-root',
        out,
        '--certificate-identity',
        'https://github.com/custody-test/app/.github/workflows/release.yml@refs/heads/main',
        '--certificate-oidc-issuer',
        stack.issuer.url,
        '--predicate-type',
        'https://example.com/t/v1',
      ],
      { cwd: dir, env: { PATH: process.env.PATH } },
    );
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });

  it('--refresh fails closed: a TUF root whose key did not sign the metadata, or a target that does not match its hash', async () => {
    // A root.json for another key: the repository's metadata does not verify against it.
    const other = await buildTufRepo(join(dir, 'other'), Buffer.from('{}'));
    await writeFile(join(dir, 'other-root.json'), JSON.stringify(other.root));
    const r = await runCli(
      [
        'trusted-root',
        '--instance',
        'github',
        '--refresh',
        '--tuf-url',
        url,
        '--tuf-root',
        'other-root.json',
        '--cache-dir',
        'cache-other',
      ],
      { cwd: dir, env: { PATH: process.env.PATH } },
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('VERIFY_TUF_REFRESH_FAILED');
    // The served target is swapped for other bytes.
    await writeFile(
      join(dir, 'repo', 'targets', `${sha}.trusted_root.json`),
      JSON.stringify({ ...githubRootJson, tlogs: stack.trustedRoot.tlogs }),
    );
    const swapped = await runCli(
      [
        'trusted-root',
        '--instance',
        'github',
        '--refresh',
        '--tuf-url',
        url,
        '--tuf-root',
        'tuf-root.json',
        '--cache-dir',
        'cache-swapped',
      ],
      { cwd: dir, env: { PATH: process.env.PATH } },
    );
    expect(swapped.code).toBe(2);
    expect(swapped.stdout).toBe('');
    expect(swapped.stderr).toContain('VERIFY_TUF_REFRESH_FAILED');
  });
});

// `custody push` against a real registry: Debian's docker-registry 2.8.2 started per run on loopback. Faults are
// injected by a loopback proxy (startFaultProxy) between Custody and that registry.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@custody/core';
import { pushTestImage, registryToolsAvailable, startFaultProxy, startRegistry, type StartedRegistry } from '@custody/testing';
import { RegistryClient, RemoteStore, fallbackTag, listAttestations, readFallbackIndex } from '@custody/oci';
import { pushBundle } from '../src/commands/push.js';
import { makeBundle } from '../packages/oci/src/__tests__/bundles.js';
import { runCli } from './support/cli.js';

const available = registryToolsAvailable();
if (!available) process.stderr.write('notice: docker-registry/skopeo missing; skipping custody push registry tests\n');

const fast = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };

describe.skipIf(!available)('custody push (real docker-registry)', () => {
  let reg: StartedRegistry;
  let dir: string;
  const env = () => ({ ...process.env, DOCKER_CONFIG: dir });
  beforeAll(async () => {
    reg = await startRegistry();
    dir = await mkdtemp(join(tmpdir(), 'custody-push-'));
  });
  afterAll(async () => {
    await reg?.stop();
  });

  async function bundleFile(name: string, digest: string, predicateType?: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, makeBundle(digest, predicateType));
    return file;
  }

  it('an image that is not in the registry is reported before anything is uploaded', async () => {
    const image = await pushTestImage(reg, 'push/missing', 'v1');
    const proxy = await startFaultProxy(reg.host, () => undefined);
    try {
      const file = await bundleFile('missing.json', image.digest);
      const run = await runCli(['push', '--bundle', file, '--image', `${proxy.host}/push/missing:nope`], { env: env() });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/image .*push\/missing:nope does not exist.*nothing was uploaded.*\[OCI_NOT_FOUND\]/s);
      expect(proxy.log.filter((l) => !l.startsWith('GET') && !l.startsWith('HEAD'))).toEqual([]);
    } finally {
      await proxy.stop();
    }
  });

  it('a bundle that is not a Sigstore bundle fails with exit 2 before any request', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"hello":"world"}');
    const proxy = await startFaultProxy(reg.host, () => undefined);
    try {
      const run = await runCli(['push', '--bundle', file, '--image', `${proxy.host}/push/x:v1`], { env: env() });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/not a Sigstore bundle.*\[OCI_BUNDLE_INVALID\]/);
      expect(proxy.log).toEqual([]);
    } finally {
      await proxy.stop();
    }
  });

  it('a bundle for another image is refused (PUSH_SUBJECT_MISMATCH)', async () => {
    await pushTestImage(reg, 'push/other', 'v1');
    const file = await bundleFile('other.json', `sha256:${'ab'.repeat(32)}`);
    const run = await runCli(['push', '--bundle', file, '--image', `${reg.host}/push/other:v1`], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/PUSH_SUBJECT_MISMATCH/);
  });

  it('5xx, 429 and connection resets on the way are retried with bounded backoff', async () => {
    const image = await pushTestImage(reg, 'push/flaky', 'v1');
    // Every third request fails: 503, 429 with Retry-After, or a reset socket, in turn.
    const kinds = [{ status: 503 }, { status: 429, headers: { 'retry-after': '0' } }, 'reset'] as const;
    let k = 0;
    const proxy = await startFaultProxy(reg.host, (_m, _p, n) => (n % 3 === 0 ? kinds[k++ % 3] : undefined));
    try {
      const result = await pushBundle({
        bundleFile: await bundleFile('flaky.json', image.digest),
        image: `${proxy.host}/push/flaky:v1`,
        cwd: dir,
        env: env(),
        logger: silentLogger,
        retry: fast,
      });
      expect(result.attestations).toHaveLength(1);
      expect(proxy.injected).toBeGreaterThanOrEqual(5);
      const list = await listAttestations(new RemoteStore(new RegistryClient(reg.host), 'push/flaky'), image.digest);
      expect(list.map((a) => a.manifestDigest)).toEqual([result.attestations[0]!.manifestDigest]);
    } finally {
      await proxy.stop();
    }
  });

  for (const failing of ['index', 'manifest'] as const) {
    it(`rerunning a push that failed half way (${failing} PUT kept failing) completes it without duplicates`, async () => {
      const image = await pushTestImage(reg, `push/half-${failing}`, 'v1');
      const file = await bundleFile(`half-${failing}.json`, image.digest);
      const indexPath = `/manifests/${fallbackTag(image.digest)}`;
      const isTarget = (m: string, p: string) =>
        m === 'PUT' && (failing === 'index' ? p.endsWith(indexPath) : p.includes('/manifests/sha256-') && p.endsWith('.sigstore'));
      const proxy = await startFaultProxy(reg.host, (m, p) => (isTarget(m, p) ? { status: 500 } : undefined));
      const opts = { bundleFile: file, cwd: dir, env: env(), logger: silentLogger, retry: fast };
      try {
        await expect(pushBundle({ ...opts, image: `${proxy.host}/push/half-${failing}:v1` })).rejects.toMatchObject({ code: 'OCI_REGISTRY_ERROR' });
        expect(proxy.injected).toBe(fast.attempts);
      } finally {
        await proxy.stop();
      }
      const again = await pushBundle({ ...opts, image: `${reg.host}/push/half-${failing}:v1` });
      expect(again.attestations[0]!.alreadyPresent).toBe(failing === 'index');
      expect(again.attestations[0]!.indexConfirmed).toBe(true);
      const third = await pushBundle({ ...opts, image: `${reg.host}/push/half-${failing}:v1` });
      expect(third.attestations[0]!.alreadyPresent).toBe(true);
      expect(third.attestations[0]!.manifestDigest).toBe(again.attestations[0]!.manifestDigest);

      const store = new RemoteStore(new RegistryClient(reg.host), `push/half-${failing}`);
      expect(await listAttestations(store, image.digest)).toHaveLength(1);
      expect((await readFallbackIndex(store, image.digest)).index?.manifests).toHaveLength(1);
      expect((await store.listTags()).filter((t) => t.endsWith('.sigstore'))).toHaveLength(1);
    });
  }

  it('multi-arch: the bundle goes to the platform manifest its statement names; --platform selects on list', async () => {
    const image = await pushTestImage(reg, 'push/multi', 'v1', { platforms: ['linux/amd64', 'linux/arm64'] });
    const arm = image.platforms.find((p) => p.platform === 'linux/arm64')!.digest;
    const file = await bundleFile('arm.json', arm);
    const ref = `${reg.host}/push/multi:v1`;
    const push = await runCli(['push', '--bundle', file, '--image', ref, '--format', 'json'], { env: env() });
    expect(push.code, push.stderr).toBe(0);
    const pushed = JSON.parse(push.stdout) as { digest: string; attestations: Array<{ subject: string; platform: string }> };
    expect(pushed.digest).toBe(image.digest);
    expect(pushed.attestations.map((a) => [a.subject, a.platform])).toEqual([[arm, 'linux/arm64']]);

    const all = await runCli(['attestations', 'list', ref, '--format', 'json'], { env: env() });
    const listed = (JSON.parse(all.stdout) as { attestations: Array<{ subject: string; platform?: string }> }).attestations;
    expect(listed.map((a) => [a.subject, a.platform])).toEqual([[arm, 'linux/arm64']]);
    const amd = await runCli(['attestations', 'list', ref, '--platform', 'linux/amd64', '--format', 'json'], { env: env() });
    expect((JSON.parse(amd.stdout) as { attestations: unknown[] }).attestations).toEqual([]);
    const bad = await runCli(['attestations', 'list', ref, '--platform', 'windows/arm64'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/has no windows\/arm64 manifest \(it has linux\/amd64, linux\/arm64\).*OCI_PLATFORM_NOT_FOUND/);
  });
});

describe.skipIf(!available)('custody push with htpasswd auth (real docker-registry)', () => {
  let reg: StartedRegistry;
  const auth = { username: 'pusher', password: 'pw-only-for-tests-77' };
  beforeAll(async () => {
    reg = await startRegistry({ auth });
  });
  afterAll(async () => {
    await reg?.stop();
  });

  it('401: names registry, repository and the credential sources, never the password', async () => {
    const image = await pushTestImage(reg, 'sec/app', 'v1');
    const dir = await mkdtemp(join(tmpdir(), 'custody-push-auth-'));
    const file = join(dir, 'b.json');
    await writeFile(file, makeBundle(image.digest));
    const env = { ...process.env, DOCKER_CONFIG: dir, CUSTODY_REGISTRY_USERNAME: 'pusher', CUSTODY_REGISTRY_PASSWORD: 'not-the-password-42' };
    const run = await runCli(['push', '--bundle', file, '--image', `${reg.host}/sec/app:v1`], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`registry ${reg.host} refused the credentials (401) for repository sec/app`);
    expect(run.stderr).toContain('Credential sources tried: CUSTODY_REGISTRY_USERNAME/CUSTODY_REGISTRY_PASSWORD');
    expect(run.stderr).toContain('[OCI_AUTH_FAILED]');
    expect(run.stderr).not.toContain('not-the-password-42');

    const ok = await runCli(['push', '--bundle', file, '--image', `${reg.host}/sec/app:v1`], {
      env: { ...env, CUSTODY_REGISTRY_PASSWORD: auth.password },
    });
    expect(ok.code, ok.stderr).toBe(0);
  });
});

// `custody push` against a real registry: Debian's docker-registry 2.8.2 started per run on loopback. Faults are
// injected by a loopback proxy (startFaultProxy) between Custody and that registry.
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLimits, silentLogger } from '@custody/core';
import { freePort, pushTestImage, registryToolsAvailable, startFaultProxy, startRegistry, type StartedRegistry } from '@custody/testing';
import { RegistryClient, RemoteStore, fallbackTag, listAttestations, readFallbackIndex } from '@custody/oci';
import { pushBundle } from '../src/commands/push.js';
import { makeBundle } from '../packages/oci/src/__tests__/bundles.js';
import { runCli } from './support/cli.js';
import { runCliMeasured } from './support/measure.js';

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
        await expect(pushBundle({ ...opts, image: `${proxy.host}/push/half-${failing}:v1` })).rejects.toMatchObject({
          code: 'OCI_REGISTRY_ERROR',
        });
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

  /** An index entry written by another tool (an SBOM artifact, no Custody tag): only the index knows it. */
  async function foreignIndexEntry(repo: string, subject: { digest: string; mediaType: string; size: number }) {
    const client = new RegistryClient(reg.host);
    await client.putBlob(repo, Buffer.from('{}'));
    const layer = Buffer.from('{"sbom":"by another tool"}');
    const layerDigest = await client.putBlob(repo, layer);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType: 'application/vnd.example.sbom+json',
        config: {
          mediaType: 'application/vnd.oci.empty.v1+json',
          digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
          size: 2,
        },
        layers: [{ mediaType: 'application/vnd.example.sbom+json', digest: layerDigest, size: layer.length }],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      }),
    );
    const put = await client.putManifest(
      repo,
      `sha256:${createHash('sha256').update(manifest).digest('hex')}`,
      manifest,
      'application/vnd.oci.image.manifest.v1+json',
    );
    const entry = {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: put.digest,
      size: manifest.length,
      artifactType: 'application/vnd.example.sbom+json',
    };
    const index = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [entry] }),
    );
    await client.putManifest(repo, fallbackTag(subject.digest), index, 'application/vnd.oci.image.index.v1+json');
    return entry.digest;
  }

  it('a 404 on the referrers index is confirmed against the tags list: a lie that persists writes nothing; one that passes loses nothing', async () => {
    const image = await pushTestImage(reg, 'push/lie', 'v1');
    const foreign = await foreignIndexEntry('push/lie', image);
    const indexPath = `/v2/push/lie/manifests/${fallbackTag(image.digest)}`;
    const file = await bundleFile('lie.json', image.digest);
    const store = new RemoteStore(new RegistryClient(reg.host), 'push/lie');

    // The 404 keeps lying: nothing is written, the other tool's entry stays.
    const liar = await startFaultProxy(reg.host, (m, p) =>
      m === 'GET' && p === indexPath ? { status: 404, body: '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}' } : undefined,
    );
    try {
      await expect(
        pushBundle({ bundleFile: file, image: `${liar.host}/push/lie:v1`, cwd: dir, env: env(), logger: silentLogger, retry: fast }),
      ).rejects.toMatchObject({
        code: 'OCI_INDEX_UNCONFIRMED',
        exitCode: 2,
      });
      expect(liar.log.filter((l) => !l.startsWith('GET') && !l.startsWith('HEAD'))).toEqual([]);
    } finally {
      await liar.stop();
    }
    expect((await readFallbackIndex(store, image.digest)).index?.manifests.map((d) => d.digest)).toEqual([foreign]);

    // It lies twice (a stale cache), then tells the truth: the push completes and the other tool's entry is kept.
    let lies = 0;
    const flaky = await startFaultProxy(reg.host, (m, p) => (m === 'GET' && p === indexPath && lies++ < 2 ? { status: 404 } : undefined));
    try {
      const r = await pushBundle({
        bundleFile: file,
        image: `${flaky.host}/push/lie:v1`,
        cwd: dir,
        env: env(),
        logger: silentLogger,
        retry: fast,
      });
      expect(r.attestations[0]!.indexConfirmed).toBe(true);
      expect(lies).toBeGreaterThanOrEqual(2);
      const digests = (await readFallbackIndex(store, image.digest)).index?.manifests.map((d) => d.digest);
      expect(digests).toHaveLength(2);
      expect(digests).toContain(foreign);
      expect(digests).toContain(r.attestations[0]!.manifestDigest);
    } finally {
      await flaky.stop();
    }
  });

  it('an index that cannot be read (500 after the retries) is an unconfirmed state: exit 2, nothing written', async () => {
    const image = await pushTestImage(reg, 'push/unreadable', 'v1');
    const indexPath = `/v2/push/unreadable/manifests/${fallbackTag(image.digest)}`;
    const file = await bundleFile('unreadable.json', image.digest);
    const proxy = await startFaultProxy(reg.host, (m, p) => (m === 'GET' && p === indexPath ? { status: 500 } : undefined));
    try {
      const run = await runCli(['push', '--bundle', file, '--image', `${proxy.host}/push/unreadable:v1`], {
        env: { ...env(), CUSTODY_HTTP_RETRIES: '1' },
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/HTTP 500.*\[OCI_REGISTRY_ERROR\]/s);
      expect(proxy.log.filter((l) => !l.startsWith('GET') && !l.startsWith('HEAD'))).toEqual([]);
      expect(proxy.log.filter((l) => l === `GET ${indexPath}`)).toHaveLength(2);
    } finally {
      configureLimits({}); // the in-process CLI set CUSTODY_HTTP_RETRIES=1 for this worker
      await proxy.stop();
    }
  });

  it('a lying 404 on the read-back after the index write does not make the next round start an empty index', async () => {
    const image = await pushTestImage(reg, 'push/lie-after', 'v1');
    const foreign = await foreignIndexEntry('push/lie-after', image);
    const indexPath = `/v2/push/lie-after/manifests/${fallbackTag(image.digest)}`;
    const file = await bundleFile('lie-after.json', image.digest);
    // Truthful until our index PUT; every read after it says 404.
    let written = false;
    const proxy = await startFaultProxy(reg.host, (m, p) => {
      if (m === 'PUT' && p === indexPath) written = true;
      return written && m === 'GET' && p === indexPath ? { status: 404 } : undefined;
    });
    try {
      const err = await pushBundle({
        bundleFile: file,
        image: `${proxy.host}/push/lie-after:v1`,
        cwd: dir,
        env: env(),
        logger: silentLogger,
        retry: fast,
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'OCI_INDEX_UNCONFIRMED' });
      expect((err as Error).message).toContain('the index was not written');
      // One index write only (the first, correct one): no second round rewrote it from an empty index.
      expect(proxy.log.filter((l) => l === `PUT ${indexPath}`)).toHaveLength(1);
    } finally {
      await proxy.stop();
    }
    const digests = (
      await readFallbackIndex(new RemoteStore(new RegistryClient(reg.host), 'push/lie-after'), image.digest)
    ).index?.manifests.map((d) => d.digest);
    expect(digests).toContain(foreign);
    expect(digests).toHaveLength(2);
  });

  it("with NODE_USE_ENV_PROXY=1 the registry is reached through HTTP_PROXY, as Node's fetch would (built CLI)", async () => {
    const image = await pushTestImage(reg, 'push/proxied', 'v1');
    const file = await bundleFile('proxied.json', image.digest);
    // The loopback proxy forwards every request to the real registry; the image names a port where nothing listens.
    const proxy = await startFaultProxy(reg.host, () => undefined);
    const unreachable = `127.0.0.1:${await freePort()}`;
    try {
      const run = await runCliMeasured(['push', '--bundle', file, '--image', `${unreachable}/push/proxied:v1`, '--format', 'json'], {
        env: { ...env(), NODE_USE_ENV_PROXY: '1', HTTP_PROXY: proxy.url, NO_PROXY: '' },
      });
      expect(run.code, run.stderr).toBe(0);
      expect(proxy.log.some((l) => l.startsWith(`GET http://${unreachable}/v2/push/proxied/manifests/v1`))).toBe(true);
    } finally {
      await proxy.stop();
    }
  });

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
    const env = {
      ...process.env,
      DOCKER_CONFIG: dir,
      CUSTODY_REGISTRY_USERNAME: 'pusher',
      CUSTODY_REGISTRY_PASSWORD: 'not-the-password-42',
    };
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

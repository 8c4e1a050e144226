// The referrers API path. No registry that implements referrers runs on the test machines, so these tests use
// startRegistryDouble from @custody/testing: an in-process TEST DOUBLE of an OCI 1.1 registry (named as such).
import { afterEach, describe, expect, it } from 'vitest';
import { startRegistryDouble, type RegistryDouble } from '@custody/testing';
import {
  RegistryClient,
  RemoteStore,
  attachBundle,
  fetchAttestation,
  listAttestations,
  OciAuthError,
  MEDIA_SIGSTORE_BUNDLE_V03,
} from '@custody/oci';
import { makeBundle } from './bundles.js';

let double: RegistryDouble | undefined;
afterEach(async () => {
  await double?.stop();
  double = undefined;
});

async function seedImage(store: RemoteStore, tag = 'v1'): Promise<{ digest: string; size: number; mediaType: string }> {
  const cfg = await store.putBlob(Buffer.from('{"architecture":"amd64","os":"linux"}'));
  const layer = await store.putBlob(Buffer.from('layer-bytes'));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: cfg, size: 37 },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer, size: 11 }],
    }),
  );
  const put = await store.putManifest(manifest, 'application/vnd.oci.image.manifest.v1+json', tag);
  return { digest: put.digest, size: manifest.length, mediaType: 'application/vnd.oci.image.manifest.v1+json' };
}

describe('referrers API (in-process registry TEST DOUBLE)', () => {
  it('attaches through the referrers API: no tags written, found via referrers, rerun adds nothing', async () => {
    double = await startRegistryDouble();
    const store = new RemoteStore(new RegistryClient(double.host), 'org/app');
    const image = await seedImage(store);
    const bundle = makeBundle(image.digest, 'https://cyclonedx.org/bom');
    const r = await attachBundle(store, image, bundle);
    expect(r.mode).toBe('referrers');
    expect(r.alreadyPresent).toBe(false);
    expect(await store.listTags()).toEqual(['v1']);
    const list = await listAttestations(store, image.digest);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      manifestDigest: r.manifestDigest,
      predicateType: 'https://cyclonedx.org/bom',
      sources: ['referrers'],
      mediaType: MEDIA_SIGSTORE_BUNDLE_V03,
    });
    expect((await fetchAttestation(store, list[0]!)).bytes.equals(bundle)).toBe(true);

    const again = await attachBundle(store, image, bundle);
    expect(again.alreadyPresent).toBe(true);
    expect(again.manifestDigest).toBe(r.manifestDigest);
    expect(await listAttestations(store, image.digest)).toHaveLength(1);
  });

  it('honours OCI-Filters-Applied, and filters itself when the registry did not', async () => {
    for (const serverFilters of [true, false]) {
      double = await startRegistryDouble({ filterArtifactType: serverFilters });
      const client = new RegistryClient(double.host);
      const store = new RemoteStore(client, 'org/app');
      const image = await seedImage(store);
      await attachBundle(store, image, makeBundle(image.digest));
      // A non-bundle referrer (e.g. an SBOM pushed by another tool).
      await store.putBlob(Buffer.from('{}'));
      const other = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          artifactType: 'application/spdx+json',
          config: {
            mediaType: 'application/vnd.oci.empty.v1+json',
            digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
            size: 2,
          },
          layers: [],
          subject: image,
        }),
      );
      await store.putManifest(other, 'application/vnd.oci.image.manifest.v1+json');
      const filtered = await client.referrers('org/app', image.digest, MEDIA_SIGSTORE_BUNDLE_V03);
      expect(filtered.supported).toBe(true);
      expect(filtered.filtered).toBe(serverFilters);
      expect(filtered.manifests.map((d) => d.artifactType)).toEqual([MEDIA_SIGSTORE_BUNDLE_V03]);
      expect((await client.referrers('org/app', image.digest)).manifests).toHaveLength(2);
      expect(await listAttestations(store, image.digest)).toHaveLength(1);
      await double.stop();
      double = undefined;
    }
  });

  it('Bearer token flow: asks the realm for the right scope, caches the token', async () => {
    double = await startRegistryDouble({ auth: { username: 'u', password: 'p-secret-1', scheme: 'bearer' } });
    const env = { CUSTODY_REGISTRY_USERNAME: 'u', CUSTODY_REGISTRY_PASSWORD: 'p-secret-1', DOCKER_CONFIG: '/nonexistent' };
    const store = new RemoteStore(new RegistryClient(double.host, { env, intent: 'push' }), 'team/svc');
    const image = await seedImage(store);
    await attachBundle(store, image, makeBundle(image.digest));
    // A client that will push asks for pull,push once; reads reuse that token.
    expect(double.tokenScopes).toEqual(['repository:team/svc:pull,push']);
    const reader = new RemoteStore(new RegistryClient(double.host, { env }), 'team/svc');
    expect(await listAttestations(reader, image.digest)).toHaveLength(1);
    expect(double.tokenScopes).toEqual(['repository:team/svc:pull,push', 'repository:team/svc:pull']);
    // Anonymous token requests are refused by this double: the error names the token service.
    const anon = new RemoteStore(new RegistryClient(double.host, { env: { DOCKER_CONFIG: '/nonexistent' } }), 'team/svc');
    await expect(anon.headManifest('v1')).rejects.toMatchObject({
      code: 'OCI_AUTH_FAILED',
      message: expect.stringMatching(/token service .* anonymous request/),
    });
  });

  it('403 on push names the registry, repository and credential source', async () => {
    double = await startRegistryDouble({ auth: { username: 'u', password: 'p-secret-2', scheme: 'basic', denyPush: true } });
    const env = { CUSTODY_REGISTRY_USERNAME: 'u', CUSTODY_REGISTRY_PASSWORD: 'p-secret-2', DOCKER_CONFIG: '/nonexistent' };
    const store = new RemoteStore(new RegistryClient(double.host, { env }), 'team/ro');
    const e = (await store.putBlob(Buffer.from('x')).catch((x: unknown) => x)) as OciAuthError;
    expect(e).toBeInstanceOf(OciAuthError);
    expect(e.status).toBe(403);
    expect(e.message).toMatch(
      new RegExp(`registry ${double.host} denied access \\(403\\) for repository team/ro.*CUSTODY_REGISTRY_USERNAME`),
    );
    expect(e.hint).toMatch(/permission/);
  });

  it('follows Link pagination of the tags list', async () => {
    double = await startRegistryDouble({ tagsPageSize: 2 });
    const client = new RegistryClient(double.host);
    const store = new RemoteStore(client, 'org/tags');
    for (const t of ['a', 'b', 'c', 'd', 'e']) await seedImage(store, t);
    const before = client.requests;
    expect(await client.listTags('org/tags', 2)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(client.requests - before).toBe(3);
  });

  it('retries 503 (Retry-After), 429 and connection resets with bounded backoff', async () => {
    const faults: Record<number, { status: number; headers?: Record<string, string> } | 'reset'> = {
      0: { status: 503, headers: { 'retry-after': '0' } },
      1: { status: 429, headers: { 'retry-after': '0' } },
      2: 'reset',
    };
    double = await startRegistryDouble({ fault: (_m, _p, n) => faults[n] });
    const client = new RegistryClient(double.host, { retry: { baseDelayMs: 5, maxDelayMs: 50 } });
    const store = new RemoteStore(client, 'org/flaky');
    const image = await seedImage(store);
    expect((await store.headManifest('v1'))?.digest).toBe(image.digest);
    expect(double.log.length).toBeGreaterThanOrEqual(4);
  });

  it('gives up after the bounded number of attempts with OCI_REGISTRY_ERROR', async () => {
    double = await startRegistryDouble({ fault: () => ({ status: 502 }) });
    const client = new RegistryClient(double.host, { retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 } });
    const err = await client.headManifest('org/down', 'v1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OCI_REGISTRY_ERROR' });
    expect((err as Error).message).toMatch(/HTTP 502/);
    expect(double.log).toHaveLength(4);
  });
});

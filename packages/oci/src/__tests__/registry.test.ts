// Against a real registry: Debian's docker-registry 2.8.2 started per run on loopback (packages/testing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushTestImage, registryToolsAvailable, startRegistry, type StartedRegistry } from '@custody/testing';
import {
  RegistryClient,
  RemoteStore,
  attachBundle,
  fallbackTag,
  fetchAttestation,
  listAttestations,
  readFallbackIndex,
  resolveImage,
  OciAuthError,
} from '@custody/oci';
import { makeBundle } from './bundles.js';

const available = registryToolsAvailable();
if (!available)
  process.stderr.write(
    'notice: docker-registry/skopeo/htpasswd missing; skipping real-registry tests (scripts/test-setup.sh installs them)\n',
  );

describe.skipIf(!available)('Debian docker-registry (real, open)', () => {
  let reg: StartedRegistry;
  beforeAll(async () => {
    reg = await startRegistry();
  });
  afterAll(async () => {
    await reg?.stop();
  });

  it('resolves a pushed image, attaches a bundle through the fallback tag and lists it back byte-identical', async () => {
    const image = await pushTestImage(reg, 'app/one', 'v1');
    const client = new RegistryClient(reg.host);
    const store = new RemoteStore(client, 'app/one');
    const resolved = await resolveImage(store, 'v1');
    expect(resolved.digest).toBe(image.digest);
    const bundle = makeBundle(image.digest);
    const result = await attachBundle(store, resolved.descriptor, bundle);
    expect(result.mode).toBe('fallback');
    expect(result.indexConfirmed).toBe(true);
    const index = await readFallbackIndex(store, image.digest);
    expect(index.index?.manifests.map((d) => d.digest)).toEqual([result.manifestDigest]);
    expect(index.index?.manifests[0]?.artifactType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(index.index?.manifests[0]?.annotations?.['dev.sigstore.bundle.predicateType']).toBe('https://slsa.dev/provenance/v1');
    const list = await listAttestations(store, image.digest);
    expect(list).toHaveLength(1);
    expect(list[0]!.sources).toEqual(['fallback-index', 'tag']);
    const got = await fetchAttestation(store, list[0]!);
    expect(got.bytes.equals(bundle)).toBe(true);
    const m = await store.getManifest(result.manifestDigest);
    expect(m.manifest).toMatchObject({
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', size: 2 },
      subject: { digest: image.digest, mediaType: image.mediaType, size: image.size },
    });
    expect(fallbackTag(image.digest)).toMatch(/^sha256-[0-9a-f]{64}$/);
  });
});

describe.skipIf(!available)('Debian docker-registry (real) with htpasswd Basic auth', () => {
  let reg: StartedRegistry;
  const auth = { username: 'ci-user', password: 'pw-for-tests-only-3f9c' };
  beforeAll(async () => {
    reg = await startRegistry({ auth });
  });
  afterAll(async () => {
    await reg?.stop();
  });

  it('authenticates with CUSTODY_REGISTRY_USERNAME/_PASSWORD and attaches', async () => {
    const image = await pushTestImage(reg, 'secure/app', 'v1');
    const env = { CUSTODY_REGISTRY_USERNAME: auth.username, CUSTODY_REGISTRY_PASSWORD: auth.password, DOCKER_CONFIG: '/nonexistent' };
    const store = new RemoteStore(new RegistryClient(reg.host, { env }), 'secure/app');
    const resolved = await resolveImage(store, 'v1');
    expect(resolved.digest).toBe(image.digest);
    const r = await attachBundle(store, resolved.descriptor, makeBundle(image.digest));
    expect((await listAttestations(store, image.digest)).map((a) => a.manifestDigest)).toEqual([r.manifestDigest]);
  });

  it('reads credentials from docker config.json auths', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'custody-dockercfg-'));
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from(`${auth.username}:${auth.password}`).toString('base64') } } }),
    );
    const image = await pushTestImage(reg, 'secure/cfg', 'v1');
    const store = new RemoteStore(new RegistryClient(reg.host, { env: { DOCKER_CONFIG: dir } }), 'secure/cfg');
    expect((await resolveImage(store, 'v1')).digest).toBe(image.digest);
  });

  it('a wrong password fails with OCI_AUTH_FAILED naming registry, repository and the sources tried', async () => {
    const env = {
      CUSTODY_REGISTRY_USERNAME: auth.username,
      CUSTODY_REGISTRY_PASSWORD: 'wrong-password-xyz',
      DOCKER_CONFIG: '/nonexistent',
    };
    const store = new RemoteStore(new RegistryClient(reg.host, { env }), 'secure/app');
    const err = await store.headManifest('v1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OciAuthError);
    const e = err as OciAuthError;
    expect(e.code).toBe('OCI_AUTH_FAILED');
    expect(e.message).toContain(reg.host);
    expect(e.message).toContain('secure/app');
    expect(e.message).toContain('CUSTODY_REGISTRY_USERNAME/CUSTODY_REGISTRY_PASSWORD');
    expect(e.message).not.toContain('wrong-password-xyz');
  });

  it('no credentials at all: 401 lists every source looked at', async () => {
    const store = new RemoteStore(new RegistryClient(reg.host, { env: { DOCKER_CONFIG: '/nonexistent' } }), 'secure/app');
    const e = (await store.headManifest('v1').catch((x: unknown) => x)) as OciAuthError;
    expect(e.code).toBe('OCI_AUTH_FAILED');
    expect(e.sourcesTried.join(' | ')).toMatch(/CUSTODY_REGISTRY_USERNAME.*\/nonexistent\/config.json \(not found\)/);
  });
});

describe.skipIf(!available)('Debian docker-registry (real): blobs and tags', () => {
  let reg: StartedRegistry;
  beforeAll(async () => {
    reg = await startRegistry();
  });
  afterAll(async () => {
    await reg?.stop();
  });

  it('uploads a large blob in chunks (PATCH) and streams it back verified', async () => {
    const client = new RegistryClient(reg.host, { monolithicLimit: 64 * 1024, chunkSize: 50_000 });
    const { randomBytes } = await import('node:crypto');
    const data = randomBytes(300_000);
    const requestsBefore = client.requests;
    const digest = await client.putBlob('blobs/chunked', data);
    // POST + 6 PATCH + PUT (+ the HEAD that found nothing)
    expect(client.requests - requestsBefore).toBe(9);
    const stream = await client.openBlob('blobs/chunked', digest);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(await client.hasBlob('blobs/chunked', digest)).toBe(true);
  });

  it('lists every tag (distribution 2.8.2 answers n=3 with one full page; Link paging is covered with the double)', async () => {
    const client = new RegistryClient(reg.host);
    await client.putBlob('tags/many', new TextEncoder().encode('{}'));
    const manifest = (i: number) =>
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          artifactType: 'application/x-test',
          config: {
            mediaType: 'application/vnd.oci.empty.v1+json',
            digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
            size: 2,
          },
          layers: [],
          annotations: { i: String(i) },
        }),
      );
    const names = Array.from({ length: 7 }, (_, i) => `t${i}`);
    for (const [i, t] of names.entries())
      await client.putManifest('tags/many', t, manifest(i), 'application/vnd.oci.image.manifest.v1+json');
    expect((await client.listTags('tags/many', 3)).sort()).toEqual(names);
  });

  it('a missing image is OCI_NOT_FOUND', async () => {
    const store = new RemoteStore(new RegistryClient(reg.host), 'nothing/here');
    await expect(resolveImage(store, 'v1')).rejects.toMatchObject({ code: 'OCI_NOT_FOUND' });
  });
});

describe.skipIf(!available)('Debian docker-registry (real): lost updates and legacy cosign', () => {
  let reg: StartedRegistry;
  beforeAll(async () => {
    reg = await startRegistry();
  });
  afterAll(async () => {
    await reg?.stop();
  });

  it('a referrers index overwritten by a stale writer loses nothing: discovery unions the tags, the next push repairs it', async () => {
    const image = await pushTestImage(reg, 'lost/app', 'v1');
    const store = new RemoteStore(new RegistryClient(reg.host), 'lost/app');
    const subject = (await resolveImage(store, 'v1')).descriptor;
    const a = await attachBundle(store, subject, makeBundle(image.digest, 'https://example.com/a'));
    // A stale writer (read before A wrote) puts back an index without A, as a registry ignoring If-Match allows.
    const { putManifest } = store;
    await putManifest.call(
      store,
      Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] })),
      'application/vnd.oci.image.index.v1+json',
      fallbackTag(image.digest),
    );
    expect((await readFallbackIndex(store, image.digest)).index?.manifests).toEqual([]);
    const found = await listAttestations(store, image.digest);
    expect(found.map((x) => [x.manifestDigest, x.sources])).toEqual([[a.manifestDigest, ['tag']]]);
    const b = await attachBundle(store, subject, makeBundle(image.digest, 'https://example.com/b'));
    const repaired = (await readFallbackIndex(store, image.digest)).index?.manifests.map((d) => d.digest).sort();
    expect(repaired).toEqual([a.manifestDigest, b.manifestDigest].sort());
  });

  it('reads cosign legacy sha256-<hex>.att from a registry (the real cosign attestation copied in)', async () => {
    const { sharedDir } = await import('@custody/testing');
    const shared = sharedDir();
    if (!shared) return;
    const { LayoutStore, isIndex } = await import('@custody/oci');
    const { join } = await import('node:path');
    const layout = await LayoutStore.open(join(shared, 'fixtures', 'real-attestations', 'cosign-oci-layout'));
    const store = new RemoteStore(new RegistryClient(reg.host), 'legacy/app');
    // Copy the image index, its manifests and blobs, and the .att manifest under cosign's tag.
    const copyManifest = async (digest: string, tag?: string): Promise<void> => {
      const m = await layout.getManifest(digest);
      if (isIndex(m.manifest)) {
        for (const d of m.manifest.manifests) await copyManifest(d.digest);
      } else {
        for (const d of [m.manifest.config, ...m.manifest.layers]) await store.putBlob(await layout.getBlob(d.digest));
      }
      await store.putManifest(m.bytes, m.mediaType, tag);
    };
    const imageDigest = 'sha256:234e2c830c2fb31ac5671789d22adfe44d30c3ee831d01beae5e237841a13122';
    await copyManifest(imageDigest, 'v1');
    await copyManifest('sha256:21454caf3a160dfbe6359f0501aa8401c6c0f2c7a8b71380ea21f8c4b48b64fe', `${fallbackTag(imageDigest)}.att`);
    const resolved = await resolveImage(store, 'v1');
    expect(resolved.digest).toBe(imageDigest);
    const list = await listAttestations(store, imageDigest);
    expect(list.map((x) => [x.format, x.predicateType, x.sources])).toEqual([
      ['cosign-dsse', 'https://slsa.dev/provenance/v0.2', ['cosign-legacy']],
    ]);
    const got = await fetchAttestation(store, list[0]!);
    expect(JSON.parse(got.bytes.toString('utf8')).payloadType).toBe('application/vnd.in-toto+json');
    expect(got.annotations?.['dev.sigstore.cosign/bundle']).toContain('SignedEntryTimestamp');
  });
});

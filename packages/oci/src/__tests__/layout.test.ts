// OCI image layouts: written by Custody and opened by the real skopeo; concurrent writers; the real cosign layout.
import { cp, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registryToolsAvailable, runSkopeo, sharedDir, sharedNotice, writeTestImageLayout } from '@custody/testing';
import { LayoutStore, attachBundle, fetchAttestation, listAttestations, openImage, resolveImage, defaultLayoutImage } from '@custody/oci';
import { makeBundle } from './bundles.js';

const skopeo = registryToolsAvailable();

describe('OCI image layout store', () => {
  it('attaches bundles to an image in a layout, and skopeo still opens the image and the artifacts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custody-layout-'));
    const image = await writeTestImageLayout(dir, { tag: 'app' });
    const opened = await openImage(`oci-layout:${dir}`);
    expect(opened.reference).toBe(image.digest);
    const resolved = await resolveImage(opened.store, opened.reference);
    const results = [];
    for (const pt of ['https://slsa.dev/provenance/v1', 'https://cyclonedx.org/bom'])
      results.push(await attachBundle(opened.store, resolved.descriptor, makeBundle(image.digest, pt)));
    expect(results.map((r) => r.mode)).toEqual(['fallback', 'fallback']);
    const list = await listAttestations(opened.store, image.digest);
    expect(list.map((a) => a.predicateType).sort()).toEqual(['https://cyclonedx.org/bom', 'https://slsa.dev/provenance/v1']);
    expect(list.every((a) => a.sources.includes('fallback-index') && a.sources.includes('tag'))).toBe(true);
    // The image is still the layout's one image (attestations are not mistaken for images).
    expect(await defaultLayoutImage(opened.store as LayoutStore)).toBe(image.digest);
    // No temporary or lock files are left behind.
    expect((await readdir(dir)).sort()).toEqual(['blobs', 'index.json', 'oci-layout']);
    expect((await readdir(join(dir, 'blobs', 'sha256'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    if (!skopeo) return sharedNotice('skopeo checks (skopeo not installed)');
    const inspect = JSON.parse((await runSkopeo(['inspect', `oci:${dir}:app`])).stdout) as { Digest: string };
    expect(inspect.Digest).toBe(image.digest);
    const tag = results[0]!.tag!;
    const raw = JSON.parse((await runSkopeo(['inspect', '--raw', `oci:${dir}:${tag}`])).stdout) as {
      artifactType: string;
      subject: { digest: string };
    };
    expect(raw.artifactType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(raw.subject.digest).toBe(image.digest);
    // skopeo copies the whole layout entry by entry into a new layout: the copy lists the same attestations.
    const copy = await mkdtemp(join(tmpdir(), 'custody-layout-copy-'));
    await runSkopeo(['copy', '--preserve-digests', `oci:${dir}:app`, `oci:${copy}:app`]);
    await runSkopeo(['copy', '--preserve-digests', `oci:${dir}:${tag}`, `oci:${copy}:${tag}`]);
    const copied = await LayoutStore.open(copy);
    expect((await listAttestations(copied, image.digest)).map((a) => a.manifestDigest)).toEqual([results[0]!.manifestDigest]);
  });

  it('concurrent writers on one machine lose nothing (index.json lock)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custody-layout-conc-'));
    const image = await writeTestImageLayout(dir);
    const writers = Array.from({ length: 20 }, async (_, i) => {
      const store = await LayoutStore.open(dir); // one store object per writer, as separate processes would have
      return attachBundle(
        store,
        { mediaType: image.mediaType, digest: image.digest, size: image.size },
        makeBundle(image.digest, `https://example.com/p/${i}`),
      );
    });
    const results = await Promise.all(writers);
    const store = await LayoutStore.open(dir);
    const list = await listAttestations(store, image.digest);
    expect(list.map((a) => a.manifestDigest).sort()).toEqual(results.map((r) => r.manifestDigest).sort());
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { manifests: unknown[] };
    // the image + 20 attestation tags + the referrers index
    expect(index.manifests).toHaveLength(22);
  });

  it('a lock left by a crashed writer (older than 30 s) is taken over; a fresh one is waited for', async () => {
    const { utimes, writeFile: wf } = await import('node:fs/promises');
    const dir = await mkdtemp(join(tmpdir(), 'custody-layout-lock-'));
    const image = await writeTestImageLayout(dir);
    const lock = join(dir, 'index.json.lock');
    await wf(lock, '99999\n');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    const store = await LayoutStore.open(dir);
    const r = await attachBundle(store, { mediaType: image.mediaType, digest: image.digest, size: image.size }, makeBundle(image.digest));
    expect((await listAttestations(store, image.digest)).map((a) => a.manifestDigest)).toEqual([r.manifestDigest]);
    // A live lock: the writer waits until it is released.
    await wf(lock, '1\n');
    let done = false;
    const pending = store.withLock(async () => {
      done = true;
    });
    await new Promise((res) => setTimeout(res, 100));
    expect(done).toBe(false);
    const { rm: rmf } = await import('node:fs/promises');
    await rmf(lock);
    await pending;
    expect(done).toBe(true);
  });

  it('a directory that is not a layout is OCI_LAYOUT_INVALID; a layout with two images needs @DIGEST', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'custody-notlayout-'));
    await expect(openImage(`oci-layout:${empty}`)).rejects.toMatchObject({ code: 'OCI_LAYOUT_INVALID' });
    const dir = await mkdtemp(join(tmpdir(), 'custody-two-'));
    const a = await writeTestImageLayout(dir, { seed: 'a', tag: 'a' });
    const other = await mkdtemp(join(tmpdir(), 'custody-two-b-'));
    const b = await writeTestImageLayout(other, { seed: 'b', tag: 'b' });
    if (!skopeo) return;
    await runSkopeo(['copy', `oci:${other}:b`, `oci:${dir}:b`]);
    await expect(openImage(`oci-layout:${dir}`)).rejects.toMatchObject({ code: 'OCI_AMBIGUOUS_IMAGE' });
    expect((await openImage(`oci-layout:${dir}@${b.digest}`)).reference).toBe(b.digest);
    expect(a.digest).not.toBe(b.digest);
  });
});

describe('the real cosign layout (../shared/fixtures/real-attestations/cosign-oci-layout)', () => {
  const shared = sharedDir();
  if (!shared) sharedNotice('cosign layout tests');
  it.skipIf(!shared)('lists its legacy .att attestation with predicate type and downloads the DSSE envelope', async () => {
    // Copied: the fixture is read-only and must stay untouched.
    const dir = await mkdtemp(join(tmpdir(), 'custody-cosign-'));
    await cp(join(shared!, 'fixtures', 'real-attestations', 'cosign-oci-layout'), dir, { recursive: true });
    const opened = await openImage(`oci-layout:${dir}`);
    const image = await resolveImage(opened.store, opened.reference);
    expect(image.digest).toBe('sha256:234e2c830c2fb31ac5671789d22adfe44d30c3ee831d01beae5e237841a13122');
    expect(image.platforms.map((p) => p.platform)).toEqual(['linux/amd64']);
    const list = await listAttestations(opened.store, image.digest);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      format: 'cosign-dsse',
      manifestDigest: 'sha256:21454caf3a160dfbe6359f0501aa8401c6c0f2c7a8b71380ea21f8c4b48b64fe',
      layerDigest: 'sha256:e163b472f2e5d66e5a2a45e26e020c51a0d2da7dc8b567b31fc2ebfd33dbc33a',
      predicateType: 'https://slsa.dev/provenance/v0.2',
      sources: ['cosign-legacy'],
    });
    const got = await fetchAttestation(opened.store, list[0]!);
    const envelope = JSON.parse(got.bytes.toString('utf8')) as { payloadType: string; payload: string };
    expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
      subject: Array<{ digest: { sha256: string } }>;
    };
    expect(statement.subject[0]!.digest.sha256).toBe(image.digest.slice(7));
    expect(got.annotations?.['dev.sigstore.cosign/certificate']).toMatch(/^-----BEGIN CERTIFICATE-----/);
    // Filtering by another predicate type leaves nothing.
    expect(await listAttestations(opened.store, image.digest, { predicateType: 'https://slsa.dev/provenance/v1' })).toEqual([]);
  });
});

describe('cosign legacy -> Sigstore bundle v0.1', () => {
  const shared = sharedDir();
  it.skipIf(!shared)('the converted real attestation verifies offline against the public-good root; a tampered one does not', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    // The real verifier (sigstore-js), public-good trusted_root.json from @sigstore/tuf's embedded seeds (offline).
    const { bundleFromJSON } = require('@sigstore/bundle') as typeof import('@sigstore/bundle');
    const { toSignedEntity, toTrustMaterial, Verifier } = require('@sigstore/verify') as typeof import('@sigstore/verify');
    const { TrustedRoot } = require('@sigstore/protobuf-specs') as typeof import('@sigstore/protobuf-specs');
    const seeds = require('@sigstore/tuf/seeds.json') as Record<string, { targets: Record<string, string> }>;
    const root = JSON.parse(
      Buffer.from(seeds['https://tuf-repo-cdn.sigstore.dev']!.targets['trusted_root.json']!, 'base64').toString('utf8'),
    );
    const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(root)), { tlogThreshold: 1, ctlogThreshold: 1 });

    const { legacyToBundle } = await import('@custody/oci');
    const layout = await LayoutStore.open(join(shared!, 'fixtures', 'real-attestations', 'cosign-oci-layout'));
    const [ref] = await listAttestations(layout, 'sha256:234e2c830c2fb31ac5671789d22adfe44d30c3ee831d01beae5e237841a13122');
    const fetched = await fetchAttestation(layout, ref!);
    const bundle = JSON.parse(legacyToBundle(fetched.bytes, fetched.annotations ?? {}).toString('utf8'));
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle+json;version=0.1');
    const signer = verifier.verify(toSignedEntity(bundleFromJSON(bundle)));
    expect(signer.identity?.subjectAlternativeName).toBe(
      'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.1.0',
    );

    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
    statement.subject[0].digest.sha256 = 'f'.repeat(64);
    const tampered = {
      ...bundle,
      dsseEnvelope: { ...bundle.dsseEnvelope, payload: Buffer.from(JSON.stringify(statement)).toString('base64') },
    };
    expect(() => verifier.verify(toSignedEntity(bundleFromJSON(tampered)))).toThrow();
  });
});

// custody verify for images: an OCI image layout (real files on disk, written through @custody/oci's LayoutStore)
// holding an image and a keyless bundle attached to it by @custody/oci's attachBundle (the referrers-tag fallback);
// the target is resolved to its digest once, the attached bundle is found and verified, the subject binding is to
// the image manifest digest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStatement, PREDICATE_SLSA_PROVENANCE_V1 } from '@custody/core';
import { buildImage, githubWorkflowClaims, startSigstoreStack, type SigstoreStack } from '@custody/testing';
import { resolveInstance, signStatement } from '@custody/sign';
import { attachBundle, LayoutStore } from '@custody/oci';
import type { VerifyReport } from '@custody/verify';
import { runCli } from './support/cli.js';

describe('custody verify oci-layout: (local Sigstore stack, real layout)', () => {
  let stack: SigstoreStack;
  let dir: string;
  let digest: string;
  let otherDigest: string;
  beforeAll(async () => {
    stack = await startSigstoreStack();
    dir = await mkdtemp(join(tmpdir(), 'custody-verify-oci-'));
    const store = await LayoutStore.open(join(dir, 'layout'), { create: true });
    const put = async (files: string, tag: string) => {
      const img = buildImage({ layers: [{ files: [{ path: 'app/main.txt', content: files }] }] });
      await store.putBlob(img.config);
      for (const l of img.layers) await store.putBlob(l.bytes);
      await store.putManifest(img.manifest, 'application/vnd.oci.image.manifest.v1+json', tag);
      return img;
    };
    const img = await put('hello', 'latest');
    const other = await put('other', 'other');
    digest = img.manifestDigest;
    otherDigest = other.manifestDigest;
    const instance = resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
    const st = makeStatement([{ name: 'registry.example/app', digest: { sha256: digest.slice(7) } }], PREDICATE_SLSA_PROVENANCE_V1, {
      buildDefinition: { buildType: 'x' },
    });
    const signed = await signStatement(st, { identityToken: stack.issuer.mint(githubWorkflowClaims('custody-test/app')), instance });
    await attachBundle(
      store,
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: img.manifest.length },
      Buffer.from(signed.bundleJson),
      { mode: 'fallback' },
    );
    // The same bundle attached to another image: a replay the subject binding must catch.
    await attachBundle(
      store,
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: otherDigest, size: other.manifest.length },
      Buffer.from(signed.bundleJson),
      { mode: 'fallback' },
    );
    // A layout with one image: `oci-layout:DIR` names it without a digest.
    const single = await LayoutStore.open(join(dir, 'single'), { create: true });
    const one = buildImage({ layers: [{ files: [{ path: 'app/main.txt', content: 'hello' }] }] });
    await single.putBlob(one.config);
    for (const l of one.layers) await single.putBlob(l.bytes);
    await single.putManifest(one.manifest, 'application/vnd.oci.image.manifest.v1+json', 'latest');
    await attachBundle(
      single,
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: one.manifest.length },
      Buffer.from(signed.bundleJson),
      { mode: 'fallback' },
    );
    await writeFile(join(dir, 'root.json'), JSON.stringify(stack.trustedRoot));
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const args = (target: string) => [
    'verify',
    target,
    '--repo',
    'custody-test/app',
    '--certificate-oidc-issuer',
    stack.issuer.url,
    '--trusted-root',
    join(dir, 'root.json'),
    '--format',
    'json',
  ];

  it('finds the attached bundle by digest and verifies it against the image digest', async () => {
    const r = await runCli(args(`oci-layout:${join(dir, 'layout')}@${digest}`));
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.attestations).toHaveLength(1);
    expect(report.attestations[0]!.source).toContain(`@sha256:`);
    expect(report.target.digests.sha256).toBe(digest.slice(7));
    expect(r.code).toBe(0);
  });

  it('a tag is resolved to the digest once, and the report says so', async () => {
    const r = await runCli(args(`oci-layout:${join(dir, 'single')}`));
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.notes.join(' ')).toContain(`resolved once to ${digest}`);
  });

  it('a layout with several images and no digest cannot run (exit 2, the OCI package names it)', async () => {
    const r = await runCli(args(`oci-layout:${join(dir, 'layout')}`));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[OCI_AMBIGUOUS_IMAGE]');
  });

  it('the bundle replayed onto another image fails on the subject binding', async () => {
    const r = await runCli(args(`oci-layout:${join(dir, 'layout')}@${otherDigest}`));
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.attestations[0]!.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['subject']);
  });
});

// Gate semantics against Debian's real docker-registry (packages/testing startRegistry) and the local Sigstore stack
// (Fulcio, Rekor, TSA, OIDC issuer on loopback): an image that carries, beside its valid keyless provenance, a
// provenance signed by a foreign key, a garbage bundle and a forged SBOM verifies (exit 0) and lists the three as
// ignored, in the table and in JSON. Also: a tag prints the digest it resolved to, --require-digest refuses tags,
// and a required type with only bad attestations fails naming why. Nothing is mocked: the CLI talks to the registry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestBytes, makeStatement, PREDICATE_CYCLONEDX, PREDICATE_SLSA_PROVENANCE_V1, type Statement } from '@custody/core';
import {
  githubWorkflowClaims,
  pushTestImage,
  registryToolsAvailable,
  startRegistry,
  startSigstoreStack,
  type SigstoreStack,
  type StartedRegistry,
  type TestImage,
} from '@custody/testing';
import { generateSigningKey, loadSigningKey, resolveInstance, signStatement } from '@custody/sign';
import { attachBundle, attestationTag, buildBundleArtifact, EMPTY_BLOB, MEDIA_OCI_MANIFEST, openImage, type OciStore } from '@custody/oci';
import type { VerifyReport } from '@custody/verify';
import { runCli } from './support/cli.js';

const REPO = 'custody-test/app';
type Json = Record<string, any>;

describe.runIf(registryToolsAvailable())('custody verify: gate semantics on a real registry', () => {
  let registry: StartedRegistry;
  let stack: SigstoreStack;
  let image: TestImage;
  let badImage: TestImage;
  let store: OciStore;
  let dir: string;
  const env = () => ({ PATH: process.env.PATH, HOME: dir });

  const prov = (digest: string): Statement =>
    makeStatement([{ name: 'demo/app', digest: { sha256: digest.slice(7) } }], PREDICATE_SLSA_PROVENANCE_V1, {
      buildDefinition: { buildType: 'x' },
    });
  const sbom = (digest: string, name: string): Statement =>
    makeStatement([{ name: 'demo/app', digest: { sha256: digest.slice(7) } }], PREDICATE_CYCLONEDX, {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [{ type: 'library', name, purl: `pkg:npm/${name}@1.0.0` }],
    });

  /** A blob stored as a bundle artifact the way Custody's fallback writes one, whatever its bytes (no validation). */
  const attachRaw = async (subject: TestImage, bytes: Buffer) => {
    const info = {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      content: 'dsse-envelope' as const,
      subjectDigests: [],
      digest: `sha256:${digestBytes(bytes)}`,
      size: bytes.length,
    };
    const artifact = buildBundleArtifact(info, { mediaType: subject.mediaType, digest: subject.digest, size: subject.size }, new Date());
    await store.putBlob(EMPTY_BLOB);
    await store.putBlob(bytes);
    await store.putManifest(artifact.bytes, MEDIA_OCI_MANIFEST, attestationTag(subject.digest, info.digest, artifact.digest));
  };
  const attach = (subject: TestImage, bundle: string | Json) =>
    attachBundle(
      store,
      { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      Buffer.from(typeof bundle === 'string' ? bundle : JSON.stringify(bundle)),
      { mode: 'fallback' },
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-verify-gate-'));
    [registry, stack] = await Promise.all([startRegistry(), startSigstoreStack()]);
    image = await pushTestImage(registry, 'demo/app', 'v1');
    badImage = await pushTestImage(registry, 'demo/app', 'v2', { seed: 'bad' });
    store = (await openImage(`oci://${registry.host}/demo/app:v1`)).store;
    const instance = resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
    const keyless = async (st: Statement) =>
      (await signStatement(st, { identityToken: stack.issuer.mint(githubWorkflowClaims(REPO)), instance })).bundleJson;
    const foreignKey = loadSigningKey(generateSigningKey().privateKeyPem);
    const keyed = async (st: Statement) =>
      (await signStatement(st, { key: foreignKey, instance: resolveInstance({ keyBased: true }) })).bundleJson;
    /** A keyless SBOM whose signed payload was swapped for another SBOM (a component added): a forgery. */
    const forgedSbom = async (digest: string) => {
      const b = JSON.parse(await keyless(sbom(digest, 'left-pad'))) as Json;
      b.dsseEnvelope.payload = Buffer.from(JSON.stringify(sbom(digest, 'evil-package'))).toString('base64');
      return b;
    };
    // v1: the valid provenance, and beside it a foreign-key provenance, a garbage bundle and a forged SBOM.
    await attach(image, await keyless(prov(image.digest)));
    await attach(image, await keyed(prov(image.digest)));
    await attachRaw(image, Buffer.from('{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "garbage": [1, 2, {{{'));
    await attach(image, await forgedSbom(image.digest));
    // v2: only the foreign-key provenance and a forged provenance.
    await attach(badImage, await keyed(prov(badImage.digest)));
    const forged = JSON.parse(await keyless(prov(badImage.digest))) as Json;
    forged.dsseEnvelope.payload = Buffer.from(
      JSON.stringify({ ...prov(badImage.digest), predicate: { buildDefinition: { buildType: 'forged' } } }),
    ).toString('base64');
    await attach(badImage, forged);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([registry?.stop(), stack?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const verify = (target: string, ...extra: string[]) =>
    runCli(
      ['verify', target, '--repo', REPO, '--certificate-oidc-issuer', stack.issuer.url, '--trusted-root', stack.trustedRootPath, ...extra],
      { cwd: dir, env: env() },
    );

  it('the valid provenance passes the gate (exit 0); the foreign-key, garbage and forged SBOM attestations are listed as ignored (JSON)', async () => {
    const r = await verify(`oci://${registry.host}/demo/app@${image.digest}`, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as VerifyReport;
    expect(report.passed).toBe(true);
    expect(report.attestations).toHaveLength(4);
    expect(report.attestations.filter((a) => a.outcome === 'used').map((a) => a.predicateType)).toEqual([PREDICATE_SLSA_PROVENANCE_V1]);
    expect(report.ignored).toHaveLength(3);
    const reasons = report.ignored.map((i) => `${i.predicateType ?? '-'} ${i.reason}`);
    // The foreign key: no trusted key for it.
    expect(reasons).toContainEqual(expect.stringMatching(new RegExp(`^${PREDICATE_SLSA_PROVENANCE_V1} signature\\.key: no trusted key`)));
    // The garbage: not readable.
    expect(reasons).toContainEqual(expect.stringMatching(/^- bundle: cannot be read: VERIFY_BUNDLE_MALFORMED: not valid JSON/));
    // The forged SBOM: its signature and log entry do not match the payload.
    expect(reasons).toContainEqual(expect.stringMatching(new RegExp(`^${PREDICATE_CYCLONEDX} .*signature\\.value: `)));
    for (const a of report.attestations.filter((x) => x.outcome === 'ignored'))
      expect(a.ignoredReason).toBe(report.ignored.find((i) => i.source === a.source)!.reason);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['attestations', 'pass'],
      ['identity', 'pass'],
      [`required:${PREDICATE_SLSA_PROVENANCE_V1}`, 'pass'],
    ]);
  });

  it('the same in the table, by tag: the resolved digest is printed and the three are listed under IGNORED', async () => {
    const tag = `oci://${registry.host}/demo/app:v1`;
    const r = await verify(tag);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`resolved: ${tag} -> ${image.digest}`);
    expect(r.stderr).toContain(`${tag} resolved to ${image.digest}`);
    expect(r.stdout).toMatch(/IGNORED: 3 attestation\(s\) do not count towards the result:\n( {2}oci:\/\/.*\n){3}/);
    expect(r.stdout).toMatch(/PASSED: 1 attestation\(s\) verified and used, 3 ignored\./);
    const json = JSON.parse((await verify(tag, '--format', 'json')).stdout) as VerifyReport;
    expect(json.target.resolved).toEqual({ reference: tag, digest: image.digest });
  });

  it('--require-digest refuses a tag (exit 2, VERIFY_TARGET_NOT_PINNED) and accepts the digest', async () => {
    const refused = await verify(`oci://${registry.host}/demo/app:v1`, '--require-digest');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('[VERIFY_TARGET_NOT_PINNED]');
    expect(refused.stderr).toContain(`oci://${registry.host}/demo/app@sha256:`);
    expect(refused.stdout).toBe('');
    const pinned = await verify(`oci://${registry.host}/demo/app@${image.digest}`, '--require-digest');
    expect(pinned.code, pinned.stderr).toBe(0);
  });

  it('a required type with only forged and foreign-key attestations FAILS (exit 1), naming why', async () => {
    const r = await verify(`oci://${registry.host}/demo/app@${badImage.digest}`, '--format', 'json');
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as VerifyReport;
    const req = report.checks.find((c) => c.id === `required:${PREDICATE_SLSA_PROVENANCE_V1}`)!;
    expect(req.status).toBe('fail');
    expect(req.reason).toMatch(/^no attestation of type https:\/\/slsa\.dev\/provenance\/v1 verified: 2 ignored \(/);
    expect(req.reason).toContain('signature.key: no trusted key');
    expect(req.reason).toContain('signature.value: ');
    const table = await verify(`oci://${registry.host}/demo/app@${badImage.digest}`);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain(
      `FAILED: required:${PREDICATE_SLSA_PROVENANCE_V1}: no attestation of type ${PREDICATE_SLSA_PROVENANCE_V1} verified: 2 ignored (`,
    );
  });
});

/**
 * The image half of the one-step chain (src/commands/chain.ts): an image given to the root action is resolved to
 * its digest once; each of its images (every platform manifest of an index, buildx attestation manifests and
 * artifacts skipped; or the one manifest) gets the SBOM of its own layers, attested with that manifest's digest as
 * the only subject and stored next to that manifest; the provenance names the index and every platform and is
 * stored next to each of them. SBOM documents and bundles travel in memory; the caller decides which files to write.
 */
import { resolve } from 'node:path';
import { PREDICATE_CYCLONEDX, PREDICATE_SPDX_23, parseLocation, type Clock, type Logger } from '@custody/core';
import { openAndResolve, type GitHubRegistryToken } from '@custody/oci';
import { platformFile, generateSbom, type SbomFormat } from './sbom.js';
import type { PushResult } from './push.js';

/** The image as the chain uses it: resolved once, named as the user wrote it, with the platforms its index lists. */
export interface AttestImage {
  /** What the user wrote. */
  reference: string;
  /** The digest the reference resolved to (the index of a multi-platform image). */
  digest: string;
  /** True when the digest is an image index. */
  isIndex: boolean;
  store: 'registry' | 'layout';
  /** REGISTRY/REPO as written (registry), or the absolute layout directory. */
  where: string;
  /** The in-toto subject name: REGISTRY/REPO, or the layout directory's name. */
  subjectName: string;
  /** The platform manifests the index lists (attestation manifests skipped); empty for a single manifest. */
  platforms: Array<{ platform: string; digest: string }>;
}

export interface ImageOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** The actions' github-token input, for the GitHub container registry. */
  registryToken?: GitHubRegistryToken;
}

/** Resolves the image once; every later step names it by digest, never by tag. */
export async function resolveAttestImage(image: string, o: ImageOptions): Promise<AttestImage> {
  const resolved = await openAndResolve(image, {
    cwd: o.cwd,
    env: o.env,
    logger: o.logger,
    ...(o.registryToken ? { githubToken: o.registryToken } : {}),
  });
  // The subject name is the reference as written, without its tag or digest (core's one reference parser).
  const location = parseLocation(resolved.store.kind === 'layout' && !image.startsWith('oci-layout:') ? `oci-layout:${image}` : image);
  const platforms = resolved.platforms.map((p) => ({ platform: p.platform, digest: p.descriptor.digest }));
  const common = {
    reference: image,
    digest: resolved.digest,
    isIndex: platforms.length > 0 || 'manifests' in resolved.manifest,
    platforms,
  };
  if (location.kind === 'layout') {
    const dir = resolve(o.cwd, location.dir);
    return { ...common, store: 'layout', where: dir, subjectName: location.dir.split('/').filter(Boolean).pop() ?? 'image' };
  }
  return { ...common, store: 'registry', where: location.name, subjectName: location.name };
}

/** The subject spec of one of the image's manifests (custody attest --subject). */
export function imageSubject(img: AttestImage, digest: string): string {
  return img.store === 'layout' ? `${img.subjectName}@${digest}` : `oci://${img.where}@${digest}`;
}

/** Where a bundle about `digest` is stored (custody push --image). */
export function imagePushTarget(img: AttestImage, digest: string): string {
  return img.store === 'layout' ? `oci-layout:${img.where}@${digest}` : `${img.where}@${digest}`;
}

/** The SBOM of one image of the index (or of the one manifest), in memory. */
export interface ImagePlatformSbom {
  /** os/arch[/variant], when the index or the config says. */
  platform?: string;
  /** The manifest digest the SBOM describes and is attested about. */
  digest: string;
  format: SbomFormat;
  predicateType: string;
  /** The SBOM document (JSON, ending in a newline). */
  text: string;
  componentCount: number;
  gaps: string[];
  /** A file name for it (platform in the name; unique within one run): image-sbom.linux-arm64.cdx.json. */
  fileName: string;
  /** A file name for its bundle: image-sbom.linux-arm64.sigstore.json. */
  bundleName: string;
}

/**
 * Scans every image of the resolved digest (each platform of an index; the manifest itself otherwise) into an SBOM.
 * The index is read again by digest, so a tag that moves meanwhile changes nothing; a platform manifest the index
 * lists but the registry lacks stops the run (IMAGE_BLOB_MISSING, exit 2) before anything is signed.
 */
export async function imagePlatformSboms(
  img: AttestImage,
  o: ImageOptions & { format: SbomFormat; clock: Clock },
): Promise<ImagePlatformSbom[]> {
  const target = img.store === 'layout' ? `oci-layout:${img.where}@${img.digest}` : `oci://${img.where}@${img.digest}`;
  const docs = await generateSbom({
    target,
    format: o.format,
    cwd: o.cwd,
    env: o.env,
    logger: o.logger,
    clock: o.clock,
    ...(o.registryToken ? { registryToken: o.registryToken } : {}),
  });
  const base = o.format === 'spdx-json' ? 'image-sbom.spdx.json' : 'image-sbom.cdx.json';
  const used = new Set<string>();
  return docs.map((d) => {
    const digest = d.digest ?? img.digest;
    // Two manifests of one platform (or none named) still get files of their own: the digest tells them apart.
    let tag = d.platform ?? '';
    if (used.has(tag)) tag = `${tag ? `${tag}-` : ''}${digest.replace(/^sha256:/, '').slice(0, 12)}`;
    used.add(tag);
    const fileName = tag ? platformFile(base, tag) : base;
    return {
      ...(d.platform ? { platform: d.platform } : {}),
      digest,
      format: o.format,
      predicateType: o.format === 'spdx-json' ? PREDICATE_SPDX_23 : PREDICATE_CYCLONEDX,
      text: d.text,
      componentCount: d.componentCount,
      gaps: d.gaps,
      fileName,
      bundleName: fileName.replace(/(\.(cdx|spdx))?\.json$/, '.sigstore.json'),
    };
  });
}

/** Subject specs for the provenance: the index (or manifest) and every image an SBOM was made for. */
export function provenanceImageSubjects(img: AttestImage, sboms: readonly ImagePlatformSbom[]): string[] {
  const digests = [img.digest, ...sboms.map((s) => s.digest)];
  return [...new Set(digests)].map((d) => imageSubject(img, d));
}

/** Stores bundles next to the image: `push` is custody push's pushBundle (in-memory bundles). */
export type PushFn = (bundle: Uint8Array, image: string) => Promise<PushResult>;

/**
 * Stores the provenance next to the index and every platform (pushBundle attaches a bundle to each manifest its
 * statement names, so one push to the index covers the platforms the index lists; an image found only in a nested
 * index is pushed to directly), and each image SBOM next to its own manifest.
 */
export async function pushImageAttestations(
  img: AttestImage,
  provenance: Uint8Array,
  sboms: ReadonlyArray<{ sbom: ImagePlatformSbom; bundle: Uint8Array }>,
  push: PushFn,
): Promise<PushResult[]> {
  const pushed: PushResult[] = [];
  const first = await push(provenance, imagePushTarget(img, img.digest));
  pushed.push(first);
  const attached = new Set(first.attestations.map((a) => a.subject));
  for (const d of new Set(sboms.map((s) => s.sbom.digest))) {
    if (!attached.has(d)) pushed.push(await push(provenance, imagePushTarget(img, d)));
  }
  for (const s of sboms) pushed.push(await push(s.bundle, imagePushTarget(img, s.sbom.digest)));
  return pushed;
}

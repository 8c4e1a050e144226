import { OciError, OciNotFoundError } from './errors.js';
import { ANNOTATION_REF_NAME, formatPlatform, isIndex, platformStringMatches, type Descriptor, type Manifest } from './media.js';
import type { OciStore } from './store.js';
import type { LayoutStore } from './layout.js';
import { checkIndexManifests } from './walk.js';

export interface PlatformManifest {
  /** os/arch[/variant] */
  platform: string;
  descriptor: Descriptor;
}

/** An image resolved to its digest once; everything after uses the digest. */
export interface ResolvedImage {
  store: OciStore;
  /** What the user wrote. */
  reference: string;
  descriptor: Descriptor;
  digest: string;
  manifest: Manifest;
  /** For an index: its platform manifests (attestation manifests of buildx excluded). */
  platforms: PlatformManifest[];
}

/** Resolves a tag or digest in a store to the image descriptor, its manifest and (for an index) its platforms. */
export async function resolveImage(
  store: OciStore,
  reference: string,
  shown = `${store.name}${reference.includes(':') ? '@' : ':'}${reference}`,
): Promise<ResolvedImage> {
  // One GET: the digest is computed from the bytes (and checked against a digest reference).
  let fetched;
  try {
    fetched = await store.getManifest(reference);
  } catch (err) {
    if (err instanceof OciError && err.code === 'OCI_NOT_FOUND') {
      throw new OciNotFoundError(`image ${shown} does not exist.`, {
        location: shown,
        hint: 'Check the repository, tag and digest; push the image first (nothing was uploaded).',
        cause: err,
      });
    }
    throw err;
  }
  const descriptor = { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.bytes.length };
  const platforms: PlatformManifest[] = [];
  if (isIndex(fetched.manifest)) {
    checkIndexManifests(fetched.manifest.manifests.length, descriptor.digest, shown);
    for (const d of fetched.manifest.manifests) {
      if (d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') continue;
      if (d.platform && d.platform.os === 'unknown' && d.platform.architecture === 'unknown') continue;
      platforms.push({ platform: formatPlatform(d.platform) ?? 'unknown', descriptor: d });
    }
  }
  return {
    store,
    reference: shown,
    descriptor: { mediaType: fetched.mediaType || descriptor.mediaType, digest: descriptor.digest, size: descriptor.size },
    digest: descriptor.digest,
    manifest: fetched.manifest,
    platforms,
  };
}

/** Picks `os/arch[/variant]` from an index; throws OCI_PLATFORM_NOT_FOUND naming the platforms it has. */
export function selectPlatform(image: ResolvedImage, platform: string): Descriptor {
  if (!image.platforms.length) {
    throw new OciError('OCI_PLATFORM_NOT_FOUND', `${image.reference} is a single-platform image; --platform ${platform} does not apply.`, {
      hint: 'Drop --platform for single-platform images.',
    });
  }
  const want = platform.toLowerCase();
  // An exact match first; then the rule of @custody/core (linux/arm never picks linux/arm64; linux/arm picks linux/arm/v7).
  const hit = image.platforms.find((p) => p.platform === want) ?? image.platforms.find((p) => platformStringMatches(want, p.platform));
  if (!hit) {
    throw new OciError(
      'OCI_PLATFORM_NOT_FOUND',
      `${image.reference} has no ${platform} manifest (it has ${image.platforms.map((p) => p.platform).join(', ')}).`,
      {
        hint: 'Write --platform OS/ARCH[/VARIANT] as listed.',
      },
    );
  }
  return hit.descriptor;
}

const NOT_IMAGE_KINDS = new Set(['dev.cosignproject.cosign/atts', 'dev.cosignproject.cosign/sigs', 'dev.cosignproject.cosign/sboms']);

/** The image of a layout when none is named: the one entry that is not an attestation, signature or referrers index. */
export async function defaultLayoutImage(layout: LayoutStore): Promise<string> {
  const index = await layout.readIndex();
  const candidates = index.manifests.filter((d) => {
    if (d.artifactType) return false;
    const a = d.annotations ?? {};
    if (a.kind && NOT_IMAGE_KINDS.has(a.kind)) return false;
    const ref = a[ANNOTATION_REF_NAME];
    if (ref && /^sha256-[0-9a-f]{64}/.test(ref)) return false;
    return true;
  });
  const digests = [...new Set(candidates.map((d) => d.digest))];
  if (digests.length === 1) return digests[0]!;
  if (!digests.length)
    throw new OciNotFoundError(`${layout.name} holds no image.`, {
      location: layout.dir,
      hint: 'Copy an image into it first (skopeo copy ... oci:DIR:TAG).',
    });
  const names = candidates.map(
    (d) => `${d.digest}${d.annotations?.[ANNOTATION_REF_NAME] ? ` (${d.annotations[ANNOTATION_REF_NAME]})` : ''}`,
  );
  throw new OciError('OCI_AMBIGUOUS_IMAGE', `${layout.name} holds ${digests.length} images: ${names.join(', ')}.`, {
    location: layout.dir,
    hint: 'Name one: oci-layout:DIR@sha256:<digest>.',
  });
}

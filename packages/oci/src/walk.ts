/**
 * From a root descriptor (index or manifest) to the images to scan, through any BlobSource: an OCI layout on
 * disk, an OCI archive, or a registry repository. Multi-arch indexes give one image per platform; attestation
 * manifests and non-image artifacts in an index are skipped. Manifests and configs are digest-checked here;
 * layer streams are checked by whoever reads them (the expected digest travels with each layer).
 */
import { createHash } from 'node:crypto';
import {
  CustodyError,
  MEDIA_DOCKER_CONFIG,
  MEDIA_OCI_CONFIG,
  MEDIA_OCI_INDEX,
  MEDIA_OCI_MANIFEST,
  describeCause,
  formatPlatform,
  isIndexMediaType as isIndexType,
  isManifestMediaType as isManifestType,
  layerCompression,
  LimitError,
  limits,
  parseJsonBounded,
  parsePlatform,
  platformMatches,
} from '@custody/core';
import type { BlobSource, Descriptor, ImageConfig, ImageLayer, PlatformImage } from '@custody/core';
import { ImageSourceError } from './errors.js';

function parseJson(bytes: Buffer, what: string, where: string): Record<string, unknown> {
  try {
    // Size and depth bounded (LIMIT_OCI_JSON_BYTES, LIMIT_JSON_DEPTH): a registry or layout may be hostile.
    const v = parseJsonBounded(bytes.toString('utf8'), { what, location: where, maxBytes: 'ociJsonBytes' });
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new ImageSourceError('IMAGE_MANIFEST_INVALID', `${what} is not valid JSON: ${describeCause(err)}`, { location: where });
  }
  throw new ImageSourceError('IMAGE_MANIFEST_INVALID', `${what} is not a JSON object`, { location: where });
}

function checkDigest(bytes: Buffer, digest: string, what: string): void {
  const [alg, hex] = digest.split(':');
  if (alg !== 'sha256' && alg !== 'sha512') return;
  const got = createHash(alg).update(bytes).digest('hex');
  if (got !== hex) {
    throw new ImageSourceError('IMAGE_DIGEST_MISMATCH', `${what} hashes to ${alg}:${got}, not ${digest}`, {
      hint: 'The blob was altered or truncated; pull or save the image again.',
    });
  }
}

function descriptors(v: unknown): Descriptor[] {
  return Array.isArray(v)
    ? v.filter((d): d is Descriptor => !!d && typeof d === 'object' && typeof (d as Descriptor).digest === 'string')
    : [];
}

function isAttestation(d: Descriptor): boolean {
  return (
    d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown')
  );
}

/** The images a root descriptor stands for, optionally one platform of a multi-arch index. */
export async function resolveImages(reader: BlobSource, platform?: string): Promise<PlatformImage[]> {
  const want = platform ? parsePlatform(platform) : undefined;
  const { descriptor, bytes } = await reader.root();
  checkDigest(bytes, descriptor.digest, `manifest ${descriptor.digest}`);
  const doc = parseJson(bytes, `manifest ${descriptor.digest}`, reader.location);
  const type =
    descriptor.mediaType || (doc.mediaType as string | undefined) || (Array.isArray(doc.manifests) ? MEDIA_OCI_INDEX : MEDIA_OCI_MANIFEST);
  if (!isIndexType(type)) {
    if (!isManifestType(type)) throw unknownManifest(type, descriptor.digest, reader.location);
    const img = await fromManifest(reader, descriptor, doc, true);
    if (!img) throw unknownManifest(type, descriptor.digest, reader.location);
    if (
      want &&
      img.config?.os &&
      img.config.architecture &&
      !platformMatches(want, {
        os: img.config.os,
        architecture: img.config.architecture,
        ...(img.config.variant ? { variant: img.config.variant } : {}),
      })
    ) {
      throw new ImageSourceError('IMAGE_PLATFORM_NOT_FOUND', `the image is ${img.platform}, not ${platform}`, {
        location: reader.location,
        hint: 'Drop --platform, or name the multi-arch index.',
      });
    }
    return [img];
  }
  // An index: walk it (nested indexes too), collecting image manifests.
  const found: Array<{ d: Descriptor; doc: Record<string, unknown> }> = [];
  const available: string[] = [];
  const seen = new Set<string>();
  // Every manifest an index lists may cost a fetch (and a scan): the count is bounded before the first one is read.
  let listed = 0;
  const walk = async (idx: Record<string, unknown>, depth: number) => {
    const entries = descriptors(idx.manifests);
    listed += entries.length;
    checkIndexManifests(listed, descriptor.digest, reader.location);
    for (const d of entries) {
      if (seen.has(d.digest) || isAttestation(d)) continue;
      seen.add(d.digest);
      if (isIndexType(d.mediaType)) {
        if (depth < 4) await walk(parseJson(await fetchManifest(reader, d), `index ${d.digest}`, reader.location), depth + 1);
        continue;
      }
      if (d.mediaType && !isManifestType(d.mediaType)) continue; // an artifact, not an image
      const listed = formatPlatform(d.platform);
      if (listed) available.push(listed);
      if (want && d.platform && !platformMatches(want, d.platform)) continue;
      found.push({ d, doc: parseJson(await fetchManifest(reader, d), `manifest ${d.digest}`, reader.location) });
    }
  };
  await walk(doc, 0);
  const images: PlatformImage[] = [];
  for (const { d, doc: m } of found) {
    const img = await fromManifest(reader, d, m, false);
    if (!img) continue;
    if (!d.platform && img.platform) available.push(img.platform);
    if (
      want &&
      img.config?.os &&
      img.config.architecture &&
      !platformMatches(want, {
        os: img.config.os,
        architecture: img.config.architecture,
        ...(img.config.variant ? { variant: img.config.variant } : {}),
      })
    )
      continue;
    images.push(img);
  }
  if (!images.length) {
    throw new ImageSourceError(
      'IMAGE_PLATFORM_NOT_FOUND',
      want ? `no image for platform ${platform} in index ${descriptor.digest}` : `index ${descriptor.digest} holds no container image`,
      {
        location: reader.location,
        hint: `Platforms available: ${available.join(', ') || 'none'}.`,
      },
    );
  }
  images.sort((a, b) => ((a.platform ?? '') < (b.platform ?? '') ? -1 : (a.platform ?? '') > (b.platform ?? '') ? 1 : 0));
  return images;
}

/** LIMIT_INDEX_MANIFESTS when an index (with its nested indexes) lists more manifests than the limit. */
export function checkIndexManifests(count: number, digest: string, location: string): void {
  const max = limits().indexManifests;
  if (count > max) {
    throw new LimitError('indexManifests', `index ${digest} lists ${count} manifests, over the limit of ${max}.`, { location });
  }
}

async function fetchManifest(reader: BlobSource, d: Descriptor): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await reader.manifest(d);
  } catch (err) {
    if (err instanceof ImageSourceError) throw err;
    throw new ImageSourceError('IMAGE_BLOB_MISSING', `cannot read manifest ${d.digest}, which the index lists: ${describeCause(err)}`, {
      location: reader.location,
      hint: 'The index names a manifest that is not there: push the image again with all its platforms (skopeo copy --all, docker buildx imagetools create), or name one platform manifest by its digest.',
      cause: err,
    });
  }
  checkDigest(bytes, d.digest, `manifest ${d.digest}`);
  return bytes;
}

function unknownManifest(type: string, digest: string, where: string): ImageSourceError {
  return new ImageSourceError('IMAGE_MEDIA_TYPE_UNSUPPORTED', `${digest} has media type ${type}, which is not an image manifest or index`, {
    location: where,
    hint: 'Name an image (OCI or Docker v2 schema 2 manifest) or a multi-arch index.',
  });
}

/**
 * An image manifest to a PlatformImage. `explicit`: the user named this manifest, so a layer of an unknown
 * media type is an error; inside an index, a manifest without any filesystem layer is an artifact and skipped.
 */
async function fromManifest(
  reader: BlobSource,
  d: Descriptor,
  m: Record<string, unknown>,
  explicit: boolean,
): Promise<PlatformImage | undefined> {
  const layers = descriptors(m.layers);
  const configD = descriptors([m.config])[0];
  if (!explicit) {
    if (m.artifactType || (configD && configD.mediaType !== MEDIA_OCI_CONFIG && configD.mediaType !== MEDIA_DOCKER_CONFIG))
      return undefined;
    if (!layers.some((l) => l.mediaType !== undefined && layerCompression(l.mediaType) !== undefined)) return undefined;
  }
  let config: ImageConfig | undefined;
  if (configD) {
    let bytes: Buffer;
    try {
      bytes = await reader.blob(configD);
    } catch (err) {
      if (err instanceof ImageSourceError) throw err;
      throw new ImageSourceError('IMAGE_BLOB_MISSING', `cannot read image config ${configD.digest}: ${describeCause(err)}`, {
        location: reader.location,
        cause: err,
      });
    }
    checkDigest(bytes, configD.digest, `config ${configD.digest}`);
    config = readConfig(parseJson(bytes, `config ${configD.digest}`, reader.location));
  }
  const refs: ImageLayer[] = layers.map((l) => {
    const compression = layerCompression(l.mediaType);
    if (!compression || !l.mediaType) {
      throw new ImageSourceError(
        'IMAGE_MEDIA_TYPE_UNSUPPORTED',
        `layer ${l.digest} has media type ${l.mediaType ?? '(none)'}, which is not a filesystem layer Custody can read.`,
        {
          location: reader.location,
          hint: 'Supported: OCI and Docker tar layers, uncompressed, gzip or zstd.',
        },
      );
    }
    return {
      digest: l.digest,
      mediaType: l.mediaType,
      size: l.size,
      compression,
      ...(l.digest.startsWith('sha256:') ? { expectedDigest: l.digest } : {}),
      open: () => reader.open(l),
    };
  });
  const platform =
    formatPlatform(d.platform) ??
    (config?.os && config.architecture
      ? formatPlatform({ os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) })
      : undefined);
  return { digest: d.digest, layers: refs, location: reader.location, ...(platform ? { platform } : {}), ...(config ? { config } : {}) };
}

export function readConfig(c: Record<string, unknown>): ImageConfig {
  const out: ImageConfig = {};
  if (typeof c.os === 'string') out.os = c.os;
  if (typeof c.architecture === 'string') out.architecture = c.architecture;
  if (typeof c.variant === 'string') out.variant = c.variant;
  const labels = (c.config as { Labels?: unknown } | undefined)?.Labels;
  if (labels && typeof labels === 'object') out.labels = labels as Record<string, string>;
  const diff = (c.rootfs as { diff_ids?: unknown } | undefined)?.diff_ids;
  if (Array.isArray(diff)) out.diffIds = diff.filter((x): x is string => typeof x === 'string');
  return out;
}

/**
 * The OCI vocabulary every package speaks: media types, descriptors, manifests and indexes, platforms, and the
 * BlobSource interface through which an image is read wherever it is stored. Types and pure functions only: the
 * registry client, layouts and archives that implement BlobSource live in @custody/oci; the layer scanner that
 * consumes it lives in @custody/sbom.
 */
import { CoreInputError } from './errors.js';

// ---- media types ------------------------------------------------------------------------------------------------

export const MEDIA_OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const MEDIA_OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const MEDIA_DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const MEDIA_DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const MEDIA_OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
export const MEDIA_OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const MEDIA_DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const MEDIA_OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const MEDIA_DSSE_ENVELOPE = 'application/vnd.dsse.envelope.v1+json';
/** The Sigstore bundle v0.3 media type: what `custody attest` writes, and the artifactType of a bundle in OCI. */
export const MEDIA_SIGSTORE_BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';

export const MANIFEST_MEDIA_TYPES = [MEDIA_OCI_INDEX, MEDIA_OCI_MANIFEST, MEDIA_DOCKER_LIST, MEDIA_DOCKER_MANIFEST];

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === MEDIA_OCI_INDEX || mediaType === MEDIA_DOCKER_LIST;
}

export function isManifestMediaType(mediaType: string | undefined): boolean {
  return mediaType === MEDIA_OCI_MANIFEST || mediaType === MEDIA_DOCKER_MANIFEST;
}

/** How a filesystem layer's bytes are stored; `sniff`: the media type does not say (read the first bytes). */
export type LayerCompression = 'gzip' | 'zstd' | 'none' | 'sniff';

const LAYER_MEDIA_TYPES: Readonly<Record<string, LayerCompression>> = {
  'application/vnd.oci.image.layer.v1.tar': 'none',
  'application/vnd.oci.image.layer.v1.tar+gzip': 'gzip',
  'application/vnd.oci.image.layer.v1.tar+zstd': 'zstd',
  'application/vnd.oci.image.layer.nondistributable.v1.tar': 'none',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip': 'gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd': 'zstd',
  'application/vnd.docker.image.rootfs.diff.tar.gzip': 'gzip',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip': 'gzip',
  'application/vnd.docker.image.rootfs.diff.tar': 'none',
  'application/vnd.docker.image.rootfs.diff.tar.zstd': 'zstd',
};

/** The compression a layer media type implies; undefined for a type that is not a filesystem layer. */
export function layerCompression(mediaType: string | undefined): LayerCompression | undefined {
  if (mediaType === undefined) return 'sniff';
  return LAYER_MEDIA_TYPES[mediaType];
}

export const ANNOTATION_CREATED = 'org.opencontainers.image.created';
export const ANNOTATION_TITLE = 'org.opencontainers.image.title';
export const ANNOTATION_REF_NAME = 'org.opencontainers.image.ref.name';

// ---- documents --------------------------------------------------------------------------------------------------

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: Platform;
  urls?: string[];
  data?: string;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type Manifest = ImageManifest | ImageIndex;

export function isIndex(m: Manifest): m is ImageIndex {
  return Array.isArray((m as ImageIndex).manifests);
}

// ---- platforms --------------------------------------------------------------------------------------------------

/** `os/arch[/variant]`; undefined when the platform lacks an os or an architecture. */
export function formatPlatform(p: Pick<Platform, 'os' | 'architecture' | 'variant'> | undefined): string | undefined {
  if (!p?.os || !p.architecture) return undefined;
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** Parses `OS/ARCH[/VARIANT]` (as --platform takes it); IMAGE_PLATFORM_INVALID otherwise. */
export function parsePlatform(s: string): Platform {
  const [os, architecture, variant] = s.split('/');
  if (!os || !architecture) {
    throw new CoreInputError('IMAGE_PLATFORM_INVALID', `--platform "${s}" is not OS/ARCH[/VARIANT]`, {
      hint: 'For example: --platform linux/amd64 or linux/arm64/v8.',
    });
  }
  return { os, architecture, ...(variant ? { variant } : {}) };
}

/**
 * Whether an image of platform `have` answers a request for `want`. OS and architecture must be equal (so
 * `linux/arm` never matches `linux/arm64`); a variant asked for must be equal too (arm64 images usually omit
 * `v8`), and without one any variant matches (`linux/arm` picks `linux/arm/v7`).
 */
export function platformMatches(
  want: Pick<Platform, 'os' | 'architecture' | 'variant'>,
  have: Pick<Platform, 'os' | 'architecture' | 'variant'>,
): boolean {
  if (want.os !== have.os || want.architecture !== have.architecture) return false;
  if (!want.variant) return true;
  return want.variant === (have.variant ?? (have.architecture === 'arm64' ? 'v8' : undefined));
}

/** platformMatches over `os/arch[/variant]` strings. */
export function platformStringMatches(want: string, have: string): boolean {
  const [os = '', architecture = '', variant] = have.split('/');
  try {
    return platformMatches(parsePlatform(want), { os, architecture, ...(variant ? { variant } : {}) });
  } catch {
    return false;
  }
}

// ---- reading an image wherever it is stored ---------------------------------------------------------------------

/**
 * Where an image's manifests and blobs are read from: a registry repository, an OCI layout, an OCI or docker
 * archive. Implemented by @custody/oci; everything returned is bounded by the limits (`ociJsonBytes` for JSON
 * documents) and checked against its digest by the implementation or, for streams, by whoever reads them.
 */
export interface BlobSource {
  /** Where the image is, for messages: `oci-layout:/dir`, `registry.example/repo:tag`. */
  readonly location: string;
  /** The root descriptor (what the reference or layout resolves to) and its bytes. */
  root(): Promise<{ descriptor: Descriptor; bytes: Buffer }>;
  /** An index or manifest by descriptor (a registry fetches it from /manifests/, a layout from blobs/). */
  manifest(d: Descriptor): Promise<Buffer>;
  /** A small blob (image config), at most the OCI JSON limit. */
  blob(d: Descriptor): Promise<Buffer>;
  /** A layer blob as a stream of chunks. */
  open(d: Descriptor): Promise<AsyncIterable<Uint8Array>>;
}

/** What an image config says that a scanner reports. */
export interface ImageConfig {
  os?: string;
  architecture?: string;
  variant?: string;
  labels?: Record<string, string>;
  diffIds?: string[];
}

/** One filesystem layer of an image, ready to be streamed. */
export interface ImageLayer {
  /** The digest that names the layer in messages and in the `custody:image:layer` property. */
  digest: string;
  mediaType?: string;
  size?: number;
  compression: LayerCompression;
  /** `sha256:HEX` the raw (as stored) bytes must hash to; undefined when nothing to check against. */
  expectedDigest?: string;
  open(): Promise<AsyncIterable<Uint8Array>>;
}

/** One image (one platform) whose layers can be read: what a BlobSource resolves to, and what a scanner takes. */
export interface PlatformImage {
  platform?: string;
  /** Manifest digest (`sha256:HEX`); for a docker archive, the config digest (the image ID). */
  digest: string;
  layers: ImageLayer[];
  /** Labels, os and architecture from the config, when read. */
  config?: ImageConfig;
  /** Where the image is, for messages (`oci-layout:DIR`, `registry/repo:tag`). */
  location?: string;
}

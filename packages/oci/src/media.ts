/**
 * Media types and the JSON shapes of OCI manifests, indexes and descriptors: the vocabulary is @custody/core's
 * (one definition for every package); what only the distribution API and the bundle artifact use is here.
 */
import { MANIFEST_MEDIA_TYPES } from '@custody/core';

export {
  MEDIA_OCI_MANIFEST,
  MEDIA_OCI_INDEX,
  MEDIA_DOCKER_MANIFEST,
  MEDIA_DOCKER_LIST,
  MEDIA_OCI_EMPTY,
  MEDIA_OCI_CONFIG,
  MEDIA_DOCKER_CONFIG,
  MEDIA_OCI_LAYER_GZIP,
  MEDIA_SIGSTORE_BUNDLE_V03,
  MEDIA_DSSE_ENVELOPE,
  MANIFEST_MEDIA_TYPES,
  ANNOTATION_CREATED,
  ANNOTATION_TITLE,
  ANNOTATION_REF_NAME,
  isIndex,
  isIndexMediaType,
  isManifestMediaType,
  formatPlatform,
  parsePlatform,
  platformMatches,
  platformStringMatches,
  layerCompression,
} from '@custody/core';
export type {
  Platform,
  Descriptor,
  ImageManifest,
  ImageIndex,
  Manifest,
  BlobSource,
  ImageConfig,
  ImageLayer,
  PlatformImage,
  LayerCompression,
} from '@custody/core';

export const ACCEPT_MANIFESTS = MANIFEST_MEDIA_TYPES.join(', ');

export const ANNOTATION_BUNDLE_CONTENT = 'dev.sigstore.bundle.content';
export const ANNOTATION_BUNDLE_PREDICATE_TYPE = 'dev.sigstore.bundle.predicateType';

/** The empty JSON blob `{}` that artifact manifests use as config. */
export const EMPTY_BLOB = new TextEncoder().encode('{}');
export const EMPTY_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

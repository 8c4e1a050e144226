/**
 * @custody/oci: the OCI distribution API Custody needs (auth, retries, manifests, blobs, tags, referrers), OCI image
 * layouts with the same read methods, and attestation storage (attach + discovery). See README.md for the design.
 */
export { ImageSourceError, OCI_ERROR_CODES, OciAuthError, OciError, type OciErrorCode, OciHttpError, OciNotFoundError } from './errors.js';
export { type Descriptor, EMPTY_BLOB, isIndex, MEDIA_OCI_MANIFEST, MEDIA_SIGSTORE_BUNDLE_V03 } from './media.js';
export { type ImageLocation, type ImageReference, isValidTag, type LayoutReference, parseLocation, parseReference } from './reference.js';
export { assertDigest, isValidDigest, parseManifest } from './digest.js';
export { HttpTimeout } from './http.js';
export { type Credential, findCredentials, githubContainerRegistries, type GitHubRegistryToken } from './credentials.js';
export { backoffDelay, DEFAULT_RETRY, retryAfterMs, type RetryPolicy } from './retry.js';
export { RegistryClient, parseChallenge, verifyingStream } from './client.js';
export type { RegistryClientOptions, FetchedManifest, PutManifestResult, ReferrersResult } from './client.js';
export { RemoteStore } from './store.js';
export type { OciStore } from './store.js';
export { LayoutStore } from './layout.js';
export { defaultLayoutImage, type PlatformManifest, type ResolvedImage, resolveImage, selectPlatform } from './image.js';
export { attestationTag, buildBundleArtifact, type BundleInfo, fallbackTag, parseAttestationTag, readBundleInfo } from './artifact.js';
export { attachBundle, readFallbackIndex, referrerEntry, IndexUnconfirmedError } from './attach.js';
export type { AttachOptions, AttachResult } from './attach.js';
export { listAttestations, fetchAttestation } from './discover.js';
export type { AttestationRef, AttestationSource, FetchedAttestation, ListOptions } from './discover.js';
export { openImage, openAndResolve } from './open.js';
export type { OpenOptions, OpenedImage } from './open.js';

import type { OciStore } from './store.js';
/** Reads a whole blob from a registry repository or a layout, checked against its digest. */
export function fetchBlob(store: OciStore, digest: string): Promise<Buffer> {
  return store.getBlob(digest);
}
export { legacyToBundle } from './legacy.js';
export { resolveImages, readConfig } from './walk.js';
export {
  IMAGE_SCHEMES,
  isImageTarget,
  openImageSource,
  openRegistrySource,
  openOciLayout,
  openOciArchive,
  openDockerArchive,
  sourceImages,
} from './sources.js';
export { indexTarFile, parseOciJson } from './files.js';
export type { ImageSource, ImageSourceOptions } from './sources.js';

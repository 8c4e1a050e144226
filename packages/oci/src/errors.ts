import { CustodyError, type CoreErrorCode, type CustodyErrorOptions } from '@custody/core';

/** The codes of @custody/oci (OCI_REFERENCE_INVALID, IMAGE_BLOB_MISSING and IMAGE_DIGEST_MISMATCH are core's shared codes). */
export const OCI_ERROR_CODES = {
  /** not a docker or OCI archive (unreadable tar, no manifest.json, not a file) */
  IMAGE_ARCHIVE_INVALID: 'IMAGE_ARCHIVE_INVALID',
  /** a layout blob is a device, FIFO or socket (or a symlink to one) */
  IMAGE_BLOB_NOT_A_FILE: 'IMAGE_BLOB_NOT_A_FILE',
  /** a digest is not sha256:<64 hex> / sha512:<128 hex> */
  IMAGE_DIGEST_INVALID: 'IMAGE_DIGEST_INVALID',
  /** not an OCI layout (no oci-layout / index.json, not a directory) */
  IMAGE_LAYOUT_INVALID: 'IMAGE_LAYOUT_INVALID',
  /** a manifest, index or config is not a JSON object */
  IMAGE_MANIFEST_INVALID: 'IMAGE_MANIFEST_INVALID',
  /** not an image manifest or index, or a layer that is not a filesystem */
  IMAGE_MEDIA_TYPE_UNSUPPORTED: 'IMAGE_MEDIA_TYPE_UNSUPPORTED',
  /** no image of the platform asked for */
  IMAGE_PLATFORM_NOT_FOUND: 'IMAGE_PLATFORM_NOT_FOUND',
  /** the target names no image source Custody knows */
  IMAGE_TARGET_INVALID: 'IMAGE_TARGET_INVALID',
  /** a layout holds several images and none was named */
  OCI_AMBIGUOUS_IMAGE: 'OCI_AMBIGUOUS_IMAGE',
  /** 401/403 from a registry; names registry, repository and the credential sources tried */
  OCI_AUTH_FAILED: 'OCI_AUTH_FAILED',
  /** a file to push or a stored artifact is not a Sigstore bundle */
  OCI_BUNDLE_INVALID: 'OCI_BUNDLE_INVALID',
  /** a digest from a registry or layout is not alg:hex of a known algorithm and length */
  OCI_DIGEST_INVALID: 'OCI_DIGEST_INVALID',
  /** content read back does not match its digest */
  OCI_DIGEST_MISMATCH: 'OCI_DIGEST_MISMATCH',
  /** a digest of an algorithm Custody cannot compute */
  OCI_DIGEST_UNSUPPORTED: 'OCI_DIGEST_UNSUPPORTED',
  /** the referrers index answered 404 while the tags list shows it (nothing written) */
  OCI_INDEX_UNCONFIRMED: 'OCI_INDEX_UNCONFIRMED',
  /** an OCI image layout directory is malformed (or holds a non-regular file) */
  OCI_LAYOUT_INVALID: 'OCI_LAYOUT_INVALID',
  /** another process has held the layout's index.json.lock for too long */
  OCI_LAYOUT_LOCKED: 'OCI_LAYOUT_LOCKED',
  /** a cosign legacy .att layer is not a DSSE envelope, or is key-signed and cannot become a bundle */
  OCI_LEGACY_INVALID: 'OCI_LEGACY_INVALID',
  /** a manifest, index or referrers list is not a well-formed OCI document */
  OCI_MANIFEST_INVALID: 'OCI_MANIFEST_INVALID',
  /** connection failed or reset (after retries) */
  OCI_NETWORK_ERROR: 'OCI_NETWORK_ERROR',
  /** a manifest, blob or image does not exist */
  OCI_NOT_FOUND: 'OCI_NOT_FOUND',
  /** --platform names a platform the index does not have */
  OCI_PLATFORM_NOT_FOUND: 'OCI_PLATFORM_NOT_FOUND',
  /** the referrers API was required but the registry does not implement it */
  OCI_REFERRERS_UNSUPPORTED: 'OCI_REFERRERS_UNSUPPORTED',
  /** any other unexpected HTTP status (after retries) */
  OCI_REGISTRY_ERROR: 'OCI_REGISTRY_ERROR',
} as const;
export type OciErrorCode = keyof typeof OCI_ERROR_CODES;

/** An error of the OCI package: registries, layouts, archives and attestation storage. */
export class OciError extends CustodyError<OciErrorCode | CoreErrorCode> {
  constructor(code: OciErrorCode | CoreErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, options);
  }
}

export class OciNotFoundError extends OciError {
  constructor(message: string, options: CustodyErrorOptions = {}) {
    super('OCI_NOT_FOUND', message, options);
  }
}

export class OciAuthError extends OciError {
  readonly status: number;
  readonly registry: string;
  readonly repository: string;
  readonly sourcesTried: string[];
  constructor(status: number, registry: string, repository: string, sourcesTried: string[], detail: string, cause?: unknown) {
    const tried = sourcesTried.length ? sourcesTried.join(', ') : 'none found';
    const verb = status === 403 ? 'denied access (403)' : 'refused the credentials (401)';
    super(
      'OCI_AUTH_FAILED',
      `registry ${registry} ${verb} for repository ${repository}${detail ? `: ${detail}` : ''}. Credential sources tried: ${tried}.`,
      {
        location: `${registry}/${repository}`,
        hint:
          status === 403
            ? 'The credentials were accepted but lack permission: grant push/pull on this repository (for ghcr.io: packages: write in the workflow permissions).'
            : 'Log in with `docker login`, or set CUSTODY_REGISTRY_USERNAME and CUSTODY_REGISTRY_PASSWORD (GITHUB_TOKEN is used for ghcr.io).',
        cause,
      },
    );
    this.status = status;
    this.registry = registry;
    this.repository = repository;
    this.sourcesTried = sourcesTried;
  }
}

/** An HTTP exchange that ended in an unexpected status (after retries); `registryCodes` from the error body. */
export class OciHttpError extends OciError {
  readonly status: number;
  readonly registryCodes: string[];
  constructor(status: number, registryCodes: string[], message: string, options: CustodyErrorOptions = {}) {
    super('OCI_REGISTRY_ERROR', message, options);
    this.status = status;
    this.registryCodes = registryCodes;
  }
}

/**
 * An image to scan could not be read from where it is stored (an OCI layout, an OCI or docker archive, a
 * registry). The codes keep the IMAGE_ names that docs/troubleshooting.md and scripts know (see OCI_ERROR_CODES).
 */
export class ImageSourceError extends OciError {}

import { CustodyError, type CustodyErrorOptions } from '@custody/core';

/**
 * Stable codes of the OCI package:
 * - OCI_REFERENCE_INVALID  an image reference or layout path could not be parsed (exit 2)
 * - OCI_AUTH_FAILED        401/403 from a registry; names registry, repository and the credential sources tried
 * - OCI_NOT_FOUND          a manifest, blob or image does not exist
 * - OCI_REGISTRY_ERROR     any other unexpected HTTP status (after retries)
 * - OCI_NETWORK_ERROR      connection failed or reset (after retries)
 * - OCI_DIGEST_MISMATCH    content read back does not match its digest
 * - OCI_DIGEST_UNSUPPORTED a digest of an algorithm Custody cannot compute
 * - OCI_DIGEST_INVALID     a digest from a registry or layout is not alg:hex of a known algorithm and length
 * - OCI_MANIFEST_INVALID   a manifest, index or referrers list is not a well-formed OCI document
 * - OCI_INDEX_UNCONFIRMED  the referrers index answered 404 while the tags list shows it (nothing written)
 * - OCI_LAYOUT_INVALID     an OCI image layout directory is malformed (or holds a non-regular file)
 * - OCI_PLATFORM_NOT_FOUND --platform names a platform the index does not have
 * - OCI_AMBIGUOUS_IMAGE    a layout holds several images and none was named
 * - OCI_CREDENTIALS_ERROR  a docker credential helper failed
 */
export class OciError extends CustodyError {
  constructor(code: string, message: string, options: CustodyErrorOptions = {}) {
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
 * registry). The codes keep the IMAGE_ names that docs/troubleshooting.md and scripts know:
 * - IMAGE_LAYOUT_INVALID          not an OCI layout (no oci-layout / index.json, not a directory)
 * - IMAGE_ARCHIVE_INVALID         not a docker or OCI archive (unreadable tar, no manifest.json, not a file)
 * - IMAGE_BLOB_MISSING            a manifest, config or blob named by the image is not there
 * - IMAGE_BLOB_NOT_A_FILE         a layout blob is a device, FIFO or socket (or a symlink to one)
 * - IMAGE_DIGEST_INVALID          a digest is not sha256:<64 hex> / sha512:<128 hex>
 * - IMAGE_DIGEST_MISMATCH         a manifest or config hashes to another digest than its descriptor names
 * - IMAGE_MANIFEST_INVALID        a manifest, index or config is not a JSON object
 * - IMAGE_MEDIA_TYPE_UNSUPPORTED  not an image manifest or index, or a layer that is not a filesystem
 * - IMAGE_PLATFORM_NOT_FOUND      no image of the platform asked for
 * - IMAGE_TARGET_INVALID          the target names no image source Custody knows
 */
export class ImageSourceError extends OciError {}

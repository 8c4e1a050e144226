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

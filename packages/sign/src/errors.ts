import { CustodyError, type CustodyErrorOptions } from '@custody/core';

/** Signing could not run: bad key, bad token, bad instance configuration. Exit 2. */
export class SignInputError extends CustodyError {
  constructor(code: string, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { exitCode: 2, ...options });
  }
}

export type ServiceName = 'Fulcio' | 'Rekor' | 'TSA';

/**
 * A Sigstore service (Fulcio, Rekor, TSA) failed for good: after the retries, or with an answer retrying cannot
 * fix. The message names the service and the URL. Exit 2 (infrastructure).
 */
export class SigningServiceError extends CustodyError {
  readonly service: ServiceName;
  readonly url: string;
  readonly status: number | undefined;
  constructor(service: ServiceName, url: string, code: string, message: string, options: CustodyErrorOptions & { status?: number } = {}) {
    // The message names the URL already; no separate location prefix.
    super(code, message, { exitCode: 2, ...options });
    this.service = service;
    this.url = url;
    this.status = options.status;
  }
}

import { CustodyError, type CustodyErrorOptions } from '@custody/core';

/** An OIDC identity token could not be obtained or verified (bad signature, wrong issuer or audience, expired, unreachable JWKS). */
export class IdTokenError extends CustodyError {
  constructor(code: string, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, { exitCode: 2, ...options });
  }
}

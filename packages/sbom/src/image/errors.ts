import { CustodyError } from '@custody/core';
import type { CoreErrorCode, CustodyErrorOptions } from '@custody/core';
import type { SbomErrorCode } from '../errors.js';

/** The codes an ImageError may carry: the SBOM package's and core's shared image codes. */
export type ImageErrorCode = SbomErrorCode | CoreErrorCode;

/** A layer could not be read as a filesystem: bad bytes, a blob that fails its digest, a stream that broke. */
export class ImageError extends CustodyError<SbomErrorCode | CoreErrorCode> {
  constructor(code: ImageErrorCode, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, options);
  }
}

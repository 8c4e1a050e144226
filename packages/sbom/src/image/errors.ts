import { CustodyError } from '@custody/core';
import type { CustodyErrorOptions } from '@custody/core';

/** A layer could not be read as a filesystem: bad bytes, a blob that fails its digest, a stream that broke. */
export class ImageError extends CustodyError {
  constructor(code: string, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, options);
  }
}

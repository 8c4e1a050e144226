import { CustodyError } from '@custody/core';
import type { CustodyErrorOptions } from '@custody/core';

/** A layer, manifest or archive could not be read as an image: bad bytes, a missing blob, an unsupported type. */
export class ImageError extends CustodyError {
  constructor(code: string, message: string, options: CustodyErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A tar stream is malformed. Carries the byte offset (in the uncompressed stream) where it went wrong. */
export class TarFormatError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset} of the tar stream`);
    this.name = 'TarFormatError';
  }
}

/**
 * Bounded reading of an input file: a regular file only (never a device, FIFO or socket, which could be endless or
 * block), at most the attestation-blob limit (CUSTODY_MAX_BUNDLE_BYTES), read to what it holds now even if it grows.
 */
import { constants, closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { CoreInputError } from './errors.js';
import { checkSize, limits, type LimitName } from './limits.js';

/** The kind of a file that is not a regular file, for messages ("a FIFO (named pipe)"). */
export function fileKind(s: {
  isDirectory(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isSymbolicLink?(): boolean;
}): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  if (s.isSymbolicLink?.()) return 'a symbolic link';
  return 'not a regular file';
}

function notAFile(location: string, what: string, st: Parameters<typeof fileKind>[0]): CoreInputError {
  return new CoreInputError('INPUT_NOT_A_FILE', `${what} is ${fileKind(st)}, not a regular file.`, {
    location,
    hint: 'Give the path of a regular file.',
  });
}

/**
 * Reads `path` whole, refusing non-regular files and sizes over `limit` (default: the attestation-blob limit).
 * Errors name `location` (default: the path), e.g. the flag that gave it.
 */
export async function readBoundedFile(path: string, what: string, limit: LimitName = 'bundleBytes', location = path): Promise<Buffer> {
  const max = limits()[limit];
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw notAFile(location, what, st);
    checkSize(limit, st.size, what, location);
    const buf = Buffer.allocUnsafe(Math.min(st.size, max) + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, total, buf.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total === buf.length) checkSize(limit, max + 1, what, location);
    }
    return buf.subarray(0, total);
  } finally {
    await fh.close();
  }
}

/** The synchronous twin of readBoundedFile, for the few places that read a small file while deciding. */
export function readBoundedFileSync(path: string, what: string, limit: LimitName = 'bundleBytes'): Buffer {
  const max = limits()[limit];
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notAFile(path, what, st);
    checkSize(limit, st.size, what, path);
    const buf = Buffer.allocUnsafe(Math.min(st.size, max) + 1);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, total, buf.length - total, total);
      if (n === 0) break;
      total += n;
      if (total === buf.length) checkSize(limit, max + 1, what, path);
    }
    return buf.subarray(0, total);
  } finally {
    closeSync(fd);
  }
}

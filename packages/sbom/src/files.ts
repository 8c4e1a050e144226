/**
 * Bounded reads of the files an SBOM is made from. A lockfile, manifest or package database path may name anything:
 * /dev/zero, a FIFO nobody writes to, a symlink to either, or a file of many gigabytes. Files are opened without
 * blocking (a FIFO opens at once instead of waiting for a writer), checked to be regular files on the open handle
 * (no race with a rename), and read up to a limit plus one byte (a file that grows while read is caught too).
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileKind, formatLimit, LimitError, type LimitName, limits } from '@custody/core';
import { SbomInputError } from './errors.js';

/** A path that should be a regular file is a device, FIFO, socket or directory (or a symlink to one). */
export class NotAFileError extends SbomInputError {
  constructor(
    path: string,
    readonly kind: string,
    what: string,
  ) {
    super('SBOM_INPUT_NOT_A_FILE', `${path} is ${kind}, not a regular file: ${what} must be a regular file.`, {
      location: path,
      hint: 'Give the path of the file itself. Devices, FIFOs and sockets (and symbolic links to them) are never read, so that an input cannot hang or exhaust Custody.',
    });
  }
}

export interface BoundedReadOptions {
  /** Which limit bounds the size (default lockfileBytes). */
  limit?: LimitName;
  /** What the file is, for messages: "lockfile", "package.json". */
  what: string;
  /** The path as shown to the user (default: path). */
  display?: string;
}

/** Reads a regular file of at most the limit's bytes; throws NotAFileError or LimitError otherwise. */
export async function readBoundedFile(path: string, options: BoundedReadOptions): Promise<Buffer> {
  const limitName = options.limit ?? 'lockfileBytes';
  const max = limits()[limitName];
  const shown = options.display ?? path;
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new NotAFileError(shown, fileKind(st), `a ${options.what}`);
    const tooBig = (size: number | string) =>
      new LimitError(limitName, `${shown} (${options.what}) is ${size} bytes, over the limit of ${formatLimit(limitName, max)}.`, {
        location: shown,
      });
    if (st.size > max) throw tooBig(st.size);
    // Read to the end, but never past max + 1 bytes: a file that grows after fstat is caught as well.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(Math.max(64 * 1024, st.size - total + 1), max + 1 - total);
      if (want <= 0) throw tooBig(`more than ${max}`);
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await fh.read(buf, 0, want, total);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === want ? buf : buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > max) throw tooBig(`more than ${max}`);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    await fh.close();
  }
}

/** readBoundedFile as UTF-8 text. */
export async function readBoundedText(path: string, options: BoundedReadOptions): Promise<string> {
  return (await readBoundedFile(path, options)).toString('utf8');
}

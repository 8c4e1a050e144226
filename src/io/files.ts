/**
 * The application layer's file writing: atomic writes that the commands, the CLI and the actions share.
 * Commands never import src/cli (test/architecture.test.ts); they write through this module.
 */
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeCause } from '@custody/core';
import { AppError } from '../errors.js';

/**
 * `mode` (e.g. 0o600 for a private key) is set on the file before it appears under its name. `data` may be a
 * sequence of text chunks, written one after another (a big document never held as one string).
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array | Iterable<string>,
  options: { mode?: number } = {},
): Promise<void> {
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(tmp, data, options.mode === undefined ? {} : { mode: options.mode, flag: 'wx' });
    if (options.mode !== undefined) await chmod(tmp, options.mode);
    await rename(tmp, target);
  } catch (err) {
    // The temporary file may not exist, nor its directory (a path under a regular file: ENOTDIR): the error to
    // report is the write's.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new AppError('OUTPUT_WRITE_FAILED', `cannot write ${target}: ${describeCause(err)}.`, {
      hint: 'Check that the directory exists and is writable, and that the disk is not full.',
      cause: err,
    });
  }
}

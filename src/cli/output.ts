import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeCause } from '@custody/core';
import type { CliIO } from './spec.js';
import { AppError } from '../errors.js';

/**
 * Writes a result to FILE or, without one, to stdout. A file is written to a temporary name and renamed into
 * place, so a failure never leaves a partial or empty file where the user expects a result.
 */
export async function writeResult(io: CliIO, text: string, file: string | undefined): Promise<string | undefined> {
  if (!file || file === '-') {
    io.stdout(text);
    return undefined;
  }
  const target = resolve(io.cwd, file);
  await writeFileAtomic(target, text);
  return target;
}

/** `mode` (e.g. 0o600 for a private key) is set on the file before it appears under its name. */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(tmp, data, options.mode === undefined ? {} : { mode: options.mode, flag: 'wx' });
    if (options.mode !== undefined) await chmod(tmp, options.mode);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new AppError('OUTPUT_WRITE_FAILED', `cannot write ${target}: ${describeCause(err)}.`, {
      hint: 'Check that the directory exists and is writable, and that the disk is not full.',
      cause: err,
    });
  }
}

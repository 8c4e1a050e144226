/**
 * The application layer's file writing: atomic writes that the commands, the CLI and the actions share.
 * Commands never import src/cli (test/architecture.test.ts); they write through this module.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeCause } from '@custody/core';
import { AppError } from '../errors.js';

/**
 * A document whose content UUID is written last (@custody/sbom's SealedDocument): its chunks are written with a
 * placeholder, hashed as they are written, and `fill(sha256)` overwrites the placeholder at byte `at.offset`.
 */
export interface SealedChunks {
  chunks(): Iterable<string>;
  readonly at: { readonly offset: number };
  fill(sha256: Uint8Array): string;
}

function isSealed(data: unknown): data is SealedChunks {
  return typeof (data as SealedChunks).fill === 'function' && typeof (data as SealedChunks).chunks === 'function';
}

/** Writes a sealed document into a new file: each chunk encoded once, hashed and written; the UUID patched in last. */
async function writeSealed(file: string, doc: SealedChunks, mode: number | undefined): Promise<void> {
  const handle = await open(file, 'wx', mode);
  try {
    const hash = createHash('sha256');
    let buffer = Buffer.allocUnsafe(0);
    for (const chunk of doc.chunks()) {
      // One buffer reused across chunks (each is written before the next is encoded): no allocation per chunk.
      if (buffer.length < chunk.length * 3) buffer = Buffer.allocUnsafe(chunk.length * 3);
      const n = buffer.write(chunk);
      hash.update(buffer.subarray(0, n));
      for (let done = 0; done < n; ) done += (await handle.write(buffer, done, n - done)).bytesWritten;
    }
    const uuid = Buffer.from(doc.fill(hash.digest()));
    const { bytesWritten } = await handle.write(uuid, 0, uuid.length, doc.at.offset);
    if (bytesWritten !== uuid.length) throw new Error(`wrote ${bytesWritten} of the ${uuid.length} bytes of the content UUID`);
  } finally {
    await handle.close();
  }
}

/**
 * `mode` (e.g. 0o600 for a private key) is set on the file before it appears under its name. `data` may be a
 * sequence of text chunks, written one after another (a big document never held as one string), or a sealed
 * document (SealedChunks), streamed likewise, its content UUID written last at its offset.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array | Iterable<string> | SealedChunks,
  options: { mode?: number } = {},
): Promise<void> {
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(dirname(target), { recursive: true });
    if (isSealed(data)) await writeSealed(tmp, data, options.mode);
    else await writeFile(tmp, data, options.mode === undefined ? {} : { mode: options.mode, flag: 'wx' });
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

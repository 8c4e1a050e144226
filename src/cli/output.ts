import { resolve } from 'node:path';
import { writeFileAtomic, type SealedChunks } from '../io/files.js';
import type { CliIO } from './spec.js';

/**
 * Writes a result to FILE or, without one, to stdout. A file is written to a temporary name and renamed into
 * place, so a failure never leaves a partial or empty file where the user expects a result. `text` may come as a
 * sequence of chunks, written one after another without joining them, or, for a file, as a sealed document (a big
 * SBOM): streamed, its content UUID written last. stdout cannot be patched afterwards: it takes the sealed text.
 */
export async function writeResult(
  io: CliIO,
  text: string | Iterable<string> | SealedChunks,
  file: string | undefined,
): Promise<string | undefined> {
  if (!file || file === '-') {
    if (typeof text === 'string') io.stdout(text);
    else if (Symbol.iterator in text) for (const chunk of text) io.stdout(chunk);
    else throw new Error('writeResult: a sealed document goes to a file; pass its sealed text for stdout');
    return undefined;
  }
  const target = resolve(io.cwd, file);
  await writeFileAtomic(target, text);
  return target;
}

export { writeFileAtomic };

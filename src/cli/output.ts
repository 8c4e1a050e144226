import { resolve } from 'node:path';
import { writeFileAtomic } from '../io/files.js';
import type { CliIO } from './spec.js';

/**
 * Writes a result to FILE or, without one, to stdout. A file is written to a temporary name and renamed into
 * place, so a failure never leaves a partial or empty file where the user expects a result. `text` may come as a
 * sequence of chunks (a big SBOM), written one after another without joining them.
 */
export async function writeResult(io: CliIO, text: string | Iterable<string>, file: string | undefined): Promise<string | undefined> {
  if (!file || file === '-') {
    if (typeof text === 'string') io.stdout(text);
    else for (const chunk of text) io.stdout(chunk);
    return undefined;
  }
  const target = resolve(io.cwd, file);
  await writeFileAtomic(target, text);
  return target;
}

export { writeFileAtomic };

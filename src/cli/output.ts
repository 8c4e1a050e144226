import { resolve } from 'node:path';
import { writeFileAtomic } from '../io/files.js';
import type { CliIO } from './spec.js';

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

export { writeFileAtomic };

/** Globs and file digests shared by materials and subjects. */
import { glob, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { compareStrings, CustodyError, digestFile, readBoundedFile, type DigestAlgorithm } from '@custody/core';
import { ProvenanceInputError } from './errors.js';

export function isGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

/** Forward-slash path relative to cwd (absolute when outside it). */
export function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  if (rel.startsWith('..') || rel === '') return absolute.split(sep).join('/');
  return rel.split(sep).join('/');
}

/**
 * Expands a path or glob to files (relative display names, sorted). `what` names the option in errors.
 * A literal path must be a file; a glob must match at least one file.
 */
export async function expandFiles(pattern: string, cwd: string, what: string): Promise<Array<{ name: string; path: string }>> {
  if (!isGlob(pattern)) {
    const path = resolve(cwd, pattern);
    let st;
    try {
      st = await stat(path);
    } catch {
      throw new ProvenanceInputError('FILE_NOT_FOUND', `does not exist (looked for ${path}).`, {
        location: `${what} "${pattern}"`,
        hint: 'Check the path (it is relative to the current directory), or build the file before this step.',
      });
    }
    if (!st.isFile()) {
      const dir = st.isDirectory();
      throw new ProvenanceInputError(
        'FILE_NOT_A_FILE',
        dir ? 'is a directory, not a file.' : 'is not a regular file (a device, FIFO or socket, or a link to one): it is never read.',
        {
          location: `${what} "${pattern}"`,
          hint: dir
            ? `To take every file under it, give a glob: "${pattern.replace(/\/+$/, '')}/**".`
            : 'Give the path of the built file itself.',
        },
      );
    }
    return [{ name: displayPath(cwd, path), path }];
  }
  const found: Array<{ name: string; path: string }> = [];
  for await (const entry of glob(pattern, { cwd, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = resolve(entry.parentPath, entry.name);
    found.push({ name: displayPath(cwd, path), path });
  }
  if (found.length === 0) {
    throw new ProvenanceInputError('GLOB_NO_MATCH', `no file matches this pattern under ${cwd}.`, {
      location: `${what} "${pattern}"`,
      hint: 'Check the pattern and the current directory (patterns are relative to it; quote them so the shell does not expand them), and that the files were built.',
    });
  }
  return found.sort((a, b) => compareStrings(a.name, b.name));
}

/** Runs `fn` over items with at most `limit` at a time, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface FileDigest {
  name: string;
  digest: Record<string, string>;
}

export async function digestFiles(files: Array<{ name: string; path: string }>, alg: DigestAlgorithm = 'sha256'): Promise<FileDigest[]> {
  return mapLimit(files, 8, async (f) => ({ name: f.name, digest: { [alg]: await digestFile(f.path, alg) } }));
}

/** Materials: each glob expanded, sha256 of each file, duplicates removed, sorted by name. */
export async function collectMaterials(patterns: readonly string[], cwd: string): Promise<FileDigest[]> {
  const byName = new Map<string, { name: string; path: string }>();
  for (const p of patterns) for (const f of await expandFiles(p, cwd, '--material')) byName.set(f.name, f);
  const files = [...byName.values()].sort((a, b) => compareStrings(a.name, b.name));
  return digestFiles(files);
}

/**
 * Reads a small input document (a capture, a checksum file) as text: a regular file only (a device, FIFO or socket,
 * or a symbolic link to one, is refused without reading: /dev/zero never ends), of at most the attestation-blob
 * limit (what it feeds becomes a statement that has to fit in a bundle), never reading past that limit. Throws
 * `Error` with a reason for a missing or non-regular file, LimitError (LIMIT_BUNDLE_BYTES) above the limit.
 */
export async function readInputText(path: string, what: string, location: string): Promise<string> {
  try {
    return (await readBoundedFile(path, what, 'bundleBytes', location)).toString('utf8');
  } catch (err) {
    // The callers word "cannot be read" with their own code; a non-regular file is one reason for it.
    if (err instanceof CustodyError && err.code === 'INPUT_NOT_A_FILE') throw new Error(`it is not a regular file (${err.message})`);
    throw err;
  }
}

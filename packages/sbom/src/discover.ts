/**
 * Finds the lockfiles under a directory (or takes one file given directly) and matches each to its reader.
 * Exact file names first (every reader's `fileNames`), then the readers' `sniff` on the first bytes of files that
 * look like lockfiles. node_modules, vendor and .git are never entered.
 */
import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { compareStrings, CustodyError, describeCause, fileKind, silentLogger, type Logger } from '@custody/core';
import type { LockfileReader, PackageGraph } from './model.js';
import { LockfileParseError, NoLockfileError, NoPackagesError, SbomInputError } from './errors.js';
import { NotAFileError, readBoundedText } from './files.js';

export const SKIPPED_DIRECTORIES = ['node_modules', 'vendor', '.git'];
export const DEFAULT_DEPTH = 5;

/** Files whose head is worth sniffing when no reader claims their exact name. */
const SNIFF_CANDIDATE = /(\.(json|lock|ya?ml|toml|txt|mod|sum|in)$)|lock/i;
const HEAD_BYTES = 2048;

export interface FoundLockfile {
  /** Absolute path. */
  path: string;
  /** Path relative to the scanned directory (the file name when a file was given), with `/` separators. */
  source: string;
  reader: LockfileReader;
}

export interface DiscoverOptions {
  /** Directories below PATH to descend into (0: PATH itself only). Default 5. */
  depth?: number;
  /**
   * Directories not to enter, besides node_modules, vendor and .git: a name (`fixtures`: any directory so named)
   * or a path relative to the target (`bench/fixtures`).
   */
  exclude?: string[];
  /**
   * Receives what was found but not read (an unreadable directory, a symlink leaving the target, a device or FIFO
   * named like a lockfile), one line each, paths relative to the target. The SBOM reports them.
   */
  gaps?: string[];
}

/** "package-lock.json, npm-shrinkwrap.json (npm); yarn.lock (yarn); …": what the registered readers accept. */
export function supportedLockfiles(readers: LockfileReader[]): string {
  return readers.map((r) => `${r.fileNames.join(', ')} (${r.id})`).join('; ');
}

async function readHead(path: string): Promise<string> {
  // O_NONBLOCK and a check on the handle: callers only sniff regular files, but a file swapped for a FIFO or a
  // device after the directory was listed must not block or stream forever either.
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await fh.stat()).isFile()) return '';
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** The reader for a file: by exact name, else by sniffing its first bytes. */
export async function readerFor(path: string, readers: LockfileReader[]): Promise<LockfileReader | undefined> {
  const name = basename(path);
  const byName = readers.find((r) => r.fileNames.includes(name));
  if (byName) return byName;
  const sniffers = readers.filter((r) => r.sniff);
  if (!sniffers.length || !SNIFF_CANDIDATE.test(name)) return undefined;
  const head = await readHead(path);
  return sniffers.find((r) => r.sniff!(name, head));
}

/** Lists the lockfiles at `target` (a directory or one file), sorted by path. */
export async function discoverLockfiles(
  target: string,
  readers: LockfileReader[],
  options: DiscoverOptions = {},
): Promise<FoundLockfile[]> {
  const depth = options.depth ?? DEFAULT_DEPTH;
  let info;
  try {
    info = await stat(target);
  } catch (err) {
    throw new SbomInputError('SBOM_PATH_NOT_FOUND', `cannot read ${target}: ${describeCause(err)}.`, {
      location: target,
      hint: 'Give a project directory or a lockfile path (default: the current directory).',
      cause: err,
    });
  }
  const supported = supportedLockfiles(readers);
  if (!info.isFile() && !info.isDirectory()) throw new NotAFileError(target, fileKind(info), 'a lockfile');
  if (info.isFile()) {
    const reader = await readerFor(target, readers);
    if (!reader) {
      throw new NoLockfileError(`${basename(target)} is not a lockfile Custody can read.`, {
        location: target,
        hint: `Supported lockfiles: ${supported}. Give one of those, or a directory to search.`,
      });
    }
    return [{ path: target, source: basename(target), reader }];
  }

  const excludeNames = new Set<string>();
  const excludePaths = new Set<string>();
  for (const raw of options.exclude ?? []) {
    const e = raw.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    if (!e) continue;
    if (e.includes('/')) excludePaths.add(e);
    else excludeNames.add(e);
  }
  const skipped = (name: string, path: string) => {
    if (SKIPPED_DIRECTORIES.includes(name) || excludeNames.has(name)) return true;
    return excludePaths.size > 0 && excludePaths.has(relative(target, path).split(sep).join('/'));
  };

  const found: FoundLockfile[] = [];
  const gaps = options.gaps;
  const rel = (path: string) => relative(target, path).split(sep).join('/') || '.';
  let realRoot: string | undefined;
  const inside = (real: string) => {
    const r = relative(realRoot!, real);
    return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
  };
  const walk = async (dir: string, level: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (dir === target) throw err;
      // An unreadable subdirectory is not the user's target: skipped, and said so.
      gaps?.push(`${rel(dir)}/: directory not searched (${errnoOf(err)})`);
      return;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (level < depth && !skipped(e.name, path)) await walk(path, level + 1);
      } else if (e.isFile()) {
        const reader = await readerFor(path, readers);
        if (reader) found.push({ path, source: rel(path), reader });
      } else if (e.isSymbolicLink()) {
        await followLink(path, e.name, level);
      } else if (readers.some((r) => r.fileNames.includes(e.name))) {
        gaps?.push(`${rel(path)}: ${fileKind(e)}, not a regular file: not read`);
      }
    }
  };
  // A symlinked lockfile is read when it resolves to a regular file inside the target; anything else is reported.
  // Symlinked directories are not followed: a directory inside the target is searched under its real path.
  const followLink = async (path: string, name: string, level: number) => {
    const byName = readers.some((r) => r.fileNames.includes(name));
    realRoot ??= await realpath(target);
    let real: string;
    try {
      real = await realpath(path);
    } catch (err) {
      if (byName) gaps?.push(`${rel(path)}: symbolic link that does not resolve (${errnoOf(err)}): not read`);
      return;
    }
    let st;
    try {
      st = await stat(real);
    } catch (err) {
      if (byName) gaps?.push(`${rel(path)}: symbolic link to an unreadable file (${errnoOf(err)}): not read`);
      return;
    }
    if (st.isDirectory()) {
      if (level < depth && !skipped(name, path))
        gaps?.push(`${rel(path)}/: symbolic link to a directory, not followed${inside(real) ? '' : ' (it leads outside the target)'}`);
      return;
    }
    const reader =
      st.isFile() && inside(real) ? await readerFor(path, readers) : byName ? readers.find((r) => r.fileNames.includes(name)) : undefined;
    if (!reader) return;
    if (!inside(real)) gaps?.push(`${rel(path)}: symbolic link to a file outside the target: not read`);
    else if (!st.isFile()) gaps?.push(`${rel(path)}: symbolic link to ${fileKind(st)}, not a regular file: not read`);
    else found.push({ path, source: rel(path), reader });
  };
  await walk(target, 0);
  if (!found.length) {
    const skips = [...SKIPPED_DIRECTORIES, ...excludeNames, ...excludePaths].join(', ');
    throw new NoLockfileError(`no lockfile found in ${target} (searched ${depth} directories deep, skipping ${skips}).`, {
      location: target,
      hint: `Supported lockfiles: ${supported}. Generate one with your package manager (e.g. npm install --package-lock-only), pass --depth to search deeper, or give the lockfile path.`,
    });
  }
  found.sort((a, b) => compareStrings(a.source, b.source));
  return found;
}

/** The errno code of a failure (EACCES, ELOOP, …): stable across machines, unlike messages that hold paths. */
function errnoOf(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? describeCause(err);
}

/** Reads the sibling files a reader asks for (go.sum beside go.mod); missing ones are left out of the map. */
async function readSiblings(dir: string, names: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) {
    try {
      out[name] = await readBoundedText(join(dir, name), { what: name });
    } catch (err) {
      if (err instanceof CustodyError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new SbomInputError('SBOM_LOCKFILE_UNREADABLE', `cannot read ${join(dir, name)}: ${describeCause(err)}.`, {
          location: join(dir, name),
          cause: err,
        });
      }
    }
  }
  return out;
}

export interface ReadLockfilesOptions extends DiscoverOptions {
  logger?: Logger;
}

/**
 * Finds and reads every lockfile at `target` into component graphs. Errors name the file (and line) the user can
 * open. A lockfile that names its project but has no dependencies gives an empty graph; when no file yields a
 * package and none names a project (e.g. prose saved as requirements.txt), NoPackagesError.
 */
export async function readLockfiles(
  target: string,
  readers: LockfileReader[],
  options: ReadLockfilesOptions = {},
): Promise<PackageGraph[]> {
  const logger = options.logger ?? silentLogger;
  const found = await discoverLockfiles(target, readers, options);
  const graphs: PackageGraph[] = [];
  for (const f of found) {
    let text: string;
    try {
      text = await readBoundedText(f.path, { what: `${f.reader.id} lockfile` });
    } catch (err) {
      if (err instanceof CustodyError) throw err;
      throw new SbomInputError('SBOM_LOCKFILE_UNREADABLE', `cannot read ${f.path}: ${describeCause(err)}.`, {
        location: f.path,
        cause: err,
      });
    }
    let graph: PackageGraph;
    try {
      await f.reader.prepare?.(text);
      graph =
        f.reader.siblings && f.reader.readWithSiblings
          ? f.reader.readWithSiblings(text, f.source, await readSiblings(dirname(f.path), f.reader.siblings))
          : f.reader.read(text, f.source);
    } catch (err) {
      if (err instanceof CustodyError) {
        // Readers locate errors by the source name; point at the path the user can open.
        const srcDir = dirname(f.source);
        if (err.location?.startsWith(f.source) && f.source !== f.path) {
          (err as { location: string | undefined }).location = f.path + err.location.slice(f.source.length);
        } else if (f.reader.siblings && err.location && f.reader.siblings.some((n) => err.location!.startsWith(join(srcDir, n)))) {
          // An error in a sibling file (go.sum beside go.mod): point at that file's real path.
          (err as { location: string | undefined }).location = join(
            dirname(f.path),
            err.location.slice(srcDir === '.' ? 0 : srcDir.length + 1),
          );
        }
        throw err;
      }
      throw new LockfileParseError(`cannot read this ${f.reader.id} lockfile: ${describeCause(err)}.`, {
        location: f.path,
        hint: `Check that it is a complete, current lockfile. Supported lockfiles: ${supportedLockfiles(readers)}.`,
        cause: err,
      });
    }
    logger.debug(`${f.source}: ${graph.format}, ${graph.components.length} components`);
    for (const note of graph.notes ?? []) logger.debug(`${f.source}: ${note}`);
    graphs.push(graph);
  }
  if (graphs.every((g) => g.components.length === 0) && !graphs.some((g) => g.root)) {
    const names = found.map((f) => f.path).join(', ');
    throw new NoPackagesError(
      `no packages found in ${names}: ${found.length === 1 ? 'it names' : 'they name'} no package with a version.`,
      {
        location: found[0]?.path ?? target,
        hint: `Check that ${found.length === 1 ? 'this is a real lockfile' : 'these are real lockfiles'} (for requirements files: pinned name==version lines). Supported lockfiles: ${supportedLockfiles(readers)}.`,
      },
    );
  }
  return graphs;
}

/**
 * Which files of a layer are worth keeping, and what is kept of them. Decided from the tar header alone, so a
 * layer's other bytes pass by without being copied. OS databases are kept as text (their purls need the
 * os-release, which may come later); language packages become components as soon as their file ends.
 */
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Component } from '../model.js';
import type { EntrySink, TarEntry } from './tar.js';
import { NODE_PACKAGE_JSON, goComponents, parseGemspec, parseNodePackageJson, parsePythonMetadata } from './lang.js';
import { GoBuildInfoSink } from './gobuildinfo.js';
import { readJar, type JarBudget } from './jar.js';
import { checkSize, CustodyError, limits } from '@custody/core';
import { bufferAccess, fileAccess } from './zip.js';

export type FindingKind = 'os-release' | 'dpkg' | 'deb-copyright' | 'apk' | 'rpm' | 'npm' | 'pypi' | 'gem' | 'maven' | 'golang';

export interface Finding {
  path: string;
  layer: number;
  kind: FindingKind;
  /** OS databases and os-release. */
  text?: string;
  /** A database spooled to disk (the sqlite rpmdb). */
  file?: string;
  components?: Component[];
  /** For a Go binary: the main module. */
  main?: Component;
  /** deb-copyright: the License names of a machine-readable copyright file. */
  licenses?: string[];
  /** The layer index whose whiteout, opaque dir or overwrite hid this finding; undefined while visible. */
  hiddenBy?: number;
}

const MB = 1 << 20;
/** osdb: read at each use from the lockfile limit (CUSTODY_MAX_LOCKFILE_BYTES). */
const LIMITS = {
  get osdb() {
    return limits().lockfileBytes;
  },
  small: 4 * MB,
  metadata: 256 * 1024,
  jarInMemory: 16 * MB,
};

export interface FinderHooks {
  layer: number;
  found(f: Finding): void;
  /** A temp directory for spooled files (created on first use). */
  spoolDir(): Promise<string>;
  /** Counts bytes written to temp files in this run; throws LimitError (LIMIT_TEMP_BYTES) past the limit. */
  spooled?(bytes: number): void;
  note(message: string): void;
}

/** Collects a file's bytes up to `limit`; with `truncate`, keeps the first `limit` bytes of a longer file. */
class BufferSink implements EntrySink {
  private parts: Buffer[] = [];
  private size = 0;
  constructor(
    private readonly limit: number,
    private readonly done: (data: Buffer) => void | Promise<void>,
  ) {}
  write(chunk: Buffer): void {
    if (this.size >= this.limit) return;
    const part = chunk.length > this.limit - this.size ? chunk.subarray(0, this.limit - this.size) : chunk;
    this.parts.push(Buffer.from(part));
    this.size += part.length;
  }
  end(): void | Promise<void> {
    const data = Buffer.concat(this.parts);
    this.parts = [];
    return this.done(data);
  }
}

/** Writes a file to a temp file (the sqlite rpmdb, big jars): never held in memory. */
class SpoolSink implements EntrySink {
  private fh: Awaited<ReturnType<typeof open>> | undefined;
  private opening: Promise<void> | undefined;
  constructor(
    private readonly path: Promise<string>,
    private readonly done: (file: string) => Promise<void>,
    private readonly count: (bytes: number) => void = () => {},
  ) {}
  private async ensure(): Promise<void> {
    if (!this.fh) this.fh = await open(await this.path, 'w');
  }
  async write(chunk: Buffer): Promise<void> {
    this.count(chunk.length);
    await (this.opening ??= this.ensure());
    await this.fh!.write(chunk);
  }
  async end(): Promise<void> {
    await (this.opening ??= this.ensure());
    await this.fh!.close();
    await this.done(await this.path);
  }
}

let spoolCounter = 0;
const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const dir = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/')));

const RPM_DIRS = new Set(['var/lib/rpm', 'usr/lib/sysimage/rpm', 'usr/share/rpm']);

/** An OS package database larger than the lockfile limit stops the scan (LIMIT_LOCKFILE_BYTES): never a silent gap. */
function osdbBound(entry: TarEntry, layer: number): void {
  checkSize('lockfileBytes', entry.size, `${entry.path} (layer ${layer + 1}, a package database)`);
}

/** The bounds of one jar and everything nested in it: depth, entries, inflated bytes (see jar.ts). */
function jarBudget(path: string): JarBudget {
  const l = limits();
  return { where: path, maxDepth: l.archiveDepth, entriesLeft: l.archiveEntries, bytesLeft: l.layerBytes };
}

/** The sink for an entry, or undefined when nothing in it is wanted. */
export function finderFor(entry: TarEntry, hooks: FinderHooks): EntrySink | undefined {
  if (entry.type !== 'file') return undefined;
  const { path, layer } = { path: entry.path, layer: hooks.layer };
  const name = base(path);
  const parent = dir(path);
  const text = (kind: FindingKind, limit: number) =>
    new BufferSink(limit, (d) => hooks.found({ path, layer, kind, text: d.toString('utf8') }));
  const spooled = (n: number) => hooks.spooled?.(n);
  const tooBig = (limit: number) => {
    if (entry.size <= limit) return false;
    hooks.note(`${path} (layer ${layer + 1}) is ${entry.size} bytes, more than the ${limit} read: skipped`);
    return true;
  };

  if (path === 'etc/os-release' || path === 'usr/lib/os-release')
    return tooBig(LIMITS.small) ? undefined : text('os-release', LIMITS.small);
  // status.d (distroless): one file per package (names may hold dots: python3.11-minimal) beside NAME.md5sums.
  if (path === 'var/lib/dpkg/status' || (parent === 'var/lib/dpkg/status.d' && !/\.(md5sums|list|conffiles)$/.test(name))) {
    osdbBound(entry, layer);
    return text('dpkg', LIMITS.osdb);
  }
  if (parent.startsWith('usr/share/doc/') && name === 'copyright' && parent.indexOf('/', 14) === -1) {
    // Debian machine-readable copyright (DEP-5): the License: lines are cheap to take.
    return new BufferSink(LIMITS.metadata, (d) => {
      const licenses = dep5Licenses(d.toString('utf8'));
      if (licenses.length) hooks.found({ path, layer, kind: 'deb-copyright', licenses });
    });
  }
  if (path === 'lib/apk/db/installed') {
    osdbBound(entry, layer);
    return text('apk', LIMITS.osdb);
  }
  if ((name === 'rpmdb.sqlite' || name === 'Packages.db' || name === 'Packages') && RPM_DIRS.has(parent)) {
    // sqlite (rpmdb.sqlite), ndb (Packages.db) or Berkeley DB (Packages): spooled, the format is sniffed later.
    osdbBound(entry, layer);
    const file = hooks.spoolDir().then((d) => join(d, `rpmdb-${++spoolCounter}`));
    return new SpoolSink(file, async (f) => hooks.found({ path, layer, kind: 'rpm', file: f }), spooled);
  }
  if (name === 'package.json' && NODE_PACKAGE_JSON.test(path)) {
    if (tooBig(LIMITS.small)) return undefined;
    return new BufferSink(LIMITS.small, (d) => {
      const c = parseNodePackageJson(d.toString('utf8'), path);
      if (c) hooks.found({ path, layer, kind: 'npm', components: [c] });
    });
  }
  if (
    (name === 'METADATA' && parent.endsWith('.dist-info')) ||
    (name === 'PKG-INFO' && parent.endsWith('.egg-info')) ||
    name.endsWith('.egg-info')
  ) {
    // Only the headers matter; a long description after them is cut off.
    return new BufferSink(LIMITS.metadata, (d) => {
      const c = parsePythonMetadata(d.toString('utf8'));
      if (c) hooks.found({ path, layer, kind: 'pypi', components: [c] });
    });
  }
  if (name.endsWith('.gemspec') && base(parent) === 'specifications') {
    if (tooBig(LIMITS.small)) return undefined;
    return new BufferSink(LIMITS.small, (d) => {
      const c = parseGemspec(d.toString('utf8'));
      if (c) hooks.found({ path, layer, kind: 'gem', components: [c] });
    });
  }
  if (/\.(jar|war|ear)$/i.test(name)) {
    const record = (components: Component[]) => {
      if (components.length) hooks.found({ path, layer, kind: 'maven', components });
    };
    const fail = (err: unknown) => hooks.note(`${path} (layer ${layer + 1}) is not a readable jar: ${(err as Error).message}`);
    if (entry.size <= LIMITS.jarInMemory) {
      return new BufferSink(LIMITS.jarInMemory, async (d) => {
        try {
          record(await readJar(bufferAccess(d), 0, undefined, jarBudget(path)));
        } catch (err) {
          if (err instanceof CustodyError) throw err;
          fail(err);
        }
      });
    }
    const file = hooks.spoolDir().then((d) => join(d, `jar-${++spoolCounter}.jar`));
    return new SpoolSink(
      file,
      async (f) => {
        const fh = await open(f, 'r');
        try {
          record(await readJar(fileAccess(fh, entry.size), 0, undefined, jarBudget(path)));
        } catch (err) {
          if (err instanceof CustodyError) throw err;
          fail(err);
        } finally {
          await fh.close();
          await rm(f, { force: true });
        }
      },
      spooled,
    );
  }
  if ((entry.mode & 0o111) !== 0 && entry.size >= 1024) {
    return new GoBuildInfoSink((info, old) => {
      if (info) {
        const { main, deps } = goComponents(info);
        hooks.found({ path, layer, kind: 'golang', components: deps, ...(main ? { main } : {}) });
      } else if (old) hooks.note(`${path} (layer ${layer + 1}) is a Go binary built before Go 1.18: its modules are not listed`);
    });
  }
  return undefined;
}

/** License names of a DEP-5 copyright file (first line of each License: field), sorted, unique. */
export function dep5Licenses(text: string): string[] {
  if (!/^Format:\s*https?:\/\/(www\.)?debian\.org\/doc\/packaging-manuals\/copyright-format\//m.test(text)) return [];
  const out = new Set<string>();
  for (const m of text.matchAll(/^License:[ \t]*(\S[^\r\n]*)/gm)) out.add(m[1]!.trim());
  return [...out].sort();
}

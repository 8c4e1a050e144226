import { DatabaseSync } from 'node:sqlite';
import { open } from 'node:fs/promises';
import { InputError, describeCause, limits } from '@custody/core';
import { SbomInputError } from '../errors.js';
import { bdbHeaderBlobs, ndbHeaderBlobs, RpmDbFormatError, rpmDbError, sniffRpmDb, type RpmDbFormat } from './rpmdb-files.js';
import { addEdge, newGraph } from '../model.js';
import type { Component, PackageGraph } from '../model.js';
import { formatPurl } from '../purl.js';
import { distroQualifier } from './os-release.js';
import type { OsReadOptions } from './dpkg.js';

/** Header tags read (rpmtag.h). */
export const RPMTAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  SUMMARY: 1004,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  SOURCERPM: 1044,
  PROVIDENAME: 1047,
  REQUIRENAME: 1049,
} as const;

/** Entry types (rpm header format). */
const T_INT8 = 2,
  T_INT16 = 3,
  T_INT32 = 4,
  T_INT64 = 5,
  T_STRING = 6,
  T_STRING_ARRAY = 8,
  T_I18NSTRING = 9;

export type RpmValue = string | string[] | number[];

/**
 * Parses an rpm header blob as stored in the rpmdb (no lead, no 8-byte magic): big-endian `il` (index entries)
 * and `dl` (data bytes), `il` 16-byte entries {tag, type, offset, count}, then the data store.
 * Returns tag -> value for the string and integer types; other types are skipped. Throws on a malformed blob.
 */
export function parseRpmHeader(blob: Uint8Array): Map<number, RpmValue> {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 8) throw new Error('rpm header blob shorter than 8 bytes');
  const il = buf.readUInt32BE(0);
  const dl = buf.readUInt32BE(4);
  const dataStart = 8 + il * 16;
  if (il > 0xffff || dataStart + dl > buf.length)
    throw new Error(`rpm header sizes out of range (il=${il}, dl=${dl}, ${buf.length} bytes)`);
  const data = buf.subarray(dataStart, dataStart + dl);
  const out = new Map<number, RpmValue>();
  for (let i = 0; i < il; i++) {
    const e = 8 + i * 16;
    const tag = buf.readUInt32BE(e);
    const type = buf.readUInt32BE(e + 4);
    const offset = buf.readInt32BE(e + 8);
    const count = buf.readUInt32BE(e + 12);
    if (offset < 0 || offset > data.length) continue;
    switch (type) {
      case T_STRING:
      case T_STRING_ARRAY:
      case T_I18NSTRING: {
        const strings: string[] = [];
        let pos = offset;
        const n = type === T_STRING ? 1 : count;
        for (let k = 0; k < n && pos < data.length; k++) {
          const end = data.indexOf(0, pos);
          if (end < 0) throw new Error(`rpm header string for tag ${tag} is not terminated`);
          strings.push(data.toString('utf8', pos, end));
          pos = end + 1;
        }
        out.set(tag, type === T_STRING_ARRAY ? strings : (strings[0] ?? ''));
        break;
      }
      case T_INT8:
      case T_INT16:
      case T_INT32:
      case T_INT64: {
        const size = type === T_INT8 ? 1 : type === T_INT16 ? 2 : type === T_INT32 ? 4 : 8;
        if (offset + size * count > data.length) throw new Error(`rpm header integers for tag ${tag} run past the data`);
        const nums: number[] = [];
        for (let k = 0; k < count; k++) {
          const at = offset + k * size;
          nums.push(
            size === 1
              ? data.readUInt8(at)
              : size === 2
                ? data.readUInt16BE(at)
                : size === 4
                  ? data.readUInt32BE(at)
                  : Number(data.readBigUInt64BE(at)),
          );
        }
        out.set(tag, nums);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

const str = (h: Map<number, RpmValue>, tag: number): string | undefined => {
  const v = h.get(tag);
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
};
const list = (h: Map<number, RpmValue>, tag: number): string[] => {
  const v = h.get(tag);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
};

/** Builds the graph from header blobs (one per installed package). `gpg-pubkey` pseudo-packages are skipped. */
export function readRpmHeaders(
  blobs: Iterable<Uint8Array>,
  source: string,
  options: OsReadOptions = {},
  format = 'rpmdb (sqlite)',
): PackageGraph {
  const graph = newGraph('rpm', source, format);
  const b = new RpmGraphBuilder(graph, source, options);
  for (const blob of blobs) b.add(blob);
  return b.finish();
}

/** The same from an async stream of blobs (the Berkeley DB and ndb readers read one header at a time). */
export async function readRpmHeadersAsync(
  blobs: AsyncIterable<Uint8Array>,
  source: string,
  options: OsReadOptions,
  format: string,
): Promise<PackageGraph> {
  const graph = newGraph('rpm', source, format);
  const b = new RpmGraphBuilder(graph, source, options);
  for await (const blob of blobs) b.add(blob);
  return b.finish();
}

class RpmGraphBuilder {
  private readonly distro: string | undefined;
  private readonly provider = new Map<string, string>();
  private readonly requires: Array<[string, string[]]> = [];
  private index = 0;
  private malformed = 0;
  constructor(
    private readonly graph: PackageGraph,
    private readonly source: string,
    private readonly options: OsReadOptions,
  ) {
    this.distro = distroQualifier(options.os);
  }

  add(blob: Uint8Array): void {
    const { graph, source, options, distro, provider, requires } = this;
    const index = ++this.index;
    let h: Map<number, RpmValue>;
    try {
      h = parseRpmHeader(blob);
    } catch (err) {
      throw new SbomInputError('RPMDB_MALFORMED', `rpm header #${index} is malformed: ${describeCause(err)}`, {
        location: source,
        hint: 'The rpm database may be corrupt; check it with `rpm --rebuilddb` in the image.',
      });
    }
    const name = str(h, RPMTAG.NAME);
    const version = str(h, RPMTAG.VERSION);
    if (name === 'gpg-pubkey') return; // a key rpm imported, not a package
    if (!name || !version) {
      this.malformed++;
      return;
    }
    const release = str(h, RPMTAG.RELEASE);
    const epochV = h.get(RPMTAG.EPOCH);
    const epoch = Array.isArray(epochV) && typeof epochV[0] === 'number' ? String(epochV[0]) : undefined;
    const arch = str(h, RPMTAG.ARCH);
    const full = release ? `${version}-${release}` : version;
    const qualifiers: Record<string, string> = {};
    if (arch) qualifiers.arch = arch;
    if (epoch && epoch !== '0') qualifiers.epoch = epoch;
    if (distro) qualifiers.distro = distro;
    const purl = formatPurl({ type: 'rpm', ...(options.os ? { namespace: options.os.id } : {}), name, version: full, qualifiers });
    const c: Component = { purl, name, version: epoch && epoch !== '0' ? `${epoch}:${full}` : full };
    const license = str(h, RPMTAG.LICENSE);
    if (license) c.licenses = [license];
    const srpm = str(h, RPMTAG.SOURCERPM);
    if (srpm) c.properties = { 'custody:rpm:sourcerpm': srpm };
    graph.components.push(c);
    for (const p of [name, ...list(h, RPMTAG.PROVIDENAME)]) if (!provider.has(p)) provider.set(p, purl);
    requires.push([purl, list(h, RPMTAG.REQUIRENAME)]);
  }

  finish(): PackageGraph {
    const { graph, provider, requires } = this;
    if (this.malformed) graph.notes = [`${this.malformed} header(s) without a name or version skipped`];
    for (const [from, reqs] of requires) {
      for (const r of reqs) {
        if (r.startsWith('rpmlib(')) continue;
        const to = provider.get(r);
        if (to && to !== from) addEdge(graph, from, to);
      }
    }
    return graph;
  }
}

/**
 * Reads an rpm sqlite database (`usr/lib/sysimage/rpm/rpmdb.sqlite`, `var/lib/rpm/rpmdb.sqlite`, or a `Packages.db`
 * that is sqlite) with node:sqlite, read-only. `path` is a file on disk; `source` names it in messages.
 */
export function readRpmSqlite(path: string, source: string, options: OsReadOptions = {}): PackageGraph {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { readOnly: true });
  } catch (err) {
    throw new SbomInputError('RPMDB_UNREADABLE', `cannot open the rpm database: ${describeCause(err)}`, { location: source });
  }
  try {
    let rows: Iterable<Record<string, unknown>>;
    try {
      rows = db.prepare('SELECT blob FROM Packages ORDER BY hnum').iterate() as Iterable<Record<string, unknown>>;
    } catch (err) {
      throw new SbomInputError('RPMDB_UNREADABLE', `not an rpm sqlite database (no Packages table): ${describeCause(err)}`, {
        location: source,
        hint: 'Custody reads rpm databases in sqlite (rpm >= 4.16), Berkeley DB (Packages) and ndb (Packages.db) format.',
      });
    }
    // One header at a time: a large rpmdb is never held in memory whole.
    function* blobs(): Generator<Uint8Array> {
      for (const r of rows) if (r.blob instanceof Uint8Array) yield r.blob;
    }
    try {
      return readRpmHeaders(blobs(), source, options);
    } catch (err) {
      if (err instanceof InputError) throw err;
      // sqlite reports damage while stepping through rows ("database disk image is malformed").
      throw rpmDbError(new RpmDbFormatError(describeCause(err)), source, 'sqlite');
    }
  } finally {
    db.close();
  }
}

/** True when the first bytes are an sqlite 3 database header. */
export function isSqlite(head: Uint8Array): boolean {
  return Buffer.from(head.subarray(0, 16)).toString('latin1') === 'SQLite format 3\u0000';
}

/**
 * Reads an rpm database file of any of the three formats (sniffed from its first bytes): sqlite, Berkeley DB
 * `Packages`, ndb `Packages.db`. Undefined when the file is none of them (the caller reports it).
 */
export async function readRpmDbFile(
  path: string,
  source: string,
  options: OsReadOptions = {},
): Promise<{ graph?: PackageGraph; format: RpmDbFormat }> {
  const fh = await open(path, 'r');
  const head = Buffer.alloc(16);
  try {
    await fh.read(head, 0, 16, 0);
  } finally {
    await fh.close();
  }
  const format = sniffRpmDb(head);
  const maxBlob = Math.min(limits().lockfileBytes, 256 << 20);
  if (format === 'sqlite') return { format, graph: readRpmSqlite(path, source, options) };
  if (format === 'bdb' || format === 'ndb') {
    const name = format === 'bdb' ? 'Berkeley DB' : 'ndb';
    try {
      const blobs = format === 'bdb' ? bdbHeaderBlobs(path, maxBlob) : ndbHeaderBlobs(path, maxBlob);
      return { format, graph: await readRpmHeadersAsync(blobs, source, options, `rpmdb (${name})`) };
    } catch (err) {
      if (err instanceof RpmDbFormatError) throw rpmDbError(err, source, name);
      throw err;
    }
  }
  return { format };
}

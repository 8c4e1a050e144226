/**
 * The files of an image layout or archive, wherever they are: a directory (each file opened non-blocking and
 * refused unless it is a regular file) or a tar archive, indexed by reading its headers only (random access, at
 * most CUSTODY_MAX_ARCHIVE_ENTRIES entries) and read by byte range. JSON documents are read within the OCI JSON
 * limit; blobs are streamed.
 */
import { constants, createReadStream, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join, posix } from 'node:path';
import {
  CustodyError,
  describeCause,
  fileKind,
  formatLimit,
  LimitError,
  limits,
  MetaState,
  parseHeader,
  parseJsonBounded,
} from '@custody/core';
import type { TarEntry } from '@custody/core';
import { ImageSourceError } from './errors.js';

const CHUNK = 64 * 1024;

/** A layout file that is a device, FIFO or socket (or a symlink to one) is refused before it is read. */
function notAFile(rel: string, kind: string, location: string): ImageSourceError {
  return new ImageSourceError('IMAGE_BLOB_NOT_A_FILE', `${rel} is ${kind}, not a regular file`, {
    location,
    hint: 'An image layout holds regular files only; a blob that is a device, FIFO or socket (or a symbolic link to one) is never read. Copy the image again with skopeo or buildx.',
  });
}

/**
 * Opens a file that must be a regular file: without blocking (a FIFO opens at once instead of waiting for a
 * writer) and checked on the handle (no race with a rename). A device, FIFO, socket or directory, also behind a
 * symlink, is refused with the caller's error. The one guarded open of this package: layouts read through it
 * whether they are scanned (sources.ts) or hold attestations (layout.ts).
 */
export async function openRegularFile(path: string, refuse: (st: Stats) => Error): Promise<{ handle: FileHandle; size: number }> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let st: Stats;
  try {
    st = await handle.stat();
  } catch (err) {
    await handle.close();
    throw err;
  }
  if (!st.isFile()) {
    await handle.close();
    throw refuse(st);
  }
  return { handle, size: st.size };
}

/**
 * Reads a regular file of at most `max` bytes (see openRegularFile): a size over `max` is refused before reading
 * (`tooBig(size, false)`), and no more than `max + 1` bytes are ever read, so a file that grows is caught too
 * (`tooBig(bytesRead, true)`).
 */
export async function readRegularFile(
  path: string,
  max: number,
  refuse: (st: Stats) => Error,
  tooBig: (size: number, grew: boolean) => Error,
): Promise<Buffer> {
  const { handle, size } = await openRegularFile(path, refuse);
  try {
    if (size > max) throw tooBig(size, false);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(Math.max(64 * 1024, size - total + 1), max + 1 - total);
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await handle.read(buf, 0, want, total);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === want ? buf : buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > max) throw tooBig(total, true);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** A layout JSON file (index.json, a manifest, a config) of at most the OCI JSON limit. */
function readLayoutJson(path: string, rel: string, location: string): Promise<Buffer> {
  const max = limits().ociJsonBytes;
  return readRegularFile(
    path,
    max,
    (st) => notAFile(rel, fileKind(st), location),
    (size, grew) =>
      new LimitError(
        'ociJsonBytes',
        `${rel} (OCI JSON document) is ${grew ? `more than ${max}` : size} bytes, over the limit of ${formatLimit('ociJsonBytes', max)}.`,
        { location },
      ),
  );
}

/** Parses an OCI JSON document with the size and depth limits (LIMIT_OCI_JSON_BYTES, LIMIT_JSON_DEPTH). */
export function parseOciJson(bytes: Buffer, what: string, location: string): unknown {
  return parseJsonBounded(bytes.toString('utf8'), { what, location, maxBytes: 'ociJsonBytes' });
}

/** The files of a layout, wherever they are: a directory or a tar archive. Paths are relative to its root. */
export interface BlobStore {
  location: string;
  read(relPath: string, maxSize: number): Promise<Buffer>;
  stream(relPath: string): Promise<AsyncIterable<Uint8Array>>;
  exists(relPath: string): Promise<boolean>;
}

export function dirStore(dir: string, location: string): BlobStore {
  return {
    location,
    async read(rel) {
      return readLayoutJson(join(dir, rel), rel, location);
    },
    async stream(rel) {
      // A blob that is a FIFO or /dev/zero (or a symlink to one) is refused here instead of hanging or streaming
      // forever. A missing blob fails with ENOENT.
      const { handle } = await openRegularFile(join(dir, rel), (st) => notAFile(rel, fileKind(st), location));
      return handle.createReadStream({ highWaterMark: CHUNK });
    },
    async exists(rel) {
      return stat(join(dir, rel)).then(
        () => true,
        () => false,
      );
    },
  };
}

interface TarIndexEntry {
  offset: number;
  size: number;
  type: TarEntry['type'];
  linkname: string;
}

/** Indexes a tar file by reading its headers only (seeking over the data). */
export async function indexTarFile(file: string): Promise<Map<string, TarIndexEntry>> {
  const fh = await open(file, 'r');
  const out = new Map<string, TarIndexEntry>();
  try {
    const { size: total } = await fh.stat();
    const meta = new MetaState();
    const block = Buffer.alloc(512);
    let pos = 0;
    while (pos + 512 <= total) {
      const { bytesRead } = await fh.read(block, 0, 512, pos);
      if (bytesRead < 512) break;
      const h = parseHeader(block, pos);
      if (!h) break;
      const dataAt = pos + 512;
      const padded = Math.ceil(h.size / 512) * 512;
      if (meta.isMeta(h)) {
        if (h.size > 1 << 20) throw new Error(`tar metadata record of ${h.size} bytes at byte ${pos}`);
        const data = Buffer.alloc(h.size);
        await fh.read(data, 0, h.size, dataAt);
        meta.absorb(h, data);
        pos = dataAt + padded;
        continue;
      }
      const e = meta.apply(h);
      if (out.size >= limits().archiveEntries) {
        throw new LimitError('archiveEntries', `the archive holds more than ${limits().archiveEntries} entries.`, { location: file });
      }
      const headerOnly = e.type === 'directory' || e.type === 'symlink' || e.type === 'hardlink';
      if (!headerOnly && dataAt + e.size > total) throw new Error(`${e.path} runs past the end of the archive (truncated?)`);
      out.set(e.path, { offset: dataAt, size: headerOnly ? 0 : e.size, type: e.type, linkname: e.linkname });
      pos = dataAt + (headerOnly ? 0 : Math.ceil(e.size / 512) * 512);
    }
  } finally {
    await fh.close();
  }
  return out;
}

export async function tarStore(file: string, location: string): Promise<BlobStore> {
  let index: Map<string, TarIndexEntry>;
  try {
    index = await indexTarFile(file);
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new ImageSourceError('IMAGE_ARCHIVE_INVALID', `cannot read the archive: ${describeCause(err)}`, {
      location,
      cause: err,
      hint: 'Give a tar written by docker save, skopeo copy or buildx (--output type=oci / type=docker).',
    });
  }
  const find = (rel: string): TarIndexEntry | undefined => {
    let p = posix.normalize(rel).replace(/^(\.\/)+/, '');
    for (let hops = 0; hops < 8; hops++) {
      const e = index.get(p);
      if (!e) return undefined;
      if (e.type === 'file') return e;
      if (e.type === 'symlink') p = posix.normalize(posix.join(posix.dirname(p), e.linkname));
      else if (e.type === 'hardlink') p = posix.normalize(e.linkname).replace(/^(\.\/)+/, '');
      else return undefined;
    }
    return undefined;
  };
  const need = (rel: string) => {
    const e = find(rel);
    if (!e) throw Object.assign(new Error(`${rel} is not in the archive`), { code: 'ENOENT' });
    return e;
  };
  return {
    location,
    async read(rel, maxSize) {
      const e = need(rel);
      if (e.size > maxSize) {
        throw new LimitError('ociJsonBytes', `${rel} is ${e.size} bytes, over the limit of ${formatLimit('ociJsonBytes', maxSize)}.`, {
          location,
        });
      }
      const fh = await open(file, 'r');
      try {
        const b = Buffer.alloc(e.size);
        await fh.read(b, 0, e.size, e.offset);
        return b;
      } finally {
        await fh.close();
      }
    },
    async stream(rel) {
      const e = need(rel);
      if (e.size === 0) return (async function* () {})();
      return createReadStream(file, { start: e.offset, end: e.offset + e.size - 1, highWaterMark: CHUNK });
    },
    async exists(rel) {
      return find(rel) !== undefined;
    },
  };
}

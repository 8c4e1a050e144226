/**
 * Local image sources: an OCI image layout directory, an OCI archive (a layout in a tar), and a docker archive
 * (`docker save`: manifest.json, config JSON and layer tars). Archives are indexed by reading tar headers only
 * (random access), then blobs are streamed from their byte ranges.
 */
import { constants, createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, join, posix, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { CustodyError, describeCause, formatLimit, LimitError, limits, parseJsonBounded } from '@custody/core';
import { fileKind, NotAFileError, readBoundedFile } from '../files.js';
import { ImageError } from './errors.js';
import { MetaState, parseHeader } from './tar.js';
import type { TarEntry } from './tar.js';
import { MT, readConfig } from './oci.js';
import type { BlobReader, Descriptor, ResolvedImage } from './oci.js';
import type { LayerRef } from './layer.js';

const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const CHUNK = 64 * 1024;
/** The bound of an OCI JSON document (index.json, manifests, configs, docker manifest.json): read at each use. */
const maxJson = () => limits().ociJsonBytes;

function checkDigestSyntax(digest: string, where: string): void {
  if (!DIGEST.test(digest)) {
    throw new ImageError('IMAGE_DIGEST_INVALID', `"${digest}" is not a digest (sha256:<64 hex>)`, { location: where });
  }
}

/** A layout file that is a device, FIFO or socket (or a symlink to one) is refused before it is read. */
function notAFile(rel: string, kind: string, location: string): ImageError {
  return new ImageError('IMAGE_BLOB_NOT_A_FILE', `${rel} is ${kind}, not a regular file`, {
    location,
    hint: 'An image layout holds regular files only; a blob that is a device, FIFO or socket (or a symbolic link to one) is never read. Copy the image again with skopeo or buildx.',
  });
}

/** Parses an OCI JSON document with the size and depth limits (LIMIT_OCI_JSON_BYTES, LIMIT_JSON_DEPTH). */
export function parseOciJson(bytes: Buffer, what: string, location: string): unknown {
  return parseJsonBounded(bytes.toString('utf8'), { what, location, maxBytes: 'ociJsonBytes' });
}

interface BlobStore {
  location: string;
  read(relPath: string, maxSize: number): Promise<Buffer>;
  stream(relPath: string): Promise<AsyncIterable<Uint8Array>>;
  exists(relPath: string): Promise<boolean>;
}

function dirStore(dir: string, location: string): BlobStore {
  return {
    location,
    async read(rel, maxSize) {
      try {
        return await readBoundedFile(join(dir, rel), { limit: 'ociJsonBytes', what: 'OCI JSON document', display: rel });
      } catch (err) {
        if (err instanceof NotAFileError) throw notAFile(rel, err.kind, location);
        if (err instanceof LimitError) throw new LimitError('ociJsonBytes', err.message, { location });
        throw err;
      }
    },
    async stream(rel) {
      const path = join(dir, rel);
      // Opened without blocking and checked on the handle: a blob that is a FIFO or /dev/zero (or a symlink to
      // one) is refused here instead of hanging or streaming forever. A missing blob fails with ENOENT.
      const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
      const st = await fh.stat().catch(async (err: unknown) => {
        await fh.close();
        throw err;
      });
      if (!st.isFile()) {
        await fh.close();
        throw notAFile(rel, fileKind(st), location);
      }
      return fh.createReadStream({ highWaterMark: CHUNK });
    },
    async exists(rel) {
      return stat(join(dir, rel)).then(() => true, () => false);
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

async function tarStore(file: string, location: string): Promise<BlobStore> {
  let index: Map<string, TarIndexEntry>;
  try {
    index = await indexTarFile(file);
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new ImageError('IMAGE_ARCHIVE_INVALID', `cannot read the archive: ${describeCause(err)}`, {
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
        throw new LimitError('ociJsonBytes', `${rel} is ${e.size} bytes, over the limit of ${formatLimit('ociJsonBytes', maxSize)}.`, { location });
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

function blobPath(digest: string, where: string): string {
  checkDigestSyntax(digest, where);
  const [alg, hex] = digest.split(':');
  return `blobs/${alg}/${hex}`;
}

/** An OCI image layout (DIR) or a layout inside a tar, as a BlobReader. */
async function layoutReader(store: BlobStore, pin: string | undefined): Promise<BlobReader> {
  if (!(await store.exists('oci-layout')) || !(await store.exists('index.json'))) {
    throw new ImageError('IMAGE_LAYOUT_INVALID', 'not an OCI image layout (no oci-layout or index.json file)', {
      location: store.location,
      hint: 'Write one with skopeo copy docker://IMAGE oci:DIR, or buildx --output type=oci.',
    });
  }
  const indexBytes = await store.read('index.json', maxJson());
  let index: { manifests?: Descriptor[] };
  try {
    index = parseOciJson(indexBytes, 'index.json', store.location) as { manifests?: Descriptor[] };
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new ImageError('IMAGE_LAYOUT_INVALID', `index.json is not valid JSON: ${describeCause(err)}`, { location: store.location });
  }
  const manifests = Array.isArray(index.manifests) ? index.manifests : [];
  const readBlob = (d: Descriptor) => store.read(blobPath(d.digest, store.location), maxJson());
  return {
    location: store.location,
    async root() {
      if (pin) {
        checkDigestSyntax(pin, store.location);
        const listed = manifests.find((m) => m.digest === pin);
        const bytes = await store.read(blobPath(pin, store.location), maxJson()).catch((err: unknown) => {
          if (err instanceof CustodyError) throw err;
          throw new ImageError('IMAGE_BLOB_MISSING', `${pin} is not in the layout: ${describeCause(err)}`, { location: store.location });
        });
        const mediaType = listed?.mediaType ?? (parseOciJson(bytes, pin, store.location) as { mediaType?: string } | null)?.mediaType ?? '';
        return { descriptor: { mediaType, digest: pin, size: bytes.length }, bytes };
      }
      if (manifests.length === 1) {
        const d = manifests[0]!;
        return { descriptor: d, bytes: await readBlob(d) };
      }
      // Several entries: index.json itself is the index to walk (platform images; artifacts are skipped).
      const digest = `sha256:${createHash('sha256').update(indexBytes).digest('hex')}`;
      return { descriptor: { mediaType: MT.ociIndex, digest, size: indexBytes.length }, bytes: indexBytes };
    },
    manifest: readBlob,
    blob: readBlob,
    async open(d) {
      return store.stream(blobPath(d.digest, store.location));
    },
  };
}

function splitPin(spec: string): { path: string; pin?: string } {
  const at = spec.lastIndexOf('@');
  if (at > 0 && /^sha(256|512):/.test(spec.slice(at + 1))) return { path: spec.slice(0, at), pin: spec.slice(at + 1) };
  return { path: spec };
}

export interface LocalImage {
  /** The root component name: the layout or archive name, or the first repo tag of a docker archive. */
  name: string;
  /** A version for the root component, when the source names a tag. */
  version?: string;
  /** For a registry image: the purl `repository_url` qualifier (registry/repository). */
  repositoryUrl?: string;
  location: string;
  reader?: BlobReader;
  images?: ResolvedImage[];
}

/** `oci-layout:DIR[@DIGEST]`. */
export async function openOciLayout(spec: string, cwd: string): Promise<LocalImage> {
  const { path, pin } = splitPin(spec);
  const dir = resolve(cwd, path);
  const location = `oci-layout:${path}`;
  if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) {
    throw new ImageError('IMAGE_LAYOUT_INVALID', `${dir} is not a directory`, { location, hint: 'oci-layout: takes a directory holding oci-layout, index.json and blobs/.' });
  }
  return { name: basename(dir), location, reader: await layoutReader(dirStore(dir, location), pin) };
}

/** `oci-archive:FILE.tar[@DIGEST]`. */
export async function openOciArchive(spec: string, cwd: string): Promise<LocalImage> {
  const { path, pin } = splitPin(spec);
  const file = resolve(cwd, path);
  const location = `oci-archive:${path}`;
  await mustBeFile(file, location);
  return { name: basename(file).replace(/\.(tar|oci)$/i, ''), location, reader: await layoutReader(await tarStore(file, location), pin) };
}

async function mustBeFile(file: string, location: string): Promise<void> {
  if (!(await stat(file).then((s) => s.isFile(), () => false))) {
    throw new ImageError('IMAGE_ARCHIVE_INVALID', `${file} does not exist or is not a file`, { location });
  }
}

/** `docker-archive:FILE.tar` (docker save). The first image of the archive is scanned. */
export async function openDockerArchive(spec: string, cwd: string): Promise<LocalImage> {
  const file = resolve(cwd, spec);
  const location = `docker-archive:${spec}`;
  await mustBeFile(file, location);
  const store = await tarStore(file, location);
  if (!(await store.exists('manifest.json'))) {
    throw new ImageError('IMAGE_ARCHIVE_INVALID', 'not a docker archive (no manifest.json)', { location, hint: 'Write one with docker save IMAGE -o FILE.tar.' });
  }
  let entries: Array<{ Config?: string; RepoTags?: string[] | null; Layers?: string[] }>;
  try {
    entries = parseOciJson(await store.read('manifest.json', maxJson()), 'manifest.json', location) as typeof entries;
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new ImageError('IMAGE_ARCHIVE_INVALID', `manifest.json is not valid JSON: ${describeCause(err)}`, { location });
  }
  const first = Array.isArray(entries) ? entries[0] : undefined;
  if (!first?.Config || !Array.isArray(first.Layers)) {
    throw new ImageError('IMAGE_ARCHIVE_INVALID', 'manifest.json lists no image (Config and Layers)', { location });
  }
  let configBytes: Buffer;
  try {
    configBytes = await store.read(first.Config, maxJson());
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new ImageError('IMAGE_BLOB_MISSING', `image config ${first.Config} is missing: ${describeCause(err)}`, { location });
  }
  const digest = `sha256:${createHash('sha256').update(configBytes).digest('hex')}`;
  let config;
  try {
    config = readConfig((parseOciJson(configBytes, `image config ${first.Config}`, location) ?? {}) as Record<string, unknown>);
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new ImageError('IMAGE_ARCHIVE_INVALID', `image config ${first.Config} is not valid JSON: ${describeCause(err)}`, { location });
  }
  const layers: LayerRef[] = first.Layers.map((rel, i) => {
    const blob = /(?:^|\/)blobs\/(sha256)\/([a-f0-9]{64})$/.exec(rel);
    const diffId = config.diffIds?.[i];
    // Old-format `ID/layer.tar` files are the uncompressed tar, so they hash to the diff ID.
    const expected = blob ? `sha256:${blob[2]}` : rel.endsWith('/layer.tar') && diffId?.startsWith('sha256:') ? diffId : undefined;
    return {
      digest: blob ? `sha256:${blob[2]}` : (diffId ?? rel),
      compression: 'sniff' as const,
      ...(expected ? { expectedDigest: expected } : {}),
      open: () => store.stream(rel),
    };
  });
  const tag = first.RepoTags?.[0];
  const [name, version] = tag ? splitTag(tag) : [basename(file).replace(/\.tar$/i, ''), undefined];
  const platform = config.os && config.architecture ? [config.os, config.architecture, config.variant].filter(Boolean).join('/') : undefined;
  return {
    name,
    ...(version ? { version } : {}),
    location,
    images: [{ digest, layers, config, location, ...(platform ? { platform } : {}) }],
  };
}

function splitTag(ref: string): [string, string | undefined] {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, undefined];
}

/**
 * Local image sources: an OCI image layout directory, an OCI archive (a layout in a tar), and a docker archive
 * (`docker save`: manifest.json, config JSON and layer tars). Archives are indexed by reading tar headers only
 * (random access), then blobs are streamed from their byte ranges.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename, join, posix, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { describeCause } from '@custody/core';
import { ImageError } from './errors.js';
import { MetaState, parseHeader } from './tar.js';
import type { TarEntry } from './tar.js';
import { MT, readConfig } from './oci.js';
import type { BlobReader, Descriptor, ResolvedImage } from './oci.js';
import type { LayerRef } from './layer.js';

const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const CHUNK = 64 * 1024;
const MAX_JSON = 16 << 20;

function checkDigestSyntax(digest: string, where: string): void {
  if (!DIGEST.test(digest)) {
    throw new ImageError('IMAGE_DIGEST_INVALID', `"${digest}" is not a digest (sha256:<64 hex>)`, { location: where });
  }
}

/** Reads a small file into memory, refusing anything larger than a manifest could reasonably be. */
async function readSmall(path: string, size?: number): Promise<Buffer> {
  const s = size ?? (await stat(path)).size;
  if (s > MAX_JSON) throw new Error(`${path} is ${s} bytes, larger than a manifest or config can be`);
  return readFile(path);
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
    async read(rel) {
      return readSmall(join(dir, rel));
    },
    async stream(rel) {
      const path = join(dir, rel);
      await stat(path); // a missing blob fails here, with ENOENT, before any stream exists
      return createReadStream(path, { highWaterMark: CHUNK });
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
      if (e.size > maxSize) throw new Error(`${rel} is ${e.size} bytes, larger than a manifest or config can be`);
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
  const indexBytes = await store.read('index.json', MAX_JSON);
  let index: { manifests?: Descriptor[] };
  try {
    index = JSON.parse(indexBytes.toString('utf8')) as { manifests?: Descriptor[] };
  } catch (err) {
    throw new ImageError('IMAGE_LAYOUT_INVALID', `index.json is not valid JSON: ${describeCause(err)}`, { location: store.location });
  }
  const manifests = Array.isArray(index.manifests) ? index.manifests : [];
  const readBlob = (d: Descriptor) => store.read(blobPath(d.digest, store.location), MAX_JSON);
  return {
    location: store.location,
    async root() {
      if (pin) {
        checkDigestSyntax(pin, store.location);
        const listed = manifests.find((m) => m.digest === pin);
        const bytes = await store.read(blobPath(pin, store.location), MAX_JSON).catch((err: unknown) => {
          throw new ImageError('IMAGE_BLOB_MISSING', `${pin} is not in the layout: ${describeCause(err)}`, { location: store.location });
        });
        const mediaType = listed?.mediaType ?? (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ?? '';
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
    entries = JSON.parse((await store.read('manifest.json', MAX_JSON)).toString('utf8'));
  } catch (err) {
    throw new ImageError('IMAGE_ARCHIVE_INVALID', `manifest.json is not valid JSON: ${describeCause(err)}`, { location });
  }
  const first = Array.isArray(entries) ? entries[0] : undefined;
  if (!first?.Config || !Array.isArray(first.Layers)) {
    throw new ImageError('IMAGE_ARCHIVE_INVALID', 'manifest.json lists no image (Config and Layers)', { location });
  }
  let configBytes: Buffer;
  try {
    configBytes = await store.read(first.Config, MAX_JSON);
  } catch (err) {
    throw new ImageError('IMAGE_BLOB_MISSING', `image config ${first.Config} is missing: ${describeCause(err)}`, { location });
  }
  const digest = `sha256:${createHash('sha256').update(configBytes).digest('hex')}`;
  let config;
  try {
    config = readConfig(JSON.parse(configBytes.toString('utf8')) as Record<string, unknown>);
  } catch (err) {
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

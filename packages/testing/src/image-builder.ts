/**
 * Builds container images for tests and benchmarks: real tar layers (ustar, pax or GNU long names), gzip,
 * zstd or uncompressed, whiteouts, and the three local forms Custody reads: an OCI image layout directory,
 * an OCI archive (the layout in a tar) and a docker archive (`docker save` format).
 * Also small package-database builders (an rpm sqlite db, a zip/jar) for the image-SBOM tests.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { DatabaseSync } from 'node:sqlite';
import { constants, crc32, createGzip, createZstdCompress, deflateRawSync, gzipSync, zstdCompressSync } from 'node:zlib';

export interface TestFile {
  path: string;
  content?: string | Buffer;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink';
  mode?: number;
  linkname?: string;
}

export type LayerCompression = 'gzip' | 'zstd' | 'none';

export interface TestLayer {
  files: TestFile[];
  compression?: LayerCompression;
  /** How names longer than 100 bytes are written: a pax `path` record (default) or a GNU `L` entry. */
  longNames?: 'pax' | 'gnu';
  /** Replaces the layer bytes after they are built (to write a corrupt layer on purpose). */
  corrupt?: (bytes: Buffer) => Buffer;
  /** Overrides the media type written in the manifest. */
  mediaType?: string;
}

export interface BuiltLayer {
  mediaType: string;
  digest: string;
  size: number;
  diffId: string;
  bytes: Buffer;
}

const BLOCK = 512;
const sha256 = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0');
}

/** One ustar header block. */
export function tarHeader(name: string, size: number, typeflag: string, mode = 0o644, linkname = ''): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write(octal(mode, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(0, 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(typeflag, 156, 'latin1');
  h.write(linkname.slice(0, 100), 157, 'utf8');
  h.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += h[i]!;
  h.write(`${octal(sum, 7)}\u0000`, 148, 'latin1');
  return h;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

/** The blocks of one entry (with a pax or GNU long-name entry first when the name needs it). */
export function tarEntry(f: TestFile, longNames: 'pax' | 'gnu' = 'pax'): Buffer[] {
  const type = f.type ?? 'file';
  const data =
    type === 'file' ? (typeof f.content === 'string' ? Buffer.from(f.content) : (f.content ?? Buffer.alloc(0))) : Buffer.alloc(0);
  const name = type === 'dir' && !f.path.endsWith('/') ? `${f.path}/` : f.path;
  const out: Buffer[] = [];
  if (Buffer.byteLength(name) > 100) {
    if (longNames === 'gnu') {
      const n = Buffer.from(`${name}\u0000`);
      out.push(tarHeader('././@LongLink', n.length, 'L'), n, padding(n.length));
    } else {
      const rec = Buffer.from(paxRecord('path', name));
      out.push(tarHeader(`PaxHeaders/${name.slice(-80)}`, rec.length, 'x'), rec, padding(rec.length));
    }
  }
  const flag = { file: '0', dir: '5', symlink: '2', hardlink: '1' }[type];
  out.push(tarHeader(name, data.length, flag, f.mode ?? (type === 'dir' ? 0o755 : 0o644), f.linkname ?? ''));
  if (data.length) out.push(data, padding(data.length));
  return out;
}

export function tarArchive(files: TestFile[], longNames: 'pax' | 'gnu' = 'pax'): Buffer {
  return Buffer.concat([...files.flatMap((f) => tarEntry(f, longNames)), Buffer.alloc(BLOCK * 2)]);
}

const MEDIA = {
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  none: 'application/vnd.oci.image.layer.v1.tar',
} as const;

export function buildLayer(layer: TestLayer): BuiltLayer {
  const tar = tarArchive(layer.files, layer.longNames);
  const compression = layer.compression ?? 'gzip';
  let bytes = compression === 'gzip' ? gzipSync(tar) : compression === 'zstd' ? zstdCompressSync(tar) : tar;
  if (layer.corrupt) bytes = layer.corrupt(bytes);
  return { mediaType: layer.mediaType ?? MEDIA[compression], digest: sha256(bytes), size: bytes.length, diffId: sha256(tar), bytes };
}

export interface ImageSpec {
  layers: Array<TestLayer | BuiltLayer>;
  os?: string;
  architecture?: string;
  variant?: string;
}

export interface BuiltImage {
  manifest: Buffer;
  manifestDigest: string;
  config: Buffer;
  configDigest: string;
  layers: BuiltLayer[];
  platform: { os: string; architecture: string; variant?: string };
}

const isBuilt = (l: TestLayer | BuiltLayer): l is BuiltLayer => 'digest' in l;

export function buildImage(img: ImageSpec): BuiltImage {
  const layers = img.layers.map((l) => (isBuilt(l) ? l : buildLayer(l)));
  const platform = { os: img.os ?? 'linux', architecture: img.architecture ?? 'amd64', ...(img.variant ? { variant: img.variant } : {}) };
  const config = Buffer.from(
    JSON.stringify({
      ...platform,
      config: { Labels: { 'org.opencontainers.image.title': 'custody-test' } },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      history: layers.map(() => ({ created_by: 'custody image-builder' })),
    }),
  );
  const configDigest = sha256(config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
    }),
  );
  return { manifest, manifestDigest: sha256(manifest), config, configDigest, layers, platform };
}

async function putBlob(dir: string, digest: string, bytes: Buffer): Promise<void> {
  const [alg, hex] = digest.split(':');
  await mkdir(join(dir, 'blobs', alg!), { recursive: true });
  await writeFile(join(dir, 'blobs', alg!, hex!), bytes);
}

export interface LayoutResult {
  images: BuiltImage[];
  /** The digest of the multi-arch index, when several images were written as one. */
  indexDigest?: string;
}

/**
 * Writes an OCI image layout. One image: index.json points at its manifest. Several: they are put in an image
 * index (one entry per platform) and index.json points at that index.
 */
export async function writeOciLayout(
  dir: string,
  images: ImageSpec | ImageSpec[],
  options: { skipBlobs?: string[] } = {},
): Promise<LayoutResult> {
  const list = Array.isArray(images) ? images : [images];
  const built = list.map(buildImage);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const skip = new Set(options.skipBlobs ?? []);
  for (const b of built) {
    await putBlob(dir, b.manifestDigest, b.manifest);
    await putBlob(dir, b.configDigest, b.config);
    for (const l of b.layers) if (!skip.has(l.digest)) await putBlob(dir, l.digest, l.bytes);
  }
  const desc = (b: BuiltImage, withPlatform: boolean) => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: b.manifestDigest,
    size: b.manifest.length,
    ...(withPlatform ? { platform: b.platform } : {}),
  });
  let indexDigest: string | undefined;
  let top;
  if (built.length === 1) top = [{ ...desc(built[0]!, false), annotations: { 'org.opencontainers.image.ref.name': 'latest' } }];
  else {
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: built.map((b) => desc(b, true)),
      }),
    );
    indexDigest = sha256(index);
    await putBlob(dir, indexDigest, index);
    top = [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: indexDigest, size: index.length }];
  }
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: top }),
  );
  return { images: built, ...(indexDigest ? { indexDigest } : {}) };
}

/** Writes the files of `dir` (recursively) as a tar file, paths relative to `dir`. */
async function tarDirectory(dir: string, file: string): Promise<void> {
  const { readdir, readFile } = await import('node:fs/promises');
  const files: TestFile[] = [];
  const walk = async (rel: string) => {
    for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        files.push({ path: p, type: 'dir' });
        await walk(p);
      } else files.push({ path: p, content: await readFile(join(dir, p)) });
    }
  };
  await walk('');
  await writeFile(file, tarArchive(files));
}

/** An OCI archive: the layout written to a temp dir, then tarred. */
export async function writeOciArchive(file: string, images: ImageSpec | ImageSpec[]): Promise<LayoutResult> {
  const tmp = `${file}.layout`;
  const result = await writeOciLayout(tmp, images);
  await tarDirectory(tmp, file);
  await rm(tmp, { recursive: true, force: true });
  return result;
}

/**
 * A docker archive as `docker save` writes it (classic format: `<id>/layer.tar` uncompressed, `<config>.json`,
 * manifest.json, repositories). With `blobsFormat`, the Docker 25+ form (blobs/sha256/<hex>, layers as given).
 */
export async function writeDockerArchive(
  file: string,
  image: ImageSpec,
  repoTag = 'custody/test:1.0',
  options: { blobsFormat?: boolean } = {},
): Promise<BuiltImage> {
  const built = buildImage({
    ...image,
    layers: image.layers.map((l) => (isBuilt(l) ? l : options.blobsFormat ? l : { ...l, compression: 'none' as const })),
  });
  const files: TestFile[] = [];
  const layerPaths: string[] = [];
  let configPath: string;
  if (options.blobsFormat) {
    configPath = `blobs/sha256/${built.configDigest.slice(7)}`;
    files.push({ path: configPath, content: built.config });
    for (const l of built.layers) {
      const p = `blobs/sha256/${l.digest.slice(7)}`;
      files.push({ path: p, content: l.bytes });
      layerPaths.push(p);
    }
  } else {
    configPath = `${built.configDigest.slice(7)}.json`;
    files.push({ path: configPath, content: built.config });
    for (const l of built.layers) {
      const id = createHash('sha256').update(l.diffId).digest('hex');
      files.push({ path: `${id}/`, type: 'dir' }, { path: `${id}/VERSION`, content: '1.0' }, { path: `${id}/layer.tar`, content: l.bytes });
      layerPaths.push(`${id}/layer.tar`);
    }
  }
  files.push({ path: 'manifest.json', content: JSON.stringify([{ Config: configPath, RepoTags: [repoTag], Layers: layerPaths }]) });
  await writeFile(file, tarArchive(files));
  return built;
}

// ---- Streaming layer writer (benchmarks: layers far larger than memory should hold) ----

export interface StreamedLayer {
  path: string;
  mediaType: string;
  digest: string;
  size: number;
  diffId: string;
}

/** Writes one layer to `file` from an iterator of entries, compressing on the fly. Nothing is held whole. */
export async function writeLayerFile(
  file: string,
  entries: AsyncIterable<TestFile> | Iterable<TestFile>,
  compression: LayerCompression = 'gzip',
): Promise<StreamedLayer> {
  await mkdir(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const rawHash = createHash('sha256');
  const tarHash = createHash('sha256');
  let size = 0;
  const z =
    compression === 'gzip'
      ? createGzip({ level: 1 })
      : compression === 'zstd'
        ? createZstdCompress({ params: { [constants.ZSTD_c_compressionLevel]: 1 } })
        : undefined;
  const sink = z ?? out;
  if (z) {
    z.on('data', (c: Buffer) => {
      rawHash.update(c);
      size += c.length;
      if (!out.write(c)) z.pause();
    });
    out.on('drain', () => z.resume());
  }
  const write = async (b: Buffer) => {
    tarHash.update(b);
    if (!z) {
      rawHash.update(b);
      size += b.length;
    }
    if (!sink.write(b)) await once(sink, 'drain');
  };
  for await (const f of entries) for (const b of tarEntry(f)) await write(b);
  await write(Buffer.alloc(BLOCK * 2));
  if (z) {
    const ended = once(z, 'end');
    z.end();
    await ended;
  }
  out.end();
  await once(out, 'finish');
  return {
    path: file,
    mediaType: MEDIA[compression],
    digest: `sha256:${rawHash.digest('hex')}`,
    size,
    diffId: `sha256:${tarHash.digest('hex')}`,
  };
}

/** An OCI layout whose layers were written by writeLayerFile (moved into blobs/). */
export async function writeOciLayoutFromFiles(dir: string, layers: StreamedLayer[]): Promise<string> {
  const { rename } = await import('node:fs/promises');
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  for (const l of layers) await rename(l.path, join(dir, 'blobs', 'sha256', l.digest.slice(7)));
  const config = Buffer.from(
    JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) } }),
  );
  await putBlob(dir, sha256(config), config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
      layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
    }),
  );
  await putBlob(dir, sha256(manifest), manifest);
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256(manifest), size: manifest.length }],
    }),
  );
  return sha256(manifest);
}

// ---- Package databases and archives for the image tests ----

/** A zip (jar) with deflated entries, written the way `jar`/`zip` do (local headers, central directory, EOCD). */
export function zipArchive(entries: Array<{ name: string; content: string | Buffer; store?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.content === 'string' ? Buffer.from(e.content) : e.content;
    const comp = e.store ? data : deflateRawSync(data);
    const name = Buffer.from(e.name);
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.store ? 0 : 8, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(e.store ? 0 : 8, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, comp);
    central.push(ch, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

export interface RpmTestPackage {
  name: string;
  version: string;
  release: string;
  arch: string;
  epoch?: number;
  license?: string;
  sourceRpm?: string;
  requires?: string[];
  provides?: string[];
}

/** An rpm header blob (the rpmdb form: il, dl, index entries, data) for the given package. */
export function rpmHeaderBlob(p: RpmTestPackage): Buffer {
  const entries: Array<{ tag: number; type: number; data: Buffer; count: number; align: number }> = [];
  const str = (tag: number, v: string) => entries.push({ tag, type: 6, data: Buffer.from(`${v}\u0000`), count: 1, align: 1 });
  const arr = (tag: number, v: string[]) =>
    entries.push({ tag, type: 8, data: Buffer.from(v.map((s) => `${s}\u0000`).join('')), count: v.length, align: 1 });
  str(1000, p.name);
  str(1001, p.version);
  str(1002, p.release);
  if (p.epoch !== undefined) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(p.epoch);
    entries.push({ tag: 1003, type: 4, data: b, count: 1, align: 4 });
  }
  if (p.license) str(1014, p.license);
  str(1022, p.arch);
  if (p.sourceRpm) str(1044, p.sourceRpm);
  if (p.provides?.length) arr(1047, p.provides);
  if (p.requires?.length) arr(1049, p.requires);
  const index = Buffer.alloc(entries.length * 16);
  const data: Buffer[] = [];
  let dl = 0;
  entries.forEach((e, i) => {
    const pad = (e.align - (dl % e.align)) % e.align;
    if (pad) data.push(Buffer.alloc(pad)), (dl += pad);
    index.writeUInt32BE(e.tag, i * 16);
    index.writeUInt32BE(e.type, i * 16 + 4);
    index.writeUInt32BE(dl, i * 16 + 8);
    index.writeUInt32BE(e.count, i * 16 + 12);
    data.push(e.data);
    dl += e.data.length;
  });
  const head = Buffer.alloc(8);
  head.writeUInt32BE(entries.length, 0);
  head.writeUInt32BE(dl, 4);
  return Buffer.concat([head, index, ...data]);
}

/** A sqlite rpmdb (the schema rpm >= 4.16 writes: Packages(hnum, blob)) at `file`. */
export function writeRpmDb(file: string, pkgs: RpmTestPackage[]): void {
  const db = new DatabaseSync(file);
  db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
  const ins = db.prepare('INSERT INTO Packages (blob) VALUES (?)');
  for (const p of pkgs) ins.run(rpmHeaderBlob(p));
  db.close();
}

/**
 * A stand-in for a Go binary (no Go toolchain here): an ELF magic, filler, then the build-info block exactly as
 * the Go >= 1.18 linker lays it out (magic, pointer size, flags=2, varint-prefixed version and module info
 * wrapped in its 16-byte sentinels). Test double for the binary only; the reader under test is the real one.
 */
export function fakeGoBinary(goVersion: string, modInfo: string, filler = 4096): Buffer {
  const uvarint = (n: number) => {
    const out: number[] = [];
    while (n >= 0x80) out.push((n & 0x7f) | 0x80), (n >>>= 7);
    out.push(n);
    return Buffer.from(out);
  };
  const sentinelStart = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
  const sentinelEnd = Buffer.from('f932433186182072008242104116d8f2', 'hex');
  const mod = Buffer.concat([sentinelStart, Buffer.from(modInfo), sentinelEnd]);
  const header = Buffer.alloc(32);
  Buffer.from('\xff Go buildinf:', 'latin1').copy(header, 0);
  header[14] = 8;
  header[15] = 2;
  const v = Buffer.from(goVersion);
  const elf = Buffer.alloc(filler);
  elf.write('\u007fELF', 0, 'latin1');
  // The magic string also appears as a constant in real toolchains: a decoy the reader must skip.
  Buffer.from('\xff Go buildinf:', 'latin1').copy(elf, 200);
  return Buffer.concat([elf, header, uvarint(v.length), v, uvarint(mod.length), mod, Buffer.alloc(1024)]);
}

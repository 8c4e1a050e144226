import type { Stats } from 'node:fs';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { LimitError, describeCause, digestBytes, formatLimit, limits, type LimitName } from '@custody/core';
import { assertDigest, parseManifest } from './digest.js';
import { openRegularFile, readRegularFile } from './files.js';
import { verifyingStream, type FetchedManifest, type PutManifestResult, type ReferrersResult } from './client.js';
import { OciError, OciNotFoundError } from './errors.js';
import { ANNOTATION_REF_NAME, MEDIA_OCI_INDEX, MEDIA_OCI_MANIFEST, type Descriptor, type ImageIndex, type Manifest } from './media.js';
import { sleep } from './retry.js';
import type { OciStore } from './store.js';

const LAYOUT_FILE = 'oci-layout';
const LAYOUT_VERSION = '{"imageLayoutVersion":"1.0.0"}';
const LOCK_STALE_MS = 30_000;
const LOCK_TIMEOUT_MS = 20_000;

/** blobs/<alg>/<hex>, for a digest checked first (a hostile index.json cannot name `sha256:../../etc`). */
function blobPath(dir: string, digest: string): string {
  const valid = assertDigest(digest, 'a descriptor', `oci-layout:${dir}`);
  const [alg, hex] = valid.split(':');
  return join(dir, 'blobs', alg!, hex!);
}

/**
 * Reads a layout file of at most `limits()[limit]` bytes. Only regular files are read (a blob that is a device,
 * FIFO or socket, or a symlink to one such as /dev/zero, is refused): opened non-blocking so a FIFO cannot hang the
 * open, sized with fstat before reading, and read no further than the limit allows even if the file grows.
 */
async function readLayoutFile(path: string, limit: LimitName, what: string, layout: string): Promise<Buffer> {
  const max = limits()[limit];
  return readRegularFile(
    path,
    max,
    (st) => notRegular(`${what} in ${layout}`, st, path),
    (size) => new LimitError(limit, `${what} is ${size} bytes, over the limit of ${formatLimit(limit, max)}.`, { location: path }),
  );
}

function notRegular(what: string, st: Stats, path: string): OciError {
  return new OciError('OCI_LAYOUT_INVALID', `${what} is not a regular file (${describeFileType(st)}).`, {
    location: path,
    hint: 'A layout holds regular files only; this one was crafted or damaged. Copy the layout again from its source.',
  });
}

function describeFileType(st: Stats): string {
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a file';
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes a file under a temporary name in the same directory and renames it into place (atomic on POSIX). */
async function atomicWrite(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * An OCI image layout directory (oci-layout, index.json, blobs/sha256/...). Tags are index.json entries with
 * `org.opencontainers.image.ref.name` (as skopeo and cosign write them). Blob writes are atomic renames; index.json
 * is rewritten under a lock file (index.json.lock, created with O_EXCL), so writers on one machine never lose entries.
 * There is no referrers API in a layout: attach uses the referrers-tag fallback and per-attestation tags.
 */
export class LayoutStore implements OciStore {
  readonly kind = 'layout' as const;
  readonly name: string;
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
    this.name = `oci-layout:${dir}`;
  }

  /** Opens a layout; with `create`, makes an empty one when the directory has none. */
  static async open(dir: string, opts: { create?: boolean } = {}): Promise<LayoutStore> {
    const abs = resolve(dir);
    const store = new LayoutStore(abs);
    if (!(await exists(join(abs, LAYOUT_FILE)))) {
      if (!opts.create) {
        throw new OciError('OCI_LAYOUT_INVALID', `${abs} is not an OCI image layout (no oci-layout file).`, {
          location: abs,
          hint: 'Name a directory written by skopeo copy ... oci:DIR, cosign save, or custody; or push to a registry.',
        });
      }
      await mkdir(join(abs, 'blobs', 'sha256'), { recursive: true });
      await store.withLock(async () => {
        if (!(await exists(join(abs, 'index.json'))))
          await atomicWrite(join(abs, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_OCI_INDEX, manifests: [] }));
        if (!(await exists(join(abs, LAYOUT_FILE)))) await atomicWrite(join(abs, LAYOUT_FILE), LAYOUT_VERSION);
      });
    }
    return store;
  }

  async readIndex(): Promise<ImageIndex> {
    const path = join(this.dir, 'index.json');
    let bytes: Buffer;
    try {
      bytes = await readLayoutFile(path, 'ociJsonBytes', 'index.json', this.name);
    } catch (err) {
      if (err instanceof OciError || err instanceof LimitError) throw err;
      throw new OciError('OCI_LAYOUT_INVALID', `cannot read ${path}: ${describeCause(err)}.`, {
        location: path,
        hint: 'An OCI layout needs an index.json.',
      });
    }
    let index: ImageIndex;
    try {
      index = parseManifest(bytes, path) as ImageIndex;
    } catch (err) {
      if (err instanceof OciError && err.code === 'OCI_MANIFEST_INVALID') {
        throw new OciError('OCI_LAYOUT_INVALID', `${path} is not an OCI index: ${err.message}`, {
          location: path,
          hint: 'Repair or re-create the layout.',
        });
      }
      throw err;
    }
    if (!Array.isArray(index.manifests)) {
      throw new OciError('OCI_LAYOUT_INVALID', `${path} is not an OCI index: no "manifests" array.`, {
        location: path,
        hint: 'Repair or re-create the layout.',
      });
    }
    return index;
  }

  /** Runs `fn` holding index.json.lock. A lock older than 30 s is taken as left behind by a crashed writer. */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const lock = join(this.dir, 'index.json.lock');
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(lock, 'wx');
        await handle.writeFile(`${process.pid}\n`);
        await handle.close();
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        try {
          const s = await stat(lock);
          if (Date.now() - s.mtimeMs > LOCK_STALE_MS) {
            await rm(lock, { force: true });
            continue;
          }
        } catch {
          continue;
        }
        if (Date.now() - started > LOCK_TIMEOUT_MS) {
          throw new OciError('OCI_LAYOUT_LOCKED', `${lock} has been held for ${Math.round((Date.now() - started) / 1000)} s.`, {
            location: lock,
            hint: 'Another custody process is writing this layout; if none is, delete the lock file.',
          });
        }
        await sleep(Math.min(50, 2 + attempt * 2) + Math.random() * 5);
      }
    }
    try {
      return await fn();
    } finally {
      await rm(lock, { force: true });
    }
  }

  private async updateIndex(change: (index: ImageIndex) => void): Promise<void> {
    await this.withLock(async () => {
      const index = await this.readIndex();
      change(index);
      await atomicWrite(join(this.dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
    });
  }

  private async findDescriptor(reference: string): Promise<Descriptor | undefined> {
    const index = await this.readIndex();
    if (reference.includes(':')) {
      const hit = index.manifests.find((d) => d.digest === reference);
      if (hit) return hit;
      // A manifest not listed in index.json (a platform manifest of a listed index): read the blob.
      const path = blobPath(this.dir, reference);
      if (!(await exists(path))) return undefined;
      const bytes = await this.getBlob(reference, 'ociJsonBytes');
      const m = parseManifest(bytes, `${this.name}@${reference}`) as Manifest & { mediaType?: string };
      const mediaType = m.mediaType ?? (Array.isArray((m as ImageIndex).manifests) ? MEDIA_OCI_INDEX : MEDIA_OCI_MANIFEST);
      return { mediaType, digest: reference, size: bytes.length };
    }
    const tagged = index.manifests.filter((d) => d.annotations?.[ANNOTATION_REF_NAME] === reference);
    return tagged[tagged.length - 1];
  }

  async headManifest(reference: string): Promise<Descriptor | undefined> {
    const d = await this.findDescriptor(reference);
    return d ? { mediaType: d.mediaType, digest: d.digest, size: d.size } : undefined;
  }

  async getManifest(reference: string): Promise<FetchedManifest> {
    const d = await this.findDescriptor(reference);
    if (!d)
      throw new OciNotFoundError(`${reference} is not in ${this.name}.`, {
        location: this.name,
        hint: 'List what the layout holds with: custody attestations list oci-layout:DIR',
      });
    const bytes = await this.getBlob(d.digest, 'ociJsonBytes');
    const manifest = parseManifest(bytes, `${this.name}@${d.digest}`);
    return { bytes, mediaType: manifest.mediaType ?? d.mediaType, digest: d.digest, manifest };
  }

  async putManifest(bytes: Uint8Array, mediaType: string, tag?: string): Promise<PutManifestResult> {
    const digest = await this.putBlob(bytes);
    const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as Manifest;
    const descriptor: Descriptor = { mediaType, digest, size: bytes.length };
    if (parsed.artifactType) descriptor.artifactType = parsed.artifactType;
    await this.updateIndex((index) => {
      if (tag) {
        index.manifests = index.manifests.filter((d) => d.annotations?.[ANNOTATION_REF_NAME] !== tag);
        index.manifests.push({ ...descriptor, annotations: { [ANNOTATION_REF_NAME]: tag } });
      } else if (!index.manifests.some((d) => d.digest === digest)) {
        index.manifests.push(descriptor);
      }
    });
    return { digest };
  }

  async hasBlob(digest: string): Promise<boolean> {
    return exists(blobPath(this.dir, digest));
  }

  async getBlob(digest: string, limit: LimitName = 'bundleBytes'): Promise<Buffer> {
    const path = blobPath(this.dir, digest);
    let bytes: Buffer;
    try {
      bytes = await readLayoutFile(path, limit, `blob ${digest}`, this.name);
    } catch (err) {
      if (err instanceof OciError || err instanceof LimitError) throw err;
      throw new OciNotFoundError(`blob ${digest} is missing from ${this.name}.`, {
        location: path,
        hint: 'The layout is incomplete; copy it again.',
      });
    }
    const alg = digest.slice(0, digest.indexOf(':'));
    const got = `${alg}:${createHash(alg).update(bytes).digest('hex')}`;
    if (got !== digest) {
      throw new OciError('OCI_DIGEST_MISMATCH', `blob ${digest} in ${this.name} hashes to ${got}.`, {
        location: path,
        hint: 'The layout was altered; do not trust it.',
      });
    }
    return bytes;
  }

  async openBlob(digest: string): Promise<Readable> {
    const path = blobPath(this.dir, digest);
    let opened;
    try {
      opened = await openRegularFile(path, (st) => notRegular(`blob ${digest} in ${this.name}`, st, path));
    } catch (err) {
      if (err instanceof OciError) throw err;
      throw new OciNotFoundError(`blob ${digest} is missing from ${this.name}.`, { location: path });
    }
    const { handle, size } = opened;
    // Read no more than the size seen now (a file that keeps growing cannot make the stream endless).
    const verify = verifyingStream(digest, this.name);
    if (size === 0) {
      await handle.close();
      verify.end();
      return verify;
    }
    const stream = handle.createReadStream({ start: 0, end: size - 1 });
    stream.on('error', (err) => verify.destroy(err));
    return stream.pipe(verify);
  }

  async putBlob(bytes: Uint8Array): Promise<string> {
    const digest = `sha256:${digestBytes(bytes)}`;
    const path = blobPath(this.dir, digest);
    if (await exists(path)) return digest;
    await mkdir(join(this.dir, 'blobs', 'sha256'), { recursive: true });
    await atomicWrite(path, bytes);
    return digest;
  }

  async listTags(): Promise<string[]> {
    const index = await this.readIndex();
    return [...new Set(index.manifests.map((d) => d.annotations?.[ANNOTATION_REF_NAME]).filter((t): t is string => Boolean(t)))];
  }

  async referrers(): Promise<ReferrersResult> {
    return { supported: false, manifests: [], filtered: false };
  }
}

/**
 * Image sources to scan, each a BlobSource (@custody/core): an OCI image layout directory, an OCI archive (a layout
 * in a tar), a docker archive (`docker save`: manifest.json, config JSON and layer tars) and a registry repository.
 * The files of layouts and archives are read through ./files.ts; the walk from a root to its images is ./walk.ts.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { CustodyError, MEDIA_OCI_INDEX, describeCause, limits, parsePlatform, platformStringMatches } from '@custody/core';
import type { BlobSource, Descriptor, ImageLayer, Logger, PlatformImage } from '@custody/core';
import { RegistryClient } from './client.js';
import type { GitHubRegistryToken } from './credentials.js';
import { ImageSourceError } from './errors.js';
import { dirStore, parseOciJson, tarStore, type BlobStore } from './files.js';
import { parseReference } from './reference.js';
import { RemoteStore } from './store.js';
import { readConfig, resolveImages } from './walk.js';

const DIGEST_SYNTAX = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
/** The bound of an OCI JSON document (index.json, manifests, configs, docker manifest.json): read at each use. */
const maxJson = () => limits().ociJsonBytes;

function checkDigestSyntax(digest: string, where: string): void {
  if (!DIGEST_SYNTAX.test(digest)) {
    throw new ImageSourceError('IMAGE_DIGEST_INVALID', `"${digest}" is not a digest (sha256:<64 hex>)`, { location: where });
  }
}

function blobPath(digest: string, where: string): string {
  checkDigestSyntax(digest, where);
  const [alg, hex] = digest.split(':');
  return `blobs/${alg}/${hex}`;
}

/** An OCI image layout (DIR) or a layout inside a tar, as a BlobSource. */
async function layoutReader(store: BlobStore, pin: string | undefined): Promise<BlobSource> {
  if (!(await store.exists('oci-layout')) || !(await store.exists('index.json'))) {
    throw new ImageSourceError('IMAGE_LAYOUT_INVALID', 'not an OCI image layout (no oci-layout or index.json file)', {
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
    throw new ImageSourceError('IMAGE_LAYOUT_INVALID', `index.json is not valid JSON: ${describeCause(err)}`, { location: store.location });
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
          throw new ImageSourceError('IMAGE_BLOB_MISSING', `${pin} is not in the layout: ${describeCause(err)}`, {
            location: store.location,
          });
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
      return { descriptor: { mediaType: MEDIA_OCI_INDEX, digest, size: indexBytes.length }, bytes: indexBytes };
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

/** An image source opened: what it is called, and either a BlobSource to walk or (docker archive) its image. */
export interface ImageSource {
  /** The root component name: the layout or archive name, the repository, or the first repo tag of a docker archive. */
  name: string;
  /** A version for the root component, when the source names a tag. */
  version?: string;
  /** For a registry image: the purl `repository_url` qualifier (registry/repository). */
  repositoryUrl?: string;
  location: string;
  reader?: BlobSource;
  images?: PlatformImage[];
}

/** `oci-layout:DIR[@DIGEST]`. */
export async function openOciLayout(spec: string, cwd: string): Promise<ImageSource> {
  const { path, pin } = splitPin(spec);
  const dir = resolve(cwd, path);
  const location = `oci-layout:${path}`;
  if (
    !(await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    throw new ImageSourceError('IMAGE_LAYOUT_INVALID', `${dir} is not a directory`, {
      location,
      hint: 'oci-layout: takes a directory holding oci-layout, index.json and blobs/.',
    });
  }
  return { name: basename(dir), location, reader: await layoutReader(dirStore(dir, location), pin) };
}

/** `oci-archive:FILE.tar[@DIGEST]`. */
export async function openOciArchive(spec: string, cwd: string): Promise<ImageSource> {
  const { path, pin } = splitPin(spec);
  const file = resolve(cwd, path);
  const location = `oci-archive:${path}`;
  await mustBeFile(file, location);
  return { name: basename(file).replace(/\.(tar|oci)$/i, ''), location, reader: await layoutReader(await tarStore(file, location), pin) };
}

async function mustBeFile(file: string, location: string): Promise<void> {
  if (
    !(await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  ) {
    throw new ImageSourceError('IMAGE_ARCHIVE_INVALID', `${file} does not exist or is not a file`, { location });
  }
}

/** `docker-archive:FILE.tar` (docker save). The first image of the archive is scanned. */
export async function openDockerArchive(spec: string, cwd: string): Promise<ImageSource> {
  const file = resolve(cwd, spec);
  const location = `docker-archive:${spec}`;
  await mustBeFile(file, location);
  const store = await tarStore(file, location);
  if (!(await store.exists('manifest.json'))) {
    throw new ImageSourceError('IMAGE_ARCHIVE_INVALID', 'not a docker archive (no manifest.json)', {
      location,
      hint: 'Write one with docker save IMAGE -o FILE.tar.',
    });
  }
  let entries: Array<{ Config?: string; RepoTags?: string[] | null; Layers?: string[] }>;
  try {
    entries = parseOciJson(await store.read('manifest.json', maxJson()), 'manifest.json', location) as typeof entries;
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new ImageSourceError('IMAGE_ARCHIVE_INVALID', `manifest.json is not valid JSON: ${describeCause(err)}`, { location });
  }
  const first = Array.isArray(entries) ? entries[0] : undefined;
  if (!first?.Config || !Array.isArray(first.Layers)) {
    throw new ImageSourceError('IMAGE_ARCHIVE_INVALID', 'manifest.json lists no image (Config and Layers)', { location });
  }
  let configBytes: Buffer;
  try {
    configBytes = await store.read(first.Config, maxJson());
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new ImageSourceError('IMAGE_BLOB_MISSING', `image config ${first.Config} is missing: ${describeCause(err)}`, { location });
  }
  const digest = `sha256:${createHash('sha256').update(configBytes).digest('hex')}`;
  let config;
  try {
    config = readConfig((parseOciJson(configBytes, `image config ${first.Config}`, location) ?? {}) as Record<string, unknown>);
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new ImageSourceError('IMAGE_ARCHIVE_INVALID', `image config ${first.Config} is not valid JSON: ${describeCause(err)}`, {
      location,
    });
  }
  const layers: ImageLayer[] = first.Layers.map((rel, i) => {
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
  const platform =
    config.os && config.architecture ? [config.os, config.architecture, config.variant].filter(Boolean).join('/') : undefined;
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

/** Targets that name a container image rather than a directory. */
export const IMAGE_SCHEMES = ['oci://', 'oci-layout:', 'docker-archive:', 'oci-archive:'] as const;

export function isImageTarget(target: string): boolean {
  return IMAGE_SCHEMES.some((s) => target.startsWith(s));
}

export interface ImageSourceOptions {
  /** Directory that relative layout and archive paths are resolved against. */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** A GitHub token for GitHub's container registry (an action's github-token input). */
  githubToken?: GitHubRegistryToken;
}

/** `oci-layout:DIR[@DIGEST]`, `oci-archive:FILE[@DIGEST]`, `docker-archive:FILE` or `oci://REF`, opened. */
export async function openImageSource(target: string, options: ImageSourceOptions): Promise<ImageSource> {
  const t = target;
  if (t.startsWith('oci-layout:')) return openOciLayout(t.slice('oci-layout:'.length), options.cwd);
  if (t.startsWith('oci-archive:')) return openOciArchive(t.slice('oci-archive:'.length), options.cwd);
  if (t.startsWith('docker-archive:')) return openDockerArchive(t.slice('docker-archive:'.length), options.cwd);
  if (t.startsWith('oci://')) return openRegistrySource(t.slice('oci://'.length), options);
  throw new ImageSourceError('IMAGE_TARGET_INVALID', `"${t}" is not an image target`, { hint: `Use one of ${IMAGE_SCHEMES.join(', ')}.` });
}

/**
 * `oci://REF`: a registry repository as a BlobSource. The reference is resolved to a digest once (root());
 * everything after reads by digest. Blobs and layer streams are digest-checked by the registry client.
 */
export async function openRegistrySource(ref: string, options: Omit<ImageSourceOptions, 'cwd'> = {}): Promise<ImageSource> {
  const loc = parseReference(ref);
  const client = new RegistryClient(
    loc.apiHost,
    {
      ...(options.env ? { env: options.env } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.githubToken ? { githubToken: options.githubToken } : {}),
    },
    loc.registry,
  );
  const store = new RemoteStore(client, loc.repository);
  const reference = loc.digest ?? loc.tag ?? 'latest';
  const reader: BlobSource = {
    location: `${store.name}${loc.digest ? `@${loc.digest}` : `:${reference}`}`,
    async root() {
      const m = await store.getManifest(reference);
      return { descriptor: { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length }, bytes: m.bytes };
    },
    manifest: async (d) => (await store.getManifest(d.digest)).bytes,
    blob: (d) => store.getBlob(d.digest),
    open: (d) => store.openBlob(d.digest),
  };
  return {
    name: loc.repository,
    ...(loc.tag ? { version: loc.tag } : {}),
    repositoryUrl: `${loc.registry}/${loc.repository}`,
    location: `oci://${reader.location}`,
    reader,
  };
}

/** The images of an opened source, one per platform, or the one of `platform` (OS/ARCH[/VARIANT]). */
export async function sourceImages(source: ImageSource, platform?: string): Promise<PlatformImage[]> {
  if (!source.images) return resolveImages(source.reader!, platform);
  if (!platform) return source.images;
  parsePlatform(platform); // a malformed value is IMAGE_PLATFORM_INVALID, not an empty match
  const images = source.images.filter((i) => !i.platform || i.platform === platform || platformStringMatches(platform, i.platform));
  if (!images.length) {
    throw new ImageSourceError(
      'IMAGE_PLATFORM_NOT_FOUND',
      `the image is ${source.images[0]?.platform ?? 'of an unknown platform'}, not ${platform}`,
      { location: source.location },
    );
  }
  return images;
}

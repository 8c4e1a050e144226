import type { BlobReader, BomInput, ImageScanResult, LocalImage, ResolvedImage, ScanProgress } from '@custody/sbom';
import { ImageError, formatPurl, openDockerArchive, openOciArchive, openOciLayout, parsePlatform, resolveImages, scanImage } from '@custody/sbom';
import { RegistryClient, RemoteStore, parseReference } from '@custody/oci';
import type { Logger } from '@custody/core';

/** Targets that name a container image rather than a directory. */
export const IMAGE_SCHEMES = ['oci://', 'oci-layout:', 'docker-archive:', 'oci-archive:'] as const;

export function isImageTarget(target: string): boolean {
  return IMAGE_SCHEMES.some((s) => target.startsWith(s));
}

export interface ImageSbomOptions {
  target: string;
  /** OS/ARCH[/VARIANT]: pick one platform of a multi-arch index. */
  platform?: string;
  scope?: 'squashed' | 'all-layers';
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  isTTY: boolean;
  /** Where progress goes on a TTY (default: process.stderr). */
  progressWrite?: (text: string) => void;
}

/** One SBOM input per platform scanned. */
export interface ImageSbomResult {
  platform?: string;
  input: BomInput;
  /** What was read, for logs and benchmarks. */
  scan?: Pick<ImageScanResult, 'layers' | 'notes'>;
}

async function openTarget(options: ImageSbomOptions): Promise<LocalImage> {
  const t = options.target;
  if (t.startsWith('oci-layout:')) return openOciLayout(t.slice('oci-layout:'.length), options.cwd);
  if (t.startsWith('oci-archive:')) return openOciArchive(t.slice('oci-archive:'.length), options.cwd);
  if (t.startsWith('docker-archive:')) return openDockerArchive(t.slice('docker-archive:'.length), options.cwd);
  if (t.startsWith('oci://')) return openRegistryImage(t.slice('oci://'.length), options);
  throw new ImageError('IMAGE_TARGET_INVALID', `"${t}" is not an image target`, { hint: `Use one of ${IMAGE_SCHEMES.join(', ')}.` });
}

/**
 * `oci://REF`: the registry client of @custody/oci adapted to the scanner's BlobReader. The reference is resolved
 * to a digest once (root()); everything after reads by digest. Layer streams are digest-checked by both sides.
 */
async function openRegistryImage(ref: string, options: ImageSbomOptions): Promise<LocalImage> {
  const loc = parseReference(ref);
  const client = new RegistryClient(loc.apiHost, { env: options.env, logger: options.logger }, loc.registry);
  const store = new RemoteStore(client, loc.repository);
  const reference = loc.digest ?? loc.tag ?? 'latest';
  const reader: BlobReader = {
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

/** A throttled one-line progress display for a TTY. */
function progressLine(write: (t: string) => void): { update(p: ScanProgress): void; done(): void } {
  let last = 0;
  let shown = false;
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.bytes !== 0) return;
      last = now;
      shown = true;
      const size = p.size !== undefined ? ` / ${mb(p.size)}` : '';
      write(`\r\u001b[2Kscanning layer ${p.layer + 1}/${p.layers} ${p.digest.slice(0, 19)} ${mb(p.bytes)}${size}`);
    },
    done() {
      if (shown) write('\r\u001b[2K');
    },
  };
}

/** Scans an image's layers into component graphs: one result per platform. */
export async function collectImage(options: ImageSbomOptions): Promise<ImageSbomResult[]> {
  if (options.platform) parsePlatform(options.platform); // a bad value fails before any I/O
  const local = await openTarget(options);
  let images: ResolvedImage[];
  if (local.images) {
    images = local.images;
    if (options.platform) {
      const want = parsePlatform(options.platform);
      const base = `${want.os}/${want.architecture}`;
      // linux/arm picks linux/arm/v7 but never linux/arm64: a variant may follow, only after a slash.
      images = images.filter((i) => !i.platform || i.platform === options.platform || i.platform === base || i.platform.startsWith(`${base}/`));
      if (!images.length) {
        throw new ImageError('IMAGE_PLATFORM_NOT_FOUND', `the image is ${local.images[0]?.platform ?? 'of an unknown platform'}, not ${options.platform}`, { location: local.location });
      }
    }
  } else images = await resolveImages(local.reader!, options.platform);

  const progress = options.isTTY ? progressLine(options.progressWrite ?? ((t) => void process.stderr.write(t))) : undefined;
  const results: ImageSbomResult[] = [];
  try {
    for (const img of images) {
      const scan = await scanImage(img, {
        ...(options.scope ? { scope: options.scope } : {}),
        ...(progress ? { onProgress: (p: ScanProgress) => progress.update(p) } : {}),
      });
      const [alg, hex] = img.digest.split(':');
      const input: BomInput = {
        root: {
          name: local.name,
          ...(local.version ? { version: local.version } : {}),
          type: 'container',
          purl: formatPurl({
            type: 'oci',
            name: local.name.slice(local.name.lastIndexOf('/') + 1).toLowerCase(),
            version: img.digest,
            qualifiers: {
              ...(local.repositoryUrl ? { repository_url: local.repositoryUrl } : {}),
              ...(img.platform ? { arch: img.platform.split('/').slice(1).join('/') } : {}),
              ...(local.version ? { tag: local.version } : {}),
            },
          }),
          ...(alg && hex ? { digest: { [alg]: hex } } : {}),
        },
        graphs: scan.graphs,
        gaps: scan.notes,
      };
      results.push({ ...(img.platform ? { platform: img.platform } : {}), input, scan: { layers: scan.layers, notes: scan.notes } });
    }
  } finally {
    progress?.done();
  }
  return results;
}

/**
 * `custody sbom IMAGE`: the target is parsed and opened by @custody/oci (a registry, a layout, an OCI or docker
 * archive, each a BlobSource), resolved to one image per platform, and each image's layer bytes are turned into
 * components by @custody/sbom. This module loads only for image targets: a lockfile SBOM never loads the OCI stack.
 */
import type { BomInput, ImageScanResult, ScanProgress } from '@custody/sbom';
import { formatPurl, scanImage } from '@custody/sbom';
import { openImageSource, sourceImages, type GitHubRegistryToken } from '@custody/oci';
import { parsePlatform, type Logger } from '@custody/core';

export { IMAGE_SCHEMES, isImageTarget } from '@custody/oci';

export interface ImageSbomOptions {
  target: string;
  /** OS/ARCH[/VARIANT]: pick one platform of a multi-arch index. */
  platform?: string;
  scope?: 'squashed' | 'all-layers';
  /** A GitHub token for GitHub's container registry (the sbom action's github-token input). */
  registryToken?: GitHubRegistryToken;
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
  /** The manifest digest of the image scanned (for a docker archive, its config digest). */
  digest: string;
  input: BomInput;
  /** What was read, for logs and benchmarks. */
  scan?: Pick<ImageScanResult, 'layers' | 'notes'>;
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
  const local = await openImageSource(options.target, {
    cwd: options.cwd,
    env: options.env,
    logger: options.logger,
    ...(options.registryToken ? { githubToken: options.registryToken } : {}),
  });
  const images = await sourceImages(local, options.platform);

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
      results.push({
        ...(img.platform ? { platform: img.platform } : {}),
        digest: img.digest,
        input,
        scan: { layers: scan.layers, notes: scan.notes },
      });
    }
  } finally {
    progress?.done();
  }
  return results;
}

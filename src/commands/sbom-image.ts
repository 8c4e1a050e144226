import type { BomInput } from '@custody/sbom';
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
}

/** One SBOM input per platform scanned. */
export interface ImageSbomResult {
  platform?: string;
  input: BomInput;
}

/** Scans an image's layers into component graphs. Filled in by the image-SBOM work. */
export async function collectImage(_options: ImageSbomOptions): Promise<ImageSbomResult[]> {
  throw new Error('image SBOMs are not implemented yet');
}

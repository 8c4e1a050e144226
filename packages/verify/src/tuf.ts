/**
 * The one online function of this package: refresh the public-good trusted root through Sigstore's TUF
 * repository (signed metadata, verified by @sigstore/tuf), cached in `cacheDir`. Not used offline or in tests.
 */
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { describeCause } from '@custody/core';
import { VerifyInputError } from './errors.js';
import { PUBLIC_GOOD_TUF_URL } from './trust.js';

export interface TufRefreshOptions {
  /** Where TUF metadata and targets are cached between runs. */
  cacheDir: string;
  mirrorURL?: string;
  /** Re-download even when the cached metadata is still valid. */
  force?: boolean;
}

export async function refreshTrustedRoot(options: TufRefreshOptions): Promise<TrustedRoot> {
  try {
    const { getTrustedRoot } = await import('@sigstore/tuf');
    return await getTrustedRoot({
      cachePath: options.cacheDir,
      mirrorURL: options.mirrorURL ?? PUBLIC_GOOD_TUF_URL,
      force: options.force ?? false,
    });
  } catch (err) {
    throw new VerifyInputError('VERIFY_TUF_REFRESH_FAILED', `cannot refresh the trusted root from ${options.mirrorURL ?? PUBLIC_GOOD_TUF_URL}: ${describeCause(err)}.`, {
      hint: 'Check network access to the TUF mirror, or verify offline with the embedded root (the default) or --trusted-root FILE.',
      cause: err,
    });
  }
}

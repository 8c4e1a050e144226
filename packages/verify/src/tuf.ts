/**
 * The one online function of this package: refresh the public-good trusted root through Sigstore's TUF
 * repository (signed metadata, verified by @sigstore/tuf), cached in `cacheDir`. Not used offline or in tests.
 */
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { LimitError, describeCause, formatLimit, limits } from '@custody/core';
import { VerifyInputError } from './errors.js';
import { PUBLIC_GOOD_TUF_URL } from './trust.js';

/** GitHub's Sigstore instance TUF repository (trusted_root.json for GitHub-signed attestations). */
export const GITHUB_TUF_URL = 'https://tuf-repo.github.com';

export interface TufRefreshOptions {
  /** Where TUF metadata and targets are cached between runs. */
  cacheDir: string;
  mirrorURL?: string;
  /** Re-download even when the cached metadata is still valid. */
  force?: boolean;
  /**
   * The repository's initial TUF root.json (trust anchor for a first refresh). Needed for any repository other
   * than public-good, whose root @sigstore/tuf ships in its seeds.
   */
  rootPath?: string;
}

export async function refreshTrustedRoot(options: TufRefreshOptions): Promise<TrustedRoot> {
  return boundedTuf(
    options,
    async (tufOptions) => (await import('@sigstore/tuf')).getTrustedRoot(tufOptions),
    'Check network access to the TUF mirror, or verify offline with the embedded root (the default) or --trusted-root FILE.',
  );
}

/**
 * The trusted_root.json target of a TUF repository, as served (the bytes TUF verified against the signed targets
 * metadata, not a re-serialization), after a refresh of the metadata chain from the repository's root.
 */
export async function fetchTrustedRootTarget(options: TufRefreshOptions): Promise<string> {
  return boundedTuf(
    options,
    async (tufOptions) => (await (await import('@sigstore/tuf')).initTUF(tufOptions)).getTarget('trusted_root.json'),
    "Check network access to the TUF mirror and that --tuf-root is that repository's root.json, or verify offline with the embedded root (the default) or --trusted-root FILE.",
  );
}

type TufClientOptions = {
  cachePath: string;
  mirrorURL: string;
  force: boolean;
  timeout: number;
  retry: number;
  rootPath?: string;
};

/**
 * Runs one TUF refresh bounded: each request within the connect + idle limits (tuf-js aborts the request and its
 * body), retries at most CUSTODY_HTTP_RETRIES, metadata sizes by tuf-js's own maxima, and the whole refresh within
 * the deadline limit. Failures other than a limit become VERIFY_TUF_REFRESH_FAILED with `hint`.
 */
async function boundedTuf<T>(options: TufRefreshOptions, work: (tufOptions: TufClientOptions) => Promise<T>, hint: string): Promise<T> {
  const mirrorURL = options.mirrorURL ?? PUBLIC_GOOD_TUF_URL;
  const bound = limits();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new LimitError(
            'httpDeadlineMs',
            `the trusted-root refresh from ${mirrorURL} was not done within ${formatLimit('httpDeadlineMs', bound.httpDeadlineMs)}.`,
          ),
        ),
      bound.httpDeadlineMs,
    );
    timer.unref();
  });
  try {
    return await Promise.race([
      work({
        cachePath: options.cacheDir,
        mirrorURL,
        force: options.force ?? false,
        timeout: bound.httpConnectMs + bound.httpIdleMs,
        retry: bound.httpRetries,
        ...(options.rootPath ? { rootPath: options.rootPath } : {}),
      }),
      deadline,
    ]);
  } catch (err) {
    if (err instanceof LimitError) throw err;
    throw new VerifyInputError('VERIFY_TUF_REFRESH_FAILED', `cannot refresh the trusted root from ${mirrorURL}: ${describeCause(err)}.`, {
      hint,
      cause: err,
    });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Storing bundles in GitHub's attestations API (`custody attest --store github`, the actions' store-github input),
 * through @custody/github/api (no @actions/* in the CLI's import graph).
 */
import { CustodyError, type Logger } from '@custody/core';
import {
  GitHubApiError,
  fetchBundleUrl,
  githubApi,
  listAttestations,
  parseRepo,
  requireToken,
  uploadAttestation,
  type GitHubApi,
} from '@custody/github/api';

/** `required`: a missing repository or token, or a refused upload, is an error. `auto`: upload when possible, else warn. */
export type GitHubStoreMode = 'required' | 'auto';

export interface GitHubStorePlan {
  mode: GitHubStoreMode;
  /** OWNER/REPO; absent when auto mode found none (then `skipped` says why). */
  repo?: string;
  api?: GitHubApi;
  skipped?: string;
}

export interface GitHubStoreResult {
  repository?: string;
  id?: string;
  url?: string;
  /** Why nothing was stored (auto mode only). */
  skipped?: string;
  /** The error code of a refused upload (auto mode only). */
  code?: string;
}

/** Checks, before anything is signed, that an upload can be attempted: the repository and a token. */
export function planGitHubStore(o: {
  mode: GitHubStoreMode;
  repo?: string;
  token?: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}): GitHubStorePlan {
  const repoText = o.repo || o.env.GITHUB_REPOSITORY;
  if (!repoText) {
    if (o.mode === 'auto') return { mode: 'auto', skipped: 'no repository (GITHUB_REPOSITORY is not set)' };
    throw new GitHubApiError(
      'GITHUB_REPO_INVALID',
      '--store github needs the repository to store the attestation with, and none was given.',
      {
        hint: 'Pass --repo OWNER/REPO (on GitHub Actions, GITHUB_REPOSITORY names it).',
      },
    );
  }
  const repo = parseRepo(repoText, o.repo ? '--repo' : 'GITHUB_REPOSITORY');
  const api = githubApi(o.env, { ...(o.token ? { token: o.token, tokenSource: 'the github-token input' } : {}), logger: o.logger });
  if (!api.token && o.mode === 'auto') return { mode: 'auto', skipped: `no GitHub token (tried ${api.tokenSourcesTried.join(', ')})` };
  requireToken(api, `--store github (uploading to ${repo.owner}/${repo.repo})`, 'attestations: write', 'drop --store github');
  return { mode: o.mode, repo: `${repo.owner}/${repo.repo}`, api };
}

/** Uploads one bundle. In auto mode a GitHub error becomes a warning and the result says why. */
export async function storeOnGitHub(plan: GitHubStorePlan, bundleJson: string, logger: Logger): Promise<GitHubStoreResult> {
  if (!plan.api || !plan.repo) {
    logger.info(`GitHub attestations API: not used (${plan.skipped ?? 'not asked'})`);
    return { skipped: plan.skipped ?? 'not asked' };
  }
  try {
    const up = await uploadAttestation(plan.api, plan.repo, bundleJson);
    logger.info(`stored with GitHub as attestation ${up.id}: ${up.url}`);
    return { repository: up.repository, id: up.id, url: up.url };
  } catch (err) {
    // Auto mode: anything GitHub or the way to it says (refusals, outages, timeouts) is a warning; the bundle file
    // is written either way. Other errors are Custody's and still fail.
    const gitHubSide = err instanceof GitHubApiError || (err instanceof CustodyError && err.code.startsWith('LIMIT_HTTP_'));
    if (plan.mode !== 'auto' || !gitHubSide) throw err;
    const status = err instanceof GitHubApiError ? err.status : undefined;
    const fix = status === 403 || status === 401 ? ' Give the job `permissions: attestations: write`, or set store-github: false.' : '';
    logger.warn(`the attestation was not stored with GitHub: ${err.describe()}${fix}`);
    return { repository: plan.repo, skipped: err.message, code: err.code };
  }
}

/** Where `custody verify` / `attestations download` read GitHub's attestations from. */
export interface GitHubReadOptions {
  repo?: string;
  owner?: string;
  /** At most this many attestations (gh's --limit; default 30). */
  limit?: number;
  /** GitHub host for the API when GITHUB_API_URL is not set (default github.com). */
  hostname?: string;
  /** A token given explicitly (the verify action's github-token input), tried before GITHUB_TOKEN and GH_TOKEN. */
  token?: string;
  tokenSource?: string;
}

export interface GitHubFetched {
  uri: string;
  bytes: Uint8Array;
  unreadable?: string;
}

/** Checks that GitHub can be asked (a token is set); undefined with `optional` when there is none. */
export function githubReader(
  o: GitHubReadOptions,
  env: NodeJS.ProcessEnv,
  logger: Logger | undefined,
  optional = false,
): GitHubApi | undefined {
  const api = githubApi(env, {
    ...(o.hostname ? { hostname: o.hostname } : {}),
    ...(o.token ? { token: o.token, tokenSource: o.tokenSource ?? 'the given token' } : {}),
    ...(logger ? { logger } : {}),
  });
  if (!api.token && optional) return undefined;
  const scope = o.repo ? `repository ${o.repo}` : `organization ${o.owner ?? ''}`;
  requireToken(
    api,
    `reading the attestations from GitHub (${scope})`,
    'attestations: read (or contents: read)',
    'pass the attestations with --bundle FILE',
  );
  return api;
}

/**
 * Lists the attestations of `digest` (repository endpoint with a repo, else the organization's), then yields each
 * bundle's bytes: inline ones at once, `bundle_url` ones fetched one at a time as they are iterated. A bundle that
 * cannot be decoded is yielded as unreadable (ignored, with its reason); API errors stop the run (exit 2).
 */
export async function readGitHubAttestations(
  api: GitHubApi,
  o: GitHubReadOptions,
  digest: string,
): Promise<{ notes: string[]; count: number; attestations: AsyncIterable<GitHubFetched> }> {
  const listed = await listAttestations(api, {
    ...(o.repo ? { repo: o.repo } : { owner: o.owner! }),
    digest,
    ...(o.limit ? { limit: o.limit } : {}),
  });
  const notes = [
    `${listed.attestations.length} attestation(s) read from GitHub's attestations API (${listed.scope}, ${api.apiUrl}, ${listed.pages} page(s))${listed.truncated ? `; stopped at the limit of ${o.limit ?? 30}, more are listed (raise --limit)` : ''}`,
  ];
  async function* each(): AsyncGenerator<GitHubFetched> {
    for (const a of listed.attestations) {
      if (a.invalid) {
        yield { uri: a.source, bytes: new Uint8Array(0), unreadable: a.invalid };
      } else if (a.bundle !== undefined) {
        yield { uri: a.source, bytes: Buffer.from(a.bundle) };
      } else {
        try {
          yield { uri: a.source, bytes: Buffer.from(await fetchBundleUrl(api, a.bundleUrl!)) };
        } catch (err) {
          if (!(err instanceof GitHubApiError) || err.code !== 'GITHUB_BUNDLE_INVALID') throw err;
          yield { uri: a.source, bytes: new Uint8Array(0), unreadable: `${err.code}: ${err.message}` };
        }
      }
    }
  }
  return { notes, count: listed.attestations.length, attestations: each() };
}

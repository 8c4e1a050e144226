/**
 * The actions' own inputs for GitHub's APIs and its container registry (no CLI flag stands for them: the CLI has
 * --store github and reads GITHUB_TOKEN / GH_TOKEN): store-github on the attest actions, github-token on every action
 * that talks to GitHub or a registry. The token serves GitHub's REST API and GitHub's container registry of the
 * server the job runs on (ghcr.io on github.com, containers.HOST on GHES and GHE.com), never another registry.
 */
import { ActionError } from '@custody/github';
import { githubContainerRegistries, type GitHubRegistryToken } from '@custody/oci';
import type { AttestOptions } from '../commands/attest.js';
import { actionInput, type ActionInput, type ActionRun } from './index.js';

export const storeGithubInput = (description: string): ActionInput => actionInput('store-github', description, { default: 'auto' });

export const githubTokenInput = (description: string): ActionInput =>
  actionInput('github-token', description, { default: '${{ github.token }}' });

/** The github-token input (default `${{ github.token }}`, filled in by the runner), masked in the log. */
export function githubToken(ctx: ActionRun): string | undefined {
  const token = ctx.input('github-token');
  if (token) ctx.gh.setSecret(token);
  return token;
}

/** Where the github-token input is named in the credential sources an OCI_AUTH_FAILED message lists. */
export const GITHUB_TOKEN_SOURCE = 'the github-token input';

/**
 * The github-token input as a registry credential: for GitHub's container registry of GITHUB_SERVER_URL (ghcr.io on
 * github.com, containers.HOST on GHES and GHE.com), with GITHUB_ACTOR as the user name; tried after
 * CUSTODY_REGISTRY_* and the docker config (a `docker login` wins). `ctx.githubRegistries` replaces the hosts (tests).
 */
export function registryToken(ctx: ActionRun): GitHubRegistryToken | undefined {
  const token = githubToken(ctx);
  if (!token) return undefined;
  const actor = ctx.gh.env.GITHUB_ACTOR;
  return {
    token,
    source: GITHUB_TOKEN_SOURCE,
    registries: ctx.githubRegistries ?? githubContainerRegistries(ctx.gh.env.GITHUB_SERVER_URL),
    ...(actor ? { username: actor } : {}),
  };
}

export type GitHubStoreOptions = Pick<AttestOptions, 'store' | 'githubStore' | 'githubToken'>;

/**
 * store-github (auto | true | false) and github-token as attest()'s options. `auto`, the default, uploads to GitHub's
 * attestations API as GitHub's own attest actions do, and, since an action cannot read the job's permissions, finds
 * out by trying: a job without `attestations: write` gets a warning, not a failure. `true` makes a failed upload (or
 * a missing repository or token) fail the step; `false` never uploads.
 */
export function githubStoreOptions(ctx: ActionRun): GitHubStoreOptions {
  const raw = (ctx.input('store-github') ?? 'auto').toLowerCase();
  const token = githubToken(ctx);
  const out: GitHubStoreOptions = token ? { githubToken: token } : {};
  if (raw === 'auto') return { ...out, githubStore: 'auto' };
  if (['true', 'yes', '1'].includes(raw)) return { ...out, store: ['github'] };
  if (['false', 'no', '0'].includes(raw)) return {};
  throw new ActionError('ACTION_INPUT_INVALID', `input "store-github" is "${raw}", not auto, true or false.`, {
    hint: 'Set store-github: auto (upload when the job has attestations: write), true (must upload) or false.',
  });
}

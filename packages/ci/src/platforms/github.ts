import { compact, compactStrings, trimSlash, v, type CiContext, type DetectOptions, type Env } from '../context.js';

// https://docs.github.com/actions/reference/workflows-and-actions/variables (default environment variables)
const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']);

/** The workflow file path inside the repository, from GITHUB_WORKFLOW_REF (owner/repo/.github/workflows/x.yml@ref). */
export function workflowPathFromRef(workflowRef: string | undefined, repository: string | undefined): string | undefined {
  if (!workflowRef) return undefined;
  const at = workflowRef.lastIndexOf('@');
  const withoutRef = at === -1 ? workflowRef : workflowRef.slice(0, at);
  if (repository && withoutRef.startsWith(`${repository}/`)) return withoutRef.slice(repository.length + 1);
  return withoutRef.split('/').slice(2).join('/') || undefined;
}

function readEvent(env: Env, options: DetectOptions): Record<string, unknown> | undefined {
  const path = v(env, 'GITHUB_EVENT_PATH');
  if (!path || !options.readFile) return undefined;
  const text = options.readFile(path);
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The visibility GitHub gives a repository, as the event payload's `repository.visibility` says it. */
export type RepositoryVisibility = 'public' | 'private' | 'internal';

/**
 * What the Sigstore instance choice needs to know about a GitHub Actions run (as @actions/attest reads it): the
 * server (github.com, a GHE.com tenant, or a GHES host) and the repository's visibility from the event payload.
 */
export interface GitHubSigningFacts {
  serverUrl: string;
  /** Undefined when the payload cannot be read or does not say (then it is not known to be public). */
  visibility?: string;
  /** For messages: where the visibility came from. */
  visibilitySource: string;
}

/** Undefined off GitHub Actions. Reads the event payload file through `options.readFile` only. */
export function githubSigningFacts(env: Env, options: DetectOptions = {}): GitHubSigningFacts | undefined {
  if (v(env, 'GITHUB_ACTIONS') !== 'true') return undefined;
  const serverUrl = trimSlash(v(env, 'GITHUB_SERVER_URL')) ?? 'https://github.com';
  const path = v(env, 'GITHUB_EVENT_PATH');
  const repo = readEvent(env, options)?.repository as Record<string, unknown> | undefined;
  const visibility = typeof repo?.visibility === 'string' && repo.visibility ? repo.visibility : undefined;
  const visibilitySource = !path
    ? 'GITHUB_EVENT_PATH is not set'
    : visibility
      ? `repository.visibility in the event payload (${path})`
      : `the event payload (${path}) has no repository.visibility`;
  return { serverUrl, ...(visibility ? { visibility } : {}), visibilitySource };
}

/** Whether a GitHub server URL is a GHE.com tenant (https://TENANT.ghe.com), as @actions/attest recognizes one. */
export function isGheComServer(serverUrl: string | undefined): boolean {
  return /^https:\/\/[a-z0-9-]+\.ghe\.com\/?$/.test(serverUrl ?? '');
}

/**
 * The issuer of GitHub Actions OIDC tokens for a server: github.com -> https://token.actions.githubusercontent.com,
 * a GHE.com tenant -> https://token.actions.TENANT.ghe.com (as @actions/attest derives it), GHES ->
 * SERVER/_services/token.
 */
export function githubOidcIssuer(serverUrl: string | undefined): string {
  const server = trimSlash(serverUrl);
  if (!server || server === 'https://github.com') return 'https://token.actions.githubusercontent.com';
  if (isGheComServer(server)) return `https://token.actions.${new URL(server).hostname}`;
  return `${server}/_services/token`;
}

export function detectGitHub(env: Env, options: DetectOptions = {}): CiContext {
  const server = trimSlash(v(env, 'GITHUB_SERVER_URL')) ?? 'https://github.com';
  const repository = v(env, 'GITHUB_REPOSITORY');
  const eventName = v(env, 'GITHUB_EVENT_NAME') ?? 'unknown';
  const ref = v(env, 'GITHUB_REF');
  const runId = v(env, 'GITHUB_RUN_ID');
  const isPullRequest = PR_EVENTS.has(eventName);
  let prNumber = /^refs\/pull\/(\d+)\//.exec(ref ?? '')?.[1];
  if (isPullRequest && !prNumber) {
    const pr = readEvent(env, options)?.pull_request as Record<string, unknown> | undefined;
    if (pr && (typeof pr.number === 'number' || typeof pr.number === 'string')) prNumber = String(pr.number);
  }
  const runnerEnv = v(env, 'RUNNER_ENVIRONMENT');
  const workflowRef = v(env, 'GITHUB_WORKFLOW_REF');
  return {
    platform: 'github-actions',
    serverUrl: server,
    repository,
    repositoryUrl: repository ? `${server}/${repository}` : undefined,
    commit: v(env, 'GITHUB_SHA'),
    ref,
    pipeline: compact({
      name: v(env, 'GITHUB_WORKFLOW'),
      path: workflowPathFromRef(workflowRef, repository),
      url: repository && workflowRef ? `${server}/${repository}/actions` : undefined,
    }),
    job: compact({ name: v(env, 'GITHUB_JOB') }),
    runId,
    runAttempt: v(env, 'GITHUB_RUN_ATTEMPT') ?? '1',
    runUrl: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined,
    runner: compact({
      kind: runnerEnv === 'github-hosted' ? 'hosted' : runnerEnv === 'self-hosted' ? 'self-hosted' : 'unknown',
      name: v(env, 'RUNNER_NAME'),
      os: v(env, 'RUNNER_OS'),
      arch: v(env, 'RUNNER_ARCH'),
    }),
    actor: v(env, 'GITHUB_ACTOR'),
    event: {
      name: eventName,
      isPullRequest,
      ...(isPullRequest
        ? {
            pullRequest: compact({
              number: prNumber,
              url: prNumber && repository ? `${server}/${repository}/pull/${prNumber}` : undefined,
              headRef: v(env, 'GITHUB_HEAD_REF'),
              baseRef: v(env, 'GITHUB_BASE_REF'),
            }),
          }
        : {}),
    },
    extra: compactStrings({
      repository_id: v(env, 'GITHUB_REPOSITORY_ID'),
      repository_owner: v(env, 'GITHUB_REPOSITORY_OWNER'),
      repository_owner_id: v(env, 'GITHUB_REPOSITORY_OWNER_ID'),
      workflow_ref: workflowRef,
      workflow_sha: v(env, 'GITHUB_WORKFLOW_SHA'),
      runner_environment: runnerEnv,
      run_number: v(env, 'GITHUB_RUN_NUMBER'),
    }),
  };
}

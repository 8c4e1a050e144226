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

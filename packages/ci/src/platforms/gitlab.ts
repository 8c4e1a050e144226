import { compact, compactStrings, trimSlash, v, type CiContext, type Env } from '../context.js';

// https://docs.gitlab.com/ci/variables/predefined_variables/
const MR_SOURCES = new Set(['merge_request_event', 'external_pull_request_event']);

/**
 * Hosted or self-hosted from the environment alone. GitLab documents no variable for this (the ID token's
 * `runner_environment` claim is authoritative and wins when a token is verified): runners on a self-managed
 * instance are self-hosted; on GitLab.com, GitLab's hosted runners are named *.runners-manager.gitlab.com.
 */
function runnerKind(env: Env): CiContext['runner']['kind'] {
  const host = v(env, 'CI_SERVER_HOST');
  const description = v(env, 'CI_RUNNER_DESCRIPTION') ?? '';
  if (!host) return 'unknown';
  if (host !== 'gitlab.com') return 'self-hosted';
  return /runners-manager\.gitlab\.com/.test(description) ? 'hosted' : 'self-hosted';
}

export function detectGitLab(env: Env): CiContext {
  const server = trimSlash(v(env, 'CI_SERVER_URL'));
  const projectUrl = trimSlash(v(env, 'CI_PROJECT_URL'));
  const source = v(env, 'CI_PIPELINE_SOURCE') ?? 'unknown';
  const tag = v(env, 'CI_COMMIT_TAG');
  const refName = v(env, 'CI_COMMIT_REF_NAME');
  const mrIid = v(env, 'CI_MERGE_REQUEST_IID') ?? v(env, 'CI_EXTERNAL_PULL_REQUEST_IID');
  const isPullRequest = MR_SOURCES.has(source) || mrIid !== undefined;
  const headBranch = v(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME');
  const ref = tag
    ? `refs/tags/${tag}`
    : isPullRequest && headBranch
      ? `refs/heads/${headBranch}`
      : refName
        ? `refs/heads/${refName}`
        : undefined;
  return {
    platform: 'gitlab-ci',
    serverUrl: server,
    repository: v(env, 'CI_PROJECT_PATH'),
    repositoryUrl: projectUrl,
    commit: v(env, 'CI_COMMIT_SHA'),
    ref,
    pipeline: compact({
      name: v(env, 'CI_PIPELINE_NAME'),
      path: v(env, 'CI_CONFIG_PATH') ?? '.gitlab-ci.yml',
      url: projectUrl ? `${projectUrl}/-/pipelines` : undefined,
    }),
    job: compact({ id: v(env, 'CI_JOB_ID'), name: v(env, 'CI_JOB_NAME'), url: v(env, 'CI_JOB_URL') }),
    runId: v(env, 'CI_PIPELINE_ID'),
    // GitLab retries a job as a new job (new CI_JOB_ID); the pipeline itself has no attempt counter.
    runAttempt: '1',
    runUrl: v(env, 'CI_PIPELINE_URL'),
    runner: compact({
      kind: runnerKind(env),
      name: v(env, 'CI_RUNNER_DESCRIPTION'),
      arch: v(env, 'CI_RUNNER_EXECUTABLE_ARCH'),
    }),
    actor: v(env, 'GITLAB_USER_LOGIN'),
    event: {
      name: source,
      isPullRequest,
      ...(isPullRequest
        ? {
            pullRequest: compact({
              number: mrIid,
              url:
                v(env, 'CI_MERGE_REQUEST_PROJECT_URL') && mrIid
                  ? `${trimSlash(v(env, 'CI_MERGE_REQUEST_PROJECT_URL'))}/-/merge_requests/${mrIid}`
                  : undefined,
              headRef: v(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME') ?? v(env, 'CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME'),
              baseRef: v(env, 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME') ?? v(env, 'CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME'),
            }),
          }
        : {}),
    },
    extra: compactStrings({
      project_id: v(env, 'CI_PROJECT_ID'),
      runner_id: v(env, 'CI_RUNNER_ID'),
      runner_version: v(env, 'CI_RUNNER_VERSION'),
      runner_tags: v(env, 'CI_RUNNER_TAGS'),
      ref_protected: v(env, 'CI_COMMIT_REF_PROTECTED'),
    }),
  };
}

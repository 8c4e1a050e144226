import { compact, compactStrings, stripUrlCredentials, v, type CiContext, type Env } from '../context.js';

// https://buildkite.com/docs/pipelines/configure/environment-variables
export function detectBuildkite(env: Env): CiContext {
  const org = v(env, 'BUILDKITE_ORGANIZATION_SLUG');
  const pipeline = v(env, 'BUILDKITE_PIPELINE_SLUG');
  const pr = v(env, 'BUILDKITE_PULL_REQUEST');
  const isPullRequest = pr !== undefined && pr !== 'false';
  const tag = v(env, 'BUILDKITE_TAG');
  const branch = v(env, 'BUILDKITE_BRANCH');
  const compute = v(env, 'BUILDKITE_COMPUTE_TYPE');
  const repositoryUrl = stripUrlCredentials(v(env, 'BUILDKITE_REPO'));
  const retry = Number(v(env, 'BUILDKITE_RETRY_COUNT') ?? '0');
  return {
    platform: 'buildkite',
    serverUrl: 'https://buildkite.com',
    repository: repositoryUrl
      ?.replace(/^[a-z+]+:\/\/[^/]+\//i, '')
      .replace(/^[^@]+@[^:]+:/, '')
      .replace(/\.git$/, ''),
    repositoryUrl,
    commit: v(env, 'BUILDKITE_COMMIT'),
    ref: tag ? `refs/tags/${tag}` : branch ? `refs/heads/${branch}` : undefined,
    pipeline: compact({
      id: v(env, 'BUILDKITE_PIPELINE_ID'),
      name: org && pipeline ? `${org}/${pipeline}` : pipeline,
      url: org && pipeline ? `https://buildkite.com/${org}/${pipeline}` : undefined,
    }),
    job: compact({ id: v(env, 'BUILDKITE_JOB_ID'), name: v(env, 'BUILDKITE_LABEL') ?? v(env, 'BUILDKITE_STEP_KEY') }),
    runId: v(env, 'BUILDKITE_BUILD_NUMBER'),
    runAttempt: String((Number.isFinite(retry) ? retry : 0) + 1),
    runUrl: v(env, 'BUILDKITE_BUILD_URL'),
    runner: compact({
      // BUILDKITE_COMPUTE_TYPE: "hosted" on Buildkite hosted agents, otherwise "self-hosted".
      kind: compute === 'hosted' ? 'hosted' : compute === 'self-hosted' ? 'self-hosted' : 'unknown',
      name: v(env, 'BUILDKITE_AGENT_NAME'),
    }),
    actor: v(env, 'BUILDKITE_BUILD_CREATOR_EMAIL') ?? v(env, 'BUILDKITE_BUILD_CREATOR'),
    event: {
      name: v(env, 'BUILDKITE_SOURCE') ?? 'unknown',
      isPullRequest,
      ...(isPullRequest
        ? {
            pullRequest: compact({
              number: pr,
              headRef: branch,
              baseRef: v(env, 'BUILDKITE_PULL_REQUEST_BASE_BRANCH'),
              url: v(env, 'BUILDKITE_PULL_REQUEST_REPO'),
            }),
          }
        : {}),
    },
    extra: compactStrings({
      build_id: v(env, 'BUILDKITE_BUILD_ID'),
      organization: org,
      pipeline_slug: pipeline,
      agent_id: v(env, 'BUILDKITE_AGENT_ID'),
      retry_count: v(env, 'BUILDKITE_RETRY_COUNT'),
      compute_type: compute,
    }),
  };
}

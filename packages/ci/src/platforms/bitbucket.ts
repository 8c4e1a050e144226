import { compact, compactStrings, stripUrlCredentials, v, type CiContext, type Env } from '../context.js';

// https://support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets/ (default variables)
export function detectBitbucket(env: Env): CiContext {
  const full = v(env, 'BITBUCKET_REPO_FULL_NAME');
  const prId = v(env, 'BITBUCKET_PR_ID');
  const tag = v(env, 'BITBUCKET_TAG');
  const branch = v(env, 'BITBUCKET_BRANCH');
  const build = v(env, 'BITBUCKET_BUILD_NUMBER');
  const repoUrl = stripUrlCredentials(v(env, 'BITBUCKET_GIT_HTTP_ORIGIN')) ?? (full ? `https://bitbucket.org/${full}` : undefined);
  return {
    platform: 'bitbucket-pipelines',
    serverUrl: 'https://bitbucket.org',
    repository: full,
    repositoryUrl: repoUrl,
    commit: v(env, 'BITBUCKET_COMMIT'),
    ref: tag ? `refs/tags/${tag}` : branch ? `refs/heads/${branch}` : undefined,
    pipeline: compact({
      id: v(env, 'BITBUCKET_PIPELINE_UUID'),
      path: 'bitbucket-pipelines.yml',
      url: full ? `https://bitbucket.org/${full}/pipelines` : undefined,
    }),
    job: compact({ id: v(env, 'BITBUCKET_STEP_UUID') }),
    runId: build,
    runAttempt: '1',
    runUrl: full && build ? `https://bitbucket.org/${full}/pipelines/results/${build}` : undefined,
    // Bitbucket documents no step variable that tells Atlassian's cloud runners from self-hosted runners.
    runner: { kind: 'unknown' },
    actor: v(env, 'BITBUCKET_STEP_TRIGGERER_UUID'),
    event: {
      name: prId ? 'pull_request' : tag ? 'tag' : 'push',
      isPullRequest: prId !== undefined,
      ...(prId
        ? {
            pullRequest: compact({
              number: prId,
              url: full ? `https://bitbucket.org/${full}/pull-requests/${prId}` : undefined,
              headRef: branch,
              baseRef: v(env, 'BITBUCKET_PR_DESTINATION_BRANCH'),
            }),
          }
        : {}),
    },
    extra: compactStrings({
      workspace: v(env, 'BITBUCKET_WORKSPACE'),
      repo_uuid: v(env, 'BITBUCKET_REPO_UUID'),
      pipeline_uuid: v(env, 'BITBUCKET_PIPELINE_UUID'),
      step_uuid: v(env, 'BITBUCKET_STEP_UUID'),
    }),
  };
}

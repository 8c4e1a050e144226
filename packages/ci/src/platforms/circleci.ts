import { compact, compactStrings, stripUrlCredentials, v, type CiContext, type Env } from '../context.js';

// https://circleci.com/docs/reference/variables/ (built-in environment variables)
export function detectCircleCI(env: Env): CiContext {
  const user = v(env, 'CIRCLE_PROJECT_USERNAME');
  const repo = v(env, 'CIRCLE_PROJECT_REPONAME');
  const prUrl = v(env, 'CIRCLE_PULL_REQUEST');
  const prNumber = v(env, 'CIRCLE_PR_NUMBER') ?? (prUrl ? /\/(\d+)\/?$/.exec(prUrl)?.[1] : undefined);
  const isPullRequest = prUrl !== undefined || prNumber !== undefined;
  const tag = v(env, 'CIRCLE_TAG');
  const branch = v(env, 'CIRCLE_BRANCH');
  const workflowId = v(env, 'CIRCLE_WORKFLOW_ID');
  return {
    platform: 'circleci',
    serverUrl: 'https://app.circleci.com',
    repository: user && repo ? `${user}/${repo}` : undefined,
    repositoryUrl: stripUrlCredentials(v(env, 'CIRCLE_REPOSITORY_URL')),
    commit: v(env, 'CIRCLE_SHA1'),
    ref: tag ? `refs/tags/${tag}` : branch ? `refs/heads/${branch}` : undefined,
    pipeline: compact({ id: workflowId, name: v(env, 'CIRCLE_WORKFLOW_NAME'), path: '.circleci/config.yml' }),
    job: compact({ id: v(env, 'CIRCLE_WORKFLOW_JOB_ID'), name: v(env, 'CIRCLE_JOB'), url: v(env, 'CIRCLE_BUILD_URL') }),
    runId: v(env, 'CIRCLE_BUILD_NUM'),
    // Every CircleCI rerun gets a new job number (CIRCLE_BUILD_NUM): each job run is its own attempt.
    runAttempt: '1',
    runUrl: v(env, 'CIRCLE_BUILD_URL'),
    // CircleCI documents no job variable that tells its cloud executors from self-hosted runners.
    runner: compact({ kind: 'unknown' as const, name: v(env, 'CIRCLE_NODE_INDEX') ? `node-${v(env, 'CIRCLE_NODE_INDEX')}` : undefined }),
    actor: v(env, 'CIRCLE_USERNAME'),
    event: {
      name: isPullRequest ? 'pull_request' : tag ? 'tag' : 'push',
      isPullRequest,
      ...(isPullRequest ? { pullRequest: compact({ number: prNumber, url: prUrl, headRef: branch }) } : {}),
    },
    extra: compactStrings({
      workflow_id: workflowId,
      workflow_job_id: v(env, 'CIRCLE_WORKFLOW_JOB_ID'),
      pipeline_id: v(env, 'CIRCLE_PIPELINE_ID'),
    }),
  };
}

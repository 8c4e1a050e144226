import { branchRef, compact, compactStrings, stripUrlCredentials, trimSlash, v, type CiContext, type Env } from '../context.js';

// https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#using-environment-variables (env-vars.html on any instance),
// the Git plugin's GIT_* variables and the Branch API's CHANGE_* variables for pull requests.
export function detectJenkins(env: Env): CiContext {
  const server = trimSlash(v(env, 'JENKINS_URL'));
  const changeId = v(env, 'CHANGE_ID');
  const branch = v(env, 'CHANGE_BRANCH') ?? v(env, 'BRANCH_NAME') ?? v(env, 'GIT_BRANCH')?.replace(/^origin\//, '');
  const tag = v(env, 'TAG_NAME');
  const repositoryUrl = stripUrlCredentials(v(env, 'GIT_URL'));
  return {
    platform: 'jenkins',
    serverUrl: server,
    repository: repositoryUrl
      ?.replace(/^[a-z+]+:\/\/[^/]+\//i, '')
      .replace(/^[^@]+@[^:]+:/, '')
      .replace(/\.git$/, ''),
    repositoryUrl,
    commit: v(env, 'GIT_COMMIT'),
    ref: tag ? `refs/tags/${tag}` : changeId ? `refs/pull/${changeId}/head` : branchRef(branch),
    pipeline: compact({ name: v(env, 'JOB_NAME'), url: trimSlash(v(env, 'JOB_URL')), path: 'Jenkinsfile' }),
    job: compact({ name: v(env, 'STAGE_NAME') }),
    runId: v(env, 'BUILD_NUMBER'),
    runAttempt: '1',
    runUrl: trimSlash(v(env, 'BUILD_URL')),
    // Jenkins is always operated by its users: there is no vendor-hosted Jenkins agent.
    runner: compact({ kind: 'self-hosted' as const, name: v(env, 'NODE_NAME') }),
    actor: v(env, 'BUILD_USER_ID') ?? v(env, 'CHANGE_AUTHOR'),
    event: {
      name: changeId ? 'pull_request' : tag ? 'tag' : 'build',
      isPullRequest: changeId !== undefined,
      ...(changeId
        ? {
            pullRequest: compact({
              number: changeId,
              url: v(env, 'CHANGE_URL'),
              headRef: v(env, 'CHANGE_BRANCH'),
              baseRef: v(env, 'CHANGE_TARGET'),
            }),
          }
        : {}),
    },
    extra: compactStrings({ build_tag: v(env, 'BUILD_TAG'), executor_number: v(env, 'EXECUTOR_NUMBER') }),
  };
}

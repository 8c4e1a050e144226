import { compact, compactStrings, stripUrlCredentials, trimSlash, v, type CiContext, type Env } from '../context.js';

// https://learn.microsoft.com/azure/devops/pipelines/build/variables (predefined variables, as environment
// variables: Build.SourceVersion -> BUILD_SOURCEVERSION).
function runnerKind(env: Env): CiContext['runner']['kind'] {
  const flag = v(env, 'AGENT_ISSELFHOSTED');
  if (flag !== undefined) return flag === '1' || flag.toLowerCase() === 'true' ? 'self-hosted' : 'hosted';
  const name = v(env, 'AGENT_NAME');
  if (!name) return 'unknown';
  // Microsoft-hosted agents are named "Azure Pipelines N" (older images: "Hosted Agent").
  return /^(Azure Pipelines( \d+)?|Hosted Agent)$/.test(name) ? 'hosted' : 'self-hosted';
}

export function detectAzure(env: Env): CiContext {
  const collection = trimSlash(v(env, 'SYSTEM_COLLECTIONURI'));
  const project = v(env, 'SYSTEM_TEAMPROJECT');
  const reason = v(env, 'BUILD_REASON') ?? 'unknown';
  const isPullRequest = reason === 'PullRequest';
  const prId = v(env, 'SYSTEM_PULLREQUEST_PULLREQUESTNUMBER') ?? v(env, 'SYSTEM_PULLREQUEST_PULLREQUESTID');
  const projectUrl = collection && project ? `${collection}/${encodeURIComponent(project)}` : undefined;
  const buildId = v(env, 'BUILD_BUILDID');
  const definitionId = v(env, 'SYSTEM_DEFINITIONID');
  return {
    platform: 'azure-pipelines',
    serverUrl: collection,
    repository: v(env, 'BUILD_REPOSITORY_NAME'),
    repositoryUrl: stripUrlCredentials(v(env, 'BUILD_REPOSITORY_URI')),
    commit: v(env, 'BUILD_SOURCEVERSION'),
    ref: v(env, 'BUILD_SOURCEBRANCH'),
    pipeline: compact({
      id: definitionId,
      name: v(env, 'BUILD_DEFINITIONNAME'),
      url: projectUrl && definitionId ? `${projectUrl}/_build?definitionId=${definitionId}` : undefined,
    }),
    job: compact({ id: v(env, 'SYSTEM_JOBID'), name: v(env, 'SYSTEM_JOBDISPLAYNAME') ?? v(env, 'AGENT_JOBNAME') }),
    runId: buildId,
    runAttempt: v(env, 'SYSTEM_JOBATTEMPT') ?? '1',
    runUrl: projectUrl && buildId ? `${projectUrl}/_build/results?buildId=${buildId}` : undefined,
    runner: compact({ kind: runnerKind(env), name: v(env, 'AGENT_NAME'), os: v(env, 'AGENT_OS'), arch: v(env, 'AGENT_OSARCHITECTURE') }),
    actor: v(env, 'BUILD_REQUESTEDFOREMAIL') ?? v(env, 'BUILD_REQUESTEDFOR'),
    event: {
      name: reason,
      isPullRequest,
      ...(isPullRequest
        ? {
            pullRequest: compact({
              number: prId,
              headRef: v(env, 'SYSTEM_PULLREQUEST_SOURCEBRANCH'),
              baseRef: v(env, 'SYSTEM_PULLREQUEST_TARGETBRANCH'),
            }),
          }
        : {}),
    },
    extra: compactStrings({
      project_id: v(env, 'SYSTEM_TEAMPROJECTID'),
      project,
      definition_id: definitionId,
      repository_provider: v(env, 'BUILD_REPOSITORY_PROVIDER'),
      build_number: v(env, 'BUILD_BUILDNUMBER'),
      job_id: v(env, 'SYSTEM_JOBID'),
    }),
  };
}

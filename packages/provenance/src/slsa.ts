/**
 * The SLSA Provenance v1 predicate (https://slsa.dev/spec/v1.0/provenance).
 *
 * GitHub Actions: exactly the fields GitHub's own attestations fill (buildType
 * https://actions.github.io/buildtypes/workflow/v1), then Custody's additions under internalParameters.custody
 * (timing, tools, redacted environment, identity source, the command run), materials after resolvedDependencies[0]
 * and byproducts. GitLab CI: GitLab Runner's buildType. Other platforms: Custody's documented buildTypes
 * (docs/buildtypes/<platform>.md).
 */
import { CUSTODY_URL, CUSTODY_VERSION, canonicalJson, digestBytes, isoSeconds, type ResourceDescriptor } from '@custody/core';
import { stripCredentials } from './git.js';
import type { ProvenanceOverrides } from './honesty.js';
import { CAPTURE_MEDIA_TYPE, type BuildContext, type CaptureDocument } from './model.js';

export const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
export const CUSTODY_BUILD_TYPE_BASE = `${CUSTODY_URL}/blob/main/docs/buildtypes`;

export function gitlabRunnerBuildType(runnerVersion: string | undefined): string {
  const v = runnerVersion ? (runnerVersion.startsWith('v') ? runnerVersion : `v${runnerVersion}`) : 'main';
  return `https://gitlab.com/gitlab-org/gitlab-runner/-/blob/${v}/PROVENANCE.md`;
}

/** Custody's own buildType URI for a platform (documented in docs/buildtypes/<platform>.md). */
export function custodyBuildType(platform: string): string {
  return `${CUSTODY_BUILD_TYPE_BASE}/${platform}.md#v1`;
}

export interface SlsaBuildDefinition {
  buildType: string;
  externalParameters: Record<string, unknown>;
  internalParameters?: Record<string, unknown>;
  resolvedDependencies?: ResourceDescriptor[];
}

export interface SlsaRunDetails {
  builder: { id: string; version?: Record<string, string>; builderDependencies?: ResourceDescriptor[] };
  metadata?: { invocationId?: string; startedOn?: string; finishedOn?: string };
  byproducts?: ResourceDescriptor[];
}

export interface SlsaProvenanceV1 {
  buildDefinition: SlsaBuildDefinition;
  runDetails: SlsaRunDetails;
}

export interface PredicateInput {
  capture: CaptureDocument;
  /** When the statement is made (finishedOn when the capture has no command run). */
  now: Date;
  /** What --allow-failed-build / --allow-unrecorded-subject let through: recorded as internalParameters.custody.overrides. */
  overrides?: ProvenanceOverrides;
}

/** A repository URL fit for `git+URI`: scp-style remotes as ssh:// URLs, never credentials (captures of older versions too). */
function repositoryUri(url: string | undefined): string | undefined {
  return url ? stripCredentials(url) : undefined;
}

function sourceDependency(ctx: BuildContext, capture: CaptureDocument): ResourceDescriptor | undefined {
  const repo = repositoryUri(ctx.repositoryUrl ?? capture.git?.remoteUrl);
  const ref = ctx.ref ?? capture.git?.ref;
  const commit = ctx.commit ?? capture.git?.commit;
  if (!repo && !commit) return undefined;
  return {
    ...(repo ? { uri: `git+${repo}${ref ? `@${ref}` : ''}` } : {}),
    ...(commit ? { digest: { gitCommit: commit } } : {}),
  };
}

/** Everything Custody adds beyond the platform's buildType, in one place consumers can ignore. */
function custodyParameters(capture: CaptureDocument, overrides?: ProvenanceOverrides): Record<string, unknown> {
  return {
    version: CUSTODY_VERSION,
    identity: capture.identity,
    platform: capture.ci.platform,
    runner: capture.ci.runner,
    event: capture.ci.event,
    ...(capture.git
      ? {
          git: {
            commit: capture.git.commit,
            ref: capture.git.ref,
            remoteUrl: repositoryUri(capture.git.remoteUrl),
            dirty: capture.git.dirty,
            dirtySource: capture.git.dirtySource,
          },
        }
      : {}),
    host: { os: capture.host.os, arch: capture.host.arch, kernel: capture.host.kernel, kernelRelease: capture.host.kernelRelease },
    tools: Object.fromEntries(capture.tools.map((t) => [t.name, t.version ?? null])),
    environment: capture.environment.variables,
    redactedEnvironment: capture.environment.redacted.map((r) => r.name),
    ...(capture.run
      ? {
          command: {
            argv: capture.run.argv,
            exitCode: capture.run.exitCode,
            ...(capture.run.signal ? { signal: capture.run.signal } : {}),
          },
        }
      : {}),
    ...(overrides && (overrides.failedBuild || overrides.unrecordedSubjects)
      ? {
          overrides: {
            ...(overrides.failedBuild ? { allowFailedBuild: true, failedBuild: overrides.failedBuild } : {}),
            ...(overrides.unrecordedSubjects ? { allowUnrecordedSubject: true, unrecordedSubjects: overrides.unrecordedSubjects } : {}),
          },
        }
      : {}),
  };
}

function timing(capture: CaptureDocument, now: Date): { startedOn: string; finishedOn: string } {
  return {
    startedOn: capture.run?.startedOn ?? capture.startedOn,
    finishedOn: capture.run?.finishedOn ?? isoSeconds(now),
  };
}

function byproducts(capture: CaptureDocument): ResourceDescriptor[] {
  const doc = canonicalJson(capture);
  return [
    { name: 'custody-capture.json', mediaType: CAPTURE_MEDIA_TYPE, digest: { sha256: digestBytes(doc) } },
    ...(capture.run?.outputs ?? []).map((o) => ({ name: o.name, digest: o.digest })),
  ];
}

const materials = (capture: CaptureDocument): ResourceDescriptor[] => capture.materials.map((m) => ({ name: m.name, digest: m.digest }));

function githubPredicate(capture: CaptureDocument, now: Date, overrides?: ProvenanceOverrides): SlsaProvenanceV1 {
  const ctx = capture.ci;
  const server = ctx.serverUrl ?? 'https://github.com';
  const repo = ctx.repository ?? '';
  const jobWorkflowRef = ctx.extra.job_workflow_ref ?? ctx.extra.workflow_ref ?? '';
  const source = sourceDependency({ ...ctx, repositoryUrl: `${server}/${repo}` }, capture);
  return {
    buildDefinition: {
      buildType: GITHUB_WORKFLOW_BUILD_TYPE,
      externalParameters: {
        workflow: { ref: ctx.ref ?? '', repository: `${server}/${repo}`, path: ctx.pipeline.path ?? '' },
      },
      internalParameters: {
        github: {
          event_name: ctx.event.name,
          repository_id: ctx.extra.repository_id ?? '',
          repository_owner_id: ctx.extra.repository_owner_id ?? '',
          runner_environment: ctx.extra.runner_environment ?? (ctx.runner.kind === 'hosted' ? 'github-hosted' : ctx.runner.kind),
        },
        custody: custodyParameters(capture, overrides),
      },
      resolvedDependencies: [...(source ? [source] : []), ...materials(capture)],
    },
    runDetails: {
      builder: { id: `${server}/${jobWorkflowRef}` },
      metadata: {
        invocationId: `${server}/${repo}/actions/runs/${ctx.runId ?? ''}/attempts/${ctx.runAttempt ?? '1'}`,
        ...timing(capture, now),
      },
      byproducts: byproducts(capture),
    },
  };
}

function gitlabPredicate(capture: CaptureDocument, now: Date, overrides?: ProvenanceOverrides): SlsaProvenanceV1 {
  const ctx = capture.ci;
  const project = ctx.repositoryUrl ?? '';
  const source = sourceDependency(ctx, capture);
  return {
    buildDefinition: {
      buildType: gitlabRunnerBuildType(ctx.extra.runner_version),
      externalParameters: {
        source: project,
        entryPoint: ctx.job?.name ?? '',
        // GitLab Runner lists the job's variables here; Custody lists the allow-listed, redacted ones.
        variables: capture.environment.variables,
      },
      internalParameters: {
        name: ctx.runner.name ?? '',
        architecture: ctx.runner.arch ?? capture.host.arch,
        job: ctx.job?.id ?? '',
        runner_environment: ctx.extra.runner_environment ?? (ctx.runner.kind === 'hosted' ? 'gitlab-hosted' : ctx.runner.kind),
        pipeline_id: ctx.runId ?? '',
        pipeline_source: ctx.event.name,
        custody: custodyParameters(capture, overrides),
      },
      resolvedDependencies: [...(source ? [source] : []), ...materials(capture)],
    },
    runDetails: {
      builder: {
        id: `${project}/-/runners/${ctx.extra.runner_id ?? 'unknown'}`,
        ...(ctx.extra.runner_version ? { version: { 'gitlab-runner': ctx.extra.runner_version } } : {}),
      },
      metadata: { invocationId: ctx.job?.url ?? `${project}/-/jobs/${ctx.job?.id ?? ''}`, ...timing(capture, now) },
      byproducts: byproducts(capture),
    },
  };
}

/** builder.id and invocationId for Custody's own buildTypes: the pipeline, and this run of it (unique). */
export function pipelineIdentity(capture: CaptureDocument): { builderId: string; invocationId: string } {
  const ctx = capture.ci;
  const e = ctx.extra;
  switch (ctx.platform) {
    case 'jenkins':
      return {
        builderId: ctx.pipeline.url ?? `${ctx.serverUrl ?? 'jenkins:'}/job/${ctx.pipeline.name ?? ''}`,
        invocationId: ctx.runUrl ?? `${ctx.pipeline.url}/${ctx.runId}`,
      };
    case 'buildkite':
      return { builderId: ctx.pipeline.url ?? 'https://buildkite.com', invocationId: `${ctx.runUrl ?? ''}#${ctx.job?.id ?? ''}` };
    case 'circleci': {
      const project = ctx.runUrl?.replace(/\/\d+\/?$/, '') ?? `https://app.circleci.com/${ctx.repository ?? ''}`;
      return {
        builderId: `${project}#${ctx.job?.name ?? ctx.pipeline.name ?? 'job'}`,
        invocationId: ctx.runUrl ?? `${project}/${ctx.runId ?? ''}`,
      };
    }
    case 'azure-pipelines':
      return {
        builderId: ctx.pipeline.url ?? `${ctx.serverUrl ?? ''}/_build?definitionId=${ctx.pipeline.id ?? ''}`,
        invocationId: `${ctx.runUrl ?? ''}&view=logs&j=${e.job_id ?? ctx.job?.id ?? ''}&attempt=${ctx.runAttempt ?? '1'}`,
      };
    case 'bitbucket-pipelines':
      return {
        builderId: ctx.pipeline.url ?? 'https://bitbucket.org',
        invocationId: `${ctx.runUrl ?? ''}/steps/${e.step_uuid ?? ctx.job?.id ?? ''}`,
      };
    default:
      return {
        builderId: `local://${capture.host.hostname}`,
        invocationId: `urn:custody:capture:sha256:${digestBytes(canonicalJson({ ...capture, run: undefined }))}`,
      };
  }
}

function custodyPredicate(capture: CaptureDocument, now: Date, overrides?: ProvenanceOverrides): SlsaProvenanceV1 {
  const ctx = capture.ci;
  const source = sourceDependency(ctx, capture);
  const { builderId, invocationId } = pipelineIdentity(capture);
  return {
    buildDefinition: {
      buildType: custodyBuildType(ctx.platform),
      externalParameters: {
        source: {
          ...((ctx.repositoryUrl ?? capture.git?.remoteUrl)
            ? { repository: repositoryUri(ctx.repositoryUrl ?? capture.git?.remoteUrl) }
            : {}),
          ...((ctx.ref ?? capture.git?.ref) ? { ref: ctx.ref ?? capture.git?.ref } : {}),
        },
        pipeline: ctx.pipeline,
        ...(ctx.job?.name ? { job: ctx.job.name } : {}),
        event: ctx.event,
      },
      internalParameters: {
        [ctx.platform]: {
          ...ctx.extra,
          ...(ctx.runId ? { run_id: ctx.runId } : {}),
          run_attempt: ctx.runAttempt ?? '1',
          runner_environment: ctx.runner.kind,
          ...(ctx.runner.name ? { runner_name: ctx.runner.name } : {}),
          ...(ctx.actor ? { actor: ctx.actor } : {}),
        },
        custody: custodyParameters(capture, overrides),
      },
      resolvedDependencies: [...(source ? [source] : []), ...materials(capture)],
    },
    runDetails: {
      builder: { id: builderId, version: { custody: CUSTODY_VERSION } },
      metadata: { invocationId, ...timing(capture, now) },
      byproducts: byproducts(capture),
    },
  };
}

/** Builds the SLSA Provenance v1 predicate for a capture. Pure: same capture and time, same predicate. */
export function buildSlsaPredicate(input: PredicateInput): SlsaProvenanceV1 {
  const { capture, now, overrides } = input;
  if (capture.ci.platform === 'github-actions') return githubPredicate(capture, now, overrides);
  if (capture.ci.platform === 'gitlab-ci') return gitlabPredicate(capture, now, overrides);
  return custodyPredicate(capture, now, overrides);
}

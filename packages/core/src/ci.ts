/**
 * The typed CI context every platform maps to: @custody/ci detects it from the environment, @custody/provenance
 * records it in the capture document, the commands pass it between them. One type, so nothing needs a cast.
 */
/** The CI platform a build runs on. */
export type CiPlatform =
  | 'github-actions'
  | 'gitlab-ci'
  | 'jenkins'
  | 'buildkite'
  | 'circleci'
  | 'azure-pipelines'
  | 'bitbucket-pipelines'
  | 'local';

/** Who operates the machine the job runs on. `unknown` when the platform documents no way to tell. */
export type RunnerKind = 'hosted' | 'self-hosted' | 'unknown';

export interface PullRequestInfo {
  number?: string;
  url?: string;
  /** Source (head) branch. */
  headRef?: string;
  /** Target (base) branch. */
  baseRef?: string;
}

export interface CiEvent {
  /** The platform's own trigger name: push, pull_request, merge_request_event, PullRequest, manual, … */
  name: string;
  /** True when the run was triggered by a pull / merge request. */
  isPullRequest: boolean;
  pullRequest?: PullRequestInfo;
}

export interface CiContext {
  platform: CiPlatform;
  /** The platform's web origin: https://github.com, https://gitlab.example.com, a Jenkins URL, … */
  serverUrl?: string;
  /** owner/name, group/sub/project, or the platform's slug for the repository. */
  repository?: string;
  /** Web or clone URL of the repository, never with credentials. */
  repositoryUrl?: string;
  commit?: string;
  /** A full git ref (refs/heads/x, refs/tags/v1, refs/pull/1/merge) when it can be known; else the branch name. */
  ref?: string;
  /** The pipeline / workflow definition: its name, its file path in the repository, its web URL, its id. */
  pipeline: { id?: string; name?: string; path?: string; url?: string };
  job?: { id?: string; name?: string; url?: string };
  /** The run (build number, pipeline id, workflow run id) and the attempt number (1 when not retried). */
  runId?: string;
  runAttempt?: string;
  runUrl?: string;
  runner: { kind: RunnerKind; name?: string; os?: string; arch?: string };
  actor?: string;
  event: CiEvent;
  /** Platform-specific identifiers the build types need (repository_id, job_workflow_ref, runner version, …). */
  extra: Record<string, string>;
}

/**
 * The typed CI context every platform maps to. Everything here comes from the platform's documented environment
 * variables (and, on GitHub Actions, the event payload file the runner writes), never from the network.
 */
export type Platform =
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
  platform: Platform;
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

/** Environment as given: undefined and empty mean unset. */
export type Env = Record<string, string | undefined>;

export interface DetectOptions {
  /** Reads a file (the GitHub event payload); returns undefined when it cannot. Injected to keep detection pure. */
  readFile?: (path: string) => string | undefined;
}

/** Returns the value when it is set and not empty. */
export function v(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Strips trailing slashes. */
export function trimSlash(url: string | undefined): string | undefined {
  return url?.replace(/\/+$/, '');
}

/** Removes user:password@ from a URL, for repository URLs taken from the environment. */
export function stripUrlCredentials(url: string | undefined): string | undefined {
  if (!url) return url;
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}

/** Turns a bare branch name into refs/heads/NAME; leaves full refs alone. */
export function branchRef(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return name.startsWith('refs/') ? name : `refs/heads/${name}`;
}

/** Drops undefined fields, so contexts compare and serialize cleanly. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(value)) if (val !== undefined) out[k] = val;
  return out as T;
}

export function compactStrings(value: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(value)) if (val !== undefined && val !== '') out[k] = val;
  return out;
}

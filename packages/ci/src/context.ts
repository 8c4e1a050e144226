/**
 * The typed CI context every platform maps to. Everything here comes from the platform's documented environment
 * variables (and, on GitHub Actions, the event payload file the runner writes), never from the network.
 */
export type { CiContext, CiEvent, PullRequestInfo, RunnerKind, CiPlatform as Platform } from '@custody/core';

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

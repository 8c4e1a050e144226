/**
 * Captured build data never carries secrets (ARCHITECTURE.md, trust model):
 *  1. environment capture is allow-listed by name (CI platform variables and a few generic ones);
 *  2. names that say "secret" (*_TOKEN, *_SECRET, *_PASSWORD, *_KEY, credentials, …) are never captured, allow-listed or not;
 *  3. every captured value is scanned for secret shapes (provider token formats, PEM keys, JWTs, high-entropy
 *     strings, secrets.ts) and replaced whole by "[REDACTED]" when one matches;
 *  4. otherwise it is parsed as command lines (argv.ts): credential options, NAME=VALUE with secret names, headers,
 *     URL user info, Basic/Bearer credentials — and only those parts are replaced ("BUILD_ARGS=--build-arg
 *     NPM_TOKEN=[REDACTED] --build-arg VERSION=1.2.3").
 * Redacted values are also registered with the logger, so they are masked in every log line.
 */
import { addSecret, compareStrings } from '@custody/core';
import { redactText } from './argv.js';
import { REDACTED, STRUCTURAL_KINDS, isSecretName, secretKinds, tokenKinds } from './secrets.js';

export * from './secrets.js';
export { redactArgv, redactText } from './argv.js';

/** Prefixes of CI platform variables that are captured (after the name and value checks). */
export const ENV_ALLOW_PREFIXES = [
  'GITHUB_',
  'RUNNER_',
  'CI_',
  'GITLAB_',
  'BUILDKITE_',
  'CIRCLE_',
  'BUILD_',
  'SYSTEM_',
  'AGENT_',
  'BITBUCKET_',
  'CHANGE_',
  'JOB_',
  'GIT_',
  'TF_BUILD',
] as const;

/** Exact names captured besides the prefixes. */
export const ENV_ALLOW_NAMES = [
  'CI',
  'GITHUB_ACTIONS',
  'GITLAB_CI',
  'BUILDKITE',
  'CIRCLECI',
  'TF_BUILD',
  'JENKINS_URL',
  'BUILD_NUMBER',
  'BUILD_ID',
  'BUILD_URL',
  'BUILD_TAG',
  'NODE_NAME',
  'EXECUTOR_NUMBER',
  'BRANCH_NAME',
  'TAG_NAME',
  'STAGE_NAME',
  'WORKSPACE',
  'ImageOS',
  'ImageVersion',
  'NODE_ENV',
  'SOURCE_DATE_EPOCH',
  'LANG',
  'LC_ALL',
  'TZ',
  'SHELL',
] as const;

export interface RedactedEnvironment {
  /** Allow-listed variables, name -> value or "[REDACTED]". */
  variables: Record<string, string>;
  /** Names whose values were redacted, with the kinds of secret found. */
  redacted: Array<{ name: string; kinds: string[] }>;
  /** How many variables were left out (not allow-listed, or secret by name). Names are not listed. */
  omitted: number;
}

export interface RedactOptions {
  /** Extra variable names to capture (still subject to the name and value checks). */
  allow?: string[];
}

export function isAllowedName(name: string, extra: readonly string[] = []): boolean {
  if (isSecretName(name)) return false;
  if ((ENV_ALLOW_NAMES as readonly string[]).includes(name) || extra.includes(name)) return true;
  return ENV_ALLOW_PREFIXES.some((p) => name.startsWith(p));
}

/** Allow-lists and redacts an environment. Values that look secret are registered with the log masker. */
export function redactEnvironment(env: Record<string, string | undefined>, options: RedactOptions = {}): RedactedEnvironment {
  const variables: Record<string, string> = {};
  const redacted: RedactedEnvironment['redacted'] = [];
  let omitted = 0;
  for (const name of Object.keys(env).sort(compareStrings)) {
    const value = env[name];
    if (value === undefined) continue;
    if (isSecretName(name)) {
      addSecret(value);
      omitted++;
      continue;
    }
    if (!isAllowedName(name, options.allow)) {
      omitted++;
      continue;
    }
    // A token format or a high-entropy string takes the whole value; credentials with a structure (an option, an
    // assignment, a URL's user info, a header) inside a longer value (BUILD_ARGS, a command) only their part.
    const { text, kinds } = redactFreeText(value);
    variables[name] = text;
    if (kinds.length) redacted.push({ name, kinds });
  }
  return { variables, redacted, omitted };
}

/**
 * Redacts a free-text value (CI context strings, a tool's version line, a remote URL): entirely when it holds a
 * token format, else the credential parts that have a structure (URL user info, options, assignments, headers).
 */
export function redactValue(value: string): string {
  return redactFreeText(value).text;
}

/** The redacted text and the kinds of secret found (empty when nothing was redacted). */
export function redactFreeText(value: string): { text: string; kinds: string[] } {
  const tokens = tokenKinds(value);
  if (tokens.length) {
    addSecret(value);
    return { text: REDACTED, kinds: tokens };
  }
  const text = redactText(value);
  const structural = secretKinds(value).filter((k) => STRUCTURAL_KINDS.has(k));
  if (text === value) {
    if (!structural.length) return { text, kinds: [] };
    // Seen by its shape but not taken apart by the parser: the whole value goes.
    addSecret(value);
    return { text: REDACTED, kinds: structural };
  }
  return { text, kinds: structural.length ? structural : ['credential-argument'] };
}

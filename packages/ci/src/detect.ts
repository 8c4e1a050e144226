import { v, type CiContext, type DetectOptions, type Env, type Platform } from './context.js';
import { detectGitHub } from './platforms/github.js';
import { detectGitLab } from './platforms/gitlab.js';
import { detectJenkins } from './platforms/jenkins.js';
import { detectBuildkite } from './platforms/buildkite.js';
import { detectCircleCI } from './platforms/circleci.js';
import { detectAzure } from './platforms/azure.js';
import { detectBitbucket } from './platforms/bitbucket.js';
import { detectLocal } from './platforms/local.js';

/** Which platform the environment belongs to, by each platform's documented marker variable. */
export function detectPlatform(env: Env): Platform {
  if (v(env, 'GITHUB_ACTIONS') === 'true') return 'github-actions';
  if (v(env, 'GITLAB_CI') === 'true') return 'gitlab-ci';
  if (v(env, 'BUILDKITE') === 'true') return 'buildkite';
  if (v(env, 'CIRCLECI') === 'true') return 'circleci';
  if (v(env, 'TF_BUILD')?.toLowerCase() === 'true') return 'azure-pipelines';
  if (v(env, 'BITBUCKET_BUILD_NUMBER') !== undefined && v(env, 'BITBUCKET_COMMIT') !== undefined) return 'bitbucket-pipelines';
  if (v(env, 'JENKINS_URL') !== undefined && v(env, 'BUILD_NUMBER') !== undefined) return 'jenkins';
  return 'local';
}

/** The CI context of a run, from its environment only (plus the GitHub event file when `readFile` is given). */
export function detectCi(env: Env, options: DetectOptions = {}): CiContext {
  switch (detectPlatform(env)) {
    case 'github-actions':
      return detectGitHub(env, options);
    case 'gitlab-ci':
      return detectGitLab(env);
    case 'buildkite':
      return detectBuildkite(env);
    case 'circleci':
      return detectCircleCI(env);
    case 'azure-pipelines':
      return detectAzure(env);
    case 'bitbucket-pipelines':
      return detectBitbucket(env);
    case 'jenkins':
      return detectJenkins(env);
    default:
      return detectLocal();
  }
}

export const PLATFORM_NAMES: Record<Platform, string> = {
  'github-actions': 'GitHub Actions',
  'gitlab-ci': 'GitLab CI/CD',
  jenkins: 'Jenkins',
  buildkite: 'Buildkite',
  circleci: 'CircleCI',
  'azure-pipelines': 'Azure Pipelines',
  'bitbucket-pipelines': 'Bitbucket Pipelines',
  local: 'local (no CI detected)',
};

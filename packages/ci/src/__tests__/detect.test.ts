import { describe, expect, it } from 'vitest';
import { detectCi, detectPlatform } from '../index.js';
import { COMMIT, azure, bitbucket, buildkite, circleci, github, gitlab, jenkins } from './fixtures.js';

describe('platform detection', () => {
  it('recognises each platform by its documented marker variable, and nothing else as CI', () => {
    expect(detectPlatform(github.push)).toBe('github-actions');
    expect(detectPlatform(gitlab.push)).toBe('gitlab-ci');
    expect(detectPlatform(jenkins.push)).toBe('jenkins');
    expect(detectPlatform(buildkite.push)).toBe('buildkite');
    expect(detectPlatform(circleci.push)).toBe('circleci');
    expect(detectPlatform(azure.push)).toBe('azure-pipelines');
    expect(detectPlatform(bitbucket.push)).toBe('bitbucket-pipelines');
    expect(detectPlatform({ CI: 'true', HOME: '/home/me' })).toBe('local');
    expect(detectPlatform({ GITHUB_ACTIONS: 'false' })).toBe('local');
    expect(detectCi({}).runner.kind).toBe('self-hosted');
  });
});

describe('GitHub Actions', () => {
  it('maps a push on a GitHub-hosted runner', () => {
    const ctx = detectCi(github.push);
    expect(ctx).toMatchObject({
      platform: 'github-actions',
      serverUrl: 'https://github.com',
      repository: 'octo-org/octo-app',
      repositoryUrl: 'https://github.com/octo-org/octo-app',
      commit: COMMIT,
      ref: 'refs/heads/main',
      pipeline: { name: 'Release', path: '.github/workflows/release.yml' },
      runId: '5432109876',
      runAttempt: '2',
      runUrl: 'https://github.com/octo-org/octo-app/actions/runs/5432109876',
      runner: { kind: 'hosted', name: 'GitHub Actions 7' },
      actor: 'octocat',
      event: { name: 'push', isPullRequest: false },
    });
    expect(ctx.extra).toMatchObject({ repository_id: '123456789', repository_owner_id: '987654', runner_environment: 'github-hosted' });
    expect(ctx.event.pullRequest).toBeUndefined();
  });

  it('tells a self-hosted runner from RUNNER_ENVIRONMENT', () => {
    expect(detectCi(github.selfHosted()).runner.kind).toBe('self-hosted');
    const { RUNNER_ENVIRONMENT: _, ...older } = github.push;
    expect(detectCi(older).runner.kind).toBe('unknown');
  });

  it('reads pull requests from the ref, and from the event payload when the ref does not say', () => {
    const pr = detectCi(github.pullRequest());
    expect(pr.event).toEqual({
      name: 'pull_request',
      isPullRequest: true,
      pullRequest: { number: '17', url: 'https://github.com/octo-org/octo-app/pull/17', headRef: 'feature/login', baseRef: 'main' },
    });
    const env = {
      ...github.pullRequest(),
      GITHUB_EVENT_NAME: 'pull_request_target',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_PATH: '/runner/event.json',
    };
    const files: Record<string, string> = { '/runner/event.json': JSON.stringify({ pull_request: { number: 23 } }) };
    const target = detectCi(env, { readFile: (p) => files[p] });
    expect(target.event.pullRequest?.number).toBe('23');
  });

  it('uses the enterprise server URL', () => {
    const ctx = detectCi({ ...github.push, GITHUB_SERVER_URL: 'https://ghe.acme.example/' });
    expect(ctx.repositoryUrl).toBe('https://ghe.acme.example/octo-org/octo-app');
  });
});

describe('GitLab CI', () => {
  it('maps a push on a GitLab-hosted runner', () => {
    const ctx = detectCi(gitlab.push);
    expect(ctx).toMatchObject({
      platform: 'gitlab-ci',
      serverUrl: 'https://gitlab.com',
      repository: 'acme/platform/api',
      repositoryUrl: 'https://gitlab.com/acme/platform/api',
      commit: COMMIT,
      ref: 'refs/heads/main',
      pipeline: { path: '.gitlab-ci.yml' },
      job: { id: '6412263894', name: 'build', url: 'https://gitlab.com/acme/platform/api/-/jobs/6412263894' },
      runId: '1216772341',
      runner: { kind: 'hosted', arch: 'linux/amd64' },
      actor: 'jdoe',
      event: { name: 'push', isPullRequest: false },
    });
    expect(ctx.extra).toMatchObject({ runner_id: '12270837', runner_version: '17.5.0', project_id: '4242' });
  });

  it('tells self-hosted runners on gitlab.com and every runner of a self-managed instance', () => {
    expect(detectCi(gitlab.selfHosted()).runner.kind).toBe('self-hosted');
    expect(detectCi(gitlab.selfManaged()).runner.kind).toBe('self-hosted');
  });

  it('maps merge request pipelines', () => {
    const ctx = detectCi(gitlab.mergeRequest());
    expect(ctx.ref).toBe('refs/heads/feature/login');
    expect(ctx.event).toEqual({
      name: 'merge_request_event',
      isPullRequest: true,
      pullRequest: {
        number: '88',
        url: 'https://gitlab.com/acme/platform/api/-/merge_requests/88',
        headRef: 'feature/login',
        baseRef: 'main',
      },
    });
  });

  it('maps tag pipelines to refs/tags', () => {
    expect(detectCi({ ...gitlab.push, CI_COMMIT_TAG: 'v1.2.3', CI_COMMIT_REF_NAME: 'v1.2.3' }).ref).toBe('refs/tags/v1.2.3');
  });
});

describe('Jenkins', () => {
  it('maps a branch build (always self-hosted)', () => {
    const ctx = detectCi(jenkins.push);
    expect(ctx).toMatchObject({
      platform: 'jenkins',
      serverUrl: 'https://jenkins.acme.internal',
      repositoryUrl: 'https://github.com/acme/api.git',
      repository: 'acme/api',
      commit: COMMIT,
      ref: 'refs/heads/main',
      pipeline: { name: 'api/main', url: 'https://jenkins.acme.internal/job/api/job/main' },
      runId: '311',
      runUrl: 'https://jenkins.acme.internal/job/api/job/main/311',
      runner: { kind: 'self-hosted', name: 'linux-agent-2' },
      event: { name: 'build', isPullRequest: false },
    });
  });

  it('maps multibranch pull requests (CHANGE_*)', () => {
    const ctx = detectCi(jenkins.pullRequest());
    expect(ctx.event).toMatchObject({
      name: 'pull_request',
      isPullRequest: true,
      pullRequest: { number: '12', headRef: 'feature/login', baseRef: 'main' },
    });
    expect(ctx.ref).toBe('refs/pull/12/head');
    expect(ctx.actor).toBe('jdoe');
  });

  it('strips credentials from GIT_URL', () => {
    expect(detectCi({ ...jenkins.push, GIT_URL: 'https://bot:hunter2hunter2@git.acme.internal/acme/api.git' }).repositoryUrl).toBe(
      'https://git.acme.internal/acme/api.git',
    );
  });
});

describe('Buildkite', () => {
  it('maps a build on hosted agents', () => {
    const ctx = detectCi(buildkite.push);
    expect(ctx).toMatchObject({
      platform: 'buildkite',
      repository: 'acme/api',
      commit: COMMIT,
      ref: 'refs/heads/main',
      pipeline: { name: 'acme/api', url: 'https://buildkite.com/acme/api' },
      runId: '1514',
      runAttempt: '1',
      runner: { kind: 'hosted' },
      event: { name: 'webhook', isPullRequest: false },
    });
  });

  it('tells self-hosted agents by BUILDKITE_COMPUTE_TYPE and counts retries as attempts', () => {
    const ctx = detectCi(buildkite.selfHosted());
    expect(ctx.runner).toEqual({ kind: 'self-hosted', name: 'acme-agent-7' });
    expect(ctx.runAttempt).toBe('2');
  });

  it('maps pull request builds', () => {
    expect(detectCi(buildkite.pullRequest()).event).toMatchObject({
      isPullRequest: true,
      pullRequest: { number: '55', headRef: 'feature/login', baseRef: 'main' },
    });
  });
});

describe('CircleCI', () => {
  it('maps a branch job; runner kind is unknown (CircleCI documents no variable for it)', () => {
    const ctx = detectCi(circleci.push);
    expect(ctx).toMatchObject({
      platform: 'circleci',
      repository: 'acme/api',
      repositoryUrl: 'git@github.com:acme/api.git',
      commit: COMMIT,
      ref: 'refs/heads/main',
      pipeline: { id: '6fa0d9a4-1c5e-4a58-9a3b-0d4f2c1e7b90' },
      job: { name: 'build' },
      runId: '2201',
      runUrl: 'https://circleci.com/gh/acme/api/2201',
      runner: { kind: 'unknown' },
      actor: 'jdoe',
      event: { isPullRequest: false },
    });
  });

  it('reads the pull request number from CIRCLE_PULL_REQUEST', () => {
    expect(detectCi(circleci.pullRequest()).event).toMatchObject({
      isPullRequest: true,
      pullRequest: { number: '31', url: 'https://github.com/acme/api/pull/31' },
    });
  });
});

describe('Azure Pipelines', () => {
  it('maps a CI build on a Microsoft-hosted agent', () => {
    const ctx = detectCi(azure.push);
    expect(ctx).toMatchObject({
      platform: 'azure-pipelines',
      serverUrl: 'https://dev.azure.com/acme',
      repositoryUrl: 'https://dev.azure.com/acme/Platform/_git/api',
      commit: COMMIT,
      ref: 'refs/heads/main',
      pipeline: { id: '17', name: 'api-ci', url: 'https://dev.azure.com/acme/Platform/_build?definitionId=17' },
      runId: '20481',
      runAttempt: '1',
      runUrl: 'https://dev.azure.com/acme/Platform/_build/results?buildId=20481',
      runner: { kind: 'hosted', name: 'Azure Pipelines 3' },
      event: { name: 'IndividualCI', isPullRequest: false },
    });
  });

  it('tells self-hosted agents and reads the job attempt', () => {
    const ctx = detectCi(azure.selfHosted());
    expect(ctx.runner.kind).toBe('self-hosted');
    expect(ctx.runAttempt).toBe('3');
  });

  it('maps pull request validation builds', () => {
    expect(detectCi(azure.pullRequest()).event).toEqual({
      name: 'PullRequest',
      isPullRequest: true,
      pullRequest: { number: '7', headRef: 'refs/heads/feature/login', baseRef: 'refs/heads/main' },
    });
  });
});

describe('Bitbucket Pipelines', () => {
  it('maps a branch pipeline', () => {
    const ctx = detectCi(bitbucket.push);
    expect(ctx).toMatchObject({
      platform: 'bitbucket-pipelines',
      repository: 'acme/api',
      repositoryUrl: 'http://bitbucket.org/acme/api',
      commit: COMMIT,
      ref: 'refs/heads/main',
      runId: '77',
      runUrl: 'https://bitbucket.org/acme/api/pipelines/results/77',
      runner: { kind: 'unknown' },
      event: { name: 'push', isPullRequest: false },
    });
  });

  it('maps pull request pipelines', () => {
    expect(detectCi(bitbucket.pullRequest()).event).toEqual({
      name: 'pull_request',
      isPullRequest: true,
      pullRequest: { number: '9', url: 'https://bitbucket.org/acme/api/pull-requests/9', headRef: 'feature/login', baseRef: 'main' },
    });
  });
});

/**
 * Environment fixtures modelled on each platform's documented variables (names and value shapes from the
 * platforms' reference pages; values invented). Each has a hosted and a self-hosted variant and a pull-request one.
 */
export type Env = Record<string, string>;

const SHA = '4f1c2a9d8e7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d';

export const github = {
  push: {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_REPOSITORY: 'octo-org/octo-app',
    GITHUB_REPOSITORY_ID: '123456789',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_REPOSITORY_OWNER_ID: '987654',
    GITHUB_SHA: SHA,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_WORKFLOW: 'Release',
    GITHUB_WORKFLOW_REF: 'octo-org/octo-app/.github/workflows/release.yml@refs/heads/main',
    GITHUB_WORKFLOW_SHA: SHA,
    GITHUB_JOB: 'build',
    GITHUB_RUN_ID: '5432109876',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_ACTOR: 'octocat',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_NAME: 'GitHub Actions 7',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
  } as Env,
  selfHosted(): Env {
    return { ...this.push, RUNNER_ENVIRONMENT: 'self-hosted', RUNNER_NAME: 'build-box-3' };
  },
  pullRequest(): Env {
    return {
      ...this.push,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/17/merge',
      GITHUB_REF_NAME: '17/merge',
      GITHUB_HEAD_REF: 'feature/login',
      GITHUB_BASE_REF: 'main',
    };
  },
};

export const gitlab = {
  push: {
    CI: 'true',
    GITLAB_CI: 'true',
    CI_SERVER_URL: 'https://gitlab.com',
    CI_SERVER_HOST: 'gitlab.com',
    CI_PROJECT_URL: 'https://gitlab.com/acme/platform/api',
    CI_PROJECT_PATH: 'acme/platform/api',
    CI_PROJECT_ID: '4242',
    CI_COMMIT_SHA: SHA,
    CI_COMMIT_REF_NAME: 'main',
    CI_COMMIT_BRANCH: 'main',
    CI_COMMIT_REF_PROTECTED: 'true',
    CI_CONFIG_PATH: '.gitlab-ci.yml',
    CI_PIPELINE_ID: '1216772341',
    CI_PIPELINE_URL: 'https://gitlab.com/acme/platform/api/-/pipelines/1216772341',
    CI_PIPELINE_SOURCE: 'push',
    CI_JOB_ID: '6412263894',
    CI_JOB_NAME: 'build',
    CI_JOB_URL: 'https://gitlab.com/acme/platform/api/-/jobs/6412263894',
    CI_RUNNER_ID: '12270837',
    CI_RUNNER_DESCRIPTION: '2-green.saas-linux-small-amd64.runners-manager.gitlab.com/default',
    CI_RUNNER_VERSION: '17.5.0',
    CI_RUNNER_EXECUTABLE_ARCH: 'linux/amd64',
    CI_RUNNER_TAGS: '["saas-linux-small-amd64"]',
    GITLAB_USER_LOGIN: 'jdoe',
  } as Env,
  selfHosted(): Env {
    return { ...this.push, CI_RUNNER_DESCRIPTION: 'acme-build-runner-01', CI_RUNNER_ID: '999', CI_RUNNER_TAGS: '["acme"]' };
  },
  selfManaged(): Env {
    return {
      ...this.push,
      CI_SERVER_URL: 'https://gitlab.acme.internal',
      CI_SERVER_HOST: 'gitlab.acme.internal',
      CI_PROJECT_URL: 'https://gitlab.acme.internal/acme/platform/api',
      CI_JOB_URL: 'https://gitlab.acme.internal/acme/platform/api/-/jobs/6412263894',
    };
  },
  mergeRequest(): Env {
    return {
      ...this.push,
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_COMMIT_REF_NAME: 'feature/login',
      CI_COMMIT_BRANCH: '',
      CI_MERGE_REQUEST_IID: '88',
      CI_MERGE_REQUEST_PROJECT_URL: 'https://gitlab.com/acme/platform/api',
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/login',
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
    };
  },
};

export const jenkins = {
  push: {
    JENKINS_URL: 'https://jenkins.acme.internal/',
    JENKINS_HOME: '/var/jenkins_home',
    BUILD_NUMBER: '311',
    BUILD_ID: '311',
    BUILD_URL: 'https://jenkins.acme.internal/job/api/job/main/311/',
    BUILD_TAG: 'jenkins-api-main-311',
    JOB_NAME: 'api/main',
    JOB_URL: 'https://jenkins.acme.internal/job/api/job/main/',
    NODE_NAME: 'linux-agent-2',
    EXECUTOR_NUMBER: '1',
    WORKSPACE: '/var/jenkins_home/workspace/api_main',
    GIT_COMMIT: SHA,
    GIT_BRANCH: 'origin/main',
    GIT_URL: 'https://github.com/acme/api.git',
    BRANCH_NAME: 'main',
  } as Env,
  pullRequest(): Env {
    return {
      ...this.push,
      BRANCH_NAME: 'PR-12',
      CHANGE_ID: '12',
      CHANGE_URL: 'https://github.com/acme/api/pull/12',
      CHANGE_BRANCH: 'feature/login',
      CHANGE_TARGET: 'main',
      CHANGE_AUTHOR: 'jdoe',
      BUILD_URL: 'https://jenkins.acme.internal/job/api/job/PR-12/4/',
      JOB_URL: 'https://jenkins.acme.internal/job/api/job/PR-12/',
    };
  },
};

export const buildkite = {
  push: {
    CI: 'true',
    BUILDKITE: 'true',
    BUILDKITE_ORGANIZATION_SLUG: 'acme',
    BUILDKITE_PIPELINE_SLUG: 'api',
    BUILDKITE_PIPELINE_ID: '0190e5c4-7d8e-4b5a-9c1d-2e3f4a5b6c7d',
    BUILDKITE_BUILD_ID: '0190e5c4-aaaa-4b5a-9c1d-2e3f4a5b6c7d',
    BUILDKITE_BUILD_NUMBER: '1514',
    BUILDKITE_BUILD_URL: 'https://buildkite.com/acme/api/builds/1514',
    BUILDKITE_JOB_ID: '0190e5c4-bbbb-4b5a-9c1d-2e3f4a5b6c7d',
    BUILDKITE_LABEL: ':package: Build',
    BUILDKITE_REPO: 'git@github.com:acme/api.git',
    BUILDKITE_COMMIT: SHA,
    BUILDKITE_BRANCH: 'main',
    BUILDKITE_TAG: '',
    BUILDKITE_PULL_REQUEST: 'false',
    BUILDKITE_SOURCE: 'webhook',
    BUILDKITE_BUILD_CREATOR: 'Jane Doe',
    BUILDKITE_AGENT_NAME: 'hosted-agent-1',
    BUILDKITE_AGENT_ID: '0190e5c4-cccc-4b5a-9c1d-2e3f4a5b6c7d',
    BUILDKITE_RETRY_COUNT: '0',
    BUILDKITE_COMPUTE_TYPE: 'hosted',
  } as Env,
  selfHosted(): Env {
    return { ...this.push, BUILDKITE_COMPUTE_TYPE: 'self-hosted', BUILDKITE_AGENT_NAME: 'acme-agent-7', BUILDKITE_RETRY_COUNT: '1' };
  },
  pullRequest(): Env {
    return {
      ...this.push,
      BUILDKITE_BRANCH: 'feature/login',
      BUILDKITE_PULL_REQUEST: '55',
      BUILDKITE_PULL_REQUEST_BASE_BRANCH: 'main',
      BUILDKITE_PULL_REQUEST_REPO: 'git://github.com/acme/api.git',
    };
  },
};

export const circleci = {
  push: {
    CI: 'true',
    CIRCLECI: 'true',
    CIRCLE_PROJECT_USERNAME: 'acme',
    CIRCLE_PROJECT_REPONAME: 'api',
    CIRCLE_REPOSITORY_URL: 'git@github.com:acme/api.git',
    CIRCLE_SHA1: SHA,
    CIRCLE_BRANCH: 'main',
    CIRCLE_BUILD_NUM: '2201',
    CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/api/2201',
    CIRCLE_JOB: 'build',
    CIRCLE_WORKFLOW_ID: '6fa0d9a4-1c5e-4a58-9a3b-0d4f2c1e7b90',
    CIRCLE_WORKFLOW_JOB_ID: '9c1e2d3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f',
    CIRCLE_USERNAME: 'jdoe',
    CIRCLE_NODE_INDEX: '0',
    CIRCLE_NODE_TOTAL: '1',
  } as Env,
  pullRequest(): Env {
    return {
      ...this.push,
      CIRCLE_BRANCH: 'feature/login',
      CIRCLE_PULL_REQUEST: 'https://github.com/acme/api/pull/31',
      CIRCLE_PULL_REQUESTS: 'https://github.com/acme/api/pull/31',
    };
  },
};

export const azure = {
  push: {
    TF_BUILD: 'True',
    SYSTEM_COLLECTIONURI: 'https://dev.azure.com/acme/',
    SYSTEM_TEAMPROJECT: 'Platform',
    SYSTEM_TEAMPROJECTID: 'a1b2c3d4-0000-4000-8000-000000000001',
    SYSTEM_DEFINITIONID: '17',
    SYSTEM_JOBID: '12f1170f-54f2-53f3-20dd-22fc7dff55f9',
    SYSTEM_JOBATTEMPT: '1',
    SYSTEM_JOBDISPLAYNAME: 'Build',
    BUILD_BUILDID: '20481',
    BUILD_BUILDNUMBER: '20261127.3',
    BUILD_DEFINITIONNAME: 'api-ci',
    BUILD_REPOSITORY_NAME: 'api',
    BUILD_REPOSITORY_URI: 'https://acme@dev.azure.com/acme/Platform/_git/api',
    BUILD_REPOSITORY_PROVIDER: 'TfsGit',
    BUILD_SOURCEVERSION: SHA,
    BUILD_SOURCEBRANCH: 'refs/heads/main',
    BUILD_REASON: 'IndividualCI',
    BUILD_REQUESTEDFOR: 'Jane Doe',
    BUILD_REQUESTEDFOREMAIL: 'jane@acme.example',
    AGENT_NAME: 'Azure Pipelines 3',
    AGENT_OS: 'Linux',
    AGENT_OSARCHITECTURE: 'X64',
  } as Env,
  selfHosted(): Env {
    return { ...this.push, AGENT_NAME: 'acme-build-vm-02', SYSTEM_JOBATTEMPT: '3' };
  },
  pullRequest(): Env {
    return {
      ...this.push,
      BUILD_REASON: 'PullRequest',
      BUILD_SOURCEBRANCH: 'refs/pull/7/merge',
      SYSTEM_PULLREQUEST_PULLREQUESTID: '7',
      SYSTEM_PULLREQUEST_SOURCEBRANCH: 'refs/heads/feature/login',
      SYSTEM_PULLREQUEST_TARGETBRANCH: 'refs/heads/main',
    };
  },
};

export const bitbucket = {
  push: {
    CI: 'true',
    BITBUCKET_BUILD_NUMBER: '77',
    BITBUCKET_COMMIT: SHA,
    BITBUCKET_BRANCH: 'main',
    BITBUCKET_REPO_FULL_NAME: 'acme/api',
    BITBUCKET_REPO_SLUG: 'api',
    BITBUCKET_WORKSPACE: 'acme',
    BITBUCKET_REPO_UUID: '{0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0}',
    BITBUCKET_GIT_HTTP_ORIGIN: 'http://bitbucket.org/acme/api',
    BITBUCKET_PIPELINE_UUID: '{1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d}',
    BITBUCKET_STEP_UUID: '{9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a}',
    BITBUCKET_STEP_TRIGGERER_UUID: '{5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a}',
  } as Env,
  pullRequest(): Env {
    return { ...this.push, BITBUCKET_BRANCH: 'feature/login', BITBUCKET_PR_ID: '9', BITBUCKET_PR_DESTINATION_BRANCH: 'main' };
  },
};

export const COMMIT = SHA;

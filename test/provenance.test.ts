import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type CustodyError } from '@custody/core';
import { githubWorkflowClaims, startOidcIssuer, type OidcIssuer } from '@custody/testing';
import { buildProvenanceStatement, type ProvenanceOptions, type ProvenanceStatement } from '../src/commands/provenance.js';
import { runCli } from './support/cli.js';
import { azure, bitbucket, buildkite, circleci, github, gitlab, jenkins, COMMIT } from '../packages/ci/src/__tests__/fixtures.js';
import { baseEnv, clock, FIXED_TIME, host, runCustody, schemaValidators, versionRunner } from './provenance.support.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const { check } = schemaValidators();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'custody-prov-'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist', 'app.tgz'), 'app-bytes');
  writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion":3}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function options(env: Record<string, string>, extra: Partial<ProvenanceOptions> = {}): ProvenanceOptions {
  return {
    subjects: ['dist/app.tgz'],
    cwd: dir,
    env,
    clock,
    logger: silentLogger,
    host,
    versionRunner,
    gitStatus: false,
    materials: ['package-lock.json'],
    ...extra,
  };
}

const custody = (s: ProvenanceStatement) =>
  (s.predicate.buildDefinition.internalParameters as { custody: Record<string, unknown> }).custody;

describe('the JSON schemas (written from the in-toto and SLSA specs) reject what the specs forbid', () => {
  it('fails statements with a wrong _type, no subject digest, bad hex, no buildType, a non-URI builder or a bad timestamp', async () => {
    const good = await buildProvenanceStatement(options(github.push));
    expect(check(good)).toEqual([]);
    const mutate = (f: (s: Record<string, any>) => void) => {
      const copy = structuredClone(good) as unknown as Record<string, any>;
      f(copy);
      return check(copy);
    };
    expect(mutate((s) => (s._type = 'https://in-toto.io/Statement/v0.1'))).not.toEqual([]);
    expect(mutate((s) => (s.subject = []))).not.toEqual([]);
    expect(mutate((s) => delete s.subject[0].digest)).not.toEqual([]);
    expect(mutate((s) => (s.subject[0].digest = { sha256: 'ABC' }))).not.toEqual([]);
    expect(mutate((s) => delete s.predicate.buildDefinition.buildType)).not.toEqual([]);
    expect(mutate((s) => delete s.predicate.buildDefinition.externalParameters)).not.toEqual([]);
    expect(mutate((s) => (s.predicate.runDetails.builder.id = 'not a uri'))).not.toEqual([]);
    expect(mutate((s) => (s.predicate.runDetails.metadata.startedOn = '01/03/2026'))).not.toEqual([]);
    expect(mutate((s) => (s.predicate.buildDefinition.resolvedDependencies = [{ name: 'only-a-name' }]))).not.toEqual([]);
  });
});

describe('GitHub Actions provenance', () => {
  it('fills exactly the fields GitHub attestations fill, from the environment when there is no token, and says so', async () => {
    const s = await buildProvenanceStatement(options(github.push));
    expect(check(s)).toEqual([]);
    expect(s._type).toBe('https://in-toto.io/Statement/v1');
    expect(s.predicateType).toBe('https://slsa.dev/provenance/v1');
    expect(s.subject).toEqual([{ name: 'dist/app.tgz', digest: { sha256: sha256('app-bytes') } }]);
    const { buildDefinition: bd, runDetails: rd } = s.predicate;
    expect(bd.buildType).toBe('https://actions.github.io/buildtypes/workflow/v1');
    expect(bd.externalParameters).toEqual({
      workflow: { ref: 'refs/heads/main', repository: 'https://github.com/octo-org/octo-app', path: '.github/workflows/release.yml' },
    });
    const { custody: _, ...gh } = bd.internalParameters as Record<string, unknown>;
    expect(gh).toEqual({
      github: { event_name: 'push', repository_id: '123456789', repository_owner_id: '987654', runner_environment: 'github-hosted' },
    });
    expect(bd.resolvedDependencies?.[0]).toEqual({
      uri: 'git+https://github.com/octo-org/octo-app@refs/heads/main',
      digest: { gitCommit: COMMIT },
    });
    expect(bd.resolvedDependencies?.[1]).toEqual({ name: 'package-lock.json', digest: { sha256: sha256('{"lockfileVersion":3}') } });
    expect(rd.builder).toEqual({ id: 'https://github.com/octo-org/octo-app/.github/workflows/release.yml@refs/heads/main' });
    expect(rd.metadata).toEqual({
      invocationId: 'https://github.com/octo-org/octo-app/actions/runs/5432109876/attempts/2',
      startedOn: FIXED_TIME,
      finishedOn: FIXED_TIME,
    });
    expect(rd.byproducts?.[0]).toMatchObject({ name: 'custody-capture.json', mediaType: 'application/vnd.custody.capture.v1+json' });
    expect(custody(s).identity).toEqual({ source: 'environment', reason: 'no OIDC token: the job lacks `permissions: id-token: write`' });
    expect(custody(s).tools).toEqual({ git: 'git version 2.45.2', node: 'v24.11.0', npm: '11.6.2' });
    expect((custody(s).environment as Record<string, string>).GITHUB_SHA).toBe(COMMIT);
  });

  it('records a self-hosted runner and a pull request event', async () => {
    const self = await buildProvenanceStatement(options(github.selfHosted()));
    expect(
      (self.predicate.buildDefinition.internalParameters as { github: { runner_environment: string } }).github.runner_environment,
    ).toBe('self-hosted');
    const pr = await buildProvenanceStatement(options(github.pullRequest()));
    expect(pr.predicate.buildDefinition.externalParameters).toEqual({
      workflow: { ref: 'refs/pull/17/merge', repository: 'https://github.com/octo-org/octo-app', path: '.github/workflows/release.yml' },
    });
    expect((pr.predicate.buildDefinition.internalParameters as { github: { event_name: string } }).github.event_name).toBe('pull_request');
    expect(custody(pr).event).toMatchObject({ isPullRequest: true, pullRequest: { number: '17' } });
  });

  describe('with an OIDC token (loopback issuer serving the GitHub token endpoint and JWKS)', () => {
    let issuer: OidcIssuer;
    beforeAll(async () => {
      issuer = await startOidcIssuer({
        defaultClaims: {
          ...githubWorkflowClaims('octo-org/octo-app', 'refs/tags/v1.2.0'),
          job_workflow_ref: 'octo-org/shared-workflows/.github/workflows/build.yml@refs/tags/v3',
          repository_id: '123456789',
          repository_owner_id: '987654',
          runner_environment: 'self-hosted',
          event_name: 'release',
          run_id: '999',
          run_attempt: '4',
        },
      });
    });
    afterAll(() => issuer.close());

    it('takes identity fields from the verified claims over the environment', async () => {
      const env = { ...github.push, ...issuer.githubEnv() };
      const s = await buildProvenanceStatement(options(env, { oidcIssuer: issuer.url }));
      expect(check(s)).toEqual([]);
      expect(issuer.tokenRequests.at(-1)).toEqual({ audience: 'sigstore', authorized: true });
      const { buildDefinition: bd, runDetails: rd } = s.predicate;
      expect(rd.builder.id).toBe('https://github.com/octo-org/shared-workflows/.github/workflows/build.yml@refs/tags/v3');
      expect(rd.metadata?.invocationId).toBe('https://github.com/octo-org/octo-app/actions/runs/999/attempts/4');
      expect(bd.externalParameters).toEqual({
        workflow: { ref: 'refs/tags/v1.2.0', repository: 'https://github.com/octo-org/octo-app', path: '.github/workflows/release.yml' },
      });
      expect((bd.internalParameters as { github: unknown }).github).toEqual({
        event_name: 'release',
        repository_id: '123456789',
        repository_owner_id: '987654',
        runner_environment: 'self-hosted',
      });
      expect(bd.resolvedDependencies?.[0]).toEqual({
        uri: 'git+https://github.com/octo-org/octo-app@refs/tags/v1.2.0',
        digest: { gitCommit: 'a'.repeat(40) },
      });
      expect(custody(s).identity).toEqual({ source: 'oidc-token', issuer: issuer.url });
      expect(JSON.stringify(s)).not.toContain(issuer.requestToken);
    });

    it('fails closed (exit 2) on a forged token instead of falling back to the environment', async () => {
      const forged = issuer.mint(githubWorkflowClaims('evil/app'), { forge: true });
      const err = await buildProvenanceStatement(options(github.push, { idToken: forged, oidcIssuer: issuer.url })).catch(
        (e: CustodyError) => e,
      );
      expect((err as CustodyError).code).toBe('OIDC_SIGNATURE_INVALID');
      expect((err as CustodyError).exitCode).toBe(2);
    });

    it('uses the environment (and says why) when a token comes from another issuer, e.g. one given for signing', async () => {
      const other = issuer.mint(githubWorkflowClaims('evil/app'));
      const s = await buildProvenanceStatement(options(github.push, { idToken: other }));
      expect(custody(s).identity).toEqual({
        source: 'environment',
        reason: `the identity token was issued by ${issuer.url}, not by https://token.actions.githubusercontent.com`,
      });
      expect(s.predicate.runDetails.builder.id).toBe('https://github.com/octo-org/octo-app/.github/workflows/release.yml@refs/heads/main');
    });

    it('GitLab: takes runner_environment and the pipeline from SIGSTORE_ID_TOKEN claims', async () => {
      const token = issuer.mint(
        {
          project_path: 'acme/platform/api',
          ref: 'main',
          ref_type: 'branch',
          sha: COMMIT,
          pipeline_id: '1216772341',
          job_id: '6412263894',
          runner_id: 12270837,
          runner_environment: 'self-hosted',
          pipeline_source: 'push',
        },
        { audience: 'sigstore' },
      );
      const env = { ...gitlab.push, CI_SERVER_URL: issuer.url, SIGSTORE_ID_TOKEN: token };
      const s = await buildProvenanceStatement(options(env));
      expect(check(s)).toEqual([]);
      expect((s.predicate.buildDefinition.internalParameters as { runner_environment: string }).runner_environment).toBe('self-hosted');
      expect(custody(s).identity).toEqual({ source: 'oidc-token', issuer: issuer.url });
      expect(JSON.stringify(s)).not.toContain(token);
    });
  });
});

describe('provenance on the other platforms', () => {
  const cases: Array<
    [
      string,
      Record<string, string>,
      Record<string, string>,
      { buildType: string; builder: string; invocation: string; runner: string; pr: boolean },
    ]
  > = [
    [
      'GitLab (hosted)',
      gitlab.push,
      { ...gitlab.push, CI_JOB_ID: '6412263999', CI_JOB_URL: 'https://gitlab.com/acme/platform/api/-/jobs/6412263999' },
      {
        buildType: 'https://gitlab.com/gitlab-org/gitlab-runner/-/blob/v17.5.0/PROVENANCE.md',
        builder: 'https://gitlab.com/acme/platform/api/-/runners/12270837',
        invocation: 'https://gitlab.com/acme/platform/api/-/jobs/6412263894',
        runner: 'gitlab-hosted',
        pr: false,
      },
    ],
    [
      'GitLab (merge request)',
      gitlab.mergeRequest(),
      { ...gitlab.mergeRequest(), CI_JOB_URL: 'https://gitlab.com/acme/platform/api/-/jobs/1' },
      {
        buildType: 'https://gitlab.com/gitlab-org/gitlab-runner/-/blob/v17.5.0/PROVENANCE.md',
        builder: 'https://gitlab.com/acme/platform/api/-/runners/12270837',
        invocation: 'https://gitlab.com/acme/platform/api/-/jobs/6412263894',
        runner: 'gitlab-hosted',
        pr: true,
      },
    ],
    [
      'Jenkins',
      jenkins.push,
      { ...jenkins.push, BUILD_NUMBER: '312', BUILD_URL: 'https://jenkins.acme.internal/job/api/job/main/312/' },
      {
        buildType: 'https://github.com/custody-dev/custody/blob/main/docs/buildtypes/jenkins.md#v1',
        builder: 'https://jenkins.acme.internal/job/api/job/main',
        invocation: 'https://jenkins.acme.internal/job/api/job/main/311',
        runner: 'self-hosted',
        pr: false,
      },
    ],
    [
      'Jenkins (pull request)',
      jenkins.pullRequest(),
      { ...jenkins.pullRequest(), BUILD_URL: 'https://jenkins.acme.internal/job/api/job/PR-12/5/' },
      {
        buildType: 'https://github.com/custody-dev/custody/blob/main/docs/buildtypes/jenkins.md#v1',
        builder: 'https://jenkins.acme.internal/job/api/job/PR-12',
        invocation: 'https://jenkins.acme.internal/job/api/job/PR-12/4',
        runner: 'self-hosted',
        pr: true,
      },
    ],
    [
      'Buildkite (self-hosted)',
      buildkite.selfHosted(),
      { ...buildkite.selfHosted(), BUILDKITE_JOB_ID: '0190e5c4-dddd-4b5a-9c1d-2e3f4a5b6c7d' },
      {
        buildType: 'https://github.com/custody-dev/custody/blob/main/docs/buildtypes/buildkite.md#v1',
        builder: 'https://buildkite.com/acme/api',
        invocation: 'https://buildkite.com/acme/api/builds/1514#0190e5c4-bbbb-4b5a-9c1d-2e3f4a5b6c7d',
        runner: 'self-hosted',
        pr: false,
      },
    ],
    [
      'CircleCI (pull request)',
      circleci.pullRequest(),
      { ...circleci.pullRequest(), CIRCLE_BUILD_NUM: '2202', CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/api/2202' },
      {
        buildType: 'https://github.com/custody-dev/custody/blob/main/docs/buildtypes/circleci.md#v1',
        builder: 'https://circleci.com/gh/acme/api#build',
        invocation: 'https://circleci.com/gh/acme/api/2201',
        runner: 'unknown',
        pr: true,
      },
    ],
    [
      'Azure Pipelines (hosted)',
      azure.push,
      { ...azure.push, SYSTEM_JOBATTEMPT: '2' },
      {
        buildType: 'https://github.com/custody-dev/custody/blob/main/docs/buildtypes/azure-pipelines.md#v1',
        builder: 'https://dev.azure.com/acme/Platform/_build?definitionId=17',
        invocation:
          'https://dev.azure.com/acme/Platform/_build/results?buildId=20481&view=logs&j=12f1170f-54f2-53f3-20dd-22fc7dff55f9&attempt=1',
        runner: 'hosted',
        pr: false,
      },
    ],
    [
      'Azure Pipelines (pull request, self-hosted)',
      { ...azure.pullRequest(), AGENT_NAME: 'acme-vm' },
      { ...azure.pullRequest(), BUILD_BUILDID: '20482' },
      {
        buildType: 'https://github.com/custody-dev/custody/blob/main/docs/buildtypes/azure-pipelines.md#v1',
        builder: 'https://dev.azure.com/acme/Platform/_build?definitionId=17',
        invocation:
          'https://dev.azure.com/acme/Platform/_build/results?buildId=20481&view=logs&j=12f1170f-54f2-53f3-20dd-22fc7dff55f9&attempt=1',
        runner: 'self-hosted',
        pr: true,
      },
    ],
    [
      'Bitbucket Pipelines (pull request)',
      bitbucket.pullRequest(),
      { ...bitbucket.pullRequest(), BITBUCKET_STEP_UUID: '{00000000-5b4a-4392-8170-6f5e4d3c2b1a}' },
      {
        buildType: 'https://github.com/custody-dev/custody/blob/main/docs/buildtypes/bitbucket-pipelines.md#v1',
        builder: 'https://bitbucket.org/acme/api/pipelines',
        invocation: 'https://bitbucket.org/acme/api/pipelines/results/77/steps/{9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a}',
        runner: 'unknown',
        pr: true,
      },
    ],
  ];

  for (const [label, env, otherRun, want] of cases) {
    it(`${label}: buildType, builder.id, a unique invocationId, runner kind and event`, async () => {
      const s = await buildProvenanceStatement(options(env));
      expect(check(s)).toEqual([]);
      const { buildDefinition: bd, runDetails: rd } = s.predicate;
      expect(bd.buildType).toBe(want.buildType);
      expect(rd.builder.id).toBe(want.builder);
      expect(rd.metadata?.invocationId).toBe(want.invocation);
      expect(bd.resolvedDependencies?.[0]?.digest).toEqual({ gitCommit: COMMIT });
      const ip = bd.internalParameters as Record<string, Record<string, unknown> | string>;
      const runnerEnv =
        typeof ip.runner_environment === 'string'
          ? ip.runner_environment
          : (ip[custody(s).platform as string] as Record<string, unknown>).runner_environment;
      expect(runnerEnv).toBe(want.runner);
      expect((custody(s).event as { isPullRequest: boolean }).isPullRequest).toBe(want.pr);
      // Another run (or attempt) of the same pipeline: same builder, different invocation.
      const other = await buildProvenanceStatement(options(otherRun));
      expect(other.predicate.runDetails.builder.id).toBe(want.builder);
      expect(other.predicate.runDetails.metadata?.invocationId).not.toBe(want.invocation);
    });
  }

  it('local: builder is the machine, invocation is the capture digest (unique per capture, deterministic)', async () => {
    const a = await buildProvenanceStatement(options({}));
    expect(check(a)).toEqual([]);
    expect(a.predicate.buildDefinition.buildType).toBe('https://github.com/custody-dev/custody/blob/main/docs/buildtypes/local.md#v1');
    expect(a.predicate.runDetails.builder.id).toBe('local://builder-1');
    expect(a.predicate.runDetails.metadata?.invocationId).toMatch(/^urn:custody:capture:sha256:[0-9a-f]{64}$/);
    const again = await buildProvenanceStatement(options({}));
    expect(again).toEqual(a);
  });
});

describe('custody provenance (CLI)', () => {
  const env = () => baseEnv({ SOURCE_DATE_EPOCH: '1767225600', ...github.push });

  it('writes a valid statement; the same inputs give the same bytes (in-process and as a process)', async () => {
    const one = await runCli(['provenance', '--subject', 'dist/*.tgz', '--subject', `img@sha256:${'b'.repeat(64)}`], {
      cwd: dir,
      env: env(),
    });
    expect(one.code, one.stderr).toBe(0);
    const statement = JSON.parse(one.stdout) as ProvenanceStatement;
    expect(check(statement)).toEqual([]);
    expect(statement.predicate.runDetails.metadata?.startedOn).toBe('2026-01-01T00:00:00Z');
    const two = await runCli(['provenance', '--subject', 'dist/*.tgz', '--subject', `img@sha256:${'b'.repeat(64)}`], {
      cwd: dir,
      env: env(),
    });
    expect(two.stdout).toBe(one.stdout);

    const p1 = await runCustody(['provenance', '--subject', 'dist/*.tgz', '--output', 'p1.json'], { cwd: dir, env: env() });
    const p2 = await runCustody(['provenance', '--subject', 'dist/*.tgz', '--output', 'p2.json'], { cwd: dir, env: env() });
    expect(p1.code, p1.stderr).toBe(0);
    expect(p2.code, p2.stderr).toBe(0);
    const b1 = readFileSync(join(dir, 'p1.json'));
    expect(b1.equals(readFileSync(join(dir, 'p2.json')))).toBe(true);
    expect(check(JSON.parse(b1.toString()))).toEqual([]);
  });

  it('uses a capture document from custody capture', async () => {
    const cap = await runCli(['capture', '--material', 'package-lock.json', '--output', 'cap.json'], {
      cwd: dir,
      env: baseEnv({ SOURCE_DATE_EPOCH: '1767225600', ...gitlab.push }),
    });
    expect(cap.code, cap.stderr).toBe(0);
    const prov = await runCli(['provenance', '--subject', 'dist/app.tgz', '--capture', 'cap.json'], { cwd: dir, env: baseEnv() });
    expect(prov.code, prov.stderr).toBe(0);
    const s = JSON.parse(prov.stdout) as ProvenanceStatement;
    expect(s.predicate.buildDefinition.buildType).toBe('https://gitlab.com/gitlab-org/gitlab-runner/-/blob/v17.5.0/PROVENANCE.md');
    expect(s.predicate.buildDefinition.resolvedDependencies?.map((d) => d.name ?? d.uri)).toEqual([
      'git+https://gitlab.com/acme/platform/api@refs/heads/main',
      'package-lock.json',
    ]);
  });

  it('an scp-style git remote becomes a git+ssh:// URI; an https remote with user:token never shows the token', async () => {
    const { execFileSync } = await import('node:child_process');
    const token = `t${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 30)}`;
    for (const [remote, want] of [
      ['git@github.com:acme/app.git', 'git+ssh://git@github.com/acme/app.git@refs/heads/main'],
      [`https://x-access-token:${token}@github.com/acme/app.git`, 'git+https://github.com/acme/app.git@refs/heads/main'],
    ] as const) {
      const repo = mkdtempSync(join(tmpdir(), 'custody-prov-remote-'));
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], {
          cwd: repo,
        });
      git('init', '-q');
      writeFileSync(join(repo, 'a.txt'), 'a');
      git('add', '.');
      git('commit', '-q', '-m', 'x');
      git('remote', 'add', 'origin', remote);
      const r = await runCustody(['provenance', '--subject', 'a.txt'], { cwd: repo, env: baseEnv({ SOURCE_DATE_EPOCH: '1767225600' }) });
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as ProvenanceStatement;
      const uri = s.predicate.buildDefinition.resolvedDependencies?.[0]?.uri ?? '';
      expect(uri).toBe(want);
      expect(new URL(uri.slice('git+'.length)).protocol).toMatch(/^(ssh|https):$/);
      expect(check(s)).toEqual([]);
      expect(r.stdout + r.stderr).not.toContain(token);
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('--tool go records `go version` (go has no --version)', async () => {
    // A stand-in go on PATH (no Go toolchain here) that answers as go does: `go version` prints the version and
    // `go --version` fails with go's own message.
    const bin = mkdtempSync(join(tmpdir(), 'custody-fake-go-'));
    writeFileSync(
      join(bin, 'go'),
      '#!/bin/sh\nif [ "$1" = version ]; then echo "go version go1.23.4 linux/amd64"; exit 0; fi\necho "go: unknown flag $1" >&2\nexit 2\n',
      { mode: 0o755 },
    );
    const r = await runCustody(['capture', '--tool', 'go', '--output', 'go-cap.json'], {
      cwd: dir,
      env: baseEnv({ PATH: `${bin}:${process.env.PATH}` }),
    });
    expect(r.code, r.stderr).toBe(0);
    const cap = JSON.parse(readFileSync(join(dir, 'go-cap.json'), 'utf8')) as { tools: Array<{ name: string; version?: string }> };
    expect(cap.tools.find((t) => t.name === 'go')).toEqual({ name: 'go', version: 'go version go1.23.4 linux/amd64' });
    rmSync(bin, { recursive: true, force: true });
  });

  const bad: Array<[string, string[], (d: string) => void, RegExp]> = [
    [
      'a missing subject file',
      ['--subject', 'dist/missing.tgz'],
      () => {},
      /--subject "dist\/missing\.tgz".*does not exist.*Check the path/,
    ],
    ['a glob matching nothing', ['--subject', 'dist/*.whl'], () => {}, /--subject "dist\/\*\.whl": no file matches.*Check the pattern/],
    [
      'a malformed checksum line',
      ['--subject-checksums', 'SUMS.bad'],
      (d) => writeFileSync(join(d, 'SUMS.bad'), `${'a'.repeat(64)}  ok.bin\nnot a line\n`),
      /SUMS\.bad:2: .*not a checksum line.*sha256sum/,
    ],
    [
      'an unsupported digest algorithm in a checksum file',
      ['--subject-checksums', 'SUMS.md5'],
      (d) => writeFileSync(join(d, 'SUMS.md5'), `${'a'.repeat(32)}  ok.bin\n`),
      /SUMS\.md5:1: .*md5.*Regenerate the file with sha256sum/,
    ],
    [
      'an unsupported digest algorithm in a subject',
      ['--subject', `app@md5:${'a'.repeat(32)}`],
      () => {},
      /"md5", which is not supported.*sha256/,
    ],
    ['a missing checksum file', ['--subject-checksums', 'NOPE'], () => {}, /--subject-checksums "NOPE" cannot be read/],
    [
      'a missing capture file',
      ['--subject', 'dist/app.tgz', '--capture', 'nope.json'],
      () => {},
      /--capture "nope\.json" cannot be read.*custody capture --output/,
    ],
  ];
  for (const [label, args, setup, message] of bad) {
    it(`exits 2 naming the input and the fix for ${label}`, async () => {
      setup(dir);
      const r = await runCli(['provenance', ...args], { cwd: dir, env: baseEnv() });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    });
  }

  it('exits 2 with the same message as a real process', async () => {
    const r = await runCustody(['provenance', '--subject', 'dist/*.whl', '--output', 'never.json'], { cwd: dir, env: baseEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^custody: --subject "dist\/\*\.whl": no file matches .*\[GLOB_NO_MATCH\]\n$/);
    expect(() => readFileSync(join(dir, 'never.json'))).toThrow();
  });
});

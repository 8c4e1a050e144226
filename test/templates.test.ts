/**
 * Every CI template in templates/ is executed as written (test/support/template-runner.ts): its job scripts, in a
 * fresh copy of a tiny real npm project per job (its build makes dist/app.tgz), with the platform's documented
 * environment variables and OIDC token shape, against the packed tarball and the local Sigstore stack.
 *
 * - The install step runs a real npm client against a local npm-registry double (an HTTP server on 127.0.0.1
 *   answering the packument GET /custody and the tarball GET, `npm_config_registry` pointing at it), because the
 *   package is not published. The templates are copied and re-pinned to the test tarball's version and integrity
 *   with scripts/pin-templates.js, as a user upgrading would; a wrong integrity pin stops the install.
 * - Keyless platforms (GitLab, Buildkite, CircleCI) sign through the local stack's Fulcio, which accepts tokens
 *   claiming those platforms' public-good issuers (signed by the local issuer: the one shortcut) and writes the SAN
 *   Fulcio's template for that platform derives from the token's claims. The templates name public-good Sigstore;
 *   CUSTODY_SIGNING_CONFIG / CUSTODY_TRUSTED_ROOT (read by the CLI) point them at the local stack.
 * - Key-based platforms (Jenkins, Azure Pipelines, Bitbucket) sign with a key made at test time, handed to the job
 *   through that platform's secret store as the template documents it.
 * - Storage: each run pushes a test image to a real registry (Debian's docker-registry) as the pipeline's own image
 *   job would, and sets CUSTODY_IMAGE: the templates attest it, store the attestation next to it and verify it there.
 * - The attacks: another organization's / project's / pipeline's attestation (same issuer), a merge-request
 *   pipeline's attestation at the default-branch gate, and a bundle signed by another key must fail the verify job.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PUBLIC_GOOD_CI_ISSUERS,
  ciSan,
  issuerMatches,
  pushTestImage,
  requireRegistryTools,
  startRegistry,
  startSigstoreStack,
  type JwtClaims,
  type SigstoreStack,
  type StartedRegistry,
} from '@custody/testing';
import { REPO_ROOT } from './support/measure.js';
import { packedTarball } from './support/packed.js';
import {
  TEMPLATE_FILES,
  TemplateRunner,
  TokenService,
  evalGitLabIf,
  extractJenkinsfile,
  interpolateBuildkite,
  startGitLabDiscoveryDouble,
  type PipelineResult,
  type PipelineRun,
} from './support/template-runner.js';

const SHA = 'c0ffee0000000000000000000000000000000001';

/** A local npm-registry double: the packument and the tarball of the one package it holds, over real HTTP. */
async function startNpmRegistryDouble(tarball: string): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const bytes = readFileSync(tarball);
  const manifest = JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<
    string,
    unknown
  >;
  const version = String(manifest.version);
  const requests: string[] = [];
  let url = '';
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const file = `/custody/-/custody-${version}.tgz`;
    if (req.method === 'GET' && req.url === '/custody') {
      const body = JSON.stringify({
        name: 'custody',
        'dist-tags': { latest: version },
        versions: {
          [version]: {
            ...manifest,
            _id: `custody@${version}`,
            dist: {
              tarball: `${url}${file}`,
              integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
              shasum: createHash('sha1').update(bytes).digest('hex'),
            },
          },
        },
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } else if (req.method === 'GET' && req.url === file) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length }).end(bytes);
    } else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

/** The tiny real npm project every job checks out: a lockfile, a build that makes dist/app.tgz, a git commit. */
function makeProject(dir: string): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'app', version: '1.0.0', private: true, scripts: { build: 'mkdir -p dist && tar -czf dist/app.tgz src' } }, null, 2)}\n`,
  );
  writeFileSync(
    join(dir, 'package-lock.json'),
    `${JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'app', version: '1.0.0' } } }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'src', 'index.js'), 'export const hello = () => "hello";\n');
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\ndist/\n');
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'ci',
        GIT_AUTHOR_EMAIL: 'ci@example.com',
        GIT_COMMITTER_NAME: 'ci',
        GIT_COMMITTER_EMAIL: 'ci@example.com',
      },
    });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'app');
}

// ---- each platform's documented environment and token claims ----

interface GitLabProject {
  path: string;
  id: string;
  /** A merge-request pipeline from this source branch (same project), else a push pipeline on main. */
  mrBranch?: string;
}

function gitlab(p: GitLabProject): Pick<PipelineRun, 'context' | 'claims'> {
  const ref = p.mrBranch ?? 'main';
  const context: Record<string, string> = {
    GITLAB_CI: 'true',
    CI_SERVER_URL: 'https://gitlab.com',
    CI_SERVER_HOST: 'gitlab.com',
    CI_SERVER_FQDN: 'gitlab.com',
    CI_PROJECT_PATH: p.path,
    CI_PROJECT_ID: p.id,
    CI_PROJECT_NAMESPACE: p.path.split('/')[0]!,
    CI_PROJECT_URL: `https://gitlab.com/${p.path}`,
    CI_CONFIG_PATH: '.gitlab-ci.yml',
    CI_DEFAULT_BRANCH: 'main',
    CI_COMMIT_SHA: SHA,
    CI_COMMIT_REF_NAME: ref,
    CI_PIPELINE_SOURCE: p.mrBranch ? 'merge_request_event' : 'push',
    CI_PIPELINE_ID: '90001',
    CI_JOB_ID: '70001',
    CI_REGISTRY_USER: 'gitlab-ci-token',
    CI_REGISTRY_PASSWORD: randomBytes(8).toString('hex'),
    ...(p.mrBranch
      ? {
          CI_MERGE_REQUEST_IID: '7',
          CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: p.mrBranch,
          CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
          CI_MERGE_REQUEST_SOURCE_PROJECT_ID: p.id,
        }
      : { CI_COMMIT_BRANCH: 'main' }),
  };
  // https://docs.gitlab.com/ci/secrets/id_token_authentication/ (ID token payload)
  const claims: JwtClaims = {
    iss: 'https://gitlab.com',
    sub: `project_path:${p.path}:ref_type:branch:ref:${ref}`,
    namespace_id: '100',
    namespace_path: p.path.split('/')[0],
    project_id: p.id,
    project_path: p.path,
    user_id: '1',
    user_login: 'dev',
    pipeline_id: '90001',
    pipeline_source: context.CI_PIPELINE_SOURCE,
    job_id: '70001',
    ref,
    ref_type: 'branch',
    ref_path: `refs/heads/${ref}`,
    ref_protected: p.mrBranch ? 'false' : 'true',
    runner_id: 12,
    runner_environment: 'gitlab-hosted',
    sha: SHA,
    project_visibility: 'public',
    ci_config_ref_uri: `gitlab.com/${p.path}//.gitlab-ci.yml@refs/heads/${ref}`,
    ci_config_sha: SHA,
  };
  return { context, claims };
}

function buildkite(org: string, pipeline: string): Pick<PipelineRun, 'context' | 'claims'> {
  const context = {
    BUILDKITE: 'true',
    BUILDKITE_ORGANIZATION_SLUG: org,
    BUILDKITE_PIPELINE_SLUG: pipeline,
    BUILDKITE_PIPELINE_ID: randomUUID(),
    BUILDKITE_BUILD_ID: randomUUID(),
    BUILDKITE_BUILD_NUMBER: '314',
    BUILDKITE_BUILD_URL: `https://buildkite.com/${org}/${pipeline}/builds/314`,
    BUILDKITE_JOB_ID: randomUUID(),
    BUILDKITE_COMMIT: SHA,
    BUILDKITE_BRANCH: 'main',
    BUILDKITE_PIPELINE_DEFAULT_BRANCH: 'main',
    BUILDKITE_REPO: `https://github.com/${org}/${pipeline}.git`,
    BUILDKITE_SOURCE: 'webhook',
    BUILDKITE_AGENT_NAME: 'agent-1',
    BUILDKITE_RETRY_COUNT: '0',
  };
  // https://buildkite.com/docs/agent/v3/cli-oidc (claims)
  const claims: JwtClaims = {
    iss: 'https://agent.buildkite.com',
    sub: `organization:${org}:pipeline:${pipeline}:ref:refs/heads/main:commit:${SHA}:step:attest`,
    organization_slug: org,
    pipeline_slug: pipeline,
    build_number: 314,
    build_branch: 'main',
    build_tag: null,
    build_commit: SHA,
    build_source: 'webhook',
    step_key: 'attest',
    job_id: context.BUILDKITE_JOB_ID,
    agent_id: randomUUID(),
    organization_id: randomUUID(),
    pipeline_id: context.BUILDKITE_PIPELINE_ID,
    runner_environment: 'self-hosted',
  };
  return { context, claims };
}

interface CircleIds {
  org: string;
  project: string;
  definition: string;
}

function circleci(ids: CircleIds): Pick<PipelineRun, 'context' | 'claims'> {
  const context = {
    CIRCLECI: 'true',
    CIRCLE_BRANCH: 'main',
    CIRCLE_SHA1: SHA,
    CIRCLE_BUILD_NUM: '271',
    CIRCLE_BUILD_URL: 'https://app.circleci.com/pipelines/gh/acme/app/9/workflows/w/jobs/271',
    CIRCLE_PROJECT_USERNAME: 'acme',
    CIRCLE_PROJECT_REPONAME: 'app',
    CIRCLE_REPOSITORY_URL: 'git@github.com:acme/app.git',
    CIRCLE_WORKFLOW_ID: randomUUID(),
    CIRCLE_WORKFLOW_JOB_ID: randomUUID(),
    CIRCLE_PIPELINE_ID: randomUUID(),
    CIRCLE_USERNAME: 'dev',
  };
  // https://circleci.com/docs/openid-connect-tokens/ (format of the token)
  const claims: JwtClaims = {
    iss: `https://oidc.circleci.com/org/${ids.org}`,
    sub: `org/${ids.org}/project/${ids.project}/user/${randomUUID()}/vcs-origin/github.com/acme/app/vcs-ref/refs/heads/main`,
    'oidc.circleci.com/org-id': ids.org,
    'oidc.circleci.com/project-id': ids.project,
    'oidc.circleci.com/pipeline-definition-id': ids.definition,
    'oidc.circleci.com/pipeline-id': context.CIRCLE_PIPELINE_ID,
    'oidc.circleci.com/workflow-id': context.CIRCLE_WORKFLOW_ID,
    'oidc.circleci.com/job-id': context.CIRCLE_WORKFLOW_JOB_ID,
    'oidc.circleci.com/context-ids': [randomUUID()],
    'oidc.circleci.com/vcs-origin': 'github.com/acme/app',
    'oidc.circleci.com/vcs-ref': 'refs/heads/main',
    'oidc.circleci.com/ssh-rerun': false,
  };
  return { context, claims };
}

const circleFill = (ids: CircleIds) => ({
  CUSTODY_CIRCLECI_ORG_ID: ids.org,
  CUSTODY_CIRCLECI_PROJECT_ID: ids.project,
  CUSTODY_CIRCLECI_PIPELINE_DEFINITION_ID: ids.definition,
});

const jenkinsContext = {
  JENKINS_URL: 'https://jenkins.example.com/',
  JOB_NAME: 'acme/app/main',
  BUILD_NUMBER: '12',
  BUILD_URL: 'https://jenkins.example.com/job/acme/job/app/job/main/12/',
  BUILD_TAG: 'jenkins-acme-app-main-12',
  BRANCH_NAME: 'main',
  GIT_COMMIT: SHA,
  GIT_URL: 'https://github.com/acme/app.git',
  NODE_NAME: 'built-in',
  EXECUTOR_NUMBER: '0',
};

const azureContext = {
  TF_BUILD: 'True',
  SYSTEM_COLLECTIONURI: 'https://dev.azure.com/acme/',
  SYSTEM_TEAMPROJECT: 'app',
  SYSTEM_TEAMPROJECTID: randomUUID(),
  SYSTEM_DEFINITIONID: '7',
  BUILD_DEFINITIONNAME: 'app',
  BUILD_REPOSITORY_NAME: 'acme/app',
  BUILD_REPOSITORY_URI: 'https://github.com/acme/app',
  BUILD_REPOSITORY_PROVIDER: 'GitHub',
  BUILD_SOURCEVERSION: SHA,
  BUILD_SOURCEBRANCH: 'refs/heads/main',
  BUILD_BUILDID: '555',
  BUILD_BUILDNUMBER: '20261207.1',
  BUILD_REASON: 'IndividualCI',
  AGENT_NAME: 'Azure Pipelines 3',
  AGENT_OS: 'Linux',
};

const bitbucketContext = {
  BITBUCKET_BUILD_NUMBER: '88',
  BITBUCKET_COMMIT: SHA,
  BITBUCKET_BRANCH: 'main',
  BITBUCKET_WORKSPACE: 'acme',
  BITBUCKET_REPO_SLUG: 'app',
  BITBUCKET_REPO_FULL_NAME: 'acme/app',
  BITBUCKET_REPO_UUID: `{${randomUUID()}}`,
  BITBUCKET_PIPELINE_UUID: `{${randomUUID()}}`,
  BITBUCKET_GIT_HTTP_ORIGIN: 'http://bitbucket.org/acme/app',
};

// ---- the suite ----

const show = (r: PipelineResult) => r.output.slice(-6000);
const exec = promisify(execFile);

/** Runs `fn` once, on first use; every caller gets the same promise (tests of one platform share its main run). */
function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

// Platforms run side by side (their jobs are child processes); the tests of one platform share its runs.
describe.concurrent('the CI templates, run as written', () => {
  let stack: SigstoreStack;
  let registry: StartedRegistry;
  let npm: Awaited<ReturnType<typeof startNpmRegistryDouble>>;
  let gitlabDiscovery: Awaited<ReturnType<typeof startGitLabDiscoveryDouble>>;
  let tokens: TokenService;
  let runner: TemplateRunner;
  let wrongPinRunner: TemplateRunner;
  let version: string;
  let integrity: string;
  const tmp = mkdtempSync(join(tmpdir(), 'custody-templates-test-'));
  const keys: Record<'victim' | 'attacker', { key: string; pub: string; password: string; keyFile: string }> = {} as never;
  const started = performance.now();

  const image = async (seed: string) => {
    const img = await pushTestImage(registry, 'acme/app', seed, { seed });
    return `${registry.host}/acme/app@${img.digest}`;
  };

  /**
   * The attacker's attestation of the same artifact: another organization / project / pipeline signs dist/app.tgz
   * (and its SBOM) with its own token from the same issuer (or with its own key), using the custody a job installed.
   * Returns a directory shaped like the attest job's workspace, to hand to the victim's verify job as its artifacts.
   */
  const attackerSigns = async (
    from: string,
    how: { token: string } | { keyFile: string; password: string },
    platformEnv: Record<string, string> = {},
  ): Promise<string> => {
    const dir = mkdtempSync(join(tmp, 'attacker-'));
    for (const f of ['dist', 'capture.json', 'sbom.cdx.json']) cpSync(join(from, f), join(dir, f), { recursive: true });
    const env = {
      PATH: [dirname(process.execPath), process.env.PATH].join(delimiter),
      HOME: dir,
      ...platformEnv,
      ...('token' in how
        ? { SIGSTORE_ID_TOKEN: how.token, CUSTODY_SIGNING_CONFIG: stack.signingConfigPath }
        : { CUSTODY_KEY_PASSWORD: how.password }),
    };
    const signWith = 'keyFile' in how ? ['--key', how.keyFile] : [];
    const cli = TemplateRunner.installedCli(from);
    await exec(
      cli,
      ['attest', '--subject', 'dist/*', '--provenance', '--capture', 'capture.json', ...signWith, '--bundle', 'provenance.sigstore.json'],
      { cwd: dir, env },
    );
    await exec(cli, ['attest', '--subject', 'dist/*', '--sbom', 'sbom.cdx.json', ...signWith, '--bundle', 'sbom.sigstore.json'], {
      cwd: dir,
      env,
    });
    return dir;
  };

  beforeAll(async () => {
    requireRegistryTools();
    const tarball = await packedTarball();
    [stack, registry, npm] = await Promise.all([
      startSigstoreStack({ ciIssuers: PUBLIC_GOOD_CI_ISSUERS }),
      startRegistry(),
      startNpmRegistryDouble(tarball),
    ]);
    gitlabDiscovery = await startGitLabDiscoveryDouble(stack.issuer);
    tokens = new TokenService(stack.issuer);
    await tokens.start();
    version = JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' })).version;
    integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    // The templates as a user upgrading to this version would pin them.
    const pinned = join(tmp, 'templates');
    cpSync(join(REPO_ROOT, 'templates'), pinned, { recursive: true });
    execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'pin-templates.js'), version, integrity, '--dir', pinned]);
    const wrong = join(tmp, 'templates-wrong-pin');
    cpSync(join(REPO_ROOT, 'templates'), wrong, { recursive: true });
    execFileSync(process.execPath, [
      join(REPO_ROOT, 'scripts', 'pin-templates.js'),
      version,
      `sha512-${createHash('sha512').update('another tarball').digest('base64')}`,
      '--dir',
      wrong,
    ]);
    const project = join(tmp, 'project');
    makeProject(project);
    const common = {
      project,
      issuer: stack.issuer,
      tokens,
      npmRegistry: npm.url,
      npmCache: join(tmp, 'npm-cache'),
      sigstoreEnv: { CUSTODY_SIGNING_CONFIG: stack.signingConfigPath, CUSTODY_TRUSTED_ROOT: stack.trustedRootPath },
      platformEnv: { gitlab: gitlabDiscovery.env },
    };
    runner = new TemplateRunner({ ...common, templatesDir: pinned });
    wrongPinRunner = new TemplateRunner({ ...common, templatesDir: wrong });
    // Key pairs made at test time with the CLI itself (encrypted with a password), never committed.
    const keyDir = join(tmp, 'keys');
    mkdirSync(keyDir);
    const custody = join(REPO_ROOT, 'bin', 'custody.js');
    for (const who of ['victim', 'attacker'] as const) {
      const password = randomBytes(12).toString('hex');
      execFileSync(process.execPath, [custody, 'keys', 'generate', '--output-key', `${who}.key`, '--output-pub', `${who}.pub`], {
        cwd: keyDir,
        env: { PATH: [dirname(process.execPath), process.env.PATH].join(delimiter), CUSTODY_KEY_PASSWORD: password },
      });
      keys[who] = {
        key: readFileSync(join(keyDir, `${who}.key`), 'utf8'),
        pub: readFileSync(join(keyDir, `${who}.pub`), 'utf8'),
        password,
        keyFile: join(keyDir, `${who}.key`),
      };
    }
  }, 240_000);

  afterAll(async () => {
    console.log(`templates: every pipeline and attack ran in ${((performance.now() - started) / 1000).toFixed(1)} s (setup included)`);
    if (process.env.CUSTODY_TEMPLATE_TIMINGS) for (const t of runner?.timings ?? []) console.log(`  ${t.ms} ms  ${t.job} / ${t.step}`);
    runner?.close();
    wrongPinRunner?.close();
    await Promise.all([stack?.close(), registry?.stop(), npm?.close(), tokens?.close(), gitlabDiscovery?.close()]);
    rmSync(tmp, { recursive: true, force: true });
  });

  /** A successful run: every job ran, the gate passed, both the files and the image verified. */
  const expectPassed = (r: PipelineResult, jobs: string[]) => {
    expect(r.code, show(r)).toBe(0);
    expect(r.jobs).toEqual(jobs);
    expect(r.output).not.toMatch(/internal error|FAIL/);
    expect(r.output.match(/PASSED/g)?.length, show(r)).toBe(2); // the files, and the image in the registry
    expect(r.output).toMatch(/stored:\s+\S+ as sha256:/); // the image's attestation went to the registry
  };
  /** The verify job failed on the identity (or key) check: exit 1, not a crash or a usage error. */
  const expectRejected = (r: PipelineResult, check: RegExp) => {
    expect(r.code, show(r)).toBe(1);
    expect(r.output).toMatch(check);
    expect(r.output).not.toMatch(/internal error/);
  };

  it('the Jenkinsfile extractor refuses a step it cannot read, and Groovy-interpolated strings', () => {
    expect(() =>
      extractJenkinsfile(
        'pipeline {\n  stages {\n    stage(\'x\') {\n      steps {\n        sh "custody verify $X"\n      }\n    }\n  }\n}\n',
      ),
    ).toThrow(/cannot read/);
    expect(() =>
      extractJenkinsfile("pipeline {\n  stages {\n    stage('x') {\n      steps {\n        bat 'custody verify'\n      }\n    }\n  }\n}\n"),
    ).toThrow(/cannot read/);
    const p = extractJenkinsfile(readFileSync(join(REPO_ROOT, 'templates', 'Jenkinsfile'), 'utf8'));
    expect(p.steps.map((s) => s.stage)).toEqual(['Install', 'Install', 'Build', 'Attest', 'Verify']);
    expect(p.steps.at(-1)!.bindings).toEqual([{ kind: 'file', credentialsId: 'custody-public-key', variable: 'CUSTODY_PUBLIC_KEY' }]);
  });

  it('GitLab rules and Buildkite interpolation are evaluated, not guessed', () => {
    expect(evalGitLabIf('$A == "x" && $B == $C', { A: 'x', B: 'y', C: 'y' })).toBe(true);
    expect(evalGitLabIf('$A == "x" && $B == $C', { A: 'x', B: 'y', C: 'z' })).toBe(false);
    expect(() => evalGitLabIf('$A =~ /x/', { A: 'x' })).toThrow(/cannot evaluate/);
    expect(interpolateBuildkite('$$HOME ${A} $B ${C:-d}', { A: '1', B: '2' })).toBe('$HOME 1 2 d');
  });

  it("the local Fulcio follows public-good Fulcio's issuer list and SAN templates (meta-issuer * is one label or segment)", () => {
    expect(issuerMatches('https://oidc.circleci.com/org/*', 'https://oidc.circleci.com/org/0b7c')).toBe(true);
    expect(issuerMatches('https://oidc.circleci.com/org/*', 'https://oidc.circleci.com/org/a/b')).toBe(false);
    expect(issuerMatches('https://oidc.circleci.com/org/*', 'https://oidc.circleci.com.evil.example/org/a')).toBe(false);
    expect(PUBLIC_GOOD_CI_ISSUERS.some((c) => /bitbucket|azure|vstoken|jenkins/.test(c.issuer))).toBe(false);
    expect(ciSan('gitlab-pipeline', { ci_config_ref_uri: 'gitlab.com/acme/app//.gitlab-ci.yml@refs/heads/main' })).toBe(
      'https://gitlab.com/acme/app//.gitlab-ci.yml@refs/heads/main',
    );
    expect(ciSan('buildkite-job', { organization_slug: 'acme', pipeline_slug: 'app' })).toBe('https://buildkite.com/acme/app');
    expect(() => ciSan('circleci-job', { 'oidc.circleci.com/project-id': 'p' })).toThrow(/pipeline-definition-id/);
  });

  it("a token claiming an issuer public-good Fulcio does not list (Bitbucket's) gets no certificate", async () => {
    const main = await jenkinsMain(); // any job's installed custody will do
    const dir = mkdtempSync(join(tmp, 'bitbucket-oidc-'));
    writeFileSync(join(dir, 'a.txt'), 'x');
    const token = stack.issuer.mint({
      iss: 'https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc',
      sub: '{repo-uuid}:{step-uuid}',
    });
    const env = {
      PATH: [dirname(process.execPath), process.env.PATH].join(delimiter),
      HOME: dir,
      SIGSTORE_ID_TOKEN: token,
      CUSTODY_SIGNING_CONFIG: stack.signingConfigPath,
      CUSTODY_SIGSTORE_RETRIES: '0',
    };
    const r = await exec(
      TemplateRunner.installedCli(main.workspaces.jenkins!),
      ['attest', '--subject', 'a.txt', '--sbom', join(main.workspaces.jenkins!, 'sbom.cdx.json')],
      { cwd: dir, env },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/401|not trusted/);
  });

  it('every committed template pins one version and one integrity (pin-templates.js keeps them together)', () => {
    const pins = Object.values(TEMPLATE_FILES).map((f) => {
      const text = readFileSync(join(REPO_ROOT, 'templates', f), 'utf8');
      const values = (name: string) =>
        [...text.matchAll(new RegExp(`\\b${name}\\s*(?::|=)\\s*["']([^"'\\n]*)["']`, 'g'))].map((m) => m[1]!);
      return { f, versions: values('CUSTODY_VERSION'), integrities: values('CUSTODY_INTEGRITY') };
    });
    for (const p of pins) {
      expect(p.versions.length, p.f).toBeGreaterThan(0);
      expect(p.integrities.length, p.f).toBeGreaterThan(0);
    }
    expect(new Set(pins.flatMap((p) => p.versions)).size).toBe(1);
    expect(new Set(pins.flatMap((p) => p.integrities)).size).toBe(1);
  });

  it('scripts/pin-templates.js refuses a malformed pin and leaves the templates alone', async () => {
    const r = await exec(process.execPath, [
      join(REPO_ROOT, 'scripts', 'pin-templates.js'),
      '1.2',
      'sha512-short',
      '--dir',
      join(tmp, 'templates'),
    ]).catch((e: { code: number; stderr: string }) => e);
    expect((r as { code: number }).code).toBe(2);
    expect((r as { stderr: string }).stderr).toMatch(/not a version/);
  });

  it('the install step installs only a tarball whose sha512 matches the pin; a wrong pin fails the job before custody runs', async () => {
    const r = await wrongPinRunner.run({ platform: 'gitlab', ...gitlab({ path: 'acme/app', id: '4242' }), jobs: ['attest'] });
    expect(r.code, show(r)).toBe(1);
    expect(r.output).toMatch(
      new RegExp(`custody-${version.replace(/\./g, '\\.')}\\.tgz has integrity sha512-\\S+, not the pinned sha512-`),
    );
    expect(r.output).not.toMatch(/added 1 package|custody run:/);
    // A real npm client fetched it from the registry double.
    expect(npm.requests).toContain('GET /custody');
    expect(npm.requests).toContain(`GET /custody/-/custody-${version}.tgz`);
  });

  // GitLab CI: keyless, id_tokens SIGSTORE_ID_TOKEN with aud sigstore.
  const gitlabMain = once(async () =>
    runner.run({ platform: 'gitlab', ...gitlab({ path: 'acme/app', id: '4242' }), variables: { CUSTODY_IMAGE: await image('gitlab') } }),
  );

  it('GitLab: attest and the verify gate run on the default branch; the identity is this project, pipeline definition and main', async () => {
    const r = await gitlabMain();
    expectPassed(r, ['attest', 'verify']);
    expect(r.output).toContain('identity token: GitLab id_tokens (SIGSTORE_ID_TOKEN)');
    expect(r.output).toContain('https://gitlab.com/acme/app//.gitlab-ci.yml@refs/heads/main (issuer https://gitlab.com)');
    // The provenance took its identity from the verified token (gitlab.com's keys: the discovery double).
    expect(gitlabDiscovery.hits).toContain('GET /oauth/discovery/keys');
  });

  it("GitLab: another project's attestation (same issuer) fails this project's gate", async () => {
    const main = await gitlabMain();
    const evil = gitlab({ path: 'evil/app', id: '666' }).claims!;
    // The other project signs on gitlab.com too: its provenance checks its token against gitlab.com's keys.
    const forged = await attackerSigns(
      main.workspaces.attest!,
      { token: stack.issuer.mint({ ...evil, aud: 'sigstore' }) },
      gitlabDiscovery.env,
    );
    const gate = await runner.run({
      platform: 'gitlab',
      ...gitlab({ path: 'acme/app', id: '4242' }),
      jobs: ['verify'],
      artifactsFrom: forged,
    });
    expectRejected(gate, /identity(\.[a-z]+)?\s+FAIL/);
  });

  it('GitLab: a merge-request pipeline passes its own gate (its source branch); its attestation fails the default-branch gate', async () => {
    const mr = await runner.run({ platform: 'gitlab', ...gitlab({ path: 'acme/app', id: '4242', mrBranch: 'feature' }) });
    expect(mr.code, show(mr)).toBe(0);
    expect(mr.jobs).toEqual(['attest', 'verify']);
    expect(mr.output).toContain('https://gitlab.com/acme/app//.gitlab-ci.yml@refs/heads/feature');
    const gate = await runner.run({
      platform: 'gitlab',
      ...gitlab({ path: 'acme/app', id: '4242' }),
      jobs: ['verify'],
      artifactsFrom: mr.workspaces.attest,
    });
    expectRejected(gate, /identity(\.[a-z]+)?\s+FAIL/);
  });

  // Buildkite: keyless, buildkite-agent oidc request-token --audience sigstore.
  const buildkiteMain = once(async () =>
    runner.run({ platform: 'buildkite', ...buildkite('acme', 'app'), variables: { CUSTODY_IMAGE: await image('buildkite') } }),
  );

  it('Buildkite: both steps run; the identity is exactly this organization and pipeline', async () => {
    const r = await buildkiteMain();
    expectPassed(r, ['attest', 'verify']);
    expect(r.output).toContain('identity token: Buildkite OIDC');
    expect(r.output).toContain('https://buildkite.com/acme/app (issuer https://agent.buildkite.com)');
    expect(tokens.requests.some((t) => t.audience === 'sigstore')).toBe(true);
  });

  it("Buildkite: another organization's pipeline of the same name, and another pipeline of this organization, fail the gate", async () => {
    const main = await buildkiteMain();
    const gates = await Promise.all(
      (
        [
          ['evil', 'app'],
          ['acme', 'app-fork'],
        ] as const
      ).map(async ([org, pipeline]) => {
        const forged = await attackerSigns(main.workspaces.attest!, {
          token: stack.issuer.mint({ ...buildkite(org, pipeline).claims, aud: 'sigstore' }),
        });
        return runner.run({ platform: 'buildkite', ...buildkite('acme', 'app'), jobs: ['verify'], artifactsFrom: forged });
      }),
    );
    for (const gate of gates) expectRejected(gate, /identity(\.[a-z]+)?\s+FAIL/);
  });

  // CircleCI: keyless, circleci run oidc get --claims '{"aud": "sigstore"}'.
  const acme: CircleIds = { org: randomUUID(), project: randomUUID(), definition: randomUUID() };
  const circleMain = once(async () =>
    runner.run({ platform: 'circleci', ...circleci(acme), fill: circleFill(acme), variables: { CUSTODY_IMAGE: await image('circleci') } }),
  );

  it('CircleCI: both jobs run; the identity is exactly this project and pipeline definition, the issuer this organization', async () => {
    const r = await circleMain();
    expectPassed(r, ['attest', 'verify']);
    expect(r.output).toContain(
      `https://circleci.com/api/v2/projects/${acme.project}/pipeline-definitions/${acme.definition} (issuer https://oidc.circleci.com/org/${acme.org})`,
    );
  });

  it("CircleCI: another project's, another pipeline definition's (same organization) and another organization's attestation fail the gate", async () => {
    const main = await circleMain();
    const others = [
      { ...acme, project: randomUUID() },
      { ...acme, definition: randomUUID() },
      { ...acme, org: randomUUID() },
    ];
    const gates = await Promise.all(
      others.map(async (other) => {
        const forged = await attackerSigns(main.workspaces.attest!, {
          token: stack.issuer.mint({ ...circleci(other).claims, aud: 'sigstore' }),
        });
        return runner.run({ platform: 'circleci', ...circleci(acme), fill: circleFill(acme), jobs: ['verify'], artifactsFrom: forged });
      }),
    );
    for (const gate of gates) expectRejected(gate, /identity(\.[a-z]+)?\s+FAIL/);
  });

  it('CircleCI: why the template asks for its own token: CIRCLE_OIDC_TOKEN_V2 carries the organization as audience and Fulcio refuses it', async () => {
    const main = await circleMain();
    const dir = mkdtempSync(join(tmp, 'circle-v2-'));
    cpSync(join(main.workspaces.attest!, 'dist'), join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'predicate.json'), '{"result":"ok"}');
    const env = {
      PATH: [dirname(process.execPath), process.env.PATH].join(delimiter),
      HOME: dir,
      CIRCLECI: 'true',
      CIRCLE_OIDC_TOKEN_V2: stack.issuer.mint({ ...circleci(acme).claims, aud: acme.org }),
      CUSTODY_SIGNING_CONFIG: stack.signingConfigPath,
      CUSTODY_SIGSTORE_RETRIES: '0',
    };
    const r = await exec(
      TemplateRunner.installedCli(main.workspaces.attest!),
      ['attest', '--subject', 'dist/app.tgz', '--predicate-type', 'https://example.com/t/v1', '--predicate', 'predicate.json'],
      { cwd: dir, env },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CircleCI OIDC (CIRCLE_OIDC_TOKEN_V2)');
    expect(r.stderr).toMatch(/401|audience/);
  });

  // Jenkins: a key from Jenkins credentials.
  const jenkinsCreds = () => ({
    'custody-signing-key': keys.victim.key,
    'custody-key-password': keys.victim.password,
    'custody-public-key': keys.victim.pub,
  });
  const jenkinsMain = once(async () =>
    runner.run({
      platform: 'jenkins',
      context: jenkinsContext,
      variables: { CUSTODY_IMAGE: await image('jenkins') },
      secrets: jenkinsCreds(),
    }),
  );

  it('Jenkins: every stage runs; the gate verifies with the public key from credentials', async () => {
    expectPassed(await jenkinsMain(), ['Install', 'Build', 'Attest', 'Verify']);
  });

  it('Jenkins: a bundle signed by another key fails the gate', async () => {
    const main = await jenkinsMain();
    const forged = await attackerSigns(main.workspaces.jenkins!, { keyFile: keys.attacker.keyFile, password: keys.attacker.password });
    const gate = await runner.run({
      platform: 'jenkins',
      context: jenkinsContext,
      secrets: jenkinsCreds(),
      jobs: ['Install', 'Verify'],
      artifactsFrom: forged,
    });
    expectRejected(gate, /signature\.value\s+FAIL/);
  });

  // Azure Pipelines: a key from secure files and a secret variable.
  const azureSecrets = () => ({
    'securefile:custody.key': keys.victim.key,
    'securefile:custody.pub': keys.victim.pub,
    CUSTODY_KEY_PASSWORD: keys.victim.password,
  });
  const azureMain = once(async () =>
    runner.run({ platform: 'azure', context: azureContext, variables: { CUSTODY_IMAGE: await image('azure') }, secrets: azureSecrets() }),
  );

  it('Azure Pipelines: both stages run; the gate verifies with the public key from secure files', async () => {
    expectPassed(await azureMain(), ['attest', 'verify']);
  });

  it('Azure Pipelines: a bundle signed by another key fails the gate', async () => {
    const main = await azureMain();
    const forged = await attackerSigns(main.workspaces.attest!, { keyFile: keys.attacker.keyFile, password: keys.attacker.password });
    const gate = await runner.run({
      platform: 'azure',
      context: azureContext,
      secrets: azureSecrets(),
      jobs: ['verify'],
      artifactsFrom: forged,
    });
    expectRejected(gate, /signature\.value\s+FAIL/);
  });

  // Bitbucket Pipelines: a key from secured repository variables.
  const bitbucketVars = () => ({
    CUSTODY_SIGNING_KEY_B64: Buffer.from(keys.victim.key).toString('base64'),
    CUSTODY_KEY_PASSWORD: keys.victim.password,
    CUSTODY_PUBLIC_KEY_B64: Buffer.from(keys.victim.pub).toString('base64'),
  });
  const bitbucketMain = once(async () =>
    runner.run({
      platform: 'bitbucket',
      context: bitbucketContext,
      variables: { CUSTODY_IMAGE: await image('bitbucket') },
      secrets: bitbucketVars(),
    }),
  );

  it('Bitbucket Pipelines: both steps run; the gate verifies with the public key from the repository variables', async () => {
    expectPassed(await bitbucketMain(), ['Build and attest', 'Verify gate']);
  });

  it('Bitbucket Pipelines: a bundle signed by another key fails the gate', async () => {
    const main = await bitbucketMain();
    const forged = await attackerSigns(main.workspaces['Build and attest']!, {
      keyFile: keys.attacker.keyFile,
      password: keys.attacker.password,
    });
    const gate = await runner.run({
      platform: 'bitbucket',
      context: bitbucketContext,
      secrets: bitbucketVars(),
      jobs: ['Verify gate'],
      artifactsFrom: forged,
    });
    expectRejected(gate, /signature\.value\s+FAIL/);
  });
});

// actions/sbom's dependency-snapshot submits the SBOM's dependencies to GitHub's dependency submission API, as
// anchore/sbom-action's input of that name does. GitHub cannot be reached from here: GITHUB_API_URL points at a TEST
// DOUBLE of the endpoint (packages/testing/src/github-api-double.ts) that checks the method, path, token, Accept and
// API version headers and the body against the shape of GitHub's REST documentation. The action runs in-process
// from its source (its definition), with a runner's environment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustodyError, silentLogger } from '@custody/core';
import type { ActionContext } from '@custody/github';
import { startGitHubApiDouble, type GitHubApiDouble } from '@custody/testing';
import { actionRun, wordForAction } from '../src/actions-runtime/index.js';
import { readSettings } from '../src/settings.js';
import { action as sbomAction, sbomActionFile } from '../actions/sbom/src/main.js';

const TOKEN = 'ghs_snapshotWriter0123456789abcdefABCDEF';
const READ_ONLY = 'ghs_snapshotReader0123456789abcdefABCDEF';
const REPO = 'custody-test/app';
const SHA = 'a'.repeat(40);

const LOCK = {
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { left: '^1.0.0' }, devDependencies: { tool: '^2.0.0' } },
    'node_modules/left': { version: '1.0.0', dependencies: { right: '^1.0.0' } },
    'node_modules/right': { version: '1.2.0' },
    'node_modules/tool': { version: '2.0.0', dev: true },
  },
};

describe("actions/sbom dependency-snapshot (test double of GitHub's dependency submission API)", () => {
  let gh: GitHubApiDouble;
  let ws: string;

  const runnerEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: REPO,
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'build',
    GITHUB_ACTION: 'sbom',
    GITHUB_RUN_ID: '4242',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: SHA,
    GITHUB_EVENT_NAME: 'push',
    SOURCE_DATE_EPOCH: '1767225600',
    ...extra,
  });

  async function run(inputs: Record<string, string>, env: NodeJS.ProcessEnv) {
    const outputs: Record<string, string> = {};
    const ctx: ActionContext = {
      input: (n) => inputs[n] ?? '',
      inputLines: (n) => (inputs[n] ?? '').split('\n').filter(Boolean),
      booleanInput: (n, fallback) => (inputs[n] ? inputs[n] === 'true' : fallback),
      setOutput: (n, v) => {
        outputs[n] = String(v);
      },
      summary: async () => {},
      addPath: () => {},
      setSecret: () => {},
      idToken: async () => '',
      logger: silentLogger,
      env,
      cwd: ws,
    };
    try {
      await sbomAction.run(actionRun(sbomAction, ctx, readSettings(env)));
      return { outputs };
    } catch (err) {
      if (!(err instanceof CustodyError)) throw err;
      return { outputs, error: err, message: wordForAction(err.describe(), sbomAction.inputs) };
    }
  }

  beforeAll(async () => {
    gh = await startGitHubApiDouble({ repos: { [REPO]: 7 }, token: TOKEN, readOnlyToken: READ_ONLY });
    ws = await mkdtemp(join(tmpdir(), 'custody-snapshot-'));
    await mkdir(join(ws, 'web'));
    await writeFile(join(ws, 'web', 'package-lock.json'), JSON.stringify(LOCK));
  });
  afterAll(async () => {
    await gh?.stop();
    if (ws) await rm(ws, { recursive: true, force: true });
  });

  it('submits one manifest per lockfile: packages by purl, direct or indirect, their dependencies; the job and commit', async () => {
    const r = await run({ path: 'web', 'dependency-snapshot': 'true', 'github-token': TOKEN }, runnerEnv());
    expect(r.error?.describe()).toBeUndefined();
    expect(gh.violations).toEqual([]);
    const seen = gh.requests.filter((q) => q.path.endsWith('/dependency-graph/snapshots'));
    expect(seen).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: `/repos/${REPO}/dependency-graph/snapshots`,
        status: 201,
        authorized: true,
        accept: 'application/vnd.github+json',
        apiVersion: '2022-11-28',
      }),
    ]);
    expect(gh.snapshots).toHaveLength(1);
    const { repo, snapshot } = gh.snapshots[0]!;
    expect(repo).toBe(REPO);
    expect(snapshot).toMatchObject({
      version: 0,
      job: { correlator: 'CI_build', id: '4242' },
      sha: SHA,
      ref: 'refs/heads/main',
      detector: { name: 'custody', url: 'https://github.com/custody-dev/custody' },
      scanned: '2026-01-01T00:00:00.000Z',
    });
    const manifests = snapshot.manifests as Record<string, { name: string; file: unknown; resolved: Record<string, unknown> }>;
    expect(Object.keys(manifests)).toEqual(['web/package-lock.json']);
    const m = manifests['web/package-lock.json']!;
    expect(m.file).toEqual({ source_location: 'web/package-lock.json' });
    expect(m.resolved).toEqual({
      'pkg:npm/left@1.0.0': {
        package_url: 'pkg:npm/left@1.0.0',
        relationship: 'direct',
        scope: 'runtime',
        dependencies: ['pkg:npm/right@1.2.0'],
      },
      'pkg:npm/right@1.2.0': { package_url: 'pkg:npm/right@1.2.0', relationship: 'indirect', scope: 'runtime' },
      'pkg:npm/tool@2.0.0': { package_url: 'pkg:npm/tool@2.0.0', relationship: 'direct', scope: 'development' },
    });
    // No output given: the file is named as anchore/sbom-action names its artifact, <repo>-<job>-<step>.<ext>.
    expect(r.outputs['sbom-path']).toBe('app-build-sbom.cyclonedx.json');
  });

  it("a pull request's snapshot is of its head commit; a named output joins the correlator (matrix jobs)", async () => {
    const head = 'b'.repeat(40);
    const event = join(ws, 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { head: { sha: head } } }));
    const env = runnerEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_REF: 'refs/pull/7/merge' });
    const r = await run({ path: 'web', output: 'web.cdx.json', 'dependency-snapshot': 'true', 'github-token': TOKEN }, env);
    expect(r.error?.describe()).toBeUndefined();
    expect(gh.snapshots.at(-1)!.snapshot).toMatchObject({
      sha: head,
      ref: 'refs/pull/7/merge',
      job: { correlator: 'CI_build_web.cdx.json' },
    });
  });

  it('a token without contents: write: the step fails (exit 2) with GITHUB_FORBIDDEN and the permission to grant', async () => {
    const before = gh.snapshots.length;
    const r = await run({ path: 'web', 'dependency-snapshot': 'true', 'github-token': READ_ONLY }, runnerEnv());
    expect(r.error?.code).toBe('GITHUB_FORBIDDEN');
    expect(r.error?.exitCode).toBe(2);
    expect(r.message).toContain('contents: write');
    expect(r.message).toContain('the github-token input');
    expect(r.message).not.toContain(READ_ONLY);
    expect(gh.snapshots.length).toBe(before);
  });

  it('off a workflow run: the error names the input and what is missing, before the scan', async () => {
    const r = await run({ path: 'web', 'dependency-snapshot': 'true', 'github-token': TOKEN }, { GITHUB_REPOSITORY: REPO });
    expect(r.error?.code).toBe('ACTION_INPUT_INVALID');
    expect(r.message).toMatch(/input dependency-snapshot needs the workflow run's GITHUB_WORKFLOW, GITHUB_JOB, GITHUB_RUN_ID/);
    expect(r.outputs['sbom-path']).toBeUndefined();
  });

  it("without output: sbom-action's names (repository, job, step; an image's name without its host), else sbom.<format>", () => {
    const env = { GITHUB_REPOSITORY: 'octo/web', GITHUB_JOB: 'build' };
    expect(sbomActionFile('spdx-json', undefined, env)).toBe('web-build.spdx.json');
    expect(sbomActionFile('cyclonedx-json', undefined, { ...env, GITHUB_ACTION: '__anchore_sbom-action_2' })).toBe(
      'web-build-2.cyclonedx.json',
    );
    expect(sbomActionFile('cyclonedx-json', undefined, { ...env, GITHUB_ACTION: '__self' })).toBe('web-build.cyclonedx.json');
    expect(sbomActionFile('spdx-json', 'oci://ghcr.io/octo/web:1.2', env)).toBe('octo-web_1_2.spdx.json');
    expect(sbomActionFile('spdx-json', 'alpine:3.20', env)).toBe('alpine_3_20.spdx.json');
    expect(sbomActionFile('cyclonedx-json', undefined, {})).toBe('sbom.cdx.json');
  });
});

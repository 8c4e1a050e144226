/**
 * .github/workflows/release.yml, dry-run: its jobs run here in order, step by step, as a runner would run them on
 * a push of the tag v<package.json version> — up to, and not including, the step that publishes to npm.
 *
 * What is real: every `run:` script, verbatim, in `bash --noprofile --norc -eo pipefail` (the runner's default shell)
 * with GitHub's variables (GITHUB_REF, GITHUB_OUTPUT, GITHUB_ENV, RUNNER_TEMP, …) and the `${{ }}` expressions
 * evaluated (steps/needs outputs, github, env, runner); this repository's own actions (`uses: ./…`) run from their
 * committed bundles through packages/testing's action runner, signing keyless against the local Sigstore stack with
 * an OIDC token for this workflow at this tag (ACTIONS_ID_TOKEN_REQUEST_URL), then verifying with the identity the
 * workflow computes (github.server_url/github.workflow_ref); `npm publish --dry-run` of the tarball (offline).
 * What is stood in for, and how:
 *  - actions/checkout: the job's workspace becomes a link farm of the current repository state (templates/ and
 *    scripts/ copied, so a step cannot change the repository); each job gets a fresh workspace, as on a fresh runner.
 *  - actions/setup-node: the Node 24 running this test is first on PATH.
 *  - actions/upload-artifact / download-artifact: copies through a directory per artifact name.
 *  - `npm ci` is skipped (node_modules is the repository's) and `npm run pack` copies the tarball that
 *    test/support/packed.ts built for the current build/ (the same scripts/pack.js), instead of packing again.
 *  - public-good Sigstore: the local stack's signing_config.json for the root action, its trusted root and OIDC
 *    issuer for the verify action (the only inputs the test changes).
 *  - the release job (after publish) runs with a recording `gh` stub: the GitHub API is not reachable here.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  githubWorkflowClaims,
  runActionDist,
  startGitHubApiDouble,
  startOidcIssuer,
  startSigstoreStack,
  type GitHubApiDouble,
  type OidcIssuer,
  type SigstoreStack,
} from '@custody/testing';
import { REPO_ROOT } from './support/measure.js';
import { packedTarball } from './support/packed.js';

const exec = promisify(execFile);
const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TAG = `v${version}`;
const REPO = 'custody-dev/custody';
const WORKFLOW_REF = `${REPO}/.github/workflows/release.yml@refs/tags/${TAG}`;

type Obj = Record<string, unknown>;
interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}
const workflow = parse(readFileSync(join(REPO_ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as {
  on: Obj;
  permissions: unknown;
  jobs: Record<string, Job>;
};

const isPublish = (s: Step) => typeof s.run === 'string' && /\bnpm\s+publish\b(?![^\n]*--dry-run)/.test(s.run);
const stepName = (s: Step, i: number) => s.name ?? s.id ?? s.uses ?? `step ${i + 1}`;

interface StepLog {
  job: string;
  step: string;
  code: number;
  output: string;
  /** The inputs an action step was run with (after expressions, defaults and the stack's stand-ins). */
  inputs?: Record<string, string>;
}

/** Runs release.yml's jobs the way a runner would; see the file comment for what is real and what stands in. */
class DryRun {
  readonly base = mkdtempSync(join(tmpdir(), 'custody-release-dry-run-'));
  readonly artifacts = join(this.base, 'artifacts');
  readonly bin = join(this.base, 'bin');
  readonly jobOutputs: Record<string, Record<string, string>> = {};
  /** Outputs of each step with an id, by job. */
  readonly stepOutputs: Record<string, Record<string, Record<string, string>>> = {};
  readonly log: StepLog[] = [];
  /** Calls made to the gh stub, one argv per line. */
  readonly ghCalls = join(this.base, 'gh-calls');
  private jobCount = 0;
  /** GitHub's REST API for the actions (a test double: GitHub cannot be reached from here). */
  githubApiUrl?: string;

  constructor(
    private readonly stack: SigstoreStack,
    private readonly tarball: string,
    private readonly ref = `refs/tags/${TAG}`,
  ) {
    mkdirSync(this.artifacts);
    mkdirSync(this.bin);
    // npm: `npm ci` skipped, `npm run pack` = the cached tarball; everything else is the real npm.
    const npm = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(this.bin, 'npm'),
      `#!/bin/sh
case "$1 $2" in
  "ci "*|"ci") echo "(dry run) npm $*: skipped, node_modules is the repository's"; exit 0 ;;
  "run pack") cp '${this.tarball}' . && echo "(dry run) npm run pack: the tarball test/support/packed.ts built"; exit 0 ;;
esac
exec '${npm}' "$@"
`,
      { mode: 0o755 },
    );
    writeFileSync(
      join(this.bin, 'gh'),
      `#!/bin/sh\necho "$*" >> '${this.ghCalls}'\ncase "$1 $2" in "release view") exit 1 ;; esac\nexit 0\n`,
      { mode: 0o755 },
    );
  }

  /** GitHub's default variables for a push of the tag, plus the job's RUNNER_TEMP and workspace. */
  githubEnv(workspace: string, temp: string): Record<string, string> {
    return {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: this.ref,
      GITHUB_REF_NAME: this.ref.replace(/^refs\/tags\//, ''),
      GITHUB_REF_TYPE: 'tag',
      GITHUB_REPOSITORY: REPO,
      GITHUB_REPOSITORY_OWNER: 'custody-dev',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKFLOW: 'release',
      GITHUB_WORKFLOW_REF: WORKFLOW_REF,
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_RUN_ID: '1',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: temp,
      RUNNER_OS: 'Linux',
      RUNNER_ENVIRONMENT: 'github-hosted',
      HOME: join(this.base, 'home'),
      PATH: [this.bin, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter),
      // No network for npm: offline, and a registry nobody listens on.
      npm_config_offline: 'true',
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_cache: join(this.base, 'npm-cache'),
      npm_config_update_notifier: 'false',
      ...this.stack.issuer.githubEnv(),
      ...(this.githubApiUrl ? { GITHUB_API_URL: this.githubApiUrl } : {}),
    };
  }

  /** `${{ expr }}` in a value, for the contexts release.yml uses; anything else fails the test. */
  evaluate(value: unknown, ctx: { steps: Record<string, Record<string, string>>; env: Record<string, string>; temp: string }): string {
    return String(value).replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, expr: string) => {
      let m: RegExpExecArray | null;
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr))) {
        const v = ctx.steps[m[1]!]?.[m[2]!];
        if (v === undefined) throw new Error(`\${{ ${expr} }}: step ${m[1]} set no output ${m[2]}`);
        return v;
      }
      if ((m = /^needs\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr))) {
        const v = this.jobOutputs[m[1]!]?.[m[2]!];
        if (v === undefined) throw new Error(`\${{ ${expr} }}: job ${m[1]} has no output ${m[2]}`);
        return v;
      }
      if ((m = /^env\.(\w+)$/.exec(expr))) return ctx.env[m[1]!] ?? '';
      if ((m = /^secrets\.(\w+)$/.exec(expr))) return `dry-run-secret-${m[1]}`;
      const github: Record<string, string> = {
        'github.server_url': 'https://github.com',
        'github.workflow_ref': WORKFLOW_REF,
        'github.ref': this.ref,
        'github.ref_name': this.ref.replace(/^refs\/tags\//, ''),
        'github.repository': REPO,
        'github.token': 'dry-run-github-token',
        'runner.temp': ctx.temp,
      };
      if (expr in github) return github[expr]!;
      throw new Error(`the dry run does not evaluate \${{ ${expr} }}`);
    });
  }

  /** Runs one job; stops before a step for which `stopAt` is true. Returns the steps run and whether it stopped. */
  async runJob(
    id: string,
    options: { stopAt?: (s: Step) => boolean; only?: (s: Step) => boolean; afterCheckout?: (workspace: string) => void } = {},
  ): Promise<{ stoppedAt?: Step; workspace: string; temp: string }> {
    const job = workflow.jobs[id]!;
    const n = ++this.jobCount;
    const workspace = join(this.base, `job${n}-${id}`, 'workspace');
    const temp = join(this.base, `job${n}-${id}`, 'temp');
    mkdirSync(workspace, { recursive: true });
    mkdirSync(temp, { recursive: true });
    mkdirSync(join(this.base, 'home'), { recursive: true });
    const base = this.githubEnv(workspace, temp);
    const steps: Record<string, Record<string, string>> = {};
    this.stepOutputs[id] = steps;
    const ctx = { steps, env: {} as Record<string, string>, temp };
    for (const [k, v] of Object.entries(job.env ?? {})) ctx.env[k] = this.evaluate(v, ctx);

    for (const [i, step] of job.steps.entries()) {
      if (options.stopAt?.(step)) return { stoppedAt: step, workspace, temp };
      if (options.only && !options.only(step)) continue;
      if (step.if !== undefined) throw new Error(`the dry run does not evaluate if: on ${stepName(step, i)}`);
      const stepEnv: Record<string, string> = { ...ctx.env };
      for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = this.evaluate(v, { ...ctx, env: stepEnv });
      const withs: Record<string, string> = {};
      for (const [k, v] of Object.entries(step.with ?? {})) withs[k] = this.evaluate(v, { ...ctx, env: stepEnv });
      const r =
        step.run !== undefined
          ? await this.runScript(step.run, workspace, temp, { ...base, ...stepEnv })
          : await this.runUses(step.uses!, withs, workspace, temp, { ...base, ...stepEnv });
      this.log.push({ job: id, step: stepName(step, i), code: r.code, output: r.output, ...('inputs' in r ? { inputs: r.inputs } : {}) });
      if (r.code !== 0) throw new Error(`release.yml job ${id}, step "${stepName(step, i)}" failed (exit ${r.code}):\n${r.output}`);
      if (step.id) steps[step.id] = r.outputs;
      if (step.uses?.startsWith('actions/checkout@')) options.afterCheckout?.(workspace);
    }
    const outputs: Record<string, string> = {};
    for (const [k, v] of Object.entries(job.outputs ?? {})) outputs[k] = this.evaluate(v, ctx);
    this.jobOutputs[id] = outputs;
    return { workspace, temp };
  }

  async runScript(script: string, cwd: string, temp: string, env: Record<string, string>) {
    if (/\$\{\{/.test(script)) throw new Error(`a run: script holds an expression (pass it through env: instead): ${script}`);
    const dir = mkdtempSync(join(temp, 'step-'));
    const files = {
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_ENV: join(dir, 'env'),
      GITHUB_PATH: join(dir, 'path'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    };
    for (const f of Object.values(files)) writeFileSync(f, '');
    writeFileSync(join(dir, 'script.sh'), script);
    let code = 0;
    let output = '';
    try {
      const r = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(dir, 'script.sh')], {
        cwd,
        env: { ...env, ...files },
        maxBuffer: 64 << 20,
      });
      output = r.stdout + r.stderr;
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      code = typeof e.code === 'number' ? e.code : 1;
      output = (e.stdout ?? '') + (e.stderr ?? '');
    }
    return { code, output, outputs: parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8')) };
  }

  async runUses(uses: string, withs: Record<string, string>, workspace: string, temp: string, env: Record<string, string>) {
    const remote = uses.split('@')[0]!;
    if (remote === 'actions/checkout') {
      for (const name of readdirSync(REPO_ROOT)) {
        if (name === '.git') continue;
        // Copied, not linked: a script resolves its own path through links (node does), and scripts/pin-templates.js
        // rewrites templates/ next to it; the repository's own must stay as they are.
        if (name === 'templates' || name === 'scripts') cpSync(join(REPO_ROOT, name), join(workspace, name), { recursive: true });
        else symlinkSync(join(REPO_ROOT, name), join(workspace, name));
      }
      return { code: 0, output: '(dry run) checkout: the current repository state', outputs: {} };
    }
    if (remote === 'actions/setup-node') {
      expect(String(withs['node-version'])).toBe('24');
      return { code: 0, output: `(dry run) setup-node: ${process.version} first on PATH`, outputs: {} };
    }
    if (remote === 'actions/upload-artifact') {
      const into = join(this.artifacts, withs.name!);
      mkdirSync(into, { recursive: true });
      const paths = withs
        .path!.split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      for (const p of paths) {
        const from = isAbsolute(p) ? p : join(workspace, p);
        if (!existsSync(from)) return { code: 1, output: `upload-artifact: ${p} does not exist (if-no-files-found: error)`, outputs: {} };
        if (statSync(from).isDirectory()) cpSync(from, into, { recursive: true });
        else cpSync(from, join(into, basename(from)));
      }
      return { code: 0, output: `(dry run) uploaded ${readdirSync(into).join(', ')} as ${withs.name}`, outputs: {} };
    }
    if (remote === 'actions/download-artifact') {
      const from = join(this.artifacts, withs.name!);
      if (!existsSync(from)) return { code: 1, output: `download-artifact: no artifact named ${withs.name}`, outputs: {} };
      const to = withs.path ? join(workspace, withs.path) : workspace;
      cpSync(from, to, { recursive: true });
      return { code: 0, output: `(dry run) downloaded ${withs.name} into ${to}`, outputs: {} };
    }
    if (!uses.startsWith('./')) throw new Error(`the dry run does not know the action ${uses}`);
    // This repository's own action, from the workspace, with the action.yml defaults the runner fills in.
    const dir = join(workspace, uses);
    const meta = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as {
      inputs?: Record<string, { default?: string }>;
      runs: { main: string };
    };
    const inputs: Record<string, string> = {};
    for (const [k, v] of Object.entries(meta.inputs ?? {}))
      if (v.default !== undefined) inputs[k] = this.evaluate(String(v.default), { steps: {}, env, temp });
    Object.assign(inputs, withs);
    // The local Sigstore stack stands in for public-good Sigstore: the only inputs the dry run changes.
    if (uses === './') inputs['signing-config'] = this.stack.signingConfigPath;
    if (uses === './actions/verify') {
      inputs['certificate-oidc-issuer'] = this.stack.issuer.url;
      inputs['trusted-root'] = this.stack.trustedRootPath;
    }
    const r = await runActionDist(join(dir, meta.runs.main), inputs, { cwd: workspace, env: { ...env, RUNNER_TEMP: temp } });
    return { code: r.code ?? 1, output: r.stdout + r.stderr, outputs: r.outputs, inputs };
  }
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) value.push(lines[i]!);
      out[heredoc[1]!] = value.join('\n');
    } else if (lines[i]!.includes('=')) out[lines[i]!.slice(0, lines[i]!.indexOf('='))] = lines[i]!.slice(lines[i]!.indexOf('=') + 1);
  }
  return out;
}

describe('release.yml (dry run up to the npm publish step)', () => {
  let issuer: OidcIssuer;
  let stack: SigstoreStack;
  let tarball: string;
  let dry: DryRun;
  let githubApi: GitHubApiDouble;

  beforeAll(async () => {
    // The job token of release.yml's attest job has no attestations: write, so GitHub refuses its uploads: the double
    // knows it as a read-only token.
    githubApi = await startGitHubApiDouble({
      repos: { [REPO]: 1 },
      token: 'a-token-with-attestations-write',
      readOnlyToken: 'dry-run-github-token',
    });
    issuer = await startOidcIssuer({ defaultClaims: githubWorkflowClaims(REPO, `refs/tags/${TAG}`) });
    [stack, tarball] = await Promise.all([startSigstoreStack({ issuer }), packedTarball()]);
    dry = new DryRun(stack, tarball);
    dry.githubApiUrl = githubApi.url;
  }, 240_000);
  afterAll(async () => {
    await githubApi?.stop();
    await stack?.close();
    await issuer?.close();
    if (dry) rmSync(dry.base, { recursive: true, force: true });
  });

  it('is shaped as a release: version tags, nothing granted at the top, build -> attest -> publish -> release', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*.*.*'] } });
    expect(workflow.permissions).toEqual({});
    expect(Object.keys(workflow.jobs)).toEqual(['build', 'attest', 'publish', 'release']);
    expect(workflow.jobs.attest!.needs).toBe('build');
    expect(workflow.jobs.publish!.needs).toEqual(['build', 'attest']);
    expect(workflow.jobs.release!.needs).toEqual(['build', 'attest', 'publish']);
    expect(workflow.jobs.build!.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.attest!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(workflow.jobs.publish!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(workflow.jobs.release!.permissions).toEqual({ contents: 'write' });
    // Custody's own actions attest the package: provenance and SBOM (the root action), then verify it.
    expect(workflow.jobs.attest!.steps.map((s) => s.uses).filter((u) => u?.startsWith('./'))).toEqual(['./', './actions/verify']);
    // npm's own provenance, with the token from the NPM_TOKEN secret; the registry set by setup-node.
    const publish = workflow.jobs.publish!.steps.find(isPublish)!;
    expect(publish.run).toMatch(/^npm publish --provenance --access public "\.\/\$TARBALL"$/);
    expect(publish.env).toMatchObject({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}', TARBALL: '${{ needs.build.outputs.tarball }}' });
    expect(workflow.jobs.publish!.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!.with).toMatchObject({
      'registry-url': 'https://registry.npmjs.org',
    });
    expect(
      workflow.jobs.publish!.steps.some((s) => s.uses?.startsWith('actions/checkout@')),
      'no checkout where the npm token is',
    ).toBe(false);
  });

  it("fails the build when the tag is not package.json's version, saying which", async () => {
    const wrong = new DryRun(stack, tarball, 'refs/tags/v9.9.9');
    try {
      await expect(
        wrong.runJob('build', { only: (s) => s.id === 'version' || (s.uses ?? '').startsWith('actions/checkout@') }),
      ).rejects.toThrow(
        new RegExp(
          `::error::The tag v9\\.9\\.9 does not match package\\.json's version ${version.replace(/\./g, '\\.')}: a release is tagged v${version.replace(/\./g, '\\.')}`,
        ),
      );
    } finally {
      rmSync(wrong.base, { recursive: true, force: true });
    }
  });

  it("shows the templates pinned to the release: scripts/pin-templates.js gets the version and npm's integrity of the tarball", async () => {
    // A stand-in for scripts/pin-templates.js (another change writes the real one): it records its arguments.
    const pinDry = new DryRun(stack, tarball);
    try {
      const job = await pinDry.runJob('build', {
        only: (s) =>
          s.id === 'version' || s.id === 'pack' || /^Templates pinned/.test(s.name ?? '') || (s.uses ?? '').startsWith('actions/checkout@'),
        afterCheckout: (ws) =>
          writeFileSync(
            join(ws, 'scripts', 'pin-templates.js'),
            "import { appendFileSync } from 'node:fs';\nappendFileSync('templates/gitlab-ci.yml', `# pinned ${process.argv[2]} ${process.argv[3]}\\n`);\n",
          ),
      });
      const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
      expect(pinDry.stepOutputs.build!.pack).toEqual({ tarball: `custody-${version}.tgz`, integrity });
      const pin = pinDry.log.find((l) => /^Templates pinned/.test(l.step))!;
      expect(pin.output).toContain(`+# pinned ${version} ${integrity}`);
      expect(readFileSync(join(job.workspace, 'templates', 'gitlab-ci.yml'), 'utf8')).toContain(`# pinned ${version} ${integrity}`);
      expect(readFileSync(join(REPO_ROOT, 'templates', 'gitlab-ci.yml'), 'utf8')).not.toContain('# pinned');
    } finally {
      rmSync(pinDry.base, { recursive: true, force: true });
    }
  });

  it(`runs build and attest for ${TAG}, and publish up to npm publish: tarball, capture, provenance + SBOM signed and verified`, async () => {
    const build = await dry.runJob('build');
    expect(dry.jobOutputs.build).toEqual({ version, tarball: `custody-${version}.tgz` });
    const log = (job: string, step: RegExp) => dry.log.find((l) => l.job === job && step.test(l.step))!;
    expect(log('build', /^The tag must be/).code).toBe(0);
    expect(log('build', /publish \(dry run\)/).output).toMatch(new RegExp(`\\+ custody@${version.replace(/\./g, '\\.')}`));
    expect(log('build', /^Templates pinned/).code).toBe(0);
    expect(readdirSync(join(dry.artifacts, 'package')).sort()).toEqual([`custody-${version}.tgz`, 'custody-capture.json']);
    // The workspace's templates are a copy: whatever pin-templates did there, the repository's stay as they are.
    expect(existsSync(join(build.workspace, 'templates'))).toBe(true);

    const attest = await dry.runJob('attest');
    // The root action tries GitHub's attestations API with the job token (store-github: auto); the job does not grant
    // attestations: write, so both uploads are refused and the step warns, as documented, and goes on.
    expect(githubApi.requests.filter((q) => q.method === 'POST').map((q) => q.status)).toEqual([403, 403]);
    expect(log('attest', /^SLSA provenance/).output).toMatch(/::warning::.*not stored with GitHub.*GITHUB_FORBIDDEN/);
    const verified = log('attest', /^Verify both/);
    expect(verified.output).toMatch(/custody-[\d.]+\.tgz passed \(2 attestation/);
    expect(verified.inputs).toMatchObject({
      'certificate-identity': `https://github.com/${WORKFLOW_REF}`,
      'subject-path': `custody-${version}.tgz`,
    });
    // The verify step is a gate: the same step with another identity fails the job.
    const other = await runActionDist(
      join(attest.workspace, 'actions', 'verify', 'dist', 'index.js'),
      { ...verified.inputs, 'certificate-identity': `https://github.com/${REPO}/.github/workflows/ci.yml@refs/heads/main` },
      {
        cwd: attest.workspace,
        env: dry.githubEnv(attest.workspace, attest.temp),
      },
    );
    expect(other.code, other.stdout).toBe(1);
    expect(readdirSync(join(dry.artifacts, 'attestations')).sort()).toEqual([
      `custody-${version}.cdx.json`,
      `custody-${version}.provenance.sigstore.json`,
      `custody-${version}.sbom.sigstore.json`,
    ]);
    // The provenance names the tarball by digest and this workflow at this tag as the builder.
    const bundle = JSON.parse(readFileSync(join(dry.artifacts, 'attestations', `custody-${version}.provenance.sigstore.json`), 'utf8')) as {
      dsseEnvelope: { payload: string };
    };
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as {
      subject: Array<{ name: string; digest: { sha256: string } }>;
      predicate: { runDetails: { builder: { id: string } } };
    };
    const sha256 = (await exec('sha256sum', [tarball])).stdout.split(' ')[0];
    expect(statement.subject).toEqual([{ name: `custody-${version}.tgz`, digest: { sha256 } }]);
    expect(statement.predicate.runDetails.builder.id).toBe(`https://github.com/${WORKFLOW_REF}`);

    // Publish: everything before `npm publish --provenance` runs; that step does not.
    const publish = await dry.runJob('publish', { stopAt: isPublish });
    expect(publish.stoppedAt?.run).toMatch(/^npm publish --provenance/);
    expect(readFileSync(join(publish.workspace, `custody-${version}.tgz`))).toEqual(readFileSync(tarball));

    // Anyone can check the package with custody verify and the release's bundles, as docs/release.md says.
    const cli = join(REPO_ROOT, 'bin', 'custody.js');
    const check = await exec(
      process.execPath,
      [
        cli,
        'verify',
        join(publish.workspace, `custody-${version}.tgz`),
        '--bundle',
        join(dry.artifacts, 'attestations', `custody-${version}.provenance.sigstore.json`),
        '--bundle',
        join(dry.artifacts, 'attestations', `custody-${version}.sbom.sigstore.json`),
        '--certificate-identity',
        `https://github.com/${WORKFLOW_REF}`,
        '--certificate-oidc-issuer',
        issuer.url,
        '--trusted-root',
        stack.trustedRootPath,
        '--predicate-type',
        'https://slsa.dev/provenance/v1',
        '--predicate-type',
        'https://cyclonedx.org/bom',
      ],
      { cwd: dry.base },
    );
    expect(check.stdout).toMatch(/PASSED/);
  }, 120_000);

  it('the release job (after publish, with a recording gh) uploads the tarball, its SBOM, both bundles and SHA256SUMS', async () => {
    // Needs the artifacts and job outputs of the previous test (same DryRun); publish is taken as done.
    expect(dry.jobOutputs.build, 'the build and attest jobs ran first').toBeDefined();
    const release = await dry.runJob('release');
    const calls = readFileSync(dry.ghCalls, 'utf8').trim().split('\n');
    expect(calls[0]).toBe(`release view ${TAG} --repo ${REPO}`);
    expect(calls[1]).toBe(
      `release create ${TAG} --repo ${REPO} --verify-tag --title Custody ${version} --notes npm install custody@${version} - how to verify it: docs/release.md`,
    );
    expect(calls[2]).toBe(
      `release upload ${TAG} --repo ${REPO} --clobber custody-${version}.tgz custody-${version}.provenance.sigstore.json custody-${version}.sbom.sigstore.json custody-${version}.cdx.json SHA256SUMS`,
    );
    const sums = readFileSync(join(release.workspace, 'assets', 'SHA256SUMS'), 'utf8');
    expect(sums).toContain(`  custody-${version}.tgz\n`);
    expect(sums.trim().split('\n')).toHaveLength(4);
  });
});

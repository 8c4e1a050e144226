/**
 * Runs the CI templates in templates/ the way each platform would: the job scripts are taken from the template file
 * as written (YAML parsed with `yaml`; the Jenkinsfile through a small, strict extractor that refuses any step it
 * cannot read), and run in order by a real shell, each job in a fresh copy of the project, with that platform's
 * documented environment variables, its way of passing artifacts between jobs, and its way of handing out OIDC
 * tokens (shaped as the platform documents them, signed by the local issuer).
 *
 * Test doubles, and only these: `buildkite-agent` (oidc request-token, artifact download) and `circleci`
 * (run oidc get) are small scripts on PATH that answer as the real tools do, with tokens from the local issuer; the
 * Azure tasks UseNode@1 (checks the Node on PATH) and DownloadSecureFile@1 (copies a file the test put in the
 * "secure files" store) and the Jenkins credentials binding (files and strings the test put in the "credentials
 * store") are done by the runner. Everything else — npm, node, custody, the shell — is real.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import type { JwtClaims, OidcIssuer } from '@custody/testing';
import { REPO_ROOT } from './measure.js';

export type Platform = 'gitlab' | 'buildkite' | 'circleci' | 'jenkins' | 'azure' | 'bitbucket';

export const TEMPLATE_FILES: Record<Platform, string> = {
  gitlab: 'gitlab-ci.yml',
  buildkite: 'buildkite-pipeline.yml',
  circleci: 'circleci-config.yml',
  jenkins: 'Jenkinsfile',
  azure: 'azure-pipelines.yml',
  bitbucket: 'bitbucket-pipelines.yml',
};

export interface StepResult {
  job: string;
  step: string;
  code: number;
  output: string;
  ms: number;
}

export interface PipelineResult {
  /** Exit code of the first failing step, else 0. */
  code: number;
  steps: StepResult[];
  /** Jobs that ran, in order. */
  jobs: string[];
  /** The workspace of each job that ran (kept until the runner is closed). */
  workspaces: Record<string, string>;
  output: string;
}

/** Hands out tokens to the platform CLI doubles: GET /token?job=<secret>&audience=<aud>. */
export class TokenService {
  private server: Server | undefined;
  private jobs = new Map<string, JwtClaims>();
  url = '';
  readonly requests: Array<{ audience: string | null }> = [];
  constructor(private readonly issuer: OidcIssuer) {}
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', this.url);
      const claims = this.jobs.get(u.searchParams.get('job') ?? '');
      if (u.pathname !== '/token' || !claims) {
        res.writeHead(401).end('no such job');
        return;
      }
      const audience = u.searchParams.get('audience');
      this.requests.push({ audience });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(this.issuer.mint({ ...claims, ...(audience ? { aud: audience } : {}) }));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  /** Registers a job's claims; returns the URL its CLI double asks (the secret names the job). */
  register(claims: JwtClaims): string {
    const secret = randomBytes(12).toString('hex');
    this.jobs.set(secret, claims);
    return `${this.url}/token?job=${secret}`;
  }
  close(): Promise<void> {
    return new Promise((r) => (this.server ? (this.server.closeAllConnections(), this.server.close(() => r())) : r()));
  }
}

// ---- the CLI doubles (written at start; node scripts on PATH) ----

const GLOB_JS = `function globRe(p) {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') { re += '.*'; i++; if (p[i + 1] === '/') i++; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^\${}()|[\\]\\\\]/g, '\\\\$&');
  }
  return new RegExp('^' + re + '$');
}
function walk(dir, base = dir, out = []) {
  for (const e of require('fs').readdirSync(dir, { withFileTypes: true })) {
    const p = require('path').join(dir, e.name);
    if (e.isDirectory()) walk(p, base, out); else out.push(require('path').relative(base, p));
  }
  return out;
}`;

const BUILDKITE_AGENT = `#!/usr/bin/env node
// Test double of buildkite-agent: \`oidc request-token [--audience A]\` prints a token from the local issuer with the
// job's claims (as the agent asks Buildkite for one); \`artifact download PATTERN DEST\` copies the build's uploaded
// artifacts (the runner uploads each step's artifact_paths). Anything else fails, so the template cannot use more.
${GLOB_JS}
const fs = require('fs'), path = require('path');
const a = process.argv.slice(2);
const die = (m) => { process.stderr.write('buildkite-agent (test double): ' + m + '\\n'); process.exit(1); };
(async () => {
  if (a[0] === 'oidc' && a[1] === 'request-token') {
    const i = a.indexOf('--audience');
    const aud = i === -1 ? 'https://buildkite.com/' + process.env.BUILDKITE_ORGANIZATION_SLUG : a[i + 1];
    const res = await fetch(process.env.CUSTODY_TEST_TOKEN_URL + '&audience=' + encodeURIComponent(aud));
    if (!res.ok) die('token request failed: HTTP ' + res.status);
    process.stdout.write(await res.text() + '\\n');
  } else if (a[0] === 'artifact' && a[1] === 'download' && a.length === 4) {
    const store = process.env.CUSTODY_TEST_BUILDKITE_ARTIFACTS;
    const re = globRe(a[2]);
    const hits = fs.existsSync(store) ? walk(store).filter((f) => re.test(f)) : [];
    if (!hits.length) die('no artifacts match ' + a[2]);
    for (const f of hits) { const to = path.join(a[3], f); fs.mkdirSync(path.dirname(to), { recursive: true }); fs.copyFileSync(path.join(store, f), to); }
  } else die('unsupported: ' + a.join(' '));
})().catch((e) => die(String(e)));
`;

const CIRCLECI = `#!/usr/bin/env node
// Test double of the CircleCI CLI in a job: \`circleci run oidc get --claims '{"aud": "..."}'\` prints a token from
// the local issuer with the job's claims and that audience. As CircleCI documents, only aud can be customized.
const a = process.argv.slice(2);
const die = (m) => { process.stderr.write('circleci (test double): ' + m + '\\n'); process.exit(1); };
(async () => {
  if (a[0] !== 'run' || a[1] !== 'oidc' || a[2] !== 'get') die('unsupported: ' + a.join(' '));
  const i = a.indexOf('--claims');
  let aud;
  if (i !== -1) {
    const claims = JSON.parse(a[i + 1]);
    const keys = Object.keys(claims);
    if (keys.some((k) => k !== 'aud')) die('only the aud claim can be customized');
    aud = claims.aud;
  }
  const res = await fetch(process.env.CUSTODY_TEST_TOKEN_URL + (aud ? '&audience=' + encodeURIComponent(aud) : ''));
  if (!res.ok) die('token request failed: HTTP ' + res.status);
  process.stdout.write(await res.text());
})().catch((e) => die(String(e)));
`;

// ---- small helpers ----

function globRe(p: string): RegExp {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      re += '.*';
      i++;
      if (p[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walk(dir: string, base = dir, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.name === '.git' || e.name === 'node_modules') continue;
    if (e.isDirectory()) walk(p, base, out);
    else out.push(relative(base, p));
  }
  return out;
}

/** Copies the files of `from` matching any pattern (a glob, or a directory name ending in / or not) into `to`. */
function copyMatching(from: string, to: string, patterns: string[]): number {
  let n = 0;
  const files = walk(from);
  for (const pattern of patterns) {
    const clean = pattern.replace(/\/$/, '');
    const re = globRe(clean);
    for (const f of files) {
      if (re.test(f) || f.startsWith(`${clean}/`)) {
        mkdirSync(dirname(join(to, f)), { recursive: true });
        cpSync(join(from, f), join(to, f));
        n++;
      }
    }
  }
  return n;
}

function runShell(
  argv: string[],
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const file = join(mkdtempSync(join(tmpdir(), 'custody-step-')), 'step.sh');
    writeFileSync(file, script);
    const child = spawn(argv[0]!, [...argv.slice(1), file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      rmSync(dirname(file), { recursive: true, force: true });
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

const asList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
/** Script lists may nest (YAML anchors of lists inside lists): GitLab and Bitbucket flatten them. */
const flatScript = (v: unknown, where: string): string[] =>
  asList(v).flatMap((x) => {
    if (Array.isArray(x)) return flatScript(x, where);
    if (typeof x !== 'string') throw new Error(`${where}: a script entry is not a string: ${JSON.stringify(x)}`);
    return [x];
  });
const strMap = (v: unknown, where: string): Record<string, string> => {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error(`${where}: not a mapping`);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
};
function only(obj: Record<string, unknown>, keys: string[], where: string): void {
  const extra = Object.keys(obj).filter((k) => !keys.includes(k));
  if (extra.length) throw new Error(`${where}: the runner does not know ${extra.join(', ')} (extend the runner, do not ignore it)`);
}

/** GitLab's variable expansion ($VAR, ${VAR}), repeated for nested references. */
function expandGitLab(value: string, vars: Record<string, string>): string {
  let out = value;
  for (let i = 0; i < 5; i++) {
    const next = out.replace(/\$(?:\{(\w+)\}|(\w+))/g, (_m, a: string | undefined, b: string | undefined) => vars[(a ?? b)!] ?? '');
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * GitLab `rules: if:` expressions, the part the templates use: `$VAR`, "string", `==`, `!=`, `&&`, `||`. Anything
 * else throws (an unreadable rule must fail the test, not run or skip a job silently).
 */
export function evalGitLabIf(expr: string, vars: Record<string, string | undefined>): boolean {
  const ors = expr.split('||');
  return ors.some((or) =>
    or.split('&&').every((clause) => {
      const m = /^\s*(\$\w+|"[^"]*")\s*(?:(==|!=)\s*(\$\w+|"[^"]*"))?\s*$/.exec(clause);
      if (!m) throw new Error(`rules: cannot evaluate "${clause.trim()}"`);
      const val = (t: string): string | undefined => (t.startsWith('$') ? vars[t.slice(1)] : t.slice(1, -1));
      const left = val(m[1]!);
      if (!m[2]) return left !== undefined && left !== '';
      const right = val(m[3]!);
      return m[2] === '==' ? left === right : left !== right;
    }),
  );
}

/** Buildkite's upload-time interpolation: `$$` is a literal `$`; $VAR, ${VAR}, ${VAR:-default} from the upload env. */
export function interpolateBuildkite(text: string, env: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)/g,
    (m, a: string | undefined, def: string | undefined, b: string | undefined) => {
      if (m === '$$') return '$';
      const v = env[(a ?? b)!];
      return v !== undefined && v !== '' ? v : (def ?? '');
    },
  );
}

// ---- the Jenkinsfile extractor ----

export interface JenkinsStep {
  stage: string;
  /** The shell script of a `sh` step. */
  script: string;
  /** Credentials bound around the step (withCredentials). */
  bindings: Array<{ kind: 'file' | 'string'; credentialsId: string; variable: string }>;
}

export interface JenkinsPipeline {
  environment: Array<{ name: string; value?: string; credentialsId?: string }>;
  steps: JenkinsStep[];
  archives: string[];
}

/**
 * A strict reader of the declarative Jenkinsfile subset the template uses: `pipeline`, `agent` (one line),
 * `environment` (NAME = 'value' | credentials('id')), `stages`/`stage('x')`/`steps`, `sh '...'` and `sh '''...'''`
 * steps (single-quoted only: Groovy does not interpolate them, so the script is exactly what the shell gets),
 * `withCredentials([file(...), string(...)]) {`, and `post { always { archiveArtifacts ... } }`. Any other line
 * throws with its line number.
 */
export function extractJenkinsfile(text: string): JenkinsPipeline {
  const lines = text.split('\n');
  const out: JenkinsPipeline = { environment: [], steps: [], archives: [] };
  const stack: Array<{ kind: string; bindings?: JenkinsStep['bindings'] }> = [];
  let stage = '';
  const top = () => stack[stack.length - 1]?.kind;
  const bindings = () => stack.flatMap((s) => s.bindings ?? []);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    const where = `Jenkinsfile:${i + 1}`;
    if (line === '' || line.startsWith('//')) continue;
    if (line === '}') {
      if (!stack.pop()) throw new Error(`${where}: unbalanced }`);
      continue;
    }
    let m: RegExpExecArray | null;
    if (line === 'pipeline {' && stack.length === 0) stack.push({ kind: 'pipeline' });
    else if (top() === 'pipeline' && /^agent \{.*\}$/.test(line)) continue;
    else if (top() === 'pipeline' && line === 'environment {') stack.push({ kind: 'environment' });
    else if (top() === 'environment' && (m = /^(\w+) = (?:'([^'\\]*)'|credentials\('([\w.-]+)'\))$/.exec(line))) {
      out.environment.push({ name: m[1]!, ...(m[2] !== undefined ? { value: m[2] } : { credentialsId: m[3]! }) });
    } else if (top() === 'pipeline' && line === 'stages {') stack.push({ kind: 'stages' });
    else if (top() === 'stages' && (m = /^stage\('([^']+)'\) \{$/.exec(line))) {
      stage = m[1]!;
      stack.push({ kind: 'stage' });
    } else if (top() === 'stage' && line === 'steps {') stack.push({ kind: 'steps' });
    else if ((top() === 'steps' || top() === 'with') && (m = /^withCredentials\(\[(.*)\]\) \{$/.exec(line))) {
      const b: JenkinsStep['bindings'] = [];
      const parts = m[1]!.split(/\),\s*/).map((p) => p.replace(/\)$/, ''));
      for (const p of parts) {
        const bm = /^(file|string)\(credentialsId: '([\w.-]+)', variable: '(\w+)'$/.exec(p.trim());
        if (!bm) throw new Error(`${where}: cannot read the binding "${p}"`);
        b.push({ kind: bm[1] as 'file' | 'string', credentialsId: bm[2]!, variable: bm[3]! });
      }
      stack.push({ kind: 'with', bindings: b });
    } else if ((top() === 'steps' || top() === 'with') && (m = /^sh '''(.*)'''$/.exec(line))) {
      out.steps.push({ stage, script: m[1]!, bindings: bindings() });
    } else if ((top() === 'steps' || top() === 'with') && line === "sh '''") {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i]!.trim() !== "'''"; i++) body.push(lines[i]!);
      if (i >= lines.length) throw new Error(`${where}: sh ''' is not closed`);
      const script = body.join('\n');
      if (script.includes('\\'))
        throw new Error(`${where}: a backslash in a Groovy string is an escape; the runner cannot read it as written`);
      out.steps.push({ stage, script, bindings: bindings() });
    } else if ((top() === 'steps' || top() === 'with') && (m = /^sh '([^'\\]*)'$/.exec(line))) {
      out.steps.push({ stage, script: m[1]!, bindings: bindings() });
    } else if (top() === 'pipeline' && line === 'post {') stack.push({ kind: 'post' });
    else if (top() === 'post' && (m = /^always \{ archiveArtifacts artifacts: '([^']+)', allowEmptyArchive: true \}$/.exec(line))) {
      out.archives.push(...m[1]!.split(',').map((s) => s.trim()));
    } else throw new Error(`${where}: the extractor cannot read "${line}" here (in ${top() ?? 'nothing'})`);
  }
  if (stack.length) throw new Error('Jenkinsfile: unclosed block');
  if (!out.steps.length) throw new Error('Jenkinsfile: no sh steps');
  return out;
}

// ---- the runner ----

export interface RunnerOptions {
  /** Directory holding the (pinned) templates. */
  templatesDir: string;
  /** The project every job checks out (copied per job). */
  project: string;
  issuer: OidcIssuer;
  tokens: TokenService;
  /** npm registry (the double serving the packed tarball). */
  npmRegistry: string;
  /** Shared npm cache (the runner's cache volume). */
  npmCache: string;
  /** Environment that redirects Sigstore to the local stack (CUSTODY_SIGNING_CONFIG, CUSTODY_TRUSTED_ROOT). */
  sigstoreEnv: Record<string, string>;
  /** Environment of the machines of one platform (e.g. GitLab's: the proxy to the gitlab.com discovery double). */
  platformEnv?: Partial<Record<Platform, Record<string, string>>>;
}

export interface PipelineRun {
  platform: Platform;
  /** Platform variables of the project (who it is, which branch); merged into the documented env per platform. */
  context: Record<string, string>;
  /** Variables set outside the file: project CI/CD variables, secrets (e.g. CUSTODY_IMAGE). */
  variables?: Record<string, string>;
  /** Values a user fills into the template (declared keys only: e.g. CircleCI's IDs). */
  fill?: Record<string, string>;
  /** Jenkins credentials / Azure secure files: id -> content. */
  secrets?: Record<string, string>;
  /** Claims of the OIDC token the platform would issue (keyless platforms). */
  claims?: JwtClaims;
  /** Only these jobs (by name), e.g. only `verify` with artifacts from another run. */
  jobs?: string[];
  /** Artifacts to start with (another run's job workspace: copied in as if an earlier job made them). */
  artifactsFrom?: string;
}

export class TemplateRunner {
  private readonly root = mkdtempSync(join(tmpdir(), 'custody-templates-'));
  private readonly bin = join(this.root, 'bin');
  private n = 0;
  /** Every step that ran: platform job / step and its wall time (for the test's timing line). */
  readonly timings: Array<{ job: string; step: string; ms: number }> = [];
  constructor(private readonly o: RunnerOptions) {
    mkdirSync(this.bin, { recursive: true });
    writeFileSync(join(this.bin, 'buildkite-agent'), BUILDKITE_AGENT);
    writeFileSync(join(this.bin, 'circleci'), CIRCLECI);
    chmodSync(join(this.bin, 'buildkite-agent'), 0o755);
    chmodSync(join(this.bin, 'circleci'), 0o755);
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  templateText(platform: Platform): string {
    return readFileSync(join(this.o.templatesDir, TEMPLATE_FILES[platform]), 'utf8');
  }

  /** The custody a job installed (its machine's global npm prefix), for steps the test takes itself. */
  static installedCli(workspace: string): string {
    const local = join(workspace, 'node_modules', '.bin', 'custody');
    return existsSync(local) ? local : join(dirname(workspace), 'npm-global', 'bin', 'custody');
  }

  /** A fresh machine: a checkout of the project (or an empty dir) and its own npm global prefix. */
  private machine(name: string, checkout = true): { dir: string; ws: string; env: NodeJS.ProcessEnv } {
    const dir = join(this.root, `${++this.n}-${name.replace(/[^\w-]/g, '_')}`);
    const ws = join(dir, 'build');
    if (checkout) cpSync(this.o.project, ws, { recursive: true });
    else mkdirSync(ws, { recursive: true });
    const prefix = join(dir, 'npm-global');
    mkdirSync(join(prefix, 'bin'), { recursive: true });
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    const system = (process.env.PATH ?? '').split(delimiter).filter((p) => p && !p.startsWith(REPO_ROOT));
    const env: NodeJS.ProcessEnv = {
      // The CI image: Node 24 and npm, a global npm prefix on PATH, the platform's own tools.
      PATH: [this.bin, join(prefix, 'bin'), dirname(process.execPath), ...system].join(delimiter),
      HOME: home,
      LANG: 'C.UTF-8',
      npm_config_prefix: prefix,
      npm_config_cache: this.o.npmCache,
      npm_config_registry: this.o.npmRegistry,
      npm_config_update_notifier: 'false',
      CI: 'true',
    };
    return { dir, ws, env };
  }

  private async step(
    result: PipelineResult,
    job: string,
    step: string,
    argv: string[],
    script: string,
    cwd: string,
    env: NodeJS.ProcessEnv,
  ): Promise<boolean> {
    const start = performance.now();
    const r = await runShell(argv, script, cwd, env);
    result.steps.push({ job, step, code: r.code, output: r.output, ms: Math.round(performance.now() - start) });
    this.timings.push({ job, step, ms: Math.round(performance.now() - start) });
    result.output += `--- ${job} / ${step} (exit ${r.code}, ${Math.round(performance.now() - start)} ms)\n${r.output}`;
    if (r.code !== 0 && result.code === 0) result.code = r.code;
    return r.code === 0;
  }

  private seed(ws: string, run: PipelineRun): void {
    if (run.artifactsFrom) cpSync(run.artifactsFrom, ws, { recursive: true, filter: (src) => !/\/(\.git|node_modules)(\/|$)/.test(src) });
  }

  async run(run: PipelineRun): Promise<PipelineResult> {
    const result: PipelineResult = { code: 0, steps: [], jobs: [], workspaces: {}, output: '' };
    const wants = (job: string) => !run.jobs || run.jobs.includes(job);
    switch (run.platform) {
      case 'gitlab':
        await this.gitlab(run, result, wants);
        break;
      case 'buildkite':
        await this.buildkite(run, result, wants);
        break;
      case 'circleci':
        await this.circleci(run, result, wants);
        break;
      case 'jenkins':
        await this.jenkins(run, result, wants);
        break;
      case 'azure':
        await this.azure(run, result, wants);
        break;
      case 'bitbucket':
        await this.bitbucket(run, result, wants);
        break;
    }
    return result;
  }

  // GitLab CI: top-level and job variables (expanded), workflow rules with rule variables, stages in order, needs
  // for artifacts, id_tokens minted with the audience the job asks for, scripts under `bash` with -eo pipefail.
  private async gitlab(run: PipelineRun, result: PipelineResult, wants: (j: string) => boolean): Promise<void> {
    const doc = parse(this.templateText('gitlab'), { merge: true }) as Record<string, unknown>;
    const reserved = ['variables', 'workflow', 'stages', 'default', 'include'];
    const base: Record<string, string> = { ...run.context, ...run.variables, ...strMap(doc.variables, 'variables') };
    let ruleVars: Record<string, string> | undefined;
    for (const rule of asList((doc.workflow as { rules?: unknown })?.rules) as Array<Record<string, unknown>>) {
      only(rule, ['if', 'variables'], 'workflow:rules');
      if (evalGitLabIf(String(rule.if), { ...run.context, ...run.variables })) {
        ruleVars = strMap(rule.variables, 'workflow:rules:variables');
        break;
      }
    }
    if (!ruleVars) throw new Error('gitlab: no workflow rule matches this pipeline: GitLab would not run it');
    const stages = asList(doc.stages).map(String);
    const jobs = Object.entries(doc).filter(([k]) => !reserved.includes(k) && !k.startsWith('.'));
    const ordered = stages.flatMap((s) => jobs.filter(([, j]) => (j as { stage?: string }).stage === s));
    if (ordered.length !== jobs.length) throw new Error('gitlab: a job has no stage of `stages`');
    const done = new Map<string, { ws: string; paths: string[] }>();
    for (const [name, j] of ordered) {
      const job = j as Record<string, unknown>;
      only(job, ['stage', 'image', 'id_tokens', 'variables', 'script', 'artifacts', 'needs'], `gitlab job ${name}`);
      if (!wants(name)) continue;
      const m = this.machine(`gitlab-${name}`);
      this.seed(m.ws, run);
      for (const need of asList(job.needs).map(String)) {
        const from = done.get(need);
        if (from) copyMatching(from.ws, m.ws, from.paths);
      }
      const vars: Record<string, string> = {
        ...base,
        ...ruleVars,
        ...strMap(job.variables, `${name}.variables`),
        CI_JOB_NAME: name,
        CI_PROJECT_DIR: m.ws,
      };
      for (const [k, v] of Object.entries(vars)) vars[k] = expandGitLab(v, vars);
      for (const [tokenVar, spec] of Object.entries((job.id_tokens ?? {}) as Record<string, { aud?: string }>)) {
        if (!run.claims) throw new Error('gitlab: the job asks for an ID token but the run has no claims');
        vars[tokenVar] = this.o.issuer.mint({ ...run.claims, aud: String(spec.aud) });
      }
      const script = ['set -eo pipefail', ...flatScript(job.script, `${name}.script`)].join('\n');
      result.jobs.push(name);
      result.workspaces[name] = m.ws;
      const ok = await this.step(result, name, 'script', ['bash'], script, m.ws, {
        ...m.env,
        ...this.o.platformEnv?.gitlab,
        ...this.o.sigstoreEnv,
        ...vars,
      });
      done.set(name, { ws: m.ws, paths: asList((job.artifacts as { paths?: unknown })?.paths).map(String) });
      if (!ok) return;
    }
  }

  // Buildkite: the pipeline is interpolated at upload (`$$` -> `$`), top-level and step env, steps in order,
  // artifact_paths uploaded after each step, the agent's own CLI (the double) for tokens and artifact downloads.
  private async buildkite(run: PipelineRun, result: PipelineResult, wants: (j: string) => boolean): Promise<void> {
    const raw = parse(this.templateText('buildkite')) as Record<string, unknown>;
    only(raw, ['env', 'steps'], 'buildkite pipeline');
    const topEnv = strMap(raw.env, 'env');
    const uploadEnv = { ...run.context, ...run.variables, ...topEnv };
    const store = join(this.root, `${++this.n}-buildkite-artifacts`);
    mkdirSync(store, { recursive: true });
    if (run.artifactsFrom) this.seed(store, run);
    const tokenUrl = run.claims ? this.o.tokens.register(run.claims) : '';
    for (const s of asList(raw.steps) as Array<Record<string, unknown>>) {
      only(s, ['label', 'key', 'command', 'artifact_paths', 'depends_on', 'env'], 'buildkite step');
      const key = String(s.key);
      if (!wants(key)) continue;
      const m = this.machine(`buildkite-${key}`);
      const commands = flatScript(s.command, `${key}.command`).map((c) => interpolateBuildkite(c, uploadEnv));
      const env = {
        ...m.env,
        ...this.o.sigstoreEnv,
        ...run.context,
        ...run.variables,
        ...topEnv,
        ...strMap(s.env, `${key}.env`),
        BUILDKITE_STEP_KEY: key,
        BUILDKITE_LABEL: String(s.label),
        BUILDKITE_BUILD_CHECKOUT_PATH: m.ws,
        CUSTODY_TEST_TOKEN_URL: tokenUrl,
        CUSTODY_TEST_BUILDKITE_ARTIFACTS: store,
      };
      result.jobs.push(key);
      result.workspaces[key] = m.ws;
      const ok = await this.step(result, key, 'command', ['bash', '-e'], commands.join('\n'), m.ws, env);
      copyMatching(m.ws, store, asList(s.artifact_paths).map(String));
      if (!ok) return;
    }
  }

  // CircleCI: executors' environment, reusable commands, checkout / run / persist_to_workspace / attach_workspace /
  // store_artifacts, workflow order by `requires`; each run step is its own `/bin/bash -eo pipefail` shell.
  private async circleci(run: PipelineRun, result: PipelineResult, wants: (j: string) => boolean): Promise<void> {
    const doc = parse(this.templateText('circleci')) as Record<string, unknown>;
    only(doc, ['version', 'executors', 'commands', 'jobs', 'workflows'], 'circleci config');
    const executors = doc.executors as Record<string, { environment?: unknown; docker?: unknown }>;
    const commands = (doc.commands ?? {}) as Record<string, { steps: unknown[] }>;
    const jobs = doc.jobs as Record<string, { executor: string; steps: unknown[] }>;
    const workflow = Object.values(doc.workflows as Record<string, { jobs: unknown[] }>)[0]!;
    const workspace = join(this.root, `${++this.n}-circleci-workspace`);
    mkdirSync(workspace, { recursive: true });
    if (run.artifactsFrom) this.seed(workspace, run);
    const order = workflow.jobs.map((j) => (typeof j === 'string' ? j : Object.keys(j as object)[0]!));
    for (const name of order) {
      const entry = workflow.jobs.find((j) => (typeof j === 'string' ? j : Object.keys(j as object)[0]) === name);
      const cfg = (typeof entry === 'string' ? {} : (entry as Record<string, Record<string, unknown>>)[name]) ?? {};
      only(cfg, ['context', 'filters', 'requires'], `circleci workflow job ${name}`);
      for (const r of asList(cfg.requires).map(String))
        if (!result.jobs.includes(r) && !run.jobs) throw new Error(`circleci: ${name} requires ${r}, which has not run`);
      const branches = (cfg.filters as { branches?: { only?: string[] } } | undefined)?.branches?.only;
      if (branches && !branches.includes(run.context.CIRCLE_BRANCH ?? '')) continue;
      if (!wants(name)) continue;
      const job = jobs[name]!;
      only(job as unknown as Record<string, unknown>, ['executor', 'steps'], `circleci job ${name}`);
      const executor = executors[job.executor];
      if (!executor) throw new Error(`circleci: no executor ${job.executor}`);
      const fill = run.fill ?? {};
      const execEnv = strMap(executor.environment, 'executor environment');
      for (const k of Object.keys(fill)) if (!(k in execEnv)) throw new Error(`circleci: the template has no ${k} to fill in`);
      const m = this.machine(`circleci-${name}`, false);
      const tokenUrl = run.claims ? this.o.tokens.register(run.claims) : '';
      // CIRCLE_OIDC_TOKEN(_V2) as CircleCI sets them in a job with a context: the audience is the organization ID.
      const orgAud = run.claims
        ? { CIRCLE_OIDC_TOKEN_V2: this.o.issuer.mint({ ...run.claims, aud: String(run.claims['oidc.circleci.com/org-id']) }) }
        : {};
      const env = {
        ...m.env,
        ...this.o.sigstoreEnv,
        ...run.context,
        ...run.variables,
        ...execEnv,
        ...fill,
        ...orgAud,
        CIRCLE_JOB: name,
        CIRCLE_WORKING_DIRECTORY: m.ws,
        CUSTODY_TEST_TOKEN_URL: tokenUrl,
      };
      result.jobs.push(name);
      result.workspaces[name] = m.ws;
      const steps = job.steps.flatMap((s) => (typeof s === 'string' && commands[s] ? commands[s].steps : [s]));
      for (const s of steps) {
        if (s === 'checkout') {
          cpSync(this.o.project, m.ws, { recursive: true });
          continue;
        }
        const [kind, spec] = Object.entries(s as Record<string, unknown>)[0]!;
        if (kind === 'run') {
          const r = typeof spec === 'string' ? { command: spec, name: spec } : (spec as { command: string; name: string });
          if (!(await this.step(result, name, r.name, ['/bin/bash', '-eo', 'pipefail'], r.command, m.ws, env))) return;
        } else if (kind === 'persist_to_workspace') {
          const p = spec as { root: string; paths: string[] };
          copyMatching(join(m.ws, p.root), workspace, p.paths);
        } else if (kind === 'attach_workspace') {
          cpSync(workspace, join(m.ws, (spec as { at: string }).at), { recursive: true });
        } else if (kind === 'store_artifacts') {
          if (!existsSync(join(m.ws, (spec as { path: string }).path)))
            throw new Error(`circleci: store_artifacts path ${(spec as { path: string }).path} does not exist`);
        } else throw new Error(`circleci: the runner does not know the step ${kind}`);
      }
    }
  }

  // Jenkins: the strict extractor's sh steps in order, in one workspace, each under `sh -xe` as Jenkins runs them,
  // with the environment block and withCredentials bindings from the test's credentials store.
  private async jenkins(run: PipelineRun, result: PipelineResult, wants: (j: string) => boolean): Promise<void> {
    const pipeline = extractJenkinsfile(this.templateText('jenkins'));
    const m = this.machine('jenkins');
    this.seed(m.ws, run);
    const secretsDir = join(m.dir, 'workspace@tmp', 'secretFiles');
    mkdirSync(secretsDir, { recursive: true });
    const secret = (id: string): string => {
      const v = run.secrets?.[id];
      if (v === undefined) throw new Error(`jenkins: no credentials "${id}" in the store`);
      return v;
    };
    const env: NodeJS.ProcessEnv = { ...m.env, ...run.context, ...run.variables, WORKSPACE: m.ws };
    for (const e of pipeline.environment) env[e.name] = e.value ?? secret(e.credentialsId!);
    result.workspaces.jenkins = m.ws;
    for (const step of pipeline.steps) {
      if (!wants(step.stage)) continue;
      if (!result.jobs.includes(step.stage)) result.jobs.push(step.stage);
      const bound: Record<string, string> = {};
      for (const b of step.bindings) {
        if (b.kind === 'string') bound[b.variable] = secret(b.credentialsId);
        else {
          const file = join(secretsDir, randomBytes(6).toString('hex'), b.credentialsId);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, secret(b.credentialsId), { mode: 0o600 });
          bound[b.variable] = file;
        }
      }
      if (
        !(await this.step(result, step.stage, step.script.trim().split('\n')[0]!, ['sh', '-xe'], step.script, m.ws, { ...env, ...bound }))
      )
        return;
    }
  }

  // Azure Pipelines: variables, stages/jobs/steps in order; `$(Name)` macros replaced before a script runs (unknown
  // ones are left alone, as Azure does); secret variables reach a script only through its env: mapping; bash steps
  // run as `bash --noprofile --norc FILE` (no errexit); publish/download pipeline artifacts.
  private async azure(run: PipelineRun, result: PipelineResult, wants: (j: string) => boolean): Promise<void> {
    const doc = parse(this.templateText('azure')) as Record<string, unknown>;
    only(doc, ['trigger', 'variables', 'stages'], 'azure pipeline');
    const include = (doc.trigger as { branches?: { include?: string[] } })?.branches?.include ?? [];
    const branch = (run.context.BUILD_SOURCEBRANCH ?? '').replace(/^refs\/heads\//, '');
    if (!include.includes(branch)) throw new Error(`azure: the trigger does not run for ${branch}`);
    const pipelineVars = { ...strMap(doc.variables, 'variables'), ...run.variables };
    const artifacts = join(this.root, `${++this.n}-azure-artifacts`);
    mkdirSync(artifacts, { recursive: true });
    if (run.artifactsFrom) {
      mkdirSync(join(artifacts, 'custody'), { recursive: true });
      this.seed(join(artifacts, 'custody'), run);
    }
    for (const stage of asList(doc.stages) as Array<Record<string, unknown>>) {
      only(stage, ['stage', 'dependsOn', 'jobs'], 'azure stage');
      for (const job of asList(stage.jobs) as Array<Record<string, unknown>>) {
        only(job, ['job', 'pool', 'steps'], 'azure job');
        const name = String(job.job);
        if (!wants(name)) continue;
        const m = this.machine(`azure-${name}`, false);
        const agentTemp = join(m.dir, '_temp');
        const staging = join(m.dir, 'a');
        const pipelineWs = m.dir;
        mkdirSync(agentTemp, { recursive: true });
        mkdirSync(staging, { recursive: true });
        const macros: Record<string, string> = {
          'Build.ArtifactStagingDirectory': staging,
          'Pipeline.Workspace': pipelineWs,
          'Agent.TempDirectory': agentTemp,
          'Build.SourcesDirectory': m.ws,
          'System.DefaultWorkingDirectory': m.ws,
          ...pipelineVars,
          ...run.secrets,
        };
        const envName = (k: string) => k.replace(/\./g, '_').toUpperCase();
        const predefined = Object.fromEntries(
          [
            'Build.ArtifactStagingDirectory',
            'Pipeline.Workspace',
            'Agent.TempDirectory',
            'Build.SourcesDirectory',
            'System.DefaultWorkingDirectory',
          ].map((k) => [envName(k), macros[k]!]),
        );
        const baseEnv = {
          ...m.env,
          ...run.context,
          ...predefined,
          ...Object.fromEntries(Object.entries(pipelineVars).map(([k, v]) => [envName(k), v])),
        };
        const macro = (s: string) => s.replace(/\$\(([\w.]+)\)/g, (whole, k: string) => macros[k] ?? whole);
        result.jobs.push(name);
        result.workspaces[name] = m.ws;
        for (const s of asList(job.steps) as Array<Record<string, unknown>>) {
          if ('checkout' in s) {
            if (s.checkout === 'self') cpSync(this.o.project, m.ws, { recursive: true });
            else if (s.checkout !== 'none') throw new Error(`azure: checkout ${String(s.checkout)}`);
          } else if (s.task === 'UseNode@1') {
            const want = String((s.inputs as { version: string }).version);
            const major = want.split('.')[0];
            if (process.versions.node.split('.')[0] !== major)
              throw new Error(`azure: UseNode@1 asks for ${want}, the runner's Node is ${process.versions.node}`);
          } else if (s.task === 'DownloadSecureFile@1') {
            const file = String((s.inputs as { secureFile: string }).secureFile);
            const content = run.secrets?.[`securefile:${file}`];
            if (content === undefined) throw new Error(`azure: no secure file ${file}`);
            writeFileSync(join(agentTemp, file), content, { mode: 0o600 });
            macros[`${String(s.name)}.secureFilePath`] = join(agentTemp, file);
          } else if ('bash' in s) {
            only(s, ['bash', 'displayName', 'env'], 'azure bash step');
            const stepEnv = Object.fromEntries(Object.entries(strMap(s.env, 'env')).map(([k, v]) => [k, macro(v)]));
            const env = { ...baseEnv, ...stepEnv };
            if (
              !(await this.step(result, name, String(s.displayName), ['bash', '--noprofile', '--norc'], macro(String(s.bash)), m.ws, env))
            )
              return;
          } else if ('publish' in s) {
            cpSync(macro(String(s.publish)), join(artifacts, String(s.artifact)), { recursive: true });
          } else if ('download' in s) {
            if (s.download !== 'current') throw new Error('azure: download other than current');
            cpSync(join(artifacts, String(s.artifact)), join(pipelineWs, String(s.artifact)), { recursive: true });
          } else throw new Error(`azure: the runner does not know the step ${JSON.stringify(s)}`);
        }
      }
    }
  }

  // Bitbucket Pipelines: the branch's steps in order (YAML anchors resolved), each in a fresh clone with the
  // repository variables, the script as one bash session that stops at the first failing command, artifacts passed on.
  private async bitbucket(run: PipelineRun, result: PipelineResult, wants: (j: string) => boolean): Promise<void> {
    const doc = parse(this.templateText('bitbucket'), { merge: true }) as Record<string, unknown>;
    only(doc, ['image', 'definitions', 'pipelines'], 'bitbucket pipelines');
    const branch = run.context.BITBUCKET_BRANCH ?? '';
    const steps = asList((doc.pipelines as { branches?: Record<string, unknown> }).branches?.[branch]) as Array<{
      step: Record<string, unknown>;
    }>;
    if (!steps.length) throw new Error(`bitbucket: no pipeline for branch ${branch}`);
    const artifacts = join(this.root, `${++this.n}-bitbucket-artifacts`);
    mkdirSync(artifacts, { recursive: true });
    if (run.artifactsFrom) this.seed(artifacts, run);
    for (const { step } of steps) {
      only(step, ['name', 'script', 'artifacts', 'oidc'], 'bitbucket step');
      const name = String(step.name);
      if (!wants(name)) continue;
      const m = this.machine(`bitbucket-${name}`);
      cpSync(artifacts, m.ws, { recursive: true });
      const env = {
        ...m.env,
        ...run.context,
        ...run.variables,
        ...run.secrets,
        BITBUCKET_CLONE_DIR: m.ws,
        BITBUCKET_STEP_UUID: `{${randomBytes(4).toString('hex')}}`,
      };
      result.jobs.push(name);
      result.workspaces[name] = m.ws;
      const ok = await this.step(result, name, 'script', ['bash', '-e'], flatScript(step.script, `${name}.script`).join('\n'), m.ws, env);
      copyMatching(m.ws, artifacts, asList(step.artifacts).map(String));
      if (!ok) return;
    }
  }
}

/** Whether a directory holds a file (for checks on what a job left behind). */
export function hasFile(dir: string, rel: string): boolean {
  return existsSync(join(dir, rel)) && statSync(join(dir, rel)).isFile();
}

/**
 * A double of gitlab.com's OIDC discovery: Custody verifies a GitLab ID token against the instance's published keys
 * (GET https://gitlab.com/.well-known/openid-configuration, then its jwks_uri) before it puts the token's claims in
 * provenance. gitlab.com cannot be reached here, so a local HTTPS server (a certificate for gitlab.com made at test
 * time with openssl, trusted through NODE_EXTRA_CA_CERTS) publishes the local issuer's JWKS under GitLab's paths,
 * behind an HTTP CONNECT proxy that Node's own proxy support reaches (NODE_USE_ENV_PROXY=1, HTTPS_PROXY). The proxy
 * tunnels gitlab.com:443 only and refuses every other host; loopback (the Sigstore stack, registries) bypasses it.
 */
export async function startGitLabDiscoveryDouble(
  issuer: OidcIssuer,
): Promise<{ env: Record<string, string>; hits: string[]; close(): Promise<void> }> {
  const { execFileSync } = await import('node:child_process');
  const { createServer: createHttpsServer } = await import('node:https');
  const { connect } = await import('node:net');
  const dir = mkdtempSync(join(tmpdir(), 'custody-gitlab-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-subj',
      '/CN=gitlab.com',
      '-addext',
      'subjectAltName=DNS:gitlab.com',
      '-days',
      '1',
    ],
    { stdio: 'ignore' },
  );
  const hits: string[] = [];
  const tls = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    hits.push(`${req.method} ${req.url}`);
    const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/.well-known/openid-configuration') {
      send({
        issuer: 'https://gitlab.com',
        jwks_uri: 'https://gitlab.com/oauth/discovery/keys',
        id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      });
    } else if (req.url === '/oauth/discovery/keys') send({ keys: [issuer.publicJwk] });
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
  const tlsPort = (tls.address() as AddressInfo).port;
  const proxy = createServer((_req, res) => res.writeHead(403).end('CONNECT only'));
  proxy.on('connect', (req, socket) => {
    if (req.url !== 'gitlab.com:443') {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(tlsPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    env: { NODE_USE_ENV_PROXY: '1', HTTPS_PROXY: proxyUrl, NO_PROXY: '127.0.0.1,localhost', NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') },
    hits,
    close: async () => {
      for (const s of [tls, proxy]) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

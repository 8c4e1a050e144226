/**
 * runAction's failure path, as the runner sees it: the toolkit writes workflow commands on stdout and sets the exit
 * code, so each case runs an action body in a child process against the built package (npm run build), once through
 * each toolkit (runnerToolkit, what the bundles run; actionsCoreToolkit, @actions/core, what runs from source).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const pkg = join(import.meta.dirname, '..', '..');
const githubDist = join(pkg, 'dist', 'index.js');
const coreDist = join(pkg, '..', 'core', 'dist', 'index.js');

type Kit = 'runnerToolkit' | 'actionsCoreToolkit';

/** Runs `body` (the text of an async function taking gh) through runAction; returns what the runner would see. */
function runBody(kit: Kit, body: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'custody-run-action-'));
  const script = join(dir, 'main.mjs');
  writeFileSync(
    script,
    `import { runAction, ActionError, runnerToolkit, actionsCoreToolkit } from ${JSON.stringify(pathToFileURL(githubDist).href)};
import { addSecret } from ${JSON.stringify(pathToFileURL(coreDist).href)};
const kit = ${kit === 'runnerToolkit' ? 'runnerToolkit(async () => "token")' : 'actionsCoreToolkit'};
await runAction(kit, ${body});
`,
  );
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_') && !k.startsWith('CUSTODY_')),
  );
  const r = spawnSync(process.execPath, [script], { env: { ...clean, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(githubDist) || !existsSync(coreDist)) throw new Error(`${githubDist} is missing: run \`npm run build\` first.`);
});

describe.each(['runnerToolkit', 'actionsCoreToolkit'] as const)('runAction (%s)', (kit) => {
  it('a body that succeeds leaves the step passing, with no error command', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'custody-output-')), 'out');
    writeFileSync(out, '');
    const r = runBody(kit, `async (gh) => { gh.setOutput('ok', 'yes'); }`, { GITHUB_OUTPUT: out });
    expect(r.stdout).not.toContain('::error::');
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^ok<<.*\nyes\n/);
  });

  it('a Custody error fails the step with its one paragraph and code, and no stack', () => {
    const r = runBody(
      kit,
      `async () => { throw new ActionError('ACTION_INPUT_INVALID', 'input "push" is "maybe".', { hint: 'Set push: true.', cause: new Error('deep cause') }); }`,
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error::input "push" is "maybe". Set push: true. [ACTION_INPUT_INVALID]');
    expect(r.stdout + r.stderr).not.toMatch(/(\n|%0A)\s+at /);
    expect(r.stdout).not.toContain('deep cause');
  });

  it('any other error is an internal error asking for a report, still without a stack', () => {
    const r = runBody(kit, `async () => { null.boom; }`);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::error::internal error: .*null.*This is a bug in Custody; please report it\./);
    expect(r.stdout + r.stderr).not.toMatch(/(\n|%0A)\s+at /);
  });

  it('masks registered secrets in the failure, and tells the runner to mask them (::add-mask::)', () => {
    const r = runBody(
      kit,
      `async () => { addSecret('hunter2-secret'); throw new ActionError('OIDC_TOKEN_REQUEST_FAILED', 'the runner said hunter2-secret.'); }`,
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::add-mask::hunter2-secret');
    expect(r.stdout).toContain('::error::the runner said ***. [OIDC_TOKEN_REQUEST_FAILED]');
    expect(r.stdout.replace('::add-mask::hunter2-secret', '')).not.toContain('hunter2-secret');
  });

  it('a bad limit variable fails the step before the body runs, with LIMIT_INVALID', () => {
    const r = runBody(kit, `async () => { console.log('body ran'); }`, { CUSTODY_MAX_BUNDLE_BYTES: 'lots' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('[LIMIT_INVALID]');
    expect(r.stdout).not.toContain('body ran');
  });
});

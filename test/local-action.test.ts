/**
 * Every action runs from its TypeScript source under @github/local-action (`npx local-action run DIR ENTRY .env`),
 * the way an action author debugs one: local-action imports src/main.ts, stubs @actions/core, and calls the
 * exported run(). Nothing here uses dist/ (except the setup action's shipped CLI bundle, which is what it installs).
 * Offline: signing is key-based, the SBOM and capture read a local workspace. Needs `npm run build` (the packages
 * are imported from their built dist/).
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
// Plain directory names: the build capture masks values that look random (as mkdtemp's suffixes do), and the
// runner, like local-action, drops an output that contains a masked value.
const base = join(tmpdir(), `custody-local-action-${process.pid}`);
rmSync(base, { recursive: true, force: true });
mkdirSync(base);
let runs = 0;
afterAll(() => rmSync(base, { recursive: true, force: true }));

if (!existsSync(join(root, 'node_modules', '.bin', 'local-action'))) {
  throw new Error('@github/local-action is not installed: run npm ci (it is a devDependency).');
}
if (!existsSync(join(root, 'packages', 'core', 'dist', 'index.js'))) throw new Error('the packages are not built: run npm run build.');

interface LocalRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs `npx local-action run DIR ENTRY ENV` with the inputs in a .env file; outputs from local-action's ::set-output lines. */
async function localAction(dir: string, entry: string, inputs: Record<string, string>, ws: string): Promise<LocalRun> {
  const run = join(base, `run-${++runs}`);
  mkdirSync(run);
  const summary = join(run, 'summary.md');
  writeFileSync(summary, '');
  const env: Record<string, string> = {
    GITHUB_WORKSPACE: ws,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: run,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const dotenv = join(run, '.env');
  writeFileSync(
    dotenv,
    Object.entries(env)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join('\n'),
  );
  const child = spawn('npx', ['local-action', 'run', dir, entry, dotenv], {
    cwd: root,
    // A clean environment: nothing of the job that runs this test (GITHUB_*, ACTIONS_*) reaches the action.
    env: { PATH: [join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter), HOME: process.env.HOME ?? run, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outputs = Object.fromEntries([...stdout.matchAll(/^::set-output name=([a-z-]+)::(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  return { code, stdout, outputs, summary: readFileSync(summary, 'utf8') };
}

const ws = join(base, 'ws');
mkdirSync(ws);
writeFileSync(
  join(ws, 'package-lock.json'),
  JSON.stringify({
    name: 'app',
    version: '1.0.0',
    lockfileVersion: 3,
    packages: {
      '': { name: 'app', version: '1.0.0', dependencies: { ms: '2.1.3' } },
      'node_modules/ms': { version: '2.1.3', license: 'MIT' },
    },
  }),
);
writeFileSync(join(ws, 'app.tgz'), 'the build output\n');
const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
writeFileSync(join(ws, 'signing.key'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(join(ws, 'signing.pub'), pair.publicKey.export({ type: 'spki', format: 'pem' }));

const noFailure = (r: LocalRun) => expect(r.stdout, r.stdout).not.toMatch(/::error::|does not export a run\(\) function/);

describe('@github/local-action runs every action from source', { timeout: 180_000 }, () => {
  it('capture: records the materials and sets capture-path', async () => {
    const r = await localAction('actions/capture', 'src/main.ts', { materials: 'package-lock.json', output: 'capture.json' }, ws);
    noFailure(r);
    expect(r.outputs['capture-path']).toBe(join(ws, 'capture.json'));
    const doc = JSON.parse(readFileSync(join(ws, 'capture.json'), 'utf8')) as { materials: Array<{ name: string }> };
    expect(doc.materials.map((m) => m.name)).toEqual(['package-lock.json']);
  });

  it('sbom: reads the lockfile, sets sbom-path and component-count, writes the summary', async () => {
    const r = await localAction('actions/sbom', 'src/main.ts', { path: '.', format: 'spdx-json' }, ws);
    noFailure(r);
    expect(r.outputs).toMatchObject({ 'sbom-path': 'sbom.spdx.json', 'component-count': '1' });
    expect(JSON.parse(readFileSync(join(ws, 'sbom.spdx.json'), 'utf8'))).toMatchObject({ spdxVersion: 'SPDX-2.3' });
    expect(r.summary).toContain('## SBOM');
  });

  it('attest: signs the SBOM with a key and sets bundle-path; verify: passes it with the public key', async () => {
    const a = await localAction(
      'actions/attest',
      'src/main.ts',
      { 'subject-path': 'app.tgz', 'sbom-path': 'sbom.spdx.json', key: 'signing.key', 'bundle-file': 'app.sigstore.json' },
      ws,
    );
    noFailure(a);
    expect(a.outputs['bundle-path']).toBe(join(ws, 'app.sigstore.json'));
    expect(a.summary).toContain('## Attestation');

    const v = await localAction(
      'actions/verify',
      'src/main.ts',
      {
        'subject-path': 'app.tgz',
        'bundle-path': 'app.sigstore.json',
        key: 'signing.pub',
        'predicate-type': 'https://spdx.dev/Document/v2.3',
        'report-path': 'report.json',
      },
      ws,
    );
    noFailure(v);
    expect(v.outputs).toMatchObject({ passed: 'true', 'report-path': join(ws, 'report.json') });
  });

  it('verify: an error names the input, not the CLI flag', async () => {
    const v = await localAction(
      'actions/verify',
      'src/main.ts',
      { 'subject-path': 'app.tgz', 'bundle-path': 'missing.json', key: 'signing.pub' },
      ws,
    );
    expect(v.stdout).toMatch(/input bundle-path/);
    expect(v.stdout).not.toMatch(/--bundle\b/);
    expect(v.outputs.passed).toBeUndefined();
  });

  it('the one-step action (root action.yml): SBOM + provenance, both signed with a key', async () => {
    const r = await localAction(
      '.',
      'actions/custody/src/main.ts',
      { 'subject-path': 'app.tgz', key: 'signing.key', 'sbom-exclude': 'out', 'output-dir': 'out' },
      ws,
    );
    noFailure(r);
    expect(r.outputs['component-count'], r.stdout).toBe('1');
    expect(r.outputs['provenance-bundle-path'], r.stdout).toMatch(/out\/.*\.sigstore\.json$/);
    expect(existsSync(r.outputs['sbom-bundle-path']!)).toBe(true);
  });

  it('setup: installs the CLI this action ships and sets version and install-dir', async () => {
    const r = await localAction('actions/setup', 'src/main.ts', { 'install-dir': join(base, 'bin') }, ws);
    noFailure(r);
    expect(r.outputs['install-dir']).toBe(join(base, 'bin'));
    expect(r.outputs.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

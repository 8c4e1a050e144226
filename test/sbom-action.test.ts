/**
 * Must-show 8: the committed actions/sbom bundle, run the way a GitHub runner runs it (node dist/index.js with
 * INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the workspace as cwd), writes the same SBOM
 * as the CLI for the same input and SOURCE_DATE_EPOCH, sets its outputs and writes the summary table.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runActionDist, sharedDir, sharedNotice } from '@custody/testing';
import { runCli } from './support/cli.js';

const shared = sharedDir();
const fixtures = shared ? join(shared, 'fixtures', 'lockfiles') : undefined;
if (!fixtures) sharedNotice('actions/sbom end-to-end test');
const dist = join(repoRoot, 'actions', 'sbom', 'dist', 'index.js');
const work = mkdtempSync(join(tmpdir(), 'custody-sbom-action-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const EPOCH = '1712345678';

function workspace(name: string): string {
  const ws = join(work, name);
  mkdirSync(join(ws, 'app'), { recursive: true });
  cpSync(join(fixtures!, 'package-lock-v3.json'), join(ws, 'app', 'package-lock.json'));
  writeFileSync(join(ws, 'app', 'package.json'), JSON.stringify({ name: 'app', version: '2.0.0' }));
  cpSync(join(fixtures!, 'Cargo.lock'), join(ws, 'app', 'Cargo.lock'));
  return ws;
}

describe.skipIf(!fixtures)('actions/sbom dist', () => {
  it('exists (npm run package builds it)', () => expect(existsSync(dist)).toBe(true));

  it.each([
    ['cyclonedx-json', 'sbom.cdx.json'],
    ['spdx-json', 'sbom.spdx.json'],
  ])('%s: same bytes as the CLI, outputs and summary', async (format, defaultFile) => {
    const ws = workspace(format);
    const r = await runActionDist(dist, { path: 'app', format, output: '' }, { cwd: ws, env: { SOURCE_DATE_EPOCH: EPOCH } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs['sbom-path']).toBe(defaultFile);
    const fromAction = readFileSync(join(ws, defaultFile), 'utf8');

    const cli = await runCli(['sbom', 'app', '--format', format], { cwd: ws, env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH } });
    expect(cli.code).toBe(0);
    expect(fromAction).toBe(cli.stdout);

    const doc = JSON.parse(fromAction);
    const count = format === 'spdx-json' ? doc.packages.length - 1 : doc.components.length;
    expect(r.outputs['component-count']).toBe(String(count));
    const cargo = (
      format === 'spdx-json'
        ? doc.packages.map((p: { externalRefs?: Array<{ referenceLocator: string }> }) => p.externalRefs?.[0]?.referenceLocator ?? '')
        : doc.components.map((c: { purl: string }) => c.purl)
    ).filter((p: string) => p.startsWith('pkg:cargo/')).length;
    expect(cargo).toBeGreaterThan(0);
    expect(count).toBe(648 + cargo);

    // Summary: a table of ecosystems with counts and a total, naming the file and the lockfiles read.
    expect(r.summary).toContain('| Ecosystem | Components |');
    expect(r.summary).toContain(`| cargo | ${cargo} |`);
    expect(r.summary).toContain('| npm | 648 |');
    expect(r.summary).toContain(`| **total** | ${count} |`);
    expect(r.summary).toContain(`**${defaultFile}** (${format})`);
    expect(r.summary).toContain('`Cargo.lock`');
    expect(r.summary).toContain('`package-lock.json`');
  });

  it('output input and a failure: exit 1 with the one-paragraph message, no file, no outputs', async () => {
    const ws = workspace('fail');
    mkdirSync(join(ws, 'app', 'testdata'));
    cpSync(join(fixtures!, 'package-lock-v1.json'), join(ws, 'app', 'testdata', 'package-lock.json'));
    const ok = await runActionDist(
      dist,
      { path: 'app', format: 'cyclonedx-json', output: 'reports/bom.json', exclude: 'testdata\nnothing/here' },
      { cwd: ws, env: { SOURCE_DATE_EPOCH: EPOCH } },
    );
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.outputs['sbom-path']).toBe('reports/bom.json');
    const bom = JSON.parse(readFileSync(join(ws, 'reports', 'bom.json'), 'utf8'));
    expect(bom.bomFormat).toBe('CycloneDX');
    // the v1 lockfile under testdata (571 more npm packages) was not read: npm count is the v3 lockfile's alone
    expect(bom.components.filter((c: { purl: string }) => c.purl.startsWith('pkg:npm/')).length).toBe(648);
    expect(ok.summary).not.toContain('testdata');

    writeFileSync(join(ws, 'app', 'package-lock.json'), '{\n  "lockfileVersion": 9,\n  "packages": {}\n}\n');
    const bad = await runActionDist(dist, { path: 'app', format: 'cyclonedx-json', output: 'bad.json' }, { cwd: ws });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /::error::.*package-lock\.json:2: npm lockfileVersion 9 is not supported\..*\[LOCKFILE_UNSUPPORTED_VERSION\]/,
    );
    expect(existsSync(join(ws, 'bad.json'))).toBe(false);
    expect(bad.outputs['sbom-path']).toBeUndefined();
  });
});

// `custody verify --policy` over real SBOMs, end to end through the CLI (in-process): `custody sbom` reads real
// lockfiles from ../shared (npm v3, Cargo, Composer), `custody attest --sbom --key` signs them, and `custody
// verify --key --policy` gates them. Proves that purl rules match the other spelling of a real component
// (@ vs %40 scope, "+" vs %2B version, no version), that license rules fail on an SBOM without license data
// unless unknownLicenses: allow says otherwise, with the count in the table and the JSON, that allowedLicenses
// reads the real licenses, and that a malformed rule purl stops the run with exit 2 at its line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDir } from '@custody/testing';
import type { Check, VerifyReport } from '@custody/verify';
import { runCli } from './support/cli.js';

const shared = sharedDir();
const lockfiles = shared ? join(shared, 'fixtures', 'lockfiles') : '';

describe('custody verify --policy: SBOM rules over real SBOMs', () => {
  let dir: string;
  const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME });
  const cli = (args: string[]) => runCli(args, { cwd: dir, env: env() });
  /** Components of a generated CycloneDX SBOM, metadata.component (the subject) aside. */
  const components = async (name: string) =>
    (JSON.parse(await readFile(join(dir, name), 'utf8')) as { components: Array<{ purl?: string; licenses?: unknown[] }> }).components;

  beforeAll(async () => {
    if (!shared) throw new Error('../shared (fixtures/lockfiles) is missing: these tests need the real lockfiles it holds');
    dir = await mkdtemp(join(tmpdir(), 'custody-policy-sbom-'));
    await writeFile(join(dir, 'app.tgz'), 'the artifact\n');
    const keys = await cli(['keys', 'generate', '--output-key', 'k.key', '--output-pub', 'k.pub']);
    expect(keys.code, keys.stderr).toBe(0);
    const projects: Array<[string, string, string]> = [
      ['npm', 'package-lock-v3.json', 'package-lock.json'],
      ['cargo', 'Cargo.lock', 'Cargo.lock'],
      ['composer', 'composer.lock', 'composer.lock'],
    ];
    for (const [name, from, to] of projects) {
      await mkdir(join(dir, name));
      await copyFile(join(lockfiles, from), join(dir, name, to));
      const formats = name === 'npm' ? ['cyclonedx-json', 'spdx-json'] : ['cyclonedx-json'];
      for (const format of formats) {
        const out = `${name}.${format === 'spdx-json' ? 'spdx' : 'cdx'}.json`;
        const sbom = await cli(['sbom', name, '--format', format, '--output', out]);
        expect(sbom.code, sbom.stderr).toBe(0);
        const signed = await cli(['attest', '--subject', 'app.tgz', '--sbom', out, '--key', 'k.key', '--bundle', `${out}.bundle`]);
        expect(signed.code, signed.stderr).toBe(0);
      }
    }
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  let n = 0;
  const verify = async (sbom: string, policy: string, format: 'json' | 'table' = 'json') => {
    const p = join(dir, `policy-${++n}.yaml`);
    const type = sbom.endsWith('.spdx.json') ? 'https://spdx.dev/Document/v2.3' : 'https://cyclonedx.org/bom';
    await writeFile(p, `requiredPredicateTypes: [${type}]\n${policy}`);
    const r = await cli(['verify', 'app.tgz', '--bundle', `${sbom}.bundle`, '--key', 'k.pub', '--policy', p, '--format', format]);
    return { ...r, policyFile: p };
  };
  const check = (stdout: string, id: string): Check => {
    const report = JSON.parse(stdout) as VerifyReport;
    const c = report.attestations[0]!.checks.find((x) => x.id === id);
    if (!c) throw new Error(`no ${id} check in ${stdout}`);
    return c;
  };

  it('a real SBOM without license data fails a license rule by default; the table and the JSON give the count', async () => {
    const comps = await components('npm.cdx.json');
    const without = comps.filter((c) => !c.licenses?.length).length;
    expect(without).toBeGreaterThan(600); // npm v3 lockfiles carry no licenses: the SBOM has none

    const json = await verify('npm.cdx.json', 'sbom:\n  deniedLicenses: ["GPL-*", AGPL-3.0-only]\n');
    expect(json.code, json.stderr).toBe(1);
    const c = check(json.stdout, 'policy.sbom.licenses');
    expect(c).toMatchObject({ status: 'fail', sbom: { components: comps.length + 1, withoutLicense: without } });
    expect(c.reason).toContain(`${without} of ${comps.length + 1} component(s) have no license data`);

    const table = await verify('npm.cdx.json', 'sbom:\n  deniedLicenses: ["GPL-*"]\n', 'table');
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(
      new RegExp(`policy\\.sbom\\.licenses\\s+FAIL\\s+${without} of \\d+ component\\(s\\) have no license data`),
    );

    const allowed = await verify('npm.cdx.json', 'sbom:\n  deniedLicenses: ["GPL-*"]\n  unknownLicenses: allow\n');
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(check(allowed.stdout, 'policy.sbom.licenses')).toMatchObject({ status: 'pass', sbom: { withoutLicense: without } });
    expect(check(allowed.stdout, 'policy.sbom.licenses').reason).toContain(
      `${without} of ${comps.length + 1} component(s) have no license data, accepted by unknownLicenses: allow`,
    );
  });

  it('deniedPurls matches a real component in its other spelling: "@" scope for %40, no version for every version (CycloneDX and SPDX)', async () => {
    const comps = await components('npm.cdx.json');
    const scoped = comps.find((c) => c.purl?.startsWith('pkg:npm/%40babel/code-frame@'))!.purl!;
    const version = scoped.slice(scoped.lastIndexOf('@') + 1);
    for (const sbom of ['npm.cdx.json', 'npm.spdx.json']) {
      for (const rule of [`pkg:npm/@babel/code-frame@${version}`, 'pkg:npm/@babel/code-frame', `pkg:NPM/%40babel/code-frame@${version}`]) {
        const r = await verify(sbom, `sbom:\n  deniedPurls: ["${rule}"]\n`);
        expect(r.code, `${sbom} ${rule}`).toBe(1);
        const c = check(r.stdout, 'policy.sbom.purls');
        expect(c.reason).toContain(`${scoped} (${rule})`);
        expect(c.sbom).toMatchObject({ malformedPurls: 0 });
      }
      const other = await verify(sbom, 'sbom:\n  deniedPurls: ["pkg:npm/@babel/code-frame@0.0.1-not-there"]\n');
      expect(other.code, other.stdout).toBe(0);
    }
  });

  it('deniedPurls matches a real version with "+" written as %2B in the SBOM (Cargo)', async () => {
    const comps = await components('cargo.cdx.json');
    expect(comps.map((c) => c.purl)).toContain('pkg:cargo/wasi@0.9.0%2Bwasi-snapshot-preview1');
    const r = await verify('cargo.cdx.json', 'sbom:\n  deniedPurls: ["pkg:cargo/wasi@0.9.0+wasi-snapshot-preview1"]\n');
    expect(r.code, r.stdout).toBe(1);
    expect(check(r.stdout, 'policy.sbom.purls').reason).toContain('pkg:cargo/wasi@0.9.0%2Bwasi-snapshot-preview1');
  });

  it('allowedLicenses and allowedPurls over the real licenses of a Composer SBOM', async () => {
    const strict = await verify('composer.cdx.json', 'sbom:\n  allowedLicenses: [MIT, BSD-3-Clause, ISC, Apache-2.0]\n');
    expect(strict.code, strict.stdout).toBe(1);
    const c = check(strict.stdout, 'policy.sbom.licenses');
    expect(c.reason).toMatch(/2 component\(s\) break allowedLicenses: .*OSL-3\.0 \(not in allowedLicenses\)/);
    expect(c.reason).toContain('GPL-2.0-or-later (not in allowedLicenses)');
    expect(c.sbom).toMatchObject({ withoutLicense: 0 });
    const ok = await verify(
      'composer.cdx.json',
      'sbom:\n  allowedLicenses: [mit, BSD-3-Clause, ISC, Apache-2.0, OSL-3.0, "GPL-2.0+"]\n  allowedPurls: ["pkg:composer/*/*"]\n',
    );
    expect(ok.code, ok.stdout).toBe(0);
  });

  it('a malformed rule purl cannot run: exit 2, VERIFY_POLICY_INVALID at FILE:LINE:COLUMN, and how to write one', async () => {
    const r = await verify('npm.cdx.json', 'sbom:\n  deniedPurls:\n    - pkg:npm/event-stream@3.3.6\n    - npm/flatmap-stream@0.1.1\n');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${r.policyFile}:5:7`); // line 1 is requiredPredicateTypes
    expect(r.stderr).toContain('[VERIFY_POLICY_INVALID]');
    expect(r.stderr).toContain('is not a package URL: it does not start with "pkg:"');
    expect(r.stderr).toContain('pkg:TYPE/NAMESPACE/NAME@VERSION');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

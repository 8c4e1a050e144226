// custody vuln: a real SBOM (custody sbom over ../shared's npm v3 lockfile) matched against a committed slice of
// real GitHub Advisory Database records in OSV format (test/fixtures/osv/README.md: source, commit, date). The
// expected findings were checked by hand against the lockfile's versions and each record's ranges. Version-range
// edge cases of the npm (SemVer) order are unit-tested below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDir } from '@custody/testing';
import { compareSemver, inRange, parseSemver, type Finding } from '@custody/verify';
import { runCli } from './support/cli.js';

const DB = join(import.meta.dirname, 'fixtures', 'osv', 'npm');

describe('SemVer order and OSV ranges (npm)', () => {
  const cmp = (a: string, b: string) => compareSemver(parseSemver(a)!, parseSemver(b)!);
  const range = (...events: object[]) => ({ type: 'ECOSYSTEM', events });
  it('orders pre-releases before their release, numerically, and ignores build metadata', () => {
    expect(cmp('1.0.0-alpha', '1.0.0')).toBe(-1);
    expect(cmp('1.0.0-alpha.2', '1.0.0-alpha.10')).toBe(-1);
    expect(cmp('1.0.0-alpha.1', '1.0.0-alpha.beta')).toBe(-1);
    expect(cmp('1.0.0-rc.1', '1.0.0-beta.11')).toBe(1);
    expect(cmp('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
    expect(cmp('1.10.0', '1.9.0')).toBe(1);
    expect(parseSemver('1.2')).toBeUndefined();
    expect(parseSemver('01.2.3')).toBeUndefined();
  });
  it('introduced/fixed is half-open; last_affected closed; "0" is before everything; several ranges', () => {
    const r = range({ introduced: '7.0.0' }, { fixed: '7.5.2' });
    expect(inRange(r, '7.0.0', 'npm')).toBe(true);
    expect(inRange(r, '7.5.1', 'npm')).toBe(true);
    expect(inRange(r, '7.5.2', 'npm')).toBe(false);
    expect(inRange(r, '7.5.2-rc.1', 'npm')).toBe(true); // a pre-release of the fix is before the fix
    expect(inRange(r, '6.9.9', 'npm')).toBe(false);
    expect(inRange(range({ introduced: '0' }, { last_affected: '1.2.3' }), '1.2.3', 'npm')).toBe(true);
    expect(inRange(range({ introduced: '0' }, { last_affected: '1.2.3' }), '1.2.4', 'npm')).toBe(false);
    expect(inRange(range({ introduced: '0' }), '99.0.0', 'npm')).toBe(true);
    // Events in any order; re-introduced after a fix.
    expect(inRange(range({ fixed: '2.0.0' }, { introduced: '3.0.0' }, { introduced: '1.0.0' }), '2.5.0', 'npm')).toBe(false);
    expect(inRange(range({ fixed: '2.0.0' }, { introduced: '3.0.0' }, { introduced: '1.0.0' }), '3.1.0', 'npm')).toBe(true);
    expect(inRange(range({ introduced: '0' }, { limit: '2.0.0' }), '2.0.0', 'npm')).toBe(false);
  });
  it('a version or an ecosystem it cannot order is not guessed', () => {
    expect(inRange(range({ introduced: '0' }, { fixed: '1.0.0' }), 'not-a-version', 'npm')).toBeUndefined();
    expect(inRange(range({ introduced: '0' }, { fixed: '1.0' }), '0.9', 'NuGet')).toBeUndefined();
    expect(inRange({ type: 'GIT', events: [{ introduced: 'abc' }] }, '1.0.0', 'npm')).toBeUndefined();
  });
});

describe('custody vuln over a real SBOM', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-vuln-osv-'));
    await copyFile(join(sharedDir(), 'fixtures', 'lockfiles', 'package-lock-v3.json'), join(dir, 'package-lock.json'));
    const r = await cli(['sbom', '.', '--format', 'cyclonedx-json', '--output', 'app.cdx.json']);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finds the hand-checked advisories and nothing for the fixed lodash', async () => {
    const r = await cli(['vuln', 'app.cdx.json', '--db', DB, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { records: number; findings: Finding[] };
    expect(out.records).toBe(4); // the npm directory of the slice
    const got = out.findings
      .map((f) => `${f.id} ${f.package.name}@${f.package.version} ${f.scannerSeverity} fixed ${f.fixedVersion}`)
      .sort();
    expect(got).toEqual([
      'GHSA-3h5v-q93c-6h6q ws@7.5.9 high fixed 7.5.10',
      'GHSA-67hx-6x53-jw92 @babel/traverse@7.21.5 critical fixed 7.23.2',
      'GHSA-c2qf-rxjj-qqgw semver@5.7.1 medium fixed 5.7.2',
      'GHSA-c2qf-rxjj-qqgw semver@6.3.0 medium fixed 6.3.1',
      'GHSA-c2qf-rxjj-qqgw semver@7.5.0 medium fixed 7.5.2',
    ]);
    const table = await cli(['vuln', 'app.cdx.json', '--db', DB]);
    expect(table.stdout).toMatch(/^5 finding\(s\) in \d+ component\(s\) against 4 OSV record\(s\)/);
    expect(table.stdout).toContain('GHSA-67hx-6x53-jw92  critical');
  });

  it('--format vulns prints a predicate that custody attest signs and the gate reads', async () => {
    const r = await cli(['vuln', 'app.cdx.json', '--db', DB, '--format', 'vulns']);
    expect(r.code).toBe(0);
    const pred = JSON.parse(r.stdout) as { scanner: { result: Array<{ id: string }> } };
    expect(pred.scanner.result.map((x) => x.id)).toContain('GHSA-67hx-6x53-jw92');
  });

  it('a missing --db or a bad SBOM stops with exit 2', async () => {
    expect((await cli(['vuln', 'app.cdx.json'])).code).toBe(2);
    const bad = await cli(['vuln', 'app.cdx.json', '--db', 'nowhere']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('VULN_INPUT_UNREADABLE');
  });
});

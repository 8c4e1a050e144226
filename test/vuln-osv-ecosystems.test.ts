// custody vuln beyond npm: SBOMs made by custody sbom from ../shared's real PyPI requirements (pip freeze), Go
// module (go.mod + go.sum) and Bundler (Gemfile.lock) fixtures, and a Maven SBOM written here, matched against
// committed slices of real GitHub Advisory Database records (test/fixtures/osv/README.md: source, commit, date), with
// PEP 440, Go (SemVer), Gem::Version and Maven ComparableVersion orders. Each expected
// finding, and each expected non-finding, is explained beside it; they were checked by hand against the fixture
// versions and the records' ranges. Version-order edge cases: packages/verify/src/__tests__/versions.test.ts; OS packages: vuln-osv-os.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDir } from '@custody/testing';
import type { Finding } from '@custody/verify';
import { runCli } from './support/cli.js';

const DB = join(import.meta.dirname, 'fixtures', 'osv');

describe('custody vuln over real PyPI and Go SBOMs', () => {
  let dir: string;
  const cli = (args: string[]) => runCli(args, { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  const lockfiles = () => join(sharedDir(), 'fixtures', 'lockfiles');
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-vuln-eco-'));
    await mkdir(join(dir, 'py'));
    await mkdir(join(dir, 'go'));
    await mkdir(join(dir, 'rb'));
    await copyFile(join(lockfiles(), 'Gemfile.lock'), join(dir, 'rb', 'Gemfile.lock'));
    await copyFile(join(lockfiles(), 'requirements.freeze.txt'), join(dir, 'py', 'requirements.txt'));
    await copyFile(join(lockfiles(), 'go', 'go.mod'), join(dir, 'go', 'go.mod'));
    await copyFile(join(lockfiles(), 'go', 'go.sum'), join(dir, 'go', 'go.sum'));
    for (const eco of ['py', 'go', 'rb']) {
      const r = await cli(['sbom', eco, '--format', 'cyclonedx-json', '--output', `${eco}.cdx.json`]);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 60_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const run = async (sbom: string) => {
    const r = await cli(['vuln', sbom, '--db', DB, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { records: number; findings: Finding[]; unevaluated: unknown[] };
    expect(out.records).toBe(13); // 4 npm + 4 PyPI + 1 Go + 1 Maven + 1 RubyGems + 1 Alpine + 1 Debian record
    return out;
  };

  it('PyPI: finds jinja2, certifi and requests, and not the fixed PyYAML', async () => {
    const out = await run('py.cdx.json');
    const got = out.findings
      .map((f) => `${f.id} ${f.package.name}@${f.package.version} ${f.scannerSeverity} fixed ${f.fixedVersion}`)
      .sort();
    expect(got).toEqual(
      [
        // requests==2.28.2: range [2.3.0, 2.31.0) -> affected.
        'GHSA-j8r2-6x86-q33q requests@2.28.2 medium fixed 2.31.0',
        // Jinja2==3.1.2 (purl name jinja2): range [0, 3.1.3) -> affected.
        'GHSA-h5c8-rqwp-cp95 jinja2@3.1.2 medium fixed 3.1.3',
        // certifi==2022.12.7: range [2015.04.28, 2023.07.22) -> affected; PEP 440 reads 2023.07.22 as 2023.7.22, and
        // compares numerically (lexically "2022.12.7" > "2022.07..." would mislead).
        'GHSA-xqr8-7jwr-rhp7 certifi@2022.12.7 high fixed 2023.07.22',
      ].sort(),
    );
    // PyYAML==6.0 is looked up (the record names "PyYAML", the purl "pyyaml": PEP 503 names match) but 6.0 is past
    // the fix 5.4, so no finding; paramiko (in the Terrapin record) is not in the requirements.
    expect(out.findings.some((f) => f.package.name === 'pyyaml')).toBe(false);
    expect(out.unevaluated).toEqual([]);
  });

  it('Go: golang.org/x/crypto v0.36.0 is past the Terrapin fix 0.17.0, so no finding; nothing unevaluated', async () => {
    const out = await run('go.cdx.json');
    expect(out.findings).toEqual([]);
    expect(out.unevaluated).toEqual([]);
  });

  it('a Go SBOM with an affected x/crypto (a pseudo-version before the fix) is found', async () => {
    // The same record against a module version before 0.17.0, in the shape custody sbom writes (a Go pseudo-version,
    // the kind go.mod pins for untagged commits): v0.0.0-... is a SemVer pre-release of 0.0.0, so before 0.17.0.
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      join(dir, 'old.cdx.json'),
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        components: [
          { type: 'library', name: 'golang.org/x/crypto', purl: 'pkg:golang/golang.org/x/crypto@v0.0.0-20190308221718-c2843e01d9a2' },
        ],
      }),
    );
    const out = await run('old.cdx.json');
    expect(out.findings.map((f) => `${f.id} ${f.package.version} fixed ${f.fixedVersion}`)).toEqual([
      'GHSA-45x7-px36-x8w8 v0.0.0-20190308221718-c2843e01d9a2 fixed 0.17.0',
    ]);
  });

  it('RubyGems: the Gemfile.lock pins tzinfo 1.2.5, inside [1.0.0, 1.2.10) of the TZInfo advisory', async () => {
    const out = await run('rb.cdx.json');
    // tzinfo (1.2.5): the record's second entry [1.0.0, 1.2.10) holds it (its first, [0, 0.3.61), does not); rated
    // HIGH by GitHub. No other gem of the lockfile is named by a record of the slice.
    expect(out.findings.map((f) => `${f.id} ${f.package.purl} ${f.scannerSeverity} fixed ${f.fixedVersion}`)).toEqual([
      'GHSA-5cm2-9h8c-rvfx pkg:gem/tzinfo@1.2.5 high fixed 1.2.10',
    ]);
    expect(out.unevaluated).toEqual([]);
  });

  it('Maven: log4j-core versions against the Log4Shell record (three ranges, a last_affected, a versions list)', async () => {
    // ../shared has no Maven lockfile; the SBOM is written here, in the CycloneDX shape custody sbom writes for jars
    // (pkg:maven/GROUP/ARTIFACT@VERSION; OSV names Maven packages GROUP:ARTIFACT).
    const { writeFile } = await import('node:fs/promises');
    const purls = [
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', // [2.13.0, 2.15.0): affected, fixed 2.15.0
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.0-rc1', // [2.0-beta9, 2.3.1): a Maven pre-release after beta9
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.0-beta8', // before 2.0-beta9: not affected
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.12.2', // the fix of [2.4, 2.12.2): not affected
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0', // the fix of [2.13.0, 2.15.0): not affected
      'pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1', // not named by the record
      'pkg:maven/com.guicedee.services/log4j-core@1.2.1.2-jre17', // [0, last_affected 1.2.1.2-jre17]: affected
      'pkg:maven/org.xbib.elasticsearch/log4j@6.3.2.1', // in the entry's versions list: affected
    ];
    await writeFile(
      join(dir, 'mvn.cdx.json'),
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        components: purls.map((purl) => ({ type: 'library', name: purl, purl })),
      }),
    );
    const out = await run('mvn.cdx.json');
    expect(out.findings.map((f) => `${f.id} ${f.package.name}@${f.package.version} ${f.scannerSeverity} fixed ${f.fixedVersion}`)).toEqual([
      'GHSA-jfh8-c2jp-5v3q org.apache.logging.log4j:log4j-core@2.14.1 critical fixed 2.15.0',
      'GHSA-jfh8-c2jp-5v3q org.apache.logging.log4j:log4j-core@2.0-rc1 critical fixed 2.3.1',
      'GHSA-jfh8-c2jp-5v3q com.guicedee.services:log4j-core@1.2.1.2-jre17 critical fixed undefined',
      'GHSA-jfh8-c2jp-5v3q org.xbib.elasticsearch:log4j@6.3.2.1 critical fixed undefined',
    ]);
    expect(out.unevaluated).toEqual([]);
  });
});

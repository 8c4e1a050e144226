// custody vuln beyond npm: SBOMs made by custody sbom from ../shared's real PyPI requirements (pip freeze) and Go
// module (go.mod + go.sum) fixtures, matched against committed slices of real GitHub Advisory Database records
// (test/fixtures/osv/README.md: source, commit, date), with PEP 440 and Go (SemVer) version orders. Each expected
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
    await copyFile(join(lockfiles(), 'requirements.freeze.txt'), join(dir, 'py', 'requirements.txt'));
    await copyFile(join(lockfiles(), 'go', 'go.mod'), join(dir, 'go', 'go.mod'));
    await copyFile(join(lockfiles(), 'go', 'go.sum'), join(dir, 'go', 'go.sum'));
    for (const eco of ['py', 'go']) {
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
    expect(out.records).toBe(11); // 4 npm + 4 PyPI + 1 Go + 1 Alpine + 1 Debian record in the slice
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
});

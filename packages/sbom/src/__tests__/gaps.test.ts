/**
 * No silent gaps: what a scan finds but does not read is reported in the SBOM (a CycloneDX metadata property
 * `custody:gap` each, an SPDX document annotation each; both documents stay schema-valid), and refused inputs never
 * hang: devices, FIFOs and symlinks to them are not read, oversized lockfiles and over-deep JSON stop with a limit
 * code. SPDX keeps development and optional scope (DEV_DEPENDENCY_OF, OPTIONAL_DEPENDENCY_OF). A Go binary whose
 * module was replaced by a local directory still gives a valid purl.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import * as Validation from '@cyclonedx/cyclonedx-library/Validation';
import { configureLimits, CustodyError, fixedClock } from '@custody/core';
import {
  goComponents,
  mergeGraphs,
  parseGoModInfo,
  readApkInstalled,
  readDpkgStatus,
  readers,
  readLockfiles,
  rootComponent,
  writeMergedCycloneDx,
  writeMergedSpdx,
  type BomInput,
} from '@custody/sbom';

const work = mkdtempSync(join(tmpdir(), 'custody-gaps-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => void configureLimits({}));

const clock = fixedClock('2026-01-02T03:04:05Z');
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
addFormats(ajv);
const validateSpdx = ajv.compile(JSON.parse(readFileSync(new URL('./schemas/spdx-2.3.schema.json', import.meta.url), 'utf8')));
const cdxValidator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

const LOCK = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  packages: {
    '': { name: 'app', version: '1.0.0', dependencies: { a: '1.0.0' }, devDependencies: { d: '1.0.0' } },
    'node_modules/a': { version: '1.0.0', resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz' },
    'node_modules/d': { version: '1.0.0', dev: true, resolved: 'https://registry.npmjs.org/d/-/d-1.0.0.tgz' },
  },
});

async function sbom(dir: string): Promise<{ gaps: string[]; cdx: Record<string, any>; spdx: Record<string, any> }> {
  const gaps: string[] = [];
  const graphs = await readLockfiles(dir, readers, { gaps });
  const input: BomInput = { root: await rootComponent(dir, graphs), graphs, gaps };
  const merged = mergeGraphs(input);
  const cdxText = writeMergedCycloneDx(merged, { clock });
  const spdx = JSON.parse(writeMergedSpdx(merged, { clock }));
  const cdxErrors = await cdxValidator.validate(cdxText);
  expect(cdxErrors ?? null, JSON.stringify(cdxErrors)).toBeNull();
  expect(validateSpdx(spdx), JSON.stringify(validateSpdx.errors)).toBe(true);
  return { gaps: merged.gaps, cdx: JSON.parse(cdxText), spdx };
}

const cdxGaps = (cdx: Record<string, any>) =>
  (cdx.metadata.properties ?? []).filter((p: { name: string }) => p.name === 'custody:gap').map((p: { value: string }) => p.value);
const spdxGaps = (spdx: Record<string, any>) =>
  (spdx.annotations ?? []).map((a: { comment: string }) => a.comment.replace(/^custody:gap: /, ''));

describe('gaps are written into both documents', () => {
  it('an unpinned requirement line is named in CycloneDX metadata and in an SPDX annotation', async () => {
    const dir = join(work, 'req');
    mkdirSync(dir);
    writeFileSync(join(dir, 'requirements.txt'), 'requests==2.31.0\nflask>=2.0\n');
    const { gaps, cdx, spdx } = await sbom(dir);
    expect(gaps).toEqual(['requirements.txt: line 2: flask >=2.0 is not pinned to one version; skipped']);
    expect(cdxGaps(cdx)).toEqual(gaps);
    expect(spdxGaps(spdx)).toEqual(gaps);
    expect(spdx.annotations[0]).toMatchObject({
      annotationType: 'OTHER',
      annotator: 'Tool: custody-0.1.0',
      annotationDate: '2026-01-02T03:04:05Z',
    });
  });

  it('nothing skipped: no gap property, no annotation', async () => {
    const dir = join(work, 'clean');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package-lock.json'), LOCK);
    const { gaps, cdx, spdx } = await sbom(dir);
    expect(gaps).toEqual([]);
    expect(cdx.metadata.properties).toBeUndefined();
    expect(spdx.annotations).toBeUndefined();
  });
});

describe('malformed entries of package databases are counted, not dropped silently', () => {
  it('dpkg: a stanza without Version', () => {
    const g = readDpkgStatus(
      'Package: a\nStatus: install ok installed\nVersion: 1\n\nPackage: broken\nStatus: install ok installed\n\n',
      'var/lib/dpkg/status',
    );
    expect(g.components.map((c) => c.name)).toEqual(['a']);
    expect(g.notes).toEqual(['1 stanza(s) without Package or Version skipped (line 5)']);
  });

  it('apk: an entry without V:', () => {
    const g = readApkInstalled('P:a\nV:1\n\nP:broken\nA:x86_64\n\n', 'lib/apk/db/installed');
    expect(g.components.map((c) => c.name)).toEqual(['a']);
    expect(g.notes).toEqual(['1 entry without a package name (P:) or version (V:) skipped']);
  });
});

describe('symlinks, devices and FIFOs in a scanned directory', () => {
  it('a symlinked lockfile inside the target is read; one leading outside, to /dev/zero, or to a FIFO is reported, never read', async () => {
    const dir = join(work, 'links');
    const outside = join(work, 'outside');
    mkdirSync(join(dir, 'real'), { recursive: true });
    mkdirSync(join(dir, 'linked'));
    mkdirSync(join(dir, 'escape'));
    mkdirSync(join(dir, 'dev'));
    mkdirSync(join(dir, 'fifo'));
    mkdirSync(join(dir, 'fifolink'));
    mkdirSync(outside);
    writeFileSync(join(dir, 'real', 'lockfile.json'), LOCK); // not a lockfile name: read only through the link
    symlinkSync('../real/lockfile.json', join(dir, 'linked', 'package-lock.json'));
    writeFileSync(join(outside, 'package-lock.json'), LOCK.replace(/"a"/g, '"secret"'));
    symlinkSync(join(outside, 'package-lock.json'), join(dir, 'escape', 'package-lock.json'));
    symlinkSync('/dev/zero', join(dir, 'dev', 'package-lock.json'));
    execFileSync('mkfifo', [join(dir, 'fifo', 'package-lock.json')]);
    symlinkSync('../fifo/package-lock.json', join(dir, 'fifolink', 'Cargo.lock'));
    const started = Date.now();
    const { gaps, cdx } = await sbom(dir);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(cdx.components.map((c: { purl: string }) => c.purl)).toEqual(['pkg:npm/a@1.0.0', 'pkg:npm/d@1.0.0']);
    expect(gaps).toEqual([
      'dev/package-lock.json: symbolic link to a file outside the target: not read',
      'escape/package-lock.json: symbolic link to a file outside the target: not read',
      'fifo/package-lock.json: a FIFO (named pipe), not a regular file: not read',
      'fifolink/Cargo.lock: symbolic link to a FIFO (named pipe), not a regular file: not read',
    ]);
  });

  it.each([
    ['/dev/zero', () => '/dev/zero', 'a character device'],
    [
      'a FIFO',
      () => {
        const f = join(work, 'pipe.lock');
        execFileSync('mkfifo', [f]);
        return f;
      },
      'a FIFO (named pipe)',
    ],
    [
      'a symlink to /dev/zero',
      () => {
        const f = join(work, 'zero-package-lock.json');
        symlinkSync('/dev/zero', f);
        return f;
      },
      'a character device',
    ],
  ])('PATH that is %s: SBOM_INPUT_NOT_A_FILE at once', async (_name, make, kind) => {
    const path = make();
    const err = await readLockfiles(path, readers).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CustodyError);
    expect((err as CustodyError).code).toBe('SBOM_INPUT_NOT_A_FILE');
    expect((err as CustodyError).message).toContain(`is ${kind}, not a regular file`);
  });
});

describe('limits', () => {
  it('a lockfile over CUSTODY_MAX_LOCKFILE_BYTES is LIMIT_LOCKFILE_BYTES before it is read (a sparse 3 GiB file)', async () => {
    const dir = join(work, 'huge');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package-lock.json'), '');
    truncateSync(join(dir, 'package-lock.json'), 3 * 1024 ** 3);
    const err = await readLockfiles(dir, readers).catch((e: unknown) => e);
    expect((err as CustodyError).code).toBe('LIMIT_LOCKFILE_BYTES');
    expect((err as CustodyError).message).toMatch(/package-lock\.json \(npm lockfile\) is 3221225472 bytes, over the limit of 128 MiB/);
    configureLimits({ CUSTODY_MAX_LOCKFILE_BYTES: '100' });
    writeFileSync(join(dir, 'package-lock.json'), LOCK);
    const small = await readLockfiles(dir, readers).catch((e: unknown) => e);
    expect((small as CustodyError).code).toBe('LIMIT_LOCKFILE_BYTES');
    expect((small as CustodyError).hint).toContain('CUSTODY_MAX_LOCKFILE_BYTES');
  });

  it.each([
    ['package-lock.json', (deep: string) => `{"lockfileVersion":3,"packages":{"":{"x":${deep}}}}`],
    ['composer.lock', (deep: string) => `{"packages":[{"name":"a/b","version":"1.0.0","extra":${deep}}]}`],
    ['deno.lock', (deep: string) => `{"version":"4","x":${deep}}`],
    ['package.json', (deep: string) => `{"name":"x","version":"1.0.0","x":${deep}}`],
    ['pnpm-lock.yaml', (deep: string) => `lockfileVersion: '9.0'\nx: ${deep}\n`],
    ['yarn.lock', (deep: string) => `__metadata:\n  version: 8\nx: ${deep}\n`],
  ])('%s nested 100,000 deep is LIMIT_JSON_DEPTH, not a stack overflow', async (name, doc) => {
    const dir = join(work, `deep-${name}`);
    mkdirSync(dir);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    writeFileSync(join(dir, name), doc(deep));
    if (name === 'package.json') writeFileSync(join(dir, 'requirements.txt'), 'requests==2.31.0\n');
    const run = async () => {
      const graphs = await readLockfiles(dir, readers);
      return rootComponent(dir, graphs);
    };
    const err = await run().catch((e: unknown) => e);
    expect((err as CustodyError).code).toBe('LIMIT_JSON_DEPTH');
    expect((err as CustodyError).message).toMatch(/nests (flow collections )?deeper than 256 levels/);
  });
});

describe('SPDX keeps scope', () => {
  it('a dev dependency is DEV_DEPENDENCY_OF the project, a required one DEPENDS_ON', async () => {
    const dir = join(work, 'scope');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package-lock.json'), LOCK);
    const { spdx } = await sbom(dir);
    const rel = spdx.relationships.map((r: Record<string, string>) => `${r.spdxElementId} ${r.relationshipType} ${r.relatedSpdxElement}`);
    expect(rel).toContain('SPDXRef-Package-npm-d-1.0.0 DEV_DEPENDENCY_OF SPDXRef-RootPackage-app');
    expect(rel).toContain('SPDXRef-RootPackage-app DEPENDS_ON SPDXRef-Package-npm-a-1.0.0');
    expect(rel.filter((r: string) => r.includes('npm-d-1.0.0'))).toEqual([
      'SPDXRef-Package-npm-d-1.0.0 DEV_DEPENDENCY_OF SPDXRef-RootPackage-app',
    ]);
  });
});

describe('Go replace to a local directory', () => {
  it('a binary whose dependency is replaced by ../fork keeps the module path and version: a valid purl', () => {
    const info = parseGoModInfo(
      'go1.22.1',
      'path\texample.com/app\nmod\texample.com/app\t(devel)\t\ndep\tgithub.com/x/lib\tv1.2.0\th1:abc=\n=>\t../fork\t\t\n',
    );
    const { deps } = goComponents(info);
    const lib = deps.find((d) => d.name === 'lib')!;
    expect(lib.purl).toBe('pkg:golang/github.com/x/lib@v1.2.0');
    expect(lib.properties).toEqual({ 'custody:go:replaced-by-directory': '../fork' });
    // Before: the purl was built from the directory, pkg:golang/../fork@v1.2.0 (a `..` namespace segment).
    for (const d of deps) expect(d.purl).not.toMatch(/(^|\/)\.\.?(\/|@|$)/);
  });
});

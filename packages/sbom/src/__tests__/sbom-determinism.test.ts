/**
 * Must-show 4 (same input, same bytes; sorted lists) and the pieces around it: discovery (skipped folders,
 * depth), the root component from each manifest kind, merging several lockfiles into one deduplicated graph.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareStrings, documentClock, fixedClock } from '@custody/core';
import { sharedDir, sharedNotice } from '@custody/testing';
import {
  discoverLockfiles,
  mergeGraphs,
  NoLockfileError,
  npmReader,
  readers,
  readLockfiles,
  rootComponent,
  writeMergedCycloneDx,
  writeMergedSpdx,
} from '@custody/sbom';

const shared = sharedDir();
const fixtures = shared ? join(shared, 'fixtures', 'lockfiles') : undefined;
if (!fixtures) sharedNotice('SBOM determinism on real lockfiles');

const work = mkdtempSync(join(tmpdir(), 'custody-sbom-det-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function sbomOf(dir: string, format: 'cdx' | 'spdx', env: NodeJS.ProcessEnv): Promise<string> {
  const graphs = await readLockfiles(dir, readers);
  const merged = mergeGraphs({ root: await rootComponent(dir, graphs), graphs });
  const clock = documentClock(env);
  return format === 'cdx' ? writeMergedCycloneDx(merged, { clock }) : writeMergedSpdx(merged, { clock });
}

const isSorted = (xs: string[]) => xs.every((x, i) => i === 0 || compareStrings(xs[i - 1]!, x) < 0);

describe.skipIf(!fixtures)('same input, same bytes; lists sorted', () => {
  // A project with several ecosystems: npm v3 at the top, npm v2 and others in subfolders.
  const project = join(work, 'multi');
  mkdirSync(join(project, 'web'), { recursive: true });
  mkdirSync(join(project, 'svc'), { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: '@acme/multi', version: '3.1.4' }));
  cpSync(join(fixtures ?? '', 'package-lock-v3.json'), join(project, 'package-lock.json'));
  cpSync(join(fixtures ?? '', 'package-lock-v2.json'), join(project, 'web', 'package-lock.json'));
  cpSync(join(fixtures ?? '', 'Cargo.lock'), join(project, 'svc', 'Cargo.lock'));
  cpSync(join(fixtures ?? '', 'poetry.lock'), join(project, 'svc', 'poetry.lock'));

  it.each(['cdx', 'spdx'] as const)('%s: byte-identical with SOURCE_DATE_EPOCH, different with another epoch', async (format) => {
    const a = await sbomOf(project, format, { SOURCE_DATE_EPOCH: '1700000000' });
    const b = await sbomOf(project, format, { SOURCE_DATE_EPOCH: '1700000000' });
    expect(b).toBe(a);
    const c = await sbomOf(project, format, { SOURCE_DATE_EPOCH: '1700000001' });
    expect(c).not.toBe(a);
    if (format === 'cdx') {
      expect(JSON.parse(a).metadata.timestamp).toBe('2023-11-14T22:13:20.000Z');
      expect(JSON.parse(c).serialNumber).not.toBe(JSON.parse(a).serialNumber);
    } else {
      expect(JSON.parse(a).creationInfo.created).toBe('2023-11-14T22:13:20Z');
      expect(JSON.parse(c).documentNamespace).not.toBe(JSON.parse(a).documentNamespace);
    }
  });

  it('CycloneDX: components, dependencies and dependsOn sorted; the root first with the direct dependencies', async () => {
    const bom = JSON.parse(await sbomOf(project, 'cdx', { SOURCE_DATE_EPOCH: '0' }));
    const refs: string[] = bom.components.map((c: { 'bom-ref': string }) => c['bom-ref']);
    expect(isSorted(refs)).toBe(true);
    expect(bom.dependencies[0].ref).toBe('pkg:npm/%40acme/multi@3.1.4');
    expect(bom.metadata.component).toMatchObject({
      group: '@acme',
      name: 'multi',
      version: '3.1.4',
      'bom-ref': 'pkg:npm/%40acme/multi@3.1.4',
    });
    expect(isSorted(bom.dependencies.slice(1).map((d: { ref: string }) => d.ref))).toBe(true);
    for (const d of bom.dependencies) expect(isSorted(d.dependsOn ?? [])).toBe(true);
    for (const c of bom.components) expect(c['bom-ref']).toBe(c.purl);
    // several ecosystems, one list
    const types = new Set(refs.map((r) => r.slice(4, r.indexOf('/'))));
    expect([...types].sort()).toEqual(['cargo', 'npm', 'pypi']);
    expect(bom.metadata.tools.components[0]).toMatchObject({ name: 'custody', version: '0.1.0' });
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('SPDX: packages (after the root) and relationships sorted', async () => {
    const doc = JSON.parse(await sbomOf(project, 'spdx', { SOURCE_DATE_EPOCH: '0' }));
    expect(doc.relationships[0]).toMatchObject({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES' });
    expect(isSorted(doc.packages.slice(1).map((p: { SPDXID: string }) => p.SPDXID))).toBe(true);
    const rel = doc.relationships
      .slice(1)
      .map((r: { spdxElementId: string; relatedSpdxElement: string }) => `${r.spdxElementId} ${r.relatedSpdxElement}`);
    expect(isSorted(rel)).toBe(true);
    expect(doc.creationInfo.creators).toEqual(['Tool: custody-0.1.0']);
  });

  it('merging deduplicates by purl across lockfiles', async () => {
    const twice = join(work, 'twice');
    mkdirSync(join(twice, 'a'), { recursive: true });
    mkdirSync(join(twice, 'b'), { recursive: true });
    cpSync(join(fixtures!, 'package-lock-v3.json'), join(twice, 'a', 'package-lock.json'));
    cpSync(join(fixtures!, 'package-lock-v3.json'), join(twice, 'b', 'npm-shrinkwrap.json'));
    const graphs = await readLockfiles(twice, readers);
    expect(graphs.map((g) => g.source)).toEqual(['a/package-lock.json', 'b/npm-shrinkwrap.json']);
    const merged = mergeGraphs({ root: await rootComponent(twice, graphs), graphs });
    expect(merged.components).toHaveLength(648);
    expect(merged.files).toEqual(['a/package-lock.json', 'b/npm-shrinkwrap.json']);
    expect(merged.ecosystems).toEqual({ npm: 648 });
  });
});

describe('discovery', () => {
  const tree = join(work, 'tree');
  const lockText = JSON.stringify({ name: 'x', lockfileVersion: 3, packages: { '': {}, 'node_modules/a': { version: '1.0.0' } } });
  for (const d of ['node_modules/dep', 'vendor/x', '.git/y', 'a/b/c/d/e/f', 'a/b']) mkdirSync(join(tree, d), { recursive: true });
  for (const d of ['node_modules/dep', 'vendor/x', '.git/y', 'a/b/c/d/e/f', 'a/b', '.'])
    writeFileSync(join(tree, d, 'package-lock.json'), lockText);
  writeFileSync(join(tree, 'a', 'notes.json'), '{"hello": 1}');
  writeFileSync(join(tree, 'a', 'old-lock.json'), `{\n  "lockfileVersion": 2,\n  "packages": {}\n}`);

  it('skips node_modules, vendor and .git; honours depth; sniffs lockfiles under other names', async () => {
    const found = await discoverLockfiles(tree, readers);
    expect(found.map((f) => f.source)).toEqual(['a/b/package-lock.json', 'a/old-lock.json', 'package-lock.json']);
    expect(found.find((f) => f.source === 'a/old-lock.json')!.reader.id).toBe('npm');
    const deeper = await discoverLockfiles(tree, readers, { depth: 6 });
    expect(deeper.map((f) => f.source)).toContain('a/b/c/d/e/f/package-lock.json');
    const top = await discoverLockfiles(tree, readers, { depth: 0 });
    expect(top.map((f) => f.source)).toEqual(['package-lock.json']);
    const byName = await discoverLockfiles(tree, readers, { exclude: ['b'] });
    expect(byName.map((f) => f.source)).toEqual(['a/old-lock.json', 'package-lock.json']);
    const byPath = await discoverLockfiles(tree, readers, { exclude: ['./a/b/'], depth: 6 });
    expect(byPath.map((f) => f.source)).toEqual(['a/old-lock.json', 'package-lock.json']);
  });

  it('an empty directory: no lockfile, naming what is supported', async () => {
    const empty = join(work, 'empty');
    mkdirSync(join(empty, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(empty, 'node_modules', 'x', 'package-lock.json'), lockText);
    const err = await discoverLockfiles(empty, readers).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoLockfileError);
    const text = (err as NoLockfileError).describe();
    expect(text).toContain(empty);
    expect(text).toContain('package-lock.json, npm-shrinkwrap.json (npm)');
    for (const r of readers) expect(text).toContain(r.fileNames[0]!);
  });
});

describe('root component', () => {
  const dirWith = (name: string, file: string, content: string) => {
    const d = join(work, 'roots', name);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, file), content);
    return d;
  };
  it.each([
    ['package.json', '{"name": "@a/b", "version": "1.2.3"}', { name: '@a/b', version: '1.2.3', purl: 'pkg:npm/%40a/b@1.2.3' }],
    ['pyproject.toml', '[project]\nname = "My_Pkg"\nversion = "0.4"\n', { name: 'My_Pkg', version: '0.4', purl: 'pkg:pypi/my-pkg@0.4' }],
    [
      'pyproject.toml',
      '[tool.poetry]\nname = "poet"\nversion = "2.0.0"\n',
      { name: 'poet', version: '2.0.0', purl: 'pkg:pypi/poet@2.0.0' },
    ],
    ['Cargo.toml', '[package]\nname = "crab"\nversion = "0.1.0"\n', { name: 'crab', version: '0.1.0', purl: 'pkg:cargo/crab@0.1.0' }],
    ['go.mod', 'module github.com/acme/tool\n\ngo 1.22\n', { name: 'github.com/acme/tool', purl: 'pkg:golang/github.com/acme/tool' }],
    [
      'composer.json',
      '{"name": "acme/site", "version": "5.0.0"}',
      { name: 'acme/site', version: '5.0.0', purl: 'pkg:composer/acme/site@5.0.0' },
    ],
  ])('from %s', async (file, content, expected) => {
    const root = await rootComponent(dirWith(`${file}-${expected.name.replace(/\W/g, '')}`, file, content));
    expect(root).toEqual({ ...expected, type: 'application' });
  });

  it('falls back to what a lockfile names, then to the directory name', async () => {
    const d = join(work, 'roots', 'plain-dir');
    mkdirSync(d, { recursive: true });
    expect(await rootComponent(d)).toEqual({ name: 'plain-dir', type: 'application' });
    const g = npmReader.read(
      '{"name":"locked","version":"9.9.9","lockfileVersion":3,"packages":{"":{"name":"locked","version":"9.9.9"}}}',
      'package-lock.json',
    );
    expect(await rootComponent(d, [g])).toEqual({ name: 'locked', version: '9.9.9', purl: 'pkg:npm/locked@9.9.9', type: 'application' });
  });

  it('fixedClock and documentClock agree', () => {
    expect(documentClock({ SOURCE_DATE_EPOCH: '5' }).now().getTime()).toBe(fixedClock(5000).now().getTime());
  });
});

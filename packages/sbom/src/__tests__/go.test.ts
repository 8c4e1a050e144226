/**
 * go.mod + go.sum reader on the real fixture (slsa-verifier's go.mod/go.sum in ../shared/fixtures/lockfiles/go).
 * Expectations come from line regexes over the raw files; spot checks were read off the files by eye.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCustodyError } from '@custody/core';
import { sharedDir, sharedNotice } from '@custody/testing';
import type { PackageGraph } from '../model.js';
import { readers } from '../readers/group-other.js';
import { compareGoVersions, golangPurl, goModReader } from '../readers/gomod.js';

const shared = sharedDir();
if (!shared) sharedNotice('go.mod/go.sum reader tests');
/** vitest runs a skipped suite's factory anyway: without ../shared, register a stub instead of the real suite. */
const describeShared = shared
  ? describe
  : (name: string, _fn: () => void) => describe.skip(name, () => it.skip('needs ../shared', () => {}));
const load = (name: string): string => readFileSync(join(shared!, 'fixtures', 'lockfiles', 'go', name), 'utf8');
const nv = (g: PackageGraph): string[] => [...new Set(g.components.map((c) => `${c.name}@${c.version}`))].sort();
const comp = (g: PackageGraph, purl: string) => g.components.find((c) => c.purl === purl);
const serialize = (g: PackageGraph): string => JSON.stringify({ ...g, dependencies: [...g.dependencies].map(([k, v]) => [k, [...v]]) });

function thrown(fn: () => unknown): { code: string; location?: string | undefined; message: string; exitCode: number } {
  try {
    fn();
  } catch (err) {
    if (!isCustodyError(err)) throw err;
    return { code: err.code, location: err.location, message: err.message, exitCode: err.exitCode };
  }
  throw new Error('expected an error');
}

const read = (mod: string, sum?: string): PackageGraph =>
  sum === undefined ? goModReader.read(mod, 'go/go.mod') : goModReader.readWithSiblings!(mod, 'go/go.mod', { 'go.sum': sum });

describe('golang purls and versions', () => {
  it('encodes the module path as namespace/name and +incompatible as %2B', () => {
    expect(golangPurl('github.com/blang/semver', 'v3.5.1+incompatible')).toBe('pkg:golang/github.com/blang/semver@v3.5.1%2Bincompatible');
    expect(golangPurl('github.com/sigstore/cosign/v2', 'v2.4.1')).toBe('pkg:golang/github.com/sigstore/cosign/v2@v2.4.1');
    expect(golangPurl('gopkg.in/yaml.v3', 'v3.0.1')).toBe('pkg:golang/gopkg.in/yaml.v3@v3.0.1');
  });

  it('orders versions as Go does (prerelease and pseudo-versions before the release)', () => {
    expect(compareGoVersions('v1.10.0', 'v1.9.0')).toBeGreaterThan(0);
    expect(compareGoVersions('v1.0.0-rc.1', 'v1.0.0')).toBeLessThan(0);
    expect(compareGoVersions('v0.0.0-20230301143203-a9d515a09cc2', 'v0.0.0-20210622060536-734e95fb86be')).toBeGreaterThan(0);
    expect(compareGoVersions('v2.0.0+incompatible', 'v2.0.0')).toBe(0);
  });
});

describeShared('go.mod + go.sum on the shared fixture', () => {
  const mod = load('go.mod');
  const sum = load('go.sum');
  const g = read(mod, sum);
  /** Every require of go.mod, block or single line, by regex over the text. */
  const requires = [...mod.matchAll(/^(?:require\s+|\t)(\S+) (v\S+)( \/\/ indirect)?$/gm)];

  it('is registered for go.mod with go.sum as its sibling', () => {
    expect(readers).toContain(goModReader);
    expect(goModReader.fileNames).toEqual(['go.mod']);
    expect(goModReader.siblings).toEqual(['go.sum']);
  });

  it('lists exactly the modules go.mod requires', () => {
    const expected = requires.map((m) => `${m[1]}@${m[2]}`).sort();
    expect(expected.length).toBe(106);
    expect(nv(g)).toEqual(expected);
    expect(g.root).toEqual({
      name: 'github.com/slsa-framework/slsa-verifier/v2',
      purl: 'pkg:golang/github.com/slsa-framework/slsa-verifier/v2',
    });
  });

  it('marks requires without // indirect as direct', () => {
    const direct = requires
      .filter((m) => !m[3])
      .map((m) => golangPurl(m[1]!, m[2]!))
      .sort();
    expect(direct.length).toBe(20);
    expect(g.direct).toEqual(direct);
    expect(g.direct).toContain('pkg:golang/github.com/sigstore/cosign/v2@v2.4.1');
    expect(g.direct).not.toContain('pkg:golang/github.com/google/trillian@v1.7.1'); // "// indirect" in the first block
  });

  it('keeps the h1: checksum as a property, not as a SHA-256 of an artifact', () => {
    const cmp = comp(g, 'pkg:golang/github.com/google/go-cmp@v0.6.0')!;
    expect(cmp.properties?.['custody:go:h1']).toBe('h1:ofyhxvXcZhMsU5ulbFiLKl/XBFqE1GSq7atu8tAmTRI='); // go.sum line 278
    expect(cmp.hashes).toBeUndefined();
    expect(comp(g, 'pkg:golang/github.com/blang/semver@v3.5.1%2Bincompatible')?.version).toBe('v3.5.1+incompatible');
  });

  it('does not list go.sum-only modules when go.mod is pruned (go >= 1.17), and says so', () => {
    // cloud.google.com/go v0.116.0 has a zip checksum in go.sum (line 1) but no require
    expect(g.components.some((c) => c.name === 'cloud.google.com/go')).toBe(false);
    // golang.org/x/mod v0.3.0 appears only as a /go.mod line
    expect(comp(g, 'pkg:golang/golang.org/x/mod@v0.3.0')).toBeUndefined();
    expect(comp(g, 'pkg:golang/golang.org/x/mod@v0.25.0')).toBeDefined();
    expect(g.notes?.join('\n')).toMatch(/^189 modules have a module checksum in go\.sum but no require/m);
  });

  it('adds go.sum modules (zip checksums only) for an unpruned go.mod', () => {
    const old = read(mod.replace('go 1.23.2', 'go 1.16'), sum);
    const listed = new Set(requires.map((m) => m[1]));
    const zipOnly = new Set(
      [...sum.matchAll(/^(\S+) (v[^\s/]+) h1:/gm)]
        .filter((m) => !listed.has(m[1]) && m[1] !== 'github.com/slsa-framework/slsa-verifier/v2')
        .map((m) => `${m[1]}@${m[2]}`),
    );
    expect(zipOnly.size).toBe(189);
    expect(nv(old)).toEqual([...requires.map((m) => `${m[1]}@${m[2]}`), ...zipOnly].sort());
    expect(comp(old, 'pkg:golang/cloud.google.com/go@v0.116.0')?.properties?.['custody:go:listed-in']).toBe('go.sum');
    expect(comp(old, 'pkg:golang/golang.org/x/mod@v0.3.0')).toBeUndefined(); // /go.mod line only
  });

  it('applies replace directives: module replacement and local directories', () => {
    const edited = `${mod}\nreplace github.com/gorilla/mux => github.com/example/mux v1.8.2\n\nreplace (\n\tgolang.org/x/mod v0.25.0 => ../mod\n)\n`;
    const r = read(edited, sum);
    expect(comp(r, 'pkg:golang/github.com/gorilla/mux@v1.8.1')).toBeUndefined();
    const repl = comp(r, 'pkg:golang/github.com/example/mux@v1.8.2')!;
    expect(repl.properties?.['custody:go:replaces']).toBe('github.com/gorilla/mux@v1.8.1');
    expect(r.direct).toContain(repl.purl);
    expect(r.components.some((c) => c.name === 'golang.org/x/mod')).toBe(false);
    expect(r.notes?.join('\n')).toMatch(/golang\.org\/x\/mod v0\.25\.0 is replaced by the local directory \.\.\/mod/);
    expect(r.components.length).toBe(105);
  });

  it('works without go.sum (no checksums, a note)', () => {
    const r = read(mod);
    expect(r.components.length).toBe(106);
    expect(r.components.every((c) => c.properties?.['custody:go:h1'] === undefined)).toBe(true);
    expect(r.notes?.[0]).toMatch(/go\.sum not found/);
  });

  it('rejects a go.mod cut inside a require block, naming the block line', () => {
    const cut = mod.slice(0, mod.indexOf('github.com/spf13/cobra'));
    const err = thrown(() => read(cut, sum));
    expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: 'go/go.mod:18', exitCode: 2 });
    expect(err.message).toContain('never closed');
  });

  it('rejects a bad require line and a bad go.sum line with their lines', () => {
    const bad = mod.replace('\tgithub.com/gorilla/mux v1.8.1\n', '\tgithub.com/gorilla/mux 1.8.1\n');
    expect(thrown(() => read(bad, sum))).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: 'go/go.mod:20' });
    const lines = sum.split('\n');
    lines[9] = lines[9]!.slice(0, 30); // cut line 10 short
    const err = thrown(() => read(mod, lines.join('\n')));
    expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: 'go/go.sum:10', exitCode: 2 });
  });

  it('rejects a file with no module directive', () => {
    expect(thrown(() => read('go 1.21\n', sum))).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: 'go/go.mod:1' });
  });

  it('gives the same bytes for the same input', () => {
    expect(serialize(read(mod, sum))).toBe(serialize(g));
  });
});

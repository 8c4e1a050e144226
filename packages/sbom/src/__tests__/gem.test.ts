/**
 * Gemfile.lock reader on the real fixture (Bundler 1.17) in ../shared/fixtures/lockfiles; platform gems and the
 * Bundler 2.5 CHECKSUMS section are added to the same text in the test. Expectations come from line regexes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCustodyError } from '@custody/core';
import { sharedDir, sharedNotice } from '@custody/testing';
import type { PackageGraph } from '../model.js';
import { gemfileReader, gemPurl } from '../readers/gemfile.js';
import { readers } from '../readers/group-other.js';

const shared = sharedDir();
if (!shared) sharedNotice('Gemfile.lock reader tests');
/** vitest runs a skipped suite's factory anyway: without ../shared, register a stub instead of the real suite. */
const describeShared = shared
  ? describe
  : (name: string, _fn: () => void) => describe.skip(name, () => it.skip('needs ../shared', () => {}));
const load = (name: string): string => readFileSync(join(shared!, 'fixtures', 'lockfiles', name), 'utf8');
const nv = (g: PackageGraph): string[] => [...new Set(g.components.map((c) => `${c.name}@${c.version}`))].sort();
const comp = (g: PackageGraph, purl: string) => g.components.find((c) => c.purl === purl);
const edges = (g: PackageGraph, from: string) => [...(g.dependencies.get(from) ?? [])];
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

describe('gem purls', () => {
  it('puts a platform in the platform qualifier, not in the version', () => {
    expect(gemPurl('nokogiri', '1.15.0', 'x86_64-linux')).toBe('pkg:gem/nokogiri@1.15.0?platform=x86_64-linux');
    expect(gemPurl('rails', '6.0.0')).toBe('pkg:gem/rails@6.0.0');
    expect(gemPurl('rails', '6.0.0', 'ruby')).toBe('pkg:gem/rails@6.0.0');
  });
});

describeShared('Gemfile.lock on the shared fixture', () => {
  const text = load('Gemfile.lock');
  const g = gemfileReader.read(text, 'Gemfile.lock');

  it('is registered', () => {
    expect(readers).toContain(gemfileReader);
  });

  it('lists every spec of the GEM section', () => {
    const expected = [...text.matchAll(/^ {4}(\S+) \((\S+)\)$/gm)].map((m) => `${m[1]}@${m[2]}`).sort();
    expect(expected.length).toBe(140);
    expect(nv(g)).toEqual(expected);
    expect(g.format).toBe('Gemfile.lock (Bundler 1.17.3)');
  });

  it('takes DEPENDENCIES as direct and 6-space lines as edges', () => {
    const names = text
      .split('\nDEPENDENCIES\n')[1]!
      .split('\n\n')[0]!
      .split('\n')
      .map((l) => l.trim().split(' ')[0]!);
    expect(names.length).toBe(42);
    expect(g.direct).toEqual(names.map((n) => g.components.find((c) => c.name === n)!.purl).sort());
    expect(g.direct).toContain('pkg:gem/rails@6.0.0');
    expect(g.direct).not.toContain('pkg:gem/actioncable@6.0.0');
    // actioncable (6.0.0): actionpack (= 6.0.0), nio4r (~> 2.0), websocket-driver (>= 0.6.1)
    expect(edges(g, 'pkg:gem/actioncable@6.0.0')).toEqual([
      'pkg:gem/actionpack@6.0.0',
      'pkg:gem/nio4r@2.5.2',
      'pkg:gem/websocket-driver@0.7.1',
    ]);
    expect(edges(g, 'pkg:gem/nokogiri@1.10.5')).toEqual(['pkg:gem/mini_portile2@2.4.0']);
  });

  it('reads platform gems and the CHECKSUMS section (Bundler 2.5+)', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    const edited = text
      .replace(
        '    nokogiri (1.10.5)\n      mini_portile2 (~> 2.4.0)\n',
        '    nokogiri (1.10.5)\n      mini_portile2 (~> 2.4.0)\n    nokogiri (1.10.5-x86_64-linux)\n      racc (~> 1.4)\n',
      )
      .replace('PLATFORMS\n  ruby\n', 'PLATFORMS\n  ruby\n  x86_64-linux\n')
      .replace(
        '\nRUBY VERSION',
        `\nCHECKSUMS\n  nokogiri (1.10.5) sha256=${a}\n  nokogiri (1.10.5-x86_64-linux) sha256=${b}\n  rails (6.0.0)\n\nRUBY VERSION`,
      )
      .replace('BUNDLED WITH\n   1.17.3', 'BUNDLED WITH\n   2.5.6');
    const e = gemfileReader.read(edited, 'Gemfile.lock');
    const plat = comp(e, 'pkg:gem/nokogiri@1.10.5?platform=x86_64-linux')!;
    expect(plat.version).toBe('1.10.5');
    expect(plat.properties?.['custody:gem:platform']).toBe('x86_64-linux');
    expect(plat.hashes).toEqual([{ alg: 'SHA-256', content: b }]);
    expect(comp(e, 'pkg:gem/nokogiri@1.10.5')?.hashes).toEqual([{ alg: 'SHA-256', content: a }]);
    expect(comp(e, 'pkg:gem/rails@6.0.0')?.hashes).toBeUndefined();
    // a dependency on nokogiri reaches both platform variants; the (name, version) set is unchanged
    expect(edges(e, 'pkg:gem/actiontext@6.0.0')).toEqual(expect.arrayContaining([plat.purl, 'pkg:gem/nokogiri@1.10.5']));
    expect(e.components.length).toBe(141);
    expect(nv(e)).toEqual(nv(g));
    expect(e.format).toBe('Gemfile.lock (Bundler 2.5.6)');
  });

  it('lists GIT gems with their source and keeps PATH gems out (the project)', () => {
    const edited = text.replace(
      'PATH\n  remote: test/assets/test-gem\n',
      'GIT\n  remote: https://github.com/example/gitgem.git\n  revision: 0123456789abcdef0123456789abcdef01234567\n  specs:\n    gitgem (0.1.0)\n      rake\n\nPATH\n  remote: .\n  specs:\n    myapp (1.2.3)\n      rails (= 6.0.0)\n',
    );
    const e = gemfileReader.read(edited, 'Gemfile.lock');
    expect(comp(e, 'pkg:gem/gitgem@0.1.0')?.properties?.['custody:gem:source']).toBe(
      'git https://github.com/example/gitgem.git 0123456789abcdef0123456789abcdef01234567',
    );
    expect(edges(e, 'pkg:gem/gitgem@0.1.0')).toEqual([expect.stringMatching(/^pkg:gem\/rake@/)]);
    expect(e.root).toEqual({ name: 'myapp', version: '1.2.3', purl: 'pkg:gem/myapp@1.2.3' });
    expect(e.components.some((c) => c.name === 'myapp')).toBe(false);
  });

  it('rejects a file cut in the middle of a spec line, with the line', () => {
    const cut = text.slice(0, text.indexOf('    rails (6.0.0)') + 14);
    const err = thrown(() => gemfileReader.read(cut, 'Gemfile.lock'));
    expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: 'Gemfile.lock:226', exitCode: 2 });
    expect(err.message).toContain('"rails (6.0" is not a gem spec');
  });

  it('rejects a text with no source section', () => {
    const err = thrown(() => gemfileReader.read('PLATFORMS\n  ruby\n', 'Gemfile.lock'));
    expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: 'Gemfile.lock:1' });
  });

  it('gives the same bytes for the same input', () => {
    expect(serialize(gemfileReader.read(text, 'Gemfile.lock'))).toBe(serialize(g));
  });
});

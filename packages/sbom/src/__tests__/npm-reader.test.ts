/**
 * npm reader edge cases on small lockfiles written for the purpose (the shared fixtures cover the bulk): node's
 * resolution through nested node_modules, links and workspaces, bundled and aliased packages, and bad input.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '@custody/core';
import { findJsonError, lineColumn, readNpmLockfile } from '@custody/sbom';

const lock = (packages: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'proj', version: '1.0.0', lockfileVersion: 3, requires: true, packages, ...extra }, null, 2);

describe('npm reader: resolution and project structure', () => {
  const text = lock({
    '': { name: 'proj', version: '1.0.0', workspaces: ['pkgs/w'], dependencies: { a: '^1' }, devDependencies: { d: '^1' } },
    'node_modules/a': { version: '1.0.0', dependencies: { b: '^2', missing: '^1' }, peerDependencies: { c: '*' } },
    'node_modules/a/node_modules/b': { version: '2.0.0', dependencies: { c: '^1' } },
    'node_modules/b': { version: '1.0.0' },
    'node_modules/c': { version: '1.0.0', license: 'MIT' },
    'node_modules/d': { version: '1.0.0', dev: true, dependencies: { bundled: '*' } },
    'node_modules/d/node_modules/bundled': { version: '3.0.0', dev: true, inBundle: true },
    'node_modules/@s/real-alias': { name: '@s/real', version: '4.0.0', resolved: 'https://registry.npmjs.org/@s/real/-/real-4.0.0.tgz' },
    'node_modules/w': { resolved: 'pkgs/w', link: true },
    'pkgs/w': { name: 'w', version: '0.0.1', dependencies: { e: '^1', a: '^1' } },
    'pkgs/w/node_modules/e': { version: '5.0.0', optional: true, dependencies: { b: '^1' } },
  });
  const g = readNpmLockfile(text, 'package-lock.json');
  const purls = g.components.map((c) => c.purl).sort();
  const deps = (p: string) => [...(g.dependencies.get(p) ?? [])].sort();

  it('lists installed packages, not links or workspace folders', () => {
    expect(purls).toEqual([
      'pkg:npm/%40s/real@4.0.0',
      'pkg:npm/a@1.0.0',
      'pkg:npm/b@1.0.0',
      'pkg:npm/b@2.0.0',
      'pkg:npm/bundled@3.0.0',
      'pkg:npm/c@1.0.0',
      'pkg:npm/d@1.0.0',
      'pkg:npm/e@5.0.0',
    ]);
    expect(g.root).toEqual({ name: 'proj', version: '1.0.0', purl: 'pkg:npm/proj@1.0.0' });
    expect(g.format).toBe('package-lock.json v3');
  });

  it('resolves a dependency from the nearest node_modules up', () => {
    expect(deps('pkg:npm/a@1.0.0')).toEqual(['pkg:npm/b@2.0.0', 'pkg:npm/c@1.0.0']); // nested b, peer c; missing skipped
    expect(deps('pkg:npm/b@2.0.0')).toEqual(['pkg:npm/c@1.0.0']); // walks up past a/node_modules to the top
    expect(deps('pkg:npm/e@5.0.0')).toEqual(['pkg:npm/b@1.0.0']); // from pkgs/w/node_modules/e up to the root
    expect(deps('pkg:npm/d@1.0.0')).toEqual(['pkg:npm/bundled@3.0.0']);
  });

  it('direct dependencies: the root (dev included) and the workspaces', () => {
    expect([...g.direct].sort()).toEqual(['pkg:npm/a@1.0.0', 'pkg:npm/d@1.0.0', 'pkg:npm/e@5.0.0']);
  });

  it('scope, hashes, licenses, aliases, bundles, download URLs', () => {
    const by = (p: string) => g.components.find((c) => c.purl === p)!;
    expect(by('pkg:npm/d@1.0.0').scope).toBe('excluded');
    expect(by('pkg:npm/e@5.0.0').scope).toBe('optional');
    expect(by('pkg:npm/a@1.0.0').scope).toBe('required');
    expect(by('pkg:npm/c@1.0.0').licenses).toEqual(['MIT']);
    const alias = by('pkg:npm/%40s/real@4.0.0');
    expect(alias).toMatchObject({ group: '@s', name: 'real', properties: { 'custody:npm:alias': '@s/real-alias' } });
    expect(alias.downloadUrl).toBe('https://registry.npmjs.org/@s/real/-/real-4.0.0.tgz');
    expect(by('pkg:npm/bundled@3.0.0').properties).toEqual({ 'custody:npm:bundled': 'true' });
  });

  it('the same package at two paths is one component with the most needed scope', () => {
    const t = lock({
      '': { dependencies: { x: '1' }, devDependencies: { y: '1' } },
      'node_modules/x': { version: '1.0.0', dependencies: { z: '1' } },
      'node_modules/x/node_modules/z': { version: '1.0.0' },
      'node_modules/y': { version: '1.0.0', dev: true },
      'node_modules/y/node_modules/z': { version: '1.0.0', dev: true, integrity: 'sha512-AAAA' },
    });
    const r = readNpmLockfile(t, 'package-lock.json');
    const z = r.components.filter((c) => c.purl === 'pkg:npm/z@1.0.0');
    expect(z).toHaveLength(1);
    expect(z[0]!.scope).toBe('required');
    expect(z[0]!.hashes).toEqual([{ alg: 'SHA-512', content: '000000' }]);
  });

  it('v1: nested tree, aliases, file: links, inferred direct dependencies', () => {
    const v1 = JSON.stringify({
      name: 'old',
      version: '2.0.0',
      lockfileVersion: 1,
      dependencies: {
        a: {
          version: '1.0.0',
          integrity: 'sha1-w7M6te42DYbg5ijwRorn7yfWVN8=',
          requires: { b: '^1' },
          dependencies: { b: { version: '1.5.0' } },
        },
        b: { version: '2.0.0', dev: true },
        'alias-x': { version: 'npm:real-x@3.0.0' },
        local: { version: 'file:packages/local' },
      },
    });
    const r = readNpmLockfile(v1, 'package-lock.json');
    expect(r.components.map((c) => c.purl).sort()).toEqual([
      'pkg:npm/a@1.0.0',
      'pkg:npm/b@1.5.0',
      'pkg:npm/b@2.0.0',
      'pkg:npm/real-x@3.0.0',
    ]);
    expect([...(r.dependencies.get('pkg:npm/a@1.0.0') ?? [])]).toEqual(['pkg:npm/b@1.5.0']);
    expect([...r.direct].sort()).toEqual(['pkg:npm/a@1.0.0', 'pkg:npm/b@2.0.0', 'pkg:npm/real-x@3.0.0']);
    expect(r.components.find((c) => c.purl === 'pkg:npm/a@1.0.0')!.hashes).toEqual([
      { alg: 'SHA-1', content: 'c3b33ab5ee360d86e0e628f0468ae7ef27d654df' },
    ]);
  });
});

describe('npm reader: bad input', () => {
  const catchErr = (text: string) => {
    try {
      readNpmLockfile(text, 'sub/package-lock.json');
    } catch (err) {
      return err as InputError;
    }
    throw new Error('expected an error');
  };

  it('a truncated lockfile: malformed, located at the last line, says it ends early', () => {
    const full = lock({ '': { name: 'p' }, 'node_modules/a': { version: '1.0.0' } });
    const cut = full.slice(0, full.indexOf('"1.0.0"') + 4);
    const err = catchErr(cut);
    expect(err).toBeInstanceOf(InputError);
    expect(err.code).toBe('LOCKFILE_MALFORMED');
    expect(err.exitCode).toBe(2);
    expect(err.location).toBe(`sub/package-lock.json:${cut.split('\n').length}`);
    expect(err.describe()).toMatch(/ends early/);
    expect(err.describe()).toMatch(/lockfileVersion 1, 2 or 3/);
  });

  it('a stray character: located at its line and column', () => {
    const text = '{\n  "lockfileVersion": 3,\n  "packages": {\n    "": {} x\n  }\n}\n';
    const err = catchErr(text);
    expect(err.location).toBe('sub/package-lock.json:4');
    expect(err.message).toContain("found \"x\" where ',' or '}' was expected at line 4, column 12");
  });

  it('an unknown lockfileVersion: named, with the supported versions', () => {
    const err = catchErr('{\n  "name": "p",\n  "lockfileVersion": 99,\n  "packages": {}\n}');
    expect(err.code).toBe('LOCKFILE_UNSUPPORTED_VERSION');
    expect(err.location).toBe('sub/package-lock.json:3');
    expect(err.describe()).toContain('npm lockfileVersion 99 is not supported');
    expect(err.describe()).toContain('lockfileVersion 1, 2 or 3');
  });

  it('no lockfileVersion, or not an object', () => {
    expect(catchErr('{"packages": {}}').code).toBe('LOCKFILE_UNSUPPORTED_VERSION');
    expect(catchErr('[1, 2]').code).toBe('LOCKFILE_MALFORMED');
  });

  it('findJsonError agrees with JSON.parse on what is valid', () => {
    for (const bad of ['{', '{"a":}', '{"a" 1}', '[1,]', '"\\x"', '{"a":1}}', 'tru', '-', `${'01'.slice(0, 1)}x`]) {
      expect(() => JSON.parse(bad)).toThrow();
      expect(findJsonError(bad).message).not.toBe('JSON.parse rejected it');
    }
    expect(lineColumn('a\nbc\nd', 4)).toEqual({ line: 2, column: 3 });
  });
});

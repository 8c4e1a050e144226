/**
 * composer.lock reader on the real fixture (psalm's lock, 28 packages + 45 dev) in ../shared/fixtures/lockfiles.
 * The expected set comes from a regex over the raw text (name line followed by version line), not JSON.parse.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCustodyError } from '@custody/core';
import { sharedDir, sharedNotice } from '@custody/testing';
import type { PackageGraph } from '../model.js';
import { composerPurl, composerReader } from '../readers/composer.js';
import { readers } from '../readers/group-other.js';

const shared = sharedDir();
if (!shared) sharedNotice('composer.lock reader tests');
/** vitest runs a skipped suite's factory anyway: without ../shared, register a stub instead of the real suite. */
const describeShared = shared
  ? describe
  : (name: string, _fn: () => void) => describe.skip(name, () => it.skip('needs ../shared', () => {}));
const load = (name: string): string => readFileSync(join(shared!, 'fixtures', 'lockfiles', name), 'utf8');
const nv = (g: PackageGraph): string[] =>
  [...new Set(g.components.map((c) => `${c.group ? `${c.group}/` : ''}${c.name}@${c.version}`))].sort();
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

describe('composer purls', () => {
  it('uses the vendor as namespace and keeps the version as locked', () => {
    expect(composerPurl('amphp/amp', 'v2.4.4')).toBe('pkg:composer/amphp/amp@v2.4.4');
    expect(composerPurl('psr/log', '1.1.3')).toBe('pkg:composer/psr/log@1.1.3');
  });
});

describeShared('composer.lock on the shared fixture', () => {
  const text = load('composer.lock');
  const g = composerReader.read(text, 'composer.lock');

  it('is registered', () => {
    expect(readers).toContain(composerReader);
  });

  it('lists packages and packages-dev', () => {
    const expected = [...text.matchAll(/^ {12}"name": "([^"]+)",\n {12}"version": "([^"]+)"/gm)].map((m) => `${m[1]}@${m[2]}`).sort();
    expect(expected.length).toBe(73);
    expect(nv(g)).toEqual(expected);
  });

  it('scopes packages-dev excluded, keeps licenses, dist URL, and require edges to locked packages only', () => {
    const amp = comp(g, 'pkg:composer/amphp/amp@v2.4.4')!;
    expect(amp).toMatchObject({ group: 'amphp', name: 'amp', version: 'v2.4.4', scope: 'required', licenses: ['MIT'] });
    expect(amp.downloadUrl).toBe('https://api.github.com/repos/amphp/amp/zipball/1e58d53e4af390efc7813e36cd215bd82cba4b06');
    expect(amp.hashes).toBeUndefined(); // "shasum": ""
    expect(edges(g, 'pkg:composer/amphp/amp@v2.4.4')).toEqual([]); // requires only "php"
    expect(comp(g, 'pkg:composer/phpunit/phpunit@8.5.8')?.scope).toBe('excluded');
    expect(comp(g, 'pkg:composer/phpmyadmin/sql-parser@5.1.0')?.licenses).toEqual(['GPL-2.0-or-later']);
    // amphp/byte-stream requires amphp/amp (and php)
    expect(edges(g, 'pkg:composer/amphp/byte-stream@v1.7.3')).toEqual(['pkg:composer/amphp/amp@v2.4.4']);
    expect(edges(g, 'pkg:composer/webmozart/assert@1.9.0')).toEqual(['pkg:composer/symfony/polyfill-ctype@v1.17.1']);
    const all = [...g.dependencies.values()].flatMap((s) => [...s]);
    expect(all.every((p) => g.components.some((c) => c.purl === p))).toBe(true);
    expect(g.direct).toEqual([]);
  });

  it('takes a non-empty dist.shasum as SHA-1 and follows provide', () => {
    const doc = JSON.parse(text) as { packages: { name: string; dist: { shasum: string }; require?: Record<string, string> }[] };
    doc.packages.find((p) => p.name === 'amphp/amp')!.dist.shasum = '0123456789ABCDEF0123456789abcdef01234567';
    doc.packages.find((p) => p.name === 'webmozart/glob')!.require!['psr/log-implementation'] = '^1.0';
    const e = composerReader.read(JSON.stringify(doc, null, 4), 'composer.lock');
    expect(comp(e, 'pkg:composer/amphp/amp@v2.4.4')?.hashes).toEqual([
      { alg: 'SHA-1', content: '0123456789abcdef0123456789abcdef01234567' },
    ]);
    // symfony/console "provide": {"psr/log-implementation": "1.0"}
    expect(edges(e, 'pkg:composer/webmozart/glob@4.1.0')).toContain('pkg:composer/symfony/console@v5.1.2');
  });

  it('rejects a truncated file with the line where it ends', () => {
    const cut = text.slice(0, 5000);
    const err = thrown(() => composerReader.read(cut, 'composer.lock'));
    expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: `composer.lock:${cut.split('\n').length}`, exitCode: 2 });
  });

  it('rejects an unknown plugin-api-version and a JSON file that is not a composer.lock', () => {
    const v = thrown(() =>
      composerReader.read(text.replace('"plugin-api-version": "1.1.0"', '"plugin-api-version": "3.0.0"'), 'composer.lock'),
    );
    expect(v).toMatchObject({ code: 'LOCKFILE_UNSUPPORTED_VERSION', location: 'composer.lock:4289', exitCode: 2 });
    expect(thrown(() => composerReader.read('{"name": "x"}', 'composer.lock'))).toMatchObject({
      code: 'LOCKFILE_MALFORMED',
      location: 'composer.lock',
    });
  });

  it('rejects a package without a version, at its line', () => {
    const err = thrown(() => composerReader.read(text.replace('"version": "v2.4.4",', ''), 'composer.lock'));
    expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: 'composer.lock:10', exitCode: 2 }); // "name": "amphp/amp"
    expect(err.message).toBe('packages[0] ("amphp/amp") has no version.');
  });

  it('gives the same bytes for the same input', () => {
    expect(serialize(composerReader.read(text, 'composer.lock'))).toBe(serialize(g));
  });
});

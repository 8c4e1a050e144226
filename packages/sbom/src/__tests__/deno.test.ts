import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCustodyError } from '@custody/core';
import { sharedDir, sharedNotice } from '@custody/testing';
import type { PackageGraph } from '../model.js';
import { denoReader } from '../readers/deno.js';

const shared = sharedDir();
if (!shared) sharedNotice('deno.lock reader tests');
const FILE = 'deno-test.lock.json';
const text = shared ? readFileSync(join(shared, 'fixtures', 'lockfiles', FILE), 'utf8') : '{}';

const comp = (g: PackageGraph, purl: string) => g.components.find((c) => c.purl === purl);
const hex = (b64: string): string => Buffer.from(b64, 'base64').toString('hex');
const serialize = (g: PackageGraph): string => JSON.stringify({ ...g, dependencies: [...g.dependencies].map(([k, v]) => [k, [...v]]) });
const edgesOf = (g: PackageGraph): string[] => [...g.dependencies].flatMap(([k, v]) => [...v].map((t) => `${k} -> ${t}`));
const npmOnly = (g: PackageGraph): PackageGraph => ({
  ...g,
  components: g.components.filter((c) => c.purl.startsWith('pkg:npm/')),
  dependencies: new Map([...g.dependencies].filter(([k]) => k.startsWith('pkg:npm/'))),
});

function thrown(fn: () => unknown): { code: string; location?: string; message: string; exitCode: number } {
  try {
    fn();
  } catch (err) {
    if (!isCustodyError(err)) throw err;
    return { code: err.code, location: err.location, message: err.message, exitCode: err.exitCode };
  }
  throw new Error('expected an error');
}

type V2 = {
  version: string;
  remote: Record<string, string>;
  npm: { specifiers: Record<string, string>; packages: Record<string, { integrity: string; dependencies: Record<string, string> }> };
};

// Entries added to the converted lockfiles: JSR packages and remote modules, as Deno writes them.
const JSR = {
  '@std/assert@1.0.0': {
    integrity: '0e4f6d873f7f35e2a1e6194ceee39686c996b9e5d134948e644d35d4c4df2008',
    dependencies: ['jsr:@std/internal@^1.0.1'],
  },
  '@std/internal@1.0.1': { integrity: '6f8c7544d06a11dd256c8d6ba54b11ed870aac6c5aeafff499892662c57673e6' },
};
const REMOTE = {
  'https://deno.land/std@0.127.0/fmt/colors.ts': '870f10d440af4c309ab7bff97266d8ddb2c8a69039bcbd33253c8bfc14502116',
  'https://deno.land/x/ts_morph@22.0.0/mod.ts': 'adba9b82f24865d15d2c78ef6074b9a7457011719056c9928c800f130a617c93',
};

/** The fixture (version 2) rewritten in the version 3 layout, by this test, with JSR and remote entries added. */
function toV3(v2: V2): unknown {
  const specifiers: Record<string, string> = {
    'jsr:@std/assert@^1.0.0': 'jsr:@std/assert@1.0.0',
    'jsr:@std/internal@^1.0.1': 'jsr:@std/internal@1.0.1',
  };
  for (const [k, v] of Object.entries(v2.npm.specifiers)) specifiers[`npm:${k}`] = `npm:${v}`;
  return {
    version: '3',
    packages: { specifiers, jsr: JSR, npm: v2.npm.packages },
    remote: REMOTE,
    workspace: { dependencies: ['jsr:@std/assert@^1.0.0', ...Object.keys(v2.npm.specifiers).map((k) => `npm:${k}`)] },
  };
}

/**
 * Version 4/5 layout, as deno_lockfile's v3 -> v4 transform describes it: sections at the top level, specifier
 * values are bare versions, npm dependencies a list of `name` (one version locked), `name@version` (several) or
 * `alias@npm:name@version`. Version 5 adds `tarball` for packages outside the default registry.
 */
function toV4(v2: V2, version: '4' | '5'): unknown {
  const versions = new Map<string, number>();
  for (const k of Object.keys(v2.npm.packages)) {
    const n = k.slice(0, k.indexOf('@', 1));
    versions.set(n, (versions.get(n) ?? 0) + 1);
  }
  const npm: Record<string, { integrity: string; dependencies?: string[]; tarball?: string }> = {};
  for (const [k, v] of Object.entries(v2.npm.packages)) {
    const deps = Object.entries(v.dependencies).map(([alias, target]) => {
      const name = target.slice(0, target.indexOf('@', 1));
      if (alias !== name) return `${alias}@npm:${target}`;
      return versions.get(name) === 1 ? name : target;
    });
    npm[k] = { integrity: v.integrity, ...(deps.length ? { dependencies: deps } : {}) };
  }
  if (version === '5') npm['yargs@17.7.2']!.tarball = 'https://npm.example.test/yargs/-/yargs-17.7.2.tgz';
  const specifiers: Record<string, string> = { 'jsr:@std/assert@^1.0.0': '1.0.0', 'jsr:@std/internal@^1.0.1': '1.0.1' };
  for (const [k, v] of Object.entries(v2.npm.specifiers)) specifiers[`npm:${k}`] = v.slice(v.indexOf('@', 1) + 1);
  const jsr = {
    '@std/assert@1.0.0': { ...JSR['@std/assert@1.0.0'], dependencies: ['jsr:@std/internal'] },
    '@std/internal@1.0.1': JSR['@std/internal@1.0.1'],
  };
  return {
    version,
    specifiers,
    jsr,
    npm,
    remote: REMOTE,
    workspace: { dependencies: ['jsr:@std/assert@^1.0.0', ...Object.keys(v2.npm.specifiers).map((k) => `npm:${k}`)] },
  };
}

describe.skipIf(!shared)('deno.lock', () => {
  const raw = JSON.parse(text) as V2;
  const g = denoReader.read(text, FILE);

  it('is picked for the fixture name and reads version 2', () => {
    expect(denoReader.sniff!(FILE, text.slice(0, 2048))).toBe(true);
    expect(g.format).toBe('deno.lock v2');
    expect(g.ecosystem).toBe('deno');
  });

  it('has exactly the npm packages of the file (keys read independently) with their integrity', () => {
    const expected = new Map(Object.entries(raw.npm.packages).map(([k, v]) => [k, hex(v.integrity.replace(/^sha512-/, ''))]));
    expect(expected.size).toBeGreaterThan(200);
    const got = new Map(g.components.map((c) => [`${c.group ? `${c.group}/` : ''}${c.name}@${c.version}`, c.hashes?.[0]?.content]));
    expect(got).toEqual(expected);
  });

  it('spot checks: hash, edges, alias and direct dependency (read by eye)', () => {
    const cf = comp(g, 'pkg:npm/%40babel/code-frame@7.22.5')!;
    expect(cf.hashes).toEqual([
      { alg: 'SHA-512', content: hex('Xmwn266vad+6DAqEB2A6V/CcZVp62BbwVmcOJc2RPuwih1kw02TjQvWVWlcKGbBPd+8/0V5DEkOcizRGYsspYQ==') },
    ]);
    expect([...g.dependencies.get('pkg:npm/%40appthreat/atom@0.10.1')!]).toEqual([
      'pkg:npm/%40babel/parser@7.22.5',
      'pkg:npm/typescript@5.1.6',
      'pkg:npm/yargs@17.7.2',
    ]);
    // string-width-cjs -> string-width@4.2.3: an alias, edge to the real package
    expect(g.dependencies.get('pkg:npm/%40isaacs/cliui@8.0.2')!.has('pkg:npm/string-width@4.2.3')).toBe(true);
    expect(g.direct).toEqual(['pkg:npm/%40cyclonedx/cdxgen@9.0.1']);
  });

  it('reads the same npm graph from the version 3, 4 and 5 layouts; JSR and remote modules as pkg:generic', () => {
    const npmV2 = npmOnly(g);
    for (const [version, doc] of [
      ['3', toV3(raw)],
      ['4', toV4(raw, '4')],
      ['5', toV4(raw, '5')],
    ] as const) {
      const gv = denoReader.read(JSON.stringify(doc, null, 2), 'deno.lock');
      expect(gv.format).toBe(`deno.lock v${version}`);
      const npm = npmOnly(gv);
      expect(npm.components.map((c) => [c.purl, c.hashes])).toEqual(npmV2.components.map((c) => [c.purl, c.hashes]));
      expect(edgesOf(npm)).toEqual(edgesOf(npmV2));

      const assert = gv.components.find((c) => c.properties?.['custody:jsr:package'] === '@std/assert@1.0.0')!;
      expect(assert.purl.startsWith('pkg:generic/%40std/assert@1.0.0?download_url=')).toBe(true);
      expect(decodeURIComponent(assert.purl)).toBe('pkg:generic/@std/assert@1.0.0?download_url=https://jsr.io/@std/assert/1.0.0_meta.json');
      expect(assert.hashes).toEqual([{ alg: 'SHA-256', content: '0e4f6d873f7f35e2a1e6194ceee39686c996b9e5d134948e644d35d4c4df2008' }]);
      const internal = gv.components.find((c) => c.properties?.['custody:jsr:package'] === '@std/internal@1.0.1')!;
      expect([...gv.dependencies.get(assert.purl)!]).toEqual([internal.purl]);
      expect(gv.direct).toEqual([assert.purl, 'pkg:npm/%40cyclonedx/cdxgen@9.0.1'].sort());

      const colors = gv.components.find((c) => c.downloadUrl === 'https://deno.land/std@0.127.0/fmt/colors.ts')!;
      expect(colors.purl.startsWith('pkg:generic/deno.land/std%400.127.0/fmt/colors.ts@0.127.0?download_url=')).toBe(true);
      expect(decodeURIComponent(colors.purl)).toBe(
        'pkg:generic/deno.land/std@0.127.0/fmt/colors.ts@0.127.0?download_url=https://deno.land/std@0.127.0/fmt/colors.ts',
      );
      expect(colors.hashes).toEqual([{ alg: 'SHA-256', content: REMOTE['https://deno.land/std@0.127.0/fmt/colors.ts'] }]);
      expect(gv.components).toHaveLength(npmV2.components.length + 4);
    }
    const v5 = denoReader.read(JSON.stringify(toV4(raw, '5')), 'deno.lock');
    expect(comp(v5, 'pkg:npm/yargs@17.7.2')!.downloadUrl).toBe('https://npm.example.test/yargs/-/yargs-17.7.2.tgz');
  });

  it('reads version 1 (a map of URLs to hashes)', () => {
    const v1 = denoReader.read(JSON.stringify(REMOTE), 'deno.lock');
    expect(v1.format).toBe('deno.lock v1');
    expect(v1.components.map((c) => c.downloadUrl)).toEqual(Object.keys(REMOTE).sort());
  });

  it('is deterministic', () => {
    expect(serialize(denoReader.read(text, FILE))).toBe(serialize(g));
  });

  it('rejects an unknown version at its line', () => {
    const e = thrown(() => denoReader.read(text.replace('"version": "2"', '"version": "9"'), 'deno.lock'));
    expect(e.code).toBe('LOCKFILE_UNSUPPORTED_VERSION');
    expect(e.location).toBe('deno.lock:2');
    expect(e.exitCode).toBe(2);
  });

  it('rejects truncated JSON with a line', () => {
    const cut = text.slice(0, text.indexOf('"@babel/generator@7.22.5"') + 5);
    const e = thrown(() => denoReader.read(cut, 'deno.lock'));
    expect(e.code).toBe('LOCKFILE_MALFORMED');
    expect(e.location).toBe(`deno.lock:${cut.split('\n').length}`);
  });

  it('rejects an npm key without a version, naming its line', () => {
    const broken = text.replace('"@babel/code-frame@7.22.5": {', '"@babel/code-frame": {');
    const e = thrown(() => denoReader.read(broken, 'deno.lock'));
    expect(e.code).toBe('LOCKFILE_MALFORMED');
    const line = broken.split('\n').findIndex((l) => l.includes('"@babel/code-frame": {')) + 1;
    expect(e.location).toBe(`deno.lock:${line}`);
  });
});

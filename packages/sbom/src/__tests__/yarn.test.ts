import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCustodyError } from '@custody/core';
import { sharedDir, sharedNotice } from '@custody/testing';
import type { PackageGraph } from '../model.js';
import { yarnReader } from '../readers/group-js.js';

const shared = sharedDir();
if (!shared) sharedNotice('yarn lockfile reader tests');
const texts = new Map<string, string>();
const load = (name: string): string => {
  if (!texts.has(name)) texts.set(name, readFileSync(join(shared!, 'fixtures', 'lockfiles', name), 'utf8'));
  return texts.get(name)!;
};
const graphs = new Map<string, PackageGraph>();
/** The fixture read once (under its own name as source) and shared by the tests that only look at it. */
const readOnce = (name: string): PackageGraph => {
  if (!graphs.has(name)) graphs.set(name, yarnReader.read(load(name), name));
  return graphs.get(name)!;
};

const nv = (g: PackageGraph): Set<string> => new Set(g.components.map((c) => `${c.group ? `${c.group}/` : ''}${c.name}@${c.version}`));
const _edgeCount = (g: PackageGraph): number => [...g.dependencies.values()].reduce((n, s) => n + s.size, 0);
const comp = (g: PackageGraph, purl: string) => g.components.find((c) => c.purl === purl);
const hex = (b64: string): string => Buffer.from(b64, 'base64').toString('hex');
const serialize = (g: PackageGraph): string => JSON.stringify({ ...g, dependencies: [...g.dependencies].map(([k, v]) => [k, [...v]]) });

/** Runs `fn`, expecting a CustodyError; returns it. */
function thrown(fn: () => unknown): { code: string; location?: string; message: string; exitCode: number } {
  try {
    fn();
  } catch (err) {
    if (!isCustodyError(err)) throw err;
    return { code: err.code, location: err.location, message: err.message, exitCode: err.exitCode };
  }
  throw new Error('expected an error');
}

/**
 * Independent expectation for yarn v1: each header line (`name@range, …:` at column 0) and the `version "x"` line
 * below it, read with regular expressions; `alias@npm:real@range` counts as the real package.
 */
function expectedV1(text: string): Set<string> {
  const out = new Set<string>();
  const re = /^("?)((?:@[^@/"]+\/)?[^@"\s]+)@([^,"\n]*)\1[^\n]*:\n {2}version "([^"]+)"/gm;
  for (const m of text.matchAll(re)) {
    const range = m[3]!;
    const alias = /^npm:((?:@[^@/]+\/)?[^@]+)@/.exec(range);
    out.add(`${alias ? alias[1] : m[2]}@${m[4]}`);
  }
  return out;
}

/**
 * Independent expectation for berry: blocks separated by blank lines, each with `  version: x` and
 * `  resolution: "name@protocol:…"` lines; workspaces and link/portal/file are not packages; a patch names its base.
 */
function expectedBerry(text: string): Set<string> {
  const out = new Set<string>();
  for (const block of text.split(/\n\n+/)) {
    const res = /^ {2}resolution: "?((?:@[^@/]+\/)?[^@]+)@([a-z]+):/m.exec(block);
    const ver = /^ {2}version: "?([^"\n]+)"?$/m.exec(block);
    if (!res || !ver) {
      const shorthand = /^ {2}resolution: "?((?:@[^@/]+\/)?[^@]+)@/m.exec(block);
      if (shorthand && ver) out.add(`${shorthand[1]}@${ver[1]}`);
      continue;
    }
    if (['workspace', 'link', 'portal', 'file'].includes(res[2]!)) continue;
    out.add(`${res[1]}@${ver[1]}`);
  }
  return out;
}

describe.skipIf(!shared)('yarn.lock v1', () => {
  const text = shared ? load('yarn-v1.lock') : '';
  const g = shared ? readOnce('yarn-v1.lock') : (undefined as unknown as PackageGraph);

  it('is picked for the fixture name and reads as v1', () => {
    expect(yarnReader.sniff!('yarn-v1.lock', text.slice(0, 2048))).toBe(true);
    expect(g.format).toBe('yarn.lock v1');
    expect(g.ecosystem).toBe('npm');
  });

  it('has exactly the (name, version) pairs of the file, counted independently', () => {
    const expected = expectedV1(text);
    expect(expected.size).toBeGreaterThan(2000);
    expect(nv(g)).toEqual(expected);
    expect(g.components.length).toBe(expected.size);
  });

  it('keeps integrity and the SHA-1 of the resolved URL (@babel/cli 7.10.1, read by eye)', () => {
    const c = comp(g, 'pkg:npm/%40babel/cli@7.10.1')!;
    expect(c.group).toBe('@babel');
    expect(c.name).toBe('cli');
    expect(c.hashes).toEqual([
      { alg: 'SHA-1', content: 'b6e5cd43a17b8f639442ab027976408ebe6d79a0' },
      { alg: 'SHA-512', content: hex('cVB+dXeGhMOqViIaZs3A9OUAe4pKw4SBNdMw6yHJMYR7s4TB+Cei7ThquV/84O19PdIFWuwe03vxxES0BHUm5g==') },
    ]);
    expect(c.downloadUrl).toBe('https://npm.mirror.example/@babel/cli/-/cli-7.10.1.tgz');
    // commander "^4.0.1" resolves to 4.1.1; chokidar "^2.1.8" (optionalDependencies) to 2.1.8.
    const deps = g.dependencies.get(c.purl)!;
    expect(deps.has('pkg:npm/commander@4.1.1')).toBe(true);
    expect(deps.has('pkg:npm/chokidar@2.1.8')).toBe(true);
    expect(deps.size).toBe(9);
  });

  it('marks what only optionalDependencies reach as optional', () => {
    // fsevents is only ever an optional dependency of chokidar.
    expect(comp(g, 'pkg:npm/fsevents@1.2.9')!.scope).toBe('optional');
    expect(comp(g, 'pkg:npm/commander@4.1.1')!.scope).toBeUndefined();
    expect(g.direct).toEqual([]); // yarn.lock v1 does not say which dependencies are direct
  });

  it('reads an npm alias as the real package and skips file: packages with a note', () => {
    const extra =
      '\n"my-pad@npm:left-pad@^1.3.0":\n  version "1.3.0"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#5b8a3a7765dfe001261dde915589e782f8c94d1e"\n  integrity sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEzDxLGLMpaGRFydH27Lr6jaGdHoadVcFwMoVLhkpA74XBA==\n' +
      '\nlocal-thing@file:../local-thing:\n  version "0.0.1"\n';
    const g2 = yarnReader.read(text + extra, 'yarn.lock');
    const pad = comp(g2, 'pkg:npm/left-pad@1.3.0')!;
    expect(pad.properties?.['custody:npm:alias']).toBe('my-pad');
    expect(g2.components.some((c) => c.name === 'my-pad' || c.name === 'local-thing')).toBe(false);
    expect(g2.notes?.some((n) => n.includes('local-thing'))).toBe(true);
  });

  it('gives the same graph whatever the entry order', () => {
    const blocks = text.split(/\n\n+/);
    const reversed = [blocks[0], ...blocks.slice(1).reverse()].join('\n\n');
    expect(serialize(yarnReader.read(reversed, 'yarn-v1.lock'))).toBe(serialize(g));
    const purls = g.components.map((c) => c.purl);
    expect(purls).toEqual([...purls].sort());
  });

  it('reads a copy with Windows line endings the same way', () => {
    expect(serialize(yarnReader.read(text.replace(/\n/g, '\r\n'), 'yarn-v1.lock'))).toBe(serialize(g));
  });

  it('rejects a file cut inside a quoted header, naming the line', () => {
    const at = text.indexOf('"@babel/code-frame@^7.10.1"');
    const line = text.slice(0, at).split('\n').length;
    const e = thrown(() => yarnReader.read(text.slice(0, at + 12), 'yarn.lock'));
    expect(e.code).toBe('LOCKFILE_MALFORMED');
    expect(e.exitCode).toBe(2);
    expect(e.location).toBe(`yarn.lock:${line}`);
  });

  it('rejects an entry cut before its version, naming the entry line', () => {
    const at = text.indexOf('"@babel/code-frame@^7.10.1":');
    const line = text.slice(0, at).split('\n').length;
    const e = thrown(() => yarnReader.read(text.slice(0, at + '"@babel/code-frame@^7.10.1":\n'.length), 'yarn.lock'));
    expect(e.code).toBe('LOCKFILE_MALFORMED');
    expect(e.location).toBe(`yarn.lock:${line}`);
    expect(e.message).toContain('no version');
  });

  it('rejects an unknown classic lockfile version', () => {
    const e = thrown(() => yarnReader.read(text.replace('# yarn lockfile v1', '# yarn lockfile v2'), 'yarn.lock'));
    expect(e.code).toBe('LOCKFILE_UNSUPPORTED_VERSION');
    expect(e.location).toBe('yarn.lock:2');
  });
});

const berry = [
  { file: 'yarn-berry-v2.lock', meta: 4, root: 'goof' },
  { file: 'yarn-berry-v3.lock', meta: 6, root: 'yarn3-monorepo' },
  { file: 'yarn-berry-v4.lock', meta: 8, root: '@yarnpkg/monorepo' },
];

describe.skipIf(!shared)('yarn.lock berry', () => {
  for (const { file, meta, root } of berry) {
    describe(file, () => {
      const text = shared ? load(file) : '';
      const g = shared ? readOnce(file) : (undefined as unknown as PackageGraph);

      it('is recognised as berry with its __metadata version and project root', () => {
        expect(yarnReader.sniff!(file, text.slice(0, 2048))).toBe(true);
        expect(g.format).toBe(`yarn.lock (berry v${meta})`);
        expect(g.root?.name).toBe(root);
      });

      it('has exactly the (name, version) pairs of the file, counted independently', () => {
        const expected = expectedBerry(text);
        expect(expected.size).toBeGreaterThan(300);
        expect(nv(g)).toEqual(expected);
      });

      it('does not list workspaces as components; their dependencies are direct', () => {
        const workspaces = [...text.matchAll(/^ {2}resolution: "((?:@[^@/]+\/)?[^@]+)@workspace:/gm)].map((m) => m[1]!);
        expect(workspaces.length).toBeGreaterThan(0);
        for (const w of workspaces)
          expect(g.components.some((c) => `${c.group ? `${c.group}/` : ''}${c.name}` === w && c.version.includes('use.local'))).toBe(false);
        expect(g.direct.length).toBeGreaterThan(0);
        for (const d of g.direct) expect(g.components.some((c) => c.purl === d)).toBe(true);
      });

      it('keeps berry checksums as a property, never as a component hash', () => {
        expect(g.components.every((c) => c.hashes === undefined)).toBe(true);
        expect(g.components.filter((c) => c.properties?.['custody:yarn:checksum']).length).toBeGreaterThan(100);
      });

      it('is deterministic', () => {
        expect(serialize(yarnReader.read(text, file))).toBe(serialize(g));
      });
    });
  }

  it('v2: checksum and edges of @arcanis/slice-ansi 1.0.2 (read by eye)', () => {
    const g = readOnce('yarn-berry-v2.lock');
    const c = comp(g, 'pkg:npm/%40arcanis/slice-ansi@1.0.2')!;
    expect(c.properties?.['custody:yarn:checksum']).toBe(
      '1b4539363054608b37f65d49d5c920a557d55f6231a73440213e3fd809fce8ed8c72b8b7939c4dbbbfd14647ce6e8d76c0df6cec19a744400c847ef6e76a1988',
    );
    expect([...g.dependencies.get(c.purl)!]).toEqual(['pkg:npm/grapheme-splitter@1.0.4']);
  });

  it('v4: a patched package is its base package with a patch property; git resolutions keep a vcs_url', () => {
    const g = readOnce('yarn-berry-v4.lock');
    const resolve = comp(g, 'pkg:npm/resolve@1.22.2')!;
    expect(resolve.properties?.['custody:yarn:patch']).toBe('optional!builtin<compat/resolve>');
    expect(g.components.filter((c) => c.name === 'resolve' && c.version === '1.22.2')).toHaveLength(1);
    expect([...g.dependencies.get(resolve.purl)!]).toEqual([
      'pkg:npm/is-core-module@2.12.1',
      'pkg:npm/path-parse@1.0.7',
      'pkg:npm/supports-preserve-symlinks-flag@1.0.0',
    ]);
    const ink = g.components.find((c) => c.name === 'ink' && c.version === '3.0.8')!;
    expect(ink.properties?.['custody:yarn:patch']).toBe('~/.yarn/patches/ink-npm-3.0.8-3a8005f59f.patch');
    // Workspaces ask for ink@npm:^3.0.8, which a `resolutions` override replaced by the patch: still an edge.
    expect(g.direct).toContain(ink.purl);
    expect(g.dependencies.get(ink.purl)!.has('pkg:npm/auto-bind@4.0.0')).toBe(true);
    expect(ink.scope).toBe('required');
    const pem = g.components.find((c) => c.name === 'pem' && c.purl.includes('vcs_url'))!;
    expect(pem.version).toBe('1.14.5');
    expect(pem.purl.startsWith('pkg:npm/pem@1.14.5?vcs_url=')).toBe(true);
    expect(decodeURIComponent(pem.purl)).toBe(
      'pkg:npm/pem@1.14.5?vcs_url=git+https://github.com/dexus/pem.git#71dae3346801dafb5a8bcebcd4c7267fd182666f',
    );
  });

  it('v3: platform packages reached through dependenciesMeta optional are optional', () => {
    const g = readOnce('yarn-berry-v3.lock');
    expect(comp(g, 'pkg:npm/esbuild-linux-64@0.14.38')!.scope).toBe('optional');
    expect(comp(g, 'pkg:npm/esbuild@0.14.38')!.scope).toBe('required');
  });

  it('reads an npm: alias as the real package and skips link:/portal: entries with a note', () => {
    const text = load('yarn-berry-v4.lock');
    const extra =
      '\n"my-pad@npm:left-pad@^1.3.0":\n  version: 1.3.0\n  resolution: "left-pad@npm:1.3.0"\n  checksum: 10c0/abc\n  languageName: node\n  linkType: hard\n' +
      '\n"local-lib@link:../local-lib::locator=%40yarnpkg%2Fmonorepo%40workspace%3A.":\n  version: 0.0.0-use.local\n  resolution: "local-lib@link:../local-lib::locator=%40yarnpkg%2Fmonorepo%40workspace%3A."\n  languageName: node\n  linkType: soft\n';
    const g = yarnReader.read(text + extra, 'yarn.lock');
    expect(comp(g, 'pkg:npm/left-pad@1.3.0')!.properties?.['custody:npm:alias']).toBe('my-pad');
    expect(g.components.some((c) => c.name === 'my-pad' || c.name === 'local-lib')).toBe(false);
    expect(g.notes?.some((n) => n.includes('skipped link: package local-lib'))).toBe(true);
  });

  it('rejects an unknown __metadata version at its line', () => {
    const text = load('yarn-berry-v4.lock').replace('  version: 8\n', '  version: 42\n');
    const e = thrown(() => yarnReader.read(text, 'yarn.lock'));
    expect(e.code).toBe('LOCKFILE_UNSUPPORTED_VERSION');
    expect(e.location).toBe('yarn.lock:5');
    expect(e.message).toContain('42');
  });

  it('rejects truncated YAML with the line the parser reports', () => {
    const text = load('yarn-berry-v3.lock');
    const at = text.indexOf('"@babel/highlight@npm:^7.16.7":');
    const line = text.slice(0, at).split('\n').length;
    const e = thrown(() => yarnReader.read(text.slice(0, at + 10), 'yarn.lock'));
    expect(e.code).toBe('LOCKFILE_MALFORMED');
    expect(e.location).toBe(`yarn.lock:${line}`);
  });

  it('rejects an entry without a resolution, naming its line', () => {
    const text = load('yarn-berry-v2.lock').replace('  resolution: "@deepcode/dcignore@npm:1.0.2"\n', '');
    const e = thrown(() => yarnReader.read(text, 'yarn.lock'));
    expect(e.code).toBe('LOCKFILE_MALFORMED');
    expect(e.location).toBe('yarn.lock:17');
  });
});

/**
 * Python readers (poetry.lock, uv.lock, pdm.lock, Pipfile.lock, pinned requirements) on the real fixtures in
 * ../shared/fixtures/lockfiles. Each expected (name, version) set is derived here from the raw text with regular
 * expressions, independently of the TOML/JSON parsing the readers do; spot checks were read off the files by eye.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCustodyError } from '@custody/core';
import { sharedDir, sharedNotice } from '@custody/testing';
import type { PackageGraph } from '../model.js';
import { readers } from '../readers/group-other.js';
import { pdmReader } from '../readers/pdm.js';
import { pipfileReader } from '../readers/pipfile.js';
import { poetryReader } from '../readers/poetry.js';
import { requirementsReader } from '../readers/requirements.js';
import { uvReader } from '../readers/uv.js';

const shared = sharedDir();
if (!shared) sharedNotice('Python lockfile reader tests');
/** vitest runs a skipped suite's factory anyway: without ../shared, register a stub instead of the real suite. */
const describeShared = shared
  ? describe
  : (name: string, _fn: () => void) => describe.skip(name, () => it.skip('needs ../shared', () => {}));
const load = (name: string): string => readFileSync(join(shared!, 'fixtures', 'lockfiles', name), 'utf8');

const norm = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');
// Names compared as Python tools match them (PEP 503); the components keep the lockfile's spelling.
const nv = (g: PackageGraph): string[] => [...new Set(g.components.map((c) => `${norm(c.name)}@${c.version}`))].sort();
const comp = (g: PackageGraph, purl: string) => g.components.find((c) => c.purl === purl);
const edges = (g: PackageGraph, from: string) => [...(g.dependencies.get(from) ?? [])];
const serialize = (g: PackageGraph): string => JSON.stringify({ ...g, dependencies: [...g.dependencies].map(([k, v]) => [k, [...v]]) });

function thrown(fn: () => unknown): {
  code: string;
  location?: string | undefined;
  message: string;
  exitCode: number;
  hint?: string | undefined;
} {
  try {
    fn();
  } catch (err) {
    if (!isCustodyError(err)) throw err;
    return { code: err.code, location: err.location, message: err.message, exitCode: err.exitCode, hint: err.hint };
  }
  throw new Error('expected an error');
}

/** `[[package]]` blocks of a TOML lockfile, split on the header lines (no TOML parser involved). */
function blocks(text: string): string[] {
  return text.split(/^\[\[package\]\]$/m).slice(1);
}
const field = (block: string, key: string) => new RegExp(`^${key} = "([^"]+)"$`, 'm').exec(block)?.[1];

describeShared('Python readers on the shared fixtures', () => {
  it('registers every Python reader in group-other', () => {
    for (const r of [poetryReader, uvReader, pdmReader, pipfileReader, requirementsReader]) expect(readers).toContain(r);
  });

  describe('poetry.lock (Poetry 1.0 format: category, [metadata.files])', () => {
    const text = load('poetry.lock');
    const g = poetryReader.read(text, 'poetry.lock');

    it('lists exactly the [[package]] entries', () => {
      const expected = [...new Set(blocks(text).map((b) => `${norm(field(b, 'name')!)}@${field(b, 'version')}`))].sort();
      expect(expected.length).toBe(32);
      expect(nv(g)).toEqual(expected);
    });

    it('scopes main/dev/optional, takes the sdist hash, and keeps dependency edges', () => {
      expect(comp(g, 'pkg:pypi/pycodestyle@2.5.0')?.scope).toBe('excluded'); // category = "dev"
      expect(comp(g, 'pkg:pypi/coveralls@1.8.2')?.scope).toBe('optional'); // optional = true
      const attrs = comp(g, 'pkg:pypi/attrs@19.3.0')!;
      expect(attrs.scope).toBe('required');
      // [metadata.files] attrs: the .tar.gz line
      expect(attrs.hashes).toEqual([{ alg: 'SHA-256', content: 'f7b7ce16570fe9965acd6d30101a28f62fb4a7f9e926b3bbc9b61f8b04247e72' }]);
      expect(attrs.properties?.['custody:pypi:hash-file']).toBe('attrs-19.3.0.tar.gz');
      expect(attrs.properties?.['custody:pypi:hashes']).toContain(
        'sha256:08a96c641c3a74e44eb59afb61a24f2cb9f4d7188748e76ba4bb5edfa3cb7d1c',
      );
      // [package.dependencies] of coveralls: coverage, docopt, requests
      expect(edges(g, 'pkg:pypi/coveralls@1.8.2')).toEqual([
        'pkg:pypi/coverage@4.5.4',
        'pkg:pypi/docopt@0.6.2',
        expect.stringMatching(/^pkg:pypi\/requests@/),
      ]);
      expect(g.direct).toEqual([]); // poetry.lock does not say which are direct
    });

    it('reads the Poetry 2 layout (groups, per-package files, lock-version 2.1) and rejects lock-version 3', () => {
      const v2 = text
        .replaceAll('category = "main"', 'groups = ["main"]')
        .replaceAll('category = "dev"', 'groups = ["dev"]')
        .replace('[metadata]\n', '[metadata]\nlock-version = "2.1"\n')
        .replace(
          'name = "zipp"\noptional = false',
          `name = "zipp"\noptional = false\nfiles = [\n    {file = "zipp-0.6.0.tar.gz", hash = "sha256:${'1'.repeat(64)}"},\n]`,
        );
      const p = poetryReader.read(v2, 'poetry.lock');
      expect(p.format).toBe('poetry.lock (lock-version 2.1)');
      expect(nv(p)).toEqual(nv(g));
      expect(comp(p, 'pkg:pypi/pycodestyle@2.5.0')?.scope).toBe('excluded');
      expect(comp(p, 'pkg:pypi/coveralls@1.8.2')?.scope).toBe('optional');
      expect(comp(p, 'pkg:pypi/zipp@0.6.0')?.hashes).toEqual([{ alg: 'SHA-256', content: '1'.repeat(64) }]); // per-package files win
      const line = v2.split('\n').indexOf('lock-version = "2.1"') + 1;
      const err = thrown(() => poetryReader.read(v2.replace('lock-version = "2.1"', 'lock-version = "3.0"'), 'poetry.lock'));
      expect(err).toMatchObject({ code: 'LOCKFILE_UNSUPPORTED_VERSION', location: `poetry.lock:${line}`, exitCode: 2 });
    });

    it('rejects a file cut inside a table header with the line', () => {
      const cut = text.slice(0, text.indexOf('[package.extras]') + 9);
      const err = thrown(() => poetryReader.read(cut, 'poetry.lock'));
      expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: `poetry.lock:${cut.split('\n').length}`, exitCode: 2 });
    });
  });

  describe('uv.lock', () => {
    const text = load('uv.lock');
    const g = uvReader.read(text, 'uv.lock');

    it('lists every package except the editable project itself', () => {
      const pkgs = blocks(text).filter((b) => !/^source = \{ (editable|virtual) = /m.test(b));
      const expected = [...new Set(pkgs.map((b) => `${norm(field(b, 'name')!)}@${field(b, 'version')}`))].sort();
      expect(expected.length).toBe(62);
      expect(nv(g)).toEqual(expected);
      expect(g.root).toEqual({ name: 'appthreat-vulnerability-db', version: '6.0.14', purl: 'pkg:pypi/appthreat-vulnerability-db@6.0.14' });
    });

    it('scopes by reachability from the project, following requested extras', () => {
      // root -> httpx[http2] -> (extra http2) h2: required, not optional
      expect(comp(g, 'pkg:pypi/h2@4.1.0')?.scope).toBe('required');
      expect(edges(g, 'pkg:pypi/httpx@0.27.2')).toContain('pkg:pypi/h2@4.1.0');
      // bandit is only in the project's "dev" extra
      expect(comp(g, 'pkg:pypi/bandit@1.7.10')?.scope).toBe('optional');
      expect(g.direct).toContain('pkg:pypi/httpx@0.27.2');
      expect(g.direct).toContain('pkg:pypi/bandit@1.7.10');
      expect(g.direct).not.toContain('pkg:pypi/h2@4.1.0');
      // sdist hash of annotated-types 0.7.0 (line 14 of the file)
      expect(comp(g, 'pkg:pypi/annotated-types@0.7.0')?.hashes).toEqual([
        { alg: 'SHA-256', content: 'aff07c09a53a08bc8cfccb9c85b05f1aa9a2a6f23728d790723543408344ce89' },
      ]);
    });

    it('scopes packages reached only through dev groups as excluded', () => {
      const devExtra =
        'dev = [\n    { name = "bandit" },\n    { name = "black" },\n    { name = "flake8" },\n    { name = "pylint" },\n    { name = "pytest" },\n    { name = "pytest-cov" },\n]\n';
      expect(text).toContain(devExtra);
      const edited = text
        .replace(devExtra, '')
        .replace('[package.metadata]\n', `[package.dev-dependencies]\n${devExtra}\n[package.metadata]\n`);
      const e = uvReader.read(edited, 'uv.lock');
      expect(comp(e, 'pkg:pypi/bandit@1.7.10')?.scope).toBe('excluded');
      expect(comp(e, 'pkg:pypi/h2@4.1.0')?.scope).toBe('required');
      expect(e.direct).toContain('pkg:pypi/bandit@1.7.10');
      expect(nv(e)).toEqual(nv(g));
    });

    it('rejects an unknown lockfile version with its line', () => {
      const err = thrown(() => uvReader.read(text.replace(/^version = 1$/m, 'version = 7'), 'uv.lock'));
      expect(err).toMatchObject({ code: 'LOCKFILE_UNSUPPORTED_VERSION', location: 'uv.lock:1', exitCode: 2 });
      expect(err.message).toContain('version 7');
      expect(err.hint).toContain('uv.lock version 1');
    });

    it('rejects a file cut in the middle of a string with the TOML error line', () => {
      const cut = text.slice(0, text.indexOf('"https://files.pythonhosted.org/packages/ee/67') + 30);
      const err = thrown(() => uvReader.read(cut, 'uv.lock'));
      expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: 'uv.lock:14', exitCode: 2 });
      expect(err.message).toMatch(/not valid TOML/);
    });
  });

  describe('pdm.lock (lock_version 4.2)', () => {
    const text = load('pdm.lock');
    const g = pdmReader.read(text, 'pdm.lock');

    it('lists every release once (extras entries merge into their release)', () => {
      const all = blocks(text.split(/^\[metadata\]$/m)[0]!).map((b) => `${norm(field(b, 'name')!)}@${field(b, 'version')}`);
      const expected = [...new Set(all)].sort();
      expect(all.length).toBe(39);
      expect(expected.length).toBe(37);
      expect(nv(g)).toEqual(expected);
    });

    it('reads PEP 508 dependency strings, metadata file hashes, and leaves scope unset without groups', () => {
      // the cachecontrol[filecache] entry depends on "filelock>=3.8.0"
      expect(edges(g, 'pkg:pypi/cachecontrol@0.13.1')).toEqual(
        expect.arrayContaining(['pkg:pypi/filelock@3.12.2', 'pkg:pypi/msgpack@1.0.5', 'pkg:pypi/requests@2.31.0']),
      );
      expect(edges(g, 'pkg:pypi/cachecontrol@0.13.1')).not.toContain('pkg:pypi/cachecontrol@0.13.1');
      expect(comp(g, 'pkg:pypi/tomli@2.0.1')?.hashes).toEqual([
        { alg: 'SHA-256', content: 'de526c12914f0c550d15924c62d72abc48d6fe7364aa87328337a31007fe8a4f' },
      ]);
      expect(g.components.every((c) => c.scope === undefined)).toBe(true);
    });

    it('scopes from per-package groups when the lock has them (lock 4.4+)', () => {
      const edited = text
        .replace('name = "blinker"\nversion = "1.6.2"', 'name = "blinker"\nversion = "1.6.2"\ngroups = ["dev"]')
        .replace('name = "certifi"\nversion = "2023.5.7"', 'name = "certifi"\nversion = "2023.5.7"\ngroups = ["default", "dev"]')
        .replace('lock_version = "4.2"', 'lock_version = "4.4.1"');
      const e = pdmReader.read(edited, 'pdm.lock');
      expect(comp(e, 'pkg:pypi/blinker@1.6.2')?.scope).toBe('excluded');
      expect(comp(e, 'pkg:pypi/certifi@2023.5.7')?.scope).toBe('required');
    });

    it('rejects lock_version 5 with its line', () => {
      const line = text.split('\n').findIndex((l) => l.startsWith('lock_version')) + 1;
      const err = thrown(() => pdmReader.read(text.replace('lock_version = "4.2"', 'lock_version = "5.0"'), 'pdm.lock'));
      expect(err).toMatchObject({ code: 'LOCKFILE_UNSUPPORTED_VERSION', location: `pdm.lock:${line}`, exitCode: 2 });
      expect(line).toBe(317);
    });

    it('rejects a package cut before its version with the package line', () => {
      const cut = text.replace('name = "colorama"\nversion = "0.4.6"\n', 'name = "colorama"\n');
      const err = thrown(() => pdmReader.read(cut, 'pdm.lock'));
      const line = cut.split('\n').indexOf('name = "colorama"'); // the [[package]] header is the line before
      expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: `pdm.lock:${line}` });
      expect(err.message).toContain('"colorama") has no version');
    });
  });

  describe('Pipfile.lock', () => {
    const text = load('Pipfile.lock');
    const g = pipfileReader.read(text, 'Pipfile.lock');

    it('lists default and develop entries (walked line by line, not through JSON.parse)', () => {
      const found = new Set<string>();
      let name: string | undefined;
      for (const line of text.split('\n')) {
        const key = /^ {8}"([^"]+)": \{$/.exec(line);
        if (key) name = key[1];
        const ver = /^ {12}"version": "==([^"]+)"/.exec(line);
        if (ver && name) found.add(`${norm(name)}@${ver[1]}`);
      }
      expect(found.size).toBe(39);
      expect(nv(g)).toEqual([...found].sort());
    });

    it('scopes develop-only packages excluded and keeps single hashes', () => {
      expect(comp(g, 'pkg:pypi/black@19.3b0')?.scope).toBe('excluded');
      expect(comp(g, 'pkg:pypi/flask@0.12.0')?.scope).toBe('required'); // in default and develop
      expect(comp(g, 'pkg:pypi/stringcase@1.2.0')?.hashes).toEqual([
        { alg: 'SHA-256', content: '48a06980661908efe8d9d34eab2b6c13aefa2163b3ced26972902e3bdfd87008' },
      ]);
      // two unnamed hashes (wheel and sdist): none is singled out, both kept in the property
      const click = comp(g, 'pkg:pypi/click@7.0')!;
      expect(click.hashes).toBeUndefined();
      expect(click.properties?.['custody:pypi:hashes']).toBe(
        'sha256:2335065e6395b9e67ca716de5f7526736bfa6ceead690adf616d925bdc622b13 sha256:5b94b49521f6456670fdb30cd82a4eca9412788a93fa6dd6df72c94d5a8ff2d7',
      );
    });

    it('rejects a truncated file with the last line and an unknown pipfile-spec', () => {
      const cut = text.slice(0, 2000);
      const err = thrown(() => pipfileReader.read(cut, 'Pipfile.lock'));
      expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: `Pipfile.lock:${cut.split('\n').length}`, exitCode: 2 });
      const v = thrown(() => pipfileReader.read(text.replace('"pipfile-spec": 6', '"pipfile-spec": 9'), 'Pipfile.lock'));
      expect(v).toMatchObject({ code: 'LOCKFILE_UNSUPPORTED_VERSION', location: 'Pipfile.lock:6' });
    });
  });

  describe('requirements files', () => {
    const text = load('requirements.freeze.txt');
    const g = requirementsReader.read(text, 'requirements.freeze.txt');

    it('lists every name==version line with normalized names', () => {
      const expected = [...text.matchAll(/^([A-Za-z0-9][\w.-]*)==(\S+)$/gm)].map((m) => `${norm(m[1]!)}@${m[2]}`).sort();
      expect(expected.length).toBe(113);
      expect(nv(g)).toEqual(expected);
      expect(comp(g, 'pkg:pypi/jinja2@3.1.2')?.name).toBe('Jinja2'); // "Jinja2==3.1.2", name as written
      expect(comp(g, 'pkg:pypi/typing-extensions@4.5.0')).toBeDefined(); // "typing_extensions==4.5.0"
      expect(comp(g, 'pkg:pypi/pyyaml@6.0')).toBeDefined(); // "PyYAML==6.0"
    });

    it('is chosen for requirements*.txt and *.freeze.txt names', () => {
      for (const n of ['requirements.freeze.txt', 'requirements-prose.txt', 'requirements-dev.txt', 'deps.freeze.txt']) {
        expect(requirementsReader.sniff!(n, '')).toBe(true);
      }
      expect(requirementsReader.sniff!('notes.txt', '')).toBe(false);
    });

    it('rejects prose saved under a requirements name: no pinned requirements, exit 2', () => {
      const err = thrown(() => requirementsReader.read(load('requirements-prose.txt'), 'requirements-prose.txt'));
      expect(err).toMatchObject({ code: 'LOCKFILE_NO_PACKAGES', location: 'requirements-prose.txt', exitCode: 2 });
      expect(err.message).toContain('no pinned requirements found in requirements-prose.txt');
      // 98 prose lines, 13 lone words that parse as bare names ("revlogv1", "store", ...)
      expect(err.message).toContain('(13 unpinned, 98 not in requirements syntax)');
      expect(thrown(() => requirementsReader.read('# only a comment\n\n', 'requirements.txt'))).toMatchObject({
        code: 'LOCKFILE_NO_PACKAGES',
      });
    });

    it('gives an empty graph with a note for a well-formed file of unpinned ranges (no failed directory scan)', () => {
      const r = requirementsReader.read('-r requirements.txt\npytest\nblack>=23\n', 'requirements-dev.txt');
      expect(r.components).toEqual([]);
      expect(r.notes?.at(-1)).toBe('no pinned requirements found in requirements-dev.txt: 2 requirements are not pinned to one version');
    });

    it('reads hashes, extras, markers, continuations, includes and pip-compile "via" comments', () => {
      const req = [
        '# pip-compile output',
        '-r base.txt',
        '--index-url https://pypi.org/simple',
        'Django[argon2]==4.2.1 ; python_version >= "3.8" \\',
        '    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000001',
        '    # via -r requirements.in',
        'asgiref==3.7.2 --hash=sha256:00000000000000000000000000000000000000000000000000000000000000aa \\',
        '    --hash=sha256:00000000000000000000000000000000000000000000000000000000000000bb',
        '    # via',
        '    #   django',
        'requests>=2.0  # a range: not pinned',
        '-e ./local',
      ].join('\n');
      const r = requirementsReader.read(req, 'requirements.txt');
      expect(nv(r)).toEqual(['asgiref@3.7.2', 'django@4.2.1']);
      expect(r.components.find((c) => c.purl === 'pkg:pypi/django@4.2.1')?.name).toBe('Django'); // as written
      const dj = comp(r, 'pkg:pypi/django@4.2.1')!;
      expect(dj.hashes).toEqual([{ alg: 'SHA-256', content: '0000000000000000000000000000000000000000000000000000000000000001' }]);
      expect(dj.properties).toMatchObject({ 'custody:pypi:extras': 'argon2', 'custody:pypi:markers': 'python_version >= "3.8"' });
      expect(comp(r, 'pkg:pypi/asgiref@3.7.2')?.hashes).toBeUndefined(); // two hashes, files unknown
      expect(r.direct).toEqual(['pkg:pypi/django@4.2.1']);
      expect(edges(r, 'pkg:pypi/django@4.2.1')).toEqual(['pkg:pypi/asgiref@3.7.2']);
      expect(r.notes?.join('\n')).toMatch(/base\.txt is not followed/);
      expect(r.notes?.join('\n')).toMatch(/requests >=2\.0 is not pinned/);
      expect(r.notes?.join('\n')).toMatch(/editable requirement \.\/local/);
    });
  });

  it('gives the same bytes for the same input', () => {
    for (const [reader, file] of [
      [poetryReader, 'poetry.lock'],
      [uvReader, 'uv.lock'],
      [pdmReader, 'pdm.lock'],
      [pipfileReader, 'Pipfile.lock'],
    ] as const) {
      const t = load(file);
      const a = serialize(reader.read(t, file));
      expect(serialize(reader.read(t, file))).toBe(a);
      const purls = JSON.parse(a).components.map((c: { purl: string }) => c.purl);
      expect(purls).toEqual([...purls].sort());
    }
  });
});

describe('PyPI purls follow the purl spec (lowercase, _ to -, dots kept)', () => {
  // Hand-written expectations, as the purl spec's pypi type and the reference purl libraries write them.
  it('keeps dots and case-folds, in every Python reader', () => {
    const req = requirementsReader.read(
      'zope.interface==6.0\nruamel.yaml==0.17.21\nPyYAML==6.0\ntyping_extensions==4.5.0\n',
      'requirements.txt',
    );
    expect(req.components.map((c) => c.purl).sort()).toEqual([
      'pkg:pypi/pyyaml@6.0',
      'pkg:pypi/ruamel.yaml@0.17.21',
      'pkg:pypi/typing-extensions@4.5.0',
      'pkg:pypi/zope.interface@6.0',
    ]);
    expect(req.components.find((c) => c.purl === 'pkg:pypi/pyyaml@6.0')?.name).toBe('PyYAML');
  });

  describeShared('on the fixtures', () => {
    it('Pipfile.lock: delegator.py keeps its dot', () => {
      const g = pipfileReader.read(load('Pipfile.lock'), 'Pipfile.lock');
      expect(g.components.map((c) => c.purl)).toContain('pkg:pypi/delegator.py@0.1.1');
    });
  });
});

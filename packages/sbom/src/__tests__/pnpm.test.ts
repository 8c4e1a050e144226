import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCustodyError } from '@custody/core';
import { sharedDir, sharedNotice } from '@custody/testing';
import type { PackageGraph } from '../model.js';
import { pnpmReader } from '../readers/pnpm.js';

const shared = sharedDir();
if (!shared) sharedNotice('pnpm lockfile reader tests');
const texts = new Map<string, string>();
const load = (name: string): string => {
  if (!texts.has(name)) texts.set(name, readFileSync(join(shared!, 'fixtures', 'lockfiles', name), 'utf8'));
  return texts.get(name)!;
};
const graphs = new Map<string, PackageGraph>();
const readOnce = (name: string): PackageGraph => {
  if (!graphs.has(name)) graphs.set(name, pnpmReader.read(load(name), name));
  return graphs.get(name)!;
};

const nv = (g: PackageGraph): Set<string> => new Set(g.components.map((c) => `${c.group ? `${c.group}/` : ''}${c.name}@${c.version}`));
const comp = (g: PackageGraph, purl: string) => g.components.find((c) => c.purl === purl);
const hex = (b64: string): string => Buffer.from(b64, 'base64').toString('hex');
const serialize = (g: PackageGraph): string => JSON.stringify({ ...g, dependencies: [...g.dependencies].map(([k, v]) => [k, [...v]]) });

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
 * Independent expectation: the keys of the `packages:` section, read line by line with a regular expression
 * (two-space indented `key:` lines up to the next top-level key), peer suffixes removed.
 */
function expectedKeys(raw: string): Set<string> {
  const out = new Set<string>();
  const text = raw.replace(/\r\n/g, '\n'); // pnpm-lock6.yaml has Windows line endings
  const start = text.indexOf('\npackages:\n');
  const rest = text.slice(start + 1);
  const end = rest.search(/\n[a-zA-Z]+:/);
  const section = end < 0 ? rest : rest.slice(0, end);
  for (const m of section.matchAll(/^ {2}'?\/?([^\s'][^']*?)'?:$/gm)) {
    const key = m[1]!.replace(/\(.*$/, '');
    const at = key.indexOf('@', 1);
    out.add(`${key.slice(0, at)}@${key.slice(at + 1)}`);
  }
  return out;
}

const fixtures = [
  { file: 'pnpm-lock6.yaml', format: 'pnpm-lock.yaml v6.0' },
  { file: 'pnpm-lock9a.yaml', format: 'pnpm-lock.yaml v9.0' },
  { file: 'pnpm-lock9b.yaml', format: 'pnpm-lock.yaml v9.0' },
];

describe.skipIf(!shared)('pnpm-lock.yaml fixtures', () => {
  for (const { file, format } of fixtures) {
    describe(file, () => {
      it('is picked for the fixture name and reads the declared version', () => {
        expect(pnpmReader.sniff!(file, load(file).slice(0, 2048))).toBe(true);
        expect(readOnce(file).format).toBe(format);
      });

      it('has exactly the (name, version) pairs of the packages section, counted independently', () => {
        const expected = expectedKeys(load(file));
        expect(expected.size).toBeGreaterThan(150);
        expect(nv(readOnce(file))).toEqual(expected);
      });

      it('has an integrity hash for every registry package, and every edge ends at a component', () => {
        const g = readOnce(file);
        expect(g.components.every((c) => c.hashes?.[0]?.alg === 'SHA-512')).toBe(true);
        const purls = new Set(g.components.map((c) => c.purl));
        for (const [from, to] of g.dependencies) {
          expect(purls.has(from)).toBe(true);
          for (const t of to) expect(purls.has(t)).toBe(true);
        }
      });

      it('is deterministic and sorted', () => {
        const g = readOnce(file);
        expect(serialize(pnpmReader.read(load(file), file))).toBe(serialize(g));
        const purls = g.components.map((c) => c.purl);
        expect(purls).toEqual([...purls].sort());
      });
    });
  }

  it('6.0: integrity, edges and dev flags as written (read by eye)', () => {
    const g = readOnce('pnpm-lock6.yaml');
    const hl = comp(g, 'pkg:npm/%40babel/highlight@7.18.6')!;
    expect(hl.hashes).toEqual([
      { alg: 'SHA-512', content: hex('u7stbOuYjaPezCuLj29hNW1v64M2Md2qupEKP1fHc7WdOA3DgLh37suiSrZYY7haUB7iBeQZ9P1uiRF359do3g==') },
    ]);
    expect([...g.dependencies.get(hl.purl)!]).toEqual([
      'pkg:npm/%40babel/helper-validator-identifier@7.19.1',
      'pkg:npm/chalk@2.4.2',
      'pkg:npm/js-tokens@4.0.0',
    ]);
    expect(hl.scope).toBe('excluded'); // dev: true
    expect(comp(g, 'pkg:npm/typescript@5.0.2')!.scope).toBe('required'); // the one production dependency
    expect(comp(g, 'pkg:npm/%40cyclonedx/cdxgen@8.2.1')!.scope).toBe('excluded');
    expect(g.direct).toEqual(['pkg:npm/%40cyclonedx/cdxgen@8.2.1', 'pkg:npm/typescript@5.0.2']);
  });

  it('9.0: peer variants are one component; dev scope comes from the importers', () => {
    const g = readOnce('pnpm-lock9a.yaml');
    expect(g.components.filter((c) => c.group === '@angular-devkit' && c.name === 'architect')).toHaveLength(1);
    const arch = comp(g, 'pkg:npm/%40angular-devkit/architect@0.1800.4')!;
    expect([...g.dependencies.get(arch.purl)!]).toEqual(['pkg:npm/%40angular-devkit/core@18.0.4', 'pkg:npm/rxjs@7.8.1']);
    // This project has devDependencies only: everything is development-only.
    expect(g.components.every((c) => c.scope === 'excluded')).toBe(true);
    expect(g.direct).toEqual(['pkg:npm/%40angular-devkit/build-angular@18.0.4', 'pkg:npm/%40cyclonedx/cdxgen@10.6.2']);
  });

  it('9.0: aliases point at the real package', () => {
    const g = readOnce('pnpm-lock9a.yaml');
    // @isaacs/cliui depends on string-width-cjs: string-width@4.2.3 and on string-width 5.1.2.
    const deps = [...g.dependencies.get('pkg:npm/%40isaacs/cliui@8.0.2')!];
    expect(deps).toContain('pkg:npm/string-width@4.2.3');
    expect(deps).toContain('pkg:npm/string-width@5.1.2');
    expect(g.components.some((c) => c.name === 'string-width-cjs')).toBe(false);
  });

  it('9.0: runtime, optional-only and dev-only scopes (pnpm-lock9b, read by eye)', () => {
    const g = readOnce('pnpm-lock9b.yaml');
    const core = comp(g, 'pkg:npm/%40angular/core@17.3.11')!;
    expect(core.scope).toBe('required');
    expect(core.hashes?.[0]?.content).toBe(hex('2wPZwXFei3kVxK2ylIH6CdGebrC4kvooFx7qoX+250OITAEFMODJGdh/e3x0DpFUjlRvQtIFQ+YpQlfC5JnL4g=='));
    expect(comp(g, 'pkg:npm/tslib@2.6.3')!.scope).toBe('required'); // a production dependency
    expect(comp(g, 'pkg:npm/jest@29.7.0')!.scope).toBe('excluded'); // devDependencies only
    expect(g.direct).toContain('pkg:npm/%40angular/core@17.3.11');
    expect(g.direct).toContain('pkg:npm/jest@29.7.0');
  });

  it('rejects an unknown lockfileVersion at line 1', () => {
    const e = thrown(() =>
      pnpmReader.read(load('pnpm-lock6.yaml').replace("lockfileVersion: '6.0'", "lockfileVersion: '7.0'"), 'pnpm-lock.yaml'),
    );
    expect(e.code).toBe('LOCKFILE_UNSUPPORTED_VERSION');
    expect(e.location).toBe('pnpm-lock.yaml:1');
    expect(e.exitCode).toBe(2);
  });

  it('rejects a file cut inside a flow mapping, with the line', () => {
    const text = load('pnpm-lock9b.yaml');
    const at = text.indexOf("  '@angular/core@17.3.11':\n    resolution: {integrity: ");
    const cut = text.slice(0, at + 60);
    const e = thrown(() => pnpmReader.read(cut, 'pnpm-lock.yaml'));
    expect(e.code).toBe('LOCKFILE_MALFORMED');
    expect(e.location).toMatch(/^pnpm-lock\.yaml:\d+$/);
    const line = Number(e.location!.split(':')[1]);
    const expectedLine = cut.split('\n').length;
    expect(Math.abs(line - expectedLine)).toBeLessThanOrEqual(1);
  });

  it('rejects a snapshot whose package entry is missing (9.0), naming the snapshot line', () => {
    const text = load('pnpm-lock9a.yaml');
    const broken = text.replace(
      "\n  '@ampproject/remapping@2.3.0':\n    resolution:",
      "\n  '@ampproject/remapping-x@2.3.0':\n    resolution:",
    );
    const e = thrown(() => pnpmReader.read(broken, 'pnpm-lock.yaml'));
    expect(e.code).toBe('LOCKFILE_MALFORMED');
    expect(e.message).toContain('@ampproject/remapping@2.3.0');
    expect(e.location).toBe(`pnpm-lock.yaml:${broken.split('\n').indexOf("  '@ampproject/remapping@2.3.0':") + 1}`);
  });
});

/**
 * lockfileVersion 5.4 (pnpm 7): no fixture of that age is in ../shared, so this small lockfile in the 5.4 syntax
 * (`/name/version_peer@x` keys, plain-string importer versions, `/real/1.0.0` aliases) stands in for one.
 */
const V5 = `lockfileVersion: 5.4

specifiers:
  left-pad: ^1.3.0
  my-ms: npm:ms@^2.1.3
  react-dom: ^18.2.0
  typescript: ^4.9.5

dependencies:
  left-pad: 1.3.0
  my-ms: /ms/2.1.3
  react-dom: 18.2.0_react@18.2.0

devDependencies:
  typescript: 4.9.5

packages:

  /left-pad/1.3.0:
    resolution: {integrity: sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEzDxLGLMpaGRFydH27Lr6jaGdHoadVcFwMoVLhkpA74XBA==}
    deprecated: use String.prototype.padStart()
    dev: false

  /ms/2.1.3:
    resolution: {integrity: sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==}
    dev: false

  /react-dom/18.2.0_react@18.2.0:
    resolution: {integrity: sha512-6IMTriUmvsjHUjNtEDudZfuDQUoWXVxKHhlEGSk81n4YFS+r/Kl99wXiwlVXtPBtJenozv2P+hxDsw9eA7Xo6g==}
    peerDependencies:
      react: ^18.2.0
    dependencies:
      loose-envify: 1.4.0
      react: 18.2.0
    dev: false

  /@scope/opt/1.0.0:
    resolution: {integrity: sha512-AAAA}
    optional: true
    dev: false

  /react/18.2.0:
    resolution: {integrity: sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==}
    dependencies:
      loose-envify: 1.4.0
    optionalDependencies:
      '@scope/opt': 1.0.0
    dev: false

  /loose-envify/1.4.0:
    resolution: {integrity: sha512-lyuxPGr/Wfhrlem2CL/UcnUc1zcqKAImBDzukY7Y5F/yQiNdko6+fRLevlw1HgMySw7f611UIY408EtxRSoK3Q==}
    dev: false

  /typescript/4.9.5:
    resolution: {integrity: sha512-1FXk9E2Hm+QzZQ7z+McJiHL4NW1F2EzMu9Nq9i3zAaGqibafqYwCVU6WyWAuyQRRzOlxou8xZSyXLEN8oKj24g==}
    engines: {node: '>=4.2.0'}
    hasBin: true
    dev: true
`;

describe('pnpm-lock.yaml 5.4', () => {
  const g = pnpmReader.read(V5, 'pnpm-lock.yaml');

  it('reads /name/version keys, peer suffixes and aliases', () => {
    expect(g.format).toBe('pnpm-lock.yaml v5.4');
    expect(nv(g)).toEqual(
      new Set([
        'left-pad@1.3.0',
        'ms@2.1.3',
        'react-dom@18.2.0',
        '@scope/opt@1.0.0',
        'react@18.2.0',
        'loose-envify@1.4.0',
        'typescript@4.9.5',
      ]),
    );
    expect(g.direct).toEqual(['pkg:npm/left-pad@1.3.0', 'pkg:npm/ms@2.1.3', 'pkg:npm/react-dom@18.2.0', 'pkg:npm/typescript@4.9.5']);
    expect([...g.dependencies.get('pkg:npm/react-dom@18.2.0')!]).toEqual(['pkg:npm/loose-envify@1.4.0', 'pkg:npm/react@18.2.0']);
    expect([...g.dependencies.get('pkg:npm/react@18.2.0')!]).toEqual(['pkg:npm/%40scope/opt@1.0.0', 'pkg:npm/loose-envify@1.4.0']);
  });

  it('maps dev and optional flags to scopes', () => {
    expect(comp(g, 'pkg:npm/typescript@4.9.5')!.scope).toBe('excluded');
    expect(comp(g, 'pkg:npm/%40scope/opt@1.0.0')!.scope).toBe('optional');
    expect(comp(g, 'pkg:npm/left-pad@1.3.0')!.scope).toBe('required');
  });

  it('rejects a package key it cannot read, with its line', () => {
    const e = thrown(() => pnpmReader.read(V5.replace('  /loose-envify/1.4.0:', '  /loose-envify:'), 'pnpm-lock.yaml'));
    expect(e.code).toBe('LOCKFILE_MALFORMED');
    expect(e.location).toBe(`pnpm-lock.yaml:${V5.split('\n').findIndex((l) => l.startsWith('  /loose-envify/1.4.0:')) + 1}`);
  });
});

/**
 * lockfileVersion 9.0 with the entries the fixtures do not have: a workspace link, a git dependency, a tarball
 * from outside the registry, a local directory and an optional dependency. Written here in pnpm's 9.0 syntax.
 */
const V9 = `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      local-lib:
        specifier: workspace:*
        version: link:packages/local-lib
      from-git:
        specifier: github:acme/from-git#abc
        version: https://codeload.github.com/acme/from-git/tar.gz/0123456789abcdef0123456789abcdef01234567
      from-url:
        specifier: https://cdn.example.test/from-url-2.0.0.tgz
        version: https://cdn.example.test/from-url-2.0.0.tgz
      from-dir:
        specifier: file:vendor/from-dir
        version: file:vendor/from-dir
    optionalDependencies:
      fsevents:
        specifier: ^2.3.3
        version: 2.3.3

  packages/local-lib:
    devDependencies:
      left-pad:
        specifier: ^1.3.0
        version: 1.3.0

packages:

  from-git@https://codeload.github.com/acme/from-git/tar.gz/0123456789abcdef0123456789abcdef01234567:
    resolution: {type: git, repo: https://github.com/acme/from-git.git, commit: 0123456789abcdef0123456789abcdef01234567}
    version: 1.0.0

  from-url@https://cdn.example.test/from-url-2.0.0.tgz:
    resolution: {integrity: sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEzDxLGLMpaGRFydH27Lr6jaGdHoadVcFwMoVLhkpA74XBA==, tarball: https://cdn.example.test/from-url-2.0.0.tgz}
    version: 2.0.0

  from-dir@file:vendor/from-dir:
    resolution: {directory: vendor/from-dir, type: directory}
    version: 0.1.0

  fsevents@2.3.3:
    resolution: {integrity: sha512-5xoDfX+fL7faATnagmWPpbFtwh/R77WmMMqqHGS65C3vvB0YHrgF+B1YmZ3441tMj5n63k0212XNoJwzlhffQw==}
    os: [darwin]

  left-pad@1.3.0:
    resolution: {integrity: sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEzDxLGLMpaGRFydH27Lr6jaGdHoadVcFwMoVLhkpA74XBA==}

snapshots:

  from-git@https://codeload.github.com/acme/from-git/tar.gz/0123456789abcdef0123456789abcdef01234567:
    dependencies:
      left-pad: 1.3.0

  from-url@https://cdn.example.test/from-url-2.0.0.tgz: {}

  from-dir@file:vendor/from-dir: {}

  fsevents@2.3.3:
    optional: true

  left-pad@1.3.0: {}
`;

describe('pnpm-lock.yaml 9.0: links, git, tarballs, directories', () => {
  const g = pnpmReader.read(V9, 'pnpm-lock.yaml');

  it('keeps git and tarball packages with purl qualifiers, skips links and directories with notes', () => {
    expect(nv(g)).toEqual(new Set(['from-git@1.0.0', 'from-url@2.0.0', 'fsevents@2.3.3', 'left-pad@1.3.0']));
    const git = g.components.find((c) => c.name === 'from-git')!;
    expect(decodeURIComponent(git.purl)).toBe(
      'pkg:npm/from-git@1.0.0?vcs_url=git+https://github.com/acme/from-git.git#0123456789abcdef0123456789abcdef01234567',
    );
    const url = g.components.find((c) => c.name === 'from-url')!;
    expect(decodeURIComponent(url.purl)).toBe('pkg:npm/from-url@2.0.0?download_url=https://cdn.example.test/from-url-2.0.0.tgz');
    expect(url.downloadUrl).toBe('https://cdn.example.test/from-url-2.0.0.tgz');
    expect(g.notes?.some((n) => n.includes('local-lib') && n.includes('link:packages/local-lib'))).toBe(true);
    expect(g.notes?.some((n) => n.includes('from-dir'))).toBe(true);
    expect([...g.dependencies.get(git.purl)!]).toEqual(['pkg:npm/left-pad@1.3.0']);
  });

  it('scopes from the importers: runtime, optional, and a dev dependency also reached at run time', () => {
    expect(comp(g, 'pkg:npm/fsevents@2.3.3')!.scope).toBe('optional');
    // left-pad is a devDependency of the workspace package but also a runtime dependency of from-git: required.
    expect(comp(g, 'pkg:npm/left-pad@1.3.0')!.scope).toBe('required');
    expect(g.direct).toHaveLength(4);
  });

  it('rejects a package entry without a resolution (a cut file), naming its line', () => {
    const broken = V9.replace(
      '  left-pad@1.3.0:\n    resolution: {integrity: sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEzDxLGLMpaGRFydH27Lr6jaGdHoadVcFwMoVLhkpA74XBA==}\n',
      '  left-pad@1.3.0: {}\n',
    );
    const e = thrown(() => pnpmReader.read(broken, 'pnpm-lock.yaml'));
    expect(e.code).toBe('LOCKFILE_MALFORMED');
    expect(e.location).toBe(`pnpm-lock.yaml:${broken.split('\n').indexOf('  left-pad@1.3.0: {}') + 1}`);
  });
});

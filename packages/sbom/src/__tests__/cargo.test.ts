/**
 * Cargo.lock reader on the real fixture (rust-code-analysis, version 3) in ../shared/fixtures/lockfiles, plus the
 * v1 layout and version 4 made from the same file. Expectations come from regexes over the raw text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCustodyError } from '@custody/core';
import { sharedDir, sharedNotice } from '@custody/testing';
import type { PackageGraph } from '../model.js';
import { cargoReader } from '../readers/cargo.js';
import { readers } from '../readers/group-other.js';

const shared = sharedDir();
if (!shared) sharedNotice('Cargo.lock reader tests');
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

/** name, version, source of each [[package]], by regex over the text. */
function entries(text: string): { name: string; version: string; source?: string; checksum?: string }[] {
  return text
    .split(/^\[\[package\]\]$/m)
    .slice(1)
    .map((b) => {
      const get = (k: string) => new RegExp(`^${k} = "([^"]+)"$`, 'm').exec(b)?.[1];
      return {
        name: get('name')!,
        version: get('version')!,
        ...(get('source') ? { source: get('source')! } : {}),
        ...(get('checksum') ? { checksum: get('checksum')! } : {}),
      };
    });
}

describeShared('Cargo.lock on the shared fixture', () => {
  const text = load('Cargo.lock');
  const g = cargoReader.read(text, 'Cargo.lock');
  const all = entries(text);

  it('is registered', () => {
    expect(readers).toContain(cargoReader);
  });

  it('lists the registry packages and not the workspace/path ones', () => {
    expect(all.length).toBe(243);
    const expected = all
      .filter((e) => e.source)
      .map((e) => `${e.name}@${e.version}`)
      .sort();
    expect(expected.length).toBe(236);
    expect(nv(g)).toEqual(expected);
    expect(g.components.some((c) => c.name === 'rust-code-analysis')).toBe(false);
    expect(g.notes?.[0]).toMatch(/^7 workspace or path packages are the project/);
    expect(g.format).toBe('Cargo.lock (v3)');
  });

  it('takes checksums as SHA-256 and resolves "name version" dependency strings', () => {
    const codec = comp(g, 'pkg:cargo/actix-codec@0.3.0')!;
    expect(codec.hashes).toEqual([{ alg: 'SHA-256', content: '78d1833b3838dbe990df0f1f87baf640cf6146e898166afe401839d1b001e570' }]);
    expect(codec.downloadUrl).toBe('https://crates.io/api/v1/crates/actix-codec/0.3.0/download');
    // dependencies = ["bitflags", "bytes 0.5.6", ..., "tokio 0.2.25", "tokio-util"]
    const out = edges(g, 'pkg:cargo/actix-codec@0.3.0');
    expect(out).toContain('pkg:cargo/bitflags@1.3.2');
    expect(out).toContain('pkg:cargo/bytes@0.5.6');
    expect(out).toContain('pkg:cargo/tokio@0.2.25');
    expect(out.length).toBe(8);
    expect(g.components.every((c) => c.hashes?.length === 1)).toBe(true);
  });

  it('takes the dependencies of workspace members as direct', () => {
    // rust-code-analysis-cli depends on clap, globset, ...; rust-code-analysis-web on "actix-rt 2.6.0"
    expect(g.direct).toContain('pkg:cargo/actix-rt@2.6.0');
    expect(g.direct.some((p) => p.startsWith('pkg:cargo/clap@'))).toBe(true);
    expect(g.direct).not.toContain('pkg:cargo/actix-codec@0.3.0');
    expect(g.root).toBeUndefined(); // two top-level members (-cli and -web): no single root
  });

  it('reads version 4 and the v1 layout ([metadata] checksums, "name version (source)" dependencies)', () => {
    expect(nv(cargoReader.read(text.replace(/^version = 3$/m, 'version = 4'), 'Cargo.lock'))).toEqual(nv(g));
    // Build a v1 file from the same data: no version line, checksums moved to [metadata], full dependency strings.
    const bySingle = new Map<string, { version: string; source?: string }[]>();
    for (const e of all) bySingle.set(e.name, [...(bySingle.get(e.name) ?? []), e]);
    const full = (dep: string) => {
      const [name, version] = dep.split(' ');
      const t = bySingle.get(name!)!.find((x) => !version || x.version === version)!;
      return t.source ? `${name} ${t.version} (${t.source})` : `${name} ${t.version}`;
    };
    let v1 = text.replace(/^version = 3\n/m, '').replace(/^checksum = .*\n/gm, '');
    v1 = v1.replace(/^ "([^"]+)",$/gm, (_m, d: string) => ` "${full(d)}",`);
    v1 += `\n[metadata]\n${all
      .filter((e) => e.checksum)
      .map((e) => `"checksum ${e.name} ${e.version} (${e.source})" = "${e.checksum}"`)
      .join('\n')}\n`;
    const old = cargoReader.read(v1, 'Cargo.lock');
    expect(old.format).toBe('Cargo.lock (v1)');
    expect(serialize({ ...old, format: '' })).toBe(serialize({ ...g, format: '' }));
  });

  it('rejects an unknown version with its line', () => {
    const err = thrown(() => cargoReader.read(text.replace(/^version = 3$/m, 'version = 99'), 'Cargo.lock'));
    expect(err).toMatchObject({ code: 'LOCKFILE_UNSUPPORTED_VERSION', location: 'Cargo.lock:3', exitCode: 2 });
    expect(err.message).toContain('version 99');
  });

  it('rejects a file cut inside a string, with the line', () => {
    const cut = text.slice(0, text.indexOf('"78d1833b') + 10);
    const err = thrown(() => cargoReader.read(cut, 'Cargo.lock'));
    expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: 'Cargo.lock:9', exitCode: 2 });
  });

  it('rejects a dependency that names no package, at the package that has it', () => {
    const err = thrown(() => cargoReader.read(text.replace(' "bytes 0.5.6",', ' "bytes 9.9.9",'), 'Cargo.lock'));
    expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: 'Cargo.lock:5' });
    expect(err.message).toContain('"bytes 9.9.9" of actix-codec 0.3.0 names no package');
  });

  it('gives the same bytes for the same input', () => {
    expect(serialize(cargoReader.read(text, 'Cargo.lock'))).toBe(serialize(g));
  });
});

/**
 * NuGet packages.lock.json reader on the real fixture in ../shared/fixtures/lockfiles; several target frameworks,
 * transitive entries and project references are added to the same document in the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCustodyError } from '@custody/core';
import { sharedDir, sharedNotice } from '@custody/testing';
import type { PackageGraph } from '../model.js';
import { readers } from '../readers/group-other.js';
import { nugetReader } from '../readers/nuget.js';

const shared = sharedDir();
if (!shared) sharedNotice('NuGet packages.lock.json reader tests');
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

type Lock = { version: number; dependencies: Record<string, Record<string, Record<string, unknown>>> };

describeShared('packages.lock.json on the shared fixture', () => {
  const text = load('packages.lock.json');
  const g = nugetReader.read(text, 'packages.lock.json');

  it('is registered', () => {
    expect(readers).toContain(nugetReader);
  });

  it('lists every resolved package (regex over the text)', () => {
    const expected = [...text.matchAll(/"([^"]+)": \{\s*"type": "(\w+)",(?:\s*"requested": "[^"]*",)?\s*"resolved": "([^"]+)"/g)]
      .map((m) => `${m[1]}@${m[3]}`)
      .sort();
    expect(expected.length).toBe(14);
    expect(nv(g)).toEqual(expected);
    expect(g.direct.length).toBe(14); // every entry is "type": "Direct"
  });

  it('converts contentHash (base64 SHA-512) to hex and keeps the purl name case', () => {
    const json = comp(g, 'pkg:nuget/Newtonsoft.Json@12.0.2')!;
    expect(json.hashes).toEqual([
      {
        alg: 'SHA-512',
        content:
          'ad32b4b3610a95f1ec42c1fa631dac9af71309eca80cd8025bb144632574d5dacf961d93db8dcf4760e20d7aad0b93781839b831afe59317d6e5aff8efddef6c',
      },
    ]);
    expect(json.properties?.['custody:nuget:frameworks']).toBe('Any,Version=v0.0');
    expect(comp(g, 'pkg:nuget/jQuery.Validation@1.17.0')).toBeDefined();
  });

  it('dedupes across frameworks, resolves edges per framework, and treats project references as the project', () => {
    const doc = JSON.parse(text) as Lock;
    const any = doc.dependencies['Any,Version=v0.0']!;
    const net6: Record<string, Record<string, unknown>> = JSON.parse(JSON.stringify(any));
    net6['Newtonsoft.Json'] = { ...net6['Newtonsoft.Json'], resolved: '13.0.3', dependencies: { 'System.Memory': '4.5.5' } };
    net6['system.memory'] = { type: 'Transitive', resolved: '4.5.5', contentHash: Buffer.alloc(64, 1).toString('base64') };
    net6.MyLib = { type: 'Project', dependencies: { Antlr: '[3.5.0.2, )' } };
    doc.dependencies['net6.0'] = net6;
    const e = nugetReader.read(JSON.stringify(doc, null, 2), 'packages.lock.json');
    expect(e.components.length).toBe(16); // 14 + Newtonsoft.Json 13.0.3 + System.Memory
    expect(comp(e, 'pkg:nuget/Antlr@3.5.0.2')?.properties?.['custody:nuget:frameworks']).toBe('Any,Version=v0.0,net6.0');
    expect(comp(e, 'pkg:nuget/Newtonsoft.Json@13.0.3')?.properties?.['custody:nuget:frameworks']).toBe('net6.0');
    expect(edges(e, 'pkg:nuget/Newtonsoft.Json@13.0.3')).toEqual(['pkg:nuget/system.memory@4.5.5']);
    expect(edges(e, 'pkg:nuget/Newtonsoft.Json@12.0.2')).toEqual([]);
    expect(e.direct).not.toContain('pkg:nuget/system.memory@4.5.5');
    expect(e.components.some((c) => c.name === 'MyLib')).toBe(false);
    expect(e.notes).toEqual(['project references (local code, not listed): MyLib']);
  });

  it('rejects an unknown version and a truncated file, with lines', () => {
    const v = thrown(() => nugetReader.read(text.replace('"version": 1', '"version": 3'), 'packages.lock.json'));
    expect(v).toMatchObject({ code: 'LOCKFILE_UNSUPPORTED_VERSION', location: 'packages.lock.json:2', exitCode: 2 });
    const cut = text.slice(0, text.indexOf('"Modernizr"'));
    const err = thrown(() => nugetReader.read(cut, 'packages.lock.json'));
    expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: `packages.lock.json:${cut.split('\n').length}`, exitCode: 2 });
  });

  it('rejects an unknown dependency type', () => {
    const err = thrown(() => nugetReader.read(text.replace('"type": "Direct"', '"type": "Weird"'), 'packages.lock.json'));
    expect(err).toMatchObject({ code: 'LOCKFILE_MALFORMED', location: 'packages.lock.json:5' }); // "Antlr": {
    expect(err.message).toContain('unknown type "Weird"');
  });

  it('gives the same bytes for the same input', () => {
    expect(serialize(nugetReader.read(text, 'packages.lock.json'))).toBe(serialize(g));
  });
});

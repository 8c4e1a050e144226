/**
 * The direct CycloneDX writer (cyclonedx.ts) against the library: for every shared lockfile fixture and for edge
 * cases built here (gaps, empty BOMs, odd hashes, URLs with spaces, license mixes, containers, scoped roots,
 * descriptions), the bytes are exactly those of the same BOM built with @cyclonedx/cyclonedx-library's public
 * Models and serialized by its JsonSerializer (cyclonedx-library-reference.ts), with our serial number (a content
 * UUID, custody's rule: checked here against the library's bytes with the nil UUID in its place).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '@custody/core';
import { sharedDir, sharedNotice } from '@custody/testing';
import {
  addEdge,
  contentUuidOf,
  cycloneDxChunks,
  mergeGraphs,
  newGraph,
  PLACEHOLDER_UUID,
  readers,
  readLockfiles,
  rootComponent,
  writeMergedCycloneDx,
  type BomInput,
} from '@custody/sbom';
import { libraryCycloneDx } from './cyclonedx-library-reference.js';

const clock = fixedClock('2026-03-04T05:06:07.890Z');
const shared = sharedDir();
const dir = shared ? join(shared, 'fixtures', 'lockfiles') : undefined;
if (!dir) sharedNotice('CycloneDX writer equivalence on the lockfile fixtures');

/**
 * Our document = the library's with our serial number; the serial is the content UUID of the document with the nil
 * UUID in its place, and the library's document with the nil UUID is byte for byte our unsealed chunks.
 */
function same(input: BomInput): void {
  const merged = mergeGraphs(input);
  const ours = writeMergedCycloneDx(merged, { clock });
  const serialNumber = JSON.parse(ours).serialNumber as string;
  expect(serialNumber).not.toBe(`urn:uuid:${PLACEHOLDER_UUID}`);
  expect(ours).toBe(libraryCycloneDx(merged, { clock, serialNumber }));
  expect(contentUuidOf(ours, serialNumber.slice(9))).toBe(serialNumber.slice(9));
  const unsealed = libraryCycloneDx(merged, { clock, serialNumber: `urn:uuid:${PLACEHOLDER_UUID}` });
  expect([...cycloneDxChunks(merged, { clock })].join('')).toBe(unsealed);
}

describe('direct CycloneDX writer = library serializer, byte for byte', () => {
  it('edge cases', () => {
    const g = newGraph('npm', 'package-lock.json', 'package-lock.json v3');
    g.components.push(
      {
        purl: 'pkg:npm/%40s/a@1.0.0',
        group: '@s',
        name: 'a',
        version: '1.0.0',
        scope: 'required',
        licenses: ['mit', 'Apache-2.0'],
        hashes: [
          { alg: 'SHA-512', content: 'ab'.repeat(64) },
          { alg: 'SHA-1', content: 'not-hex' },
          { alg: 'SHA-256', content: 'cd'.repeat(32) },
        ],
        downloadUrl: 'https://example.com/a b/{x}[y]"<q>\'.tgz',
      },
      {
        purl: 'pkg:npm/b@2.0.0',
        name: 'b',
        version: '2.0.0',
        scope: 'excluded',
        licenses: ['(MIT OR Apache-2.0)', 'ISC'],
        description: 'B "quoted"\nline',
      },
      { purl: 'pkg:npm/c@3.0.0', name: 'c', version: '3.0.0', scope: 'optional', licenses: ['SEE LICENSE IN LICENSE.md', '(MIT OR ISC)'] },
      {
        purl: 'pkg:npm/d@4.0.0',
        name: 'd',
        version: '4.0.0',
        licenses: ['MIT', 'ISC', 'LicenseRef-X'],
        properties: { z: '1', 'custody:npm:bundled': 'true', a: '' },
      },
      { purl: 'pkg:npm/e', name: 'e', version: '', type: 'framework', description: '' },
      {
        purl: 'pkg:deb/debian/f@1?arch=amd64',
        name: 'f',
        version: '1',
        type: 'operating-system',
        hashes: [{ alg: 'MD5', content: 'ef'.repeat(16) }],
      },
    );
    addEdge(g, 'pkg:npm/%40s/a@1.0.0', 'pkg:npm/b@2.0.0');
    addEdge(g, 'pkg:npm/%40s/a@1.0.0', 'pkg:npm/%40s/a@1.0.0');
    addEdge(g, 'pkg:npm/b@2.0.0', 'pkg:npm/not-in-the-bom@1.0.0');
    g.direct = ['pkg:npm/d@4.0.0', 'pkg:npm/%40s/a@1.0.0'];
    g.notes = ['a note', 'another "note"'];
    same({
      root: { name: '@scope/proj', version: '0.1.0', purl: 'pkg:npm/%40scope/proj@0.1.0', type: 'application' },
      graphs: [g],
      gaps: ['x: not read'],
    });
    same({
      root: { name: 'img', type: 'container', digest: { sha512: '12'.repeat(64), sha256: '34'.repeat(32), md5: '56'.repeat(16) } },
      graphs: [g],
    });
    same({ root: { name: 'pkg:npm/b@2.0.0', version: '2.0.0', purl: 'pkg:npm/b@2.0.0', type: 'library' }, graphs: [g] });
    same({ root: { name: 'empty', type: 'application' }, graphs: [] });
  });

  describe.skipIf(!dir)('every shared lockfile fixture', async () => {
    const entries = dir
      ? readdirSync(dir)
          .sort()
          .filter((n) => n !== 'requirements-prose.txt')
      : [];
    for (const name of entries) {
      it(name, async () => {
        const path = join(dir!, name);
        const graphs = await readLockfiles(path, readers);
        const root = await rootComponent(statSync(path).isDirectory() ? path : dir!, graphs);
        same({ root, graphs, gaps: ['a gap'] });
      });
    }
  });
});

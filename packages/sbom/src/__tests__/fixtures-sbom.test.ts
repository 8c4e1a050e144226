/**
 * Must-show 2: every real lockfile in ../shared/fixtures/lockfiles yields an SBOM that is valid CycloneDX 1.6
 * (the library's strict JSON validator, ajv underneath) and valid SPDX 2.3 (our schema, written from the spec).
 * The fixture directory is iterated, so readers added later are covered without editing this file; a fixture
 * whose reader is not registered yet is reported as a todo, not a pass.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import * as Validation from '@cyclonedx/cyclonedx-library/Validation';
import { fixedClock, InputError } from '@custody/core';
import { sharedDir, sharedNotice } from '@custody/testing';
import { mergeGraphs, readerFor, readers, readLockfiles, rootComponent, writeMergedCycloneDx, writeMergedSpdx } from '@custody/sbom';

const shared = sharedDir();
const dir = shared ? join(shared, 'fixtures', 'lockfiles') : undefined;
if (!dir) sharedNotice('lockfile fixture SBOM validation');

const spdxSchema = JSON.parse(readFileSync(new URL('./schemas/spdx-2.3.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
addFormats(ajv);
const validateSpdx = ajv.compile(spdxSchema);
const cdxValidator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

const clock = fixedClock('2026-01-02T03:04:05Z');
/** Fixtures that are not lockfiles on purpose (see ../shared/fixtures/README.md). */
const EXPECT_NO_PACKAGES = new Set(['requirements-prose.txt']);

async function claimed(path: string): Promise<boolean> {
  if (statSync(path).isDirectory()) {
    return (await Promise.all(readdirSync(path).map((f) => readerFor(join(path, f), readers)))).some(Boolean);
  }
  return (await readerFor(path, readers)) !== undefined;
}

describe.skipIf(!dir)('SBOMs of every shared lockfile fixture', async () => {
  const entries = dir ? readdirSync(dir).sort() : [];

  it('finds the fixtures', () => {
    expect(entries.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of entries) {
    const path = join(dir!, name);
    if (!(await claimed(path))) {
      // Every fixture has a reader: one that loses its registration fails here instead of passing as a todo.
      it(`${name}: has a registered reader`, () => {
        expect.fail(`no lockfile reader claims ${name}; register its reader in packages/sbom/src/readers`);
      });
      continue;
    }
    if (EXPECT_NO_PACKAGES.has(name)) {
      it(`${name}: says it found no packages`, async () => {
        const err = await readLockfiles(path, readers).catch((e: unknown) => e);
        // The reader says so itself, or readLockfiles (NoPackagesError) when the reader returns nothing: same code.
        expect(err).toBeInstanceOf(InputError);
        expect((err as InputError).code).toBe('LOCKFILE_NO_PACKAGES');
        expect((err as InputError).exitCode).toBe(2);
        expect((err as InputError).describe()).toContain(name);
        expect((err as InputError).describe()).toMatch(/no (pinned requirements|packages) found/);
      });
      continue;
    }
    it(`${name}: valid CycloneDX 1.6 and SPDX 2.3`, async () => {
      const graphs = await readLockfiles(path, readers);
      const root = await rootComponent(statSync(path).isDirectory() ? path : dir!, graphs);
      const merged = mergeGraphs({ root, graphs });
      expect(merged.components.length).toBeGreaterThan(0);

      const cdx = writeMergedCycloneDx(merged, { clock });
      const cdxErrors = await cdxValidator.validate(cdx);
      expect(cdxErrors, JSON.stringify(cdxErrors, null, 1)?.slice(0, 2000)).toBeNull();
      const bom = JSON.parse(cdx);
      expect(bom.specVersion).toBe('1.6');
      expect(bom.components).toHaveLength(merged.components.length);
      // bom-refs unique, every dependency ref resolves
      const refs = new Set([bom.metadata.component['bom-ref'], ...bom.components.map((c: { 'bom-ref': string }) => c['bom-ref'])]);
      expect(refs.size).toBe(bom.components.length + 1);
      for (const d of bom.dependencies) for (const to of [d.ref, ...(d.dependsOn ?? [])]) expect(refs.has(to)).toBe(true);

      const spdx = writeMergedSpdx(merged, { clock });
      const doc = JSON.parse(spdx);
      const ok = validateSpdx(doc);
      expect(ok, ajv.errorsText(validateSpdx.errors?.slice(0, 5))).toBe(true);
      // What a schema cannot say: ids unique, relationships point at elements of the document.
      const ids = new Set(doc.packages.map((p: { SPDXID: string }) => p.SPDXID));
      expect(ids.size).toBe(doc.packages.length);
      ids.add('SPDXRef-DOCUMENT');
      for (const r of doc.relationships) {
        expect(ids.has(r.spdxElementId)).toBe(true);
        expect(ids.has(r.relatedSpdxElement)).toBe(true);
      }
      expect(doc.packages).toHaveLength(merged.components.length + 1);
    });
  }
});

describe('our SPDX schema rejects what SPDX 2.3 forbids', () => {
  const good = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: 'x',
    documentNamespace: 'https://example.com/spdx/x-1',
    creationInfo: { created: '2026-01-02T03:04:05Z', creators: ['Tool: custody-0.1.0'] },
    packages: [
      {
        SPDXID: 'SPDXRef-Package-a',
        name: 'a',
        downloadLocation: 'NOASSERTION',
        filesAnalyzed: false,
        checksums: [{ algorithm: 'SHA1', checksumValue: 'a'.repeat(40) }],
        licenseDeclared: 'MIT OR Apache-2.0',
        externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/a@1.0.0' }],
      },
    ],
    relationships: [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Package-a' }],
  };
  const mutate = (f: (d: typeof good & Record<string, unknown>) => void) => {
    const d = structuredClone(good) as typeof good & Record<string, unknown>;
    f(d);
    return validateSpdx(d);
  };
  it('accepts a minimal good document', () => expect(validateSpdx(good)).toBe(true));
  it.each([
    ['wrong version', (d: any) => (d.spdxVersion = 'SPDX-2.2')],
    ['wrong data license', (d: any) => (d.dataLicense = 'MIT')],
    ['namespace with a fragment', (d: any) => (d.documentNamespace = 'https://example.com/x#1')],
    ['created with milliseconds', (d: any) => (d.creationInfo.created = '2026-01-02T03:04:05.000Z')],
    ['creator without a kind', (d: any) => (d.creationInfo.creators = ['custody'])],
    ['SPDXID with a slash', (d: any) => (d.packages[0].SPDXID = 'SPDXRef-a/b')],
    ['SHA1 of the wrong length', (d: any) => (d.packages[0].checksums[0].checksumValue = 'abc')],
    ['unknown checksum algorithm', (d: any) => (d.packages[0].checksums[0].algorithm = 'SHA-256')],
    ['purl in the wrong category', (d: any) => (d.packages[0].externalRefs[0].referenceCategory = 'SECURITY')],
    ['locator that is not a purl', (d: any) => (d.packages[0].externalRefs[0].referenceLocator = 'npm:a')],
    ['unknown relationship', (d: any) => (d.relationships[0].relationshipType = 'USES')],
    ['missing downloadLocation', (d: any) => delete d.packages[0].downloadLocation],
    ['unknown property', (d: any) => (d.packages[0].vendor = 'x')],
  ])('rejects %s', (_what, f) => expect(mutate(f)).toBe(false));
});

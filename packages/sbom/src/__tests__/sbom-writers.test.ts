/**
 * What the writers put in each field, on a small graph built for the purpose: licenses (SPDX ids, expressions,
 * free text), hashes, download locations, scopes, names, edges, the root, and the fallbacks (NOASSERTION).
 */
import { describe, expect, it } from 'vitest';
import { fixedClock } from '@custody/core';
import { classifyLicense, mergeGraphs, newGraph, addEdge, writeMergedCycloneDx, writeMergedSpdx, type BomInput } from '@custody/sbom';

function input(): BomInput {
  const g = newGraph('npm', 'package-lock.json', 'package-lock.json v3');
  g.components.push(
    {
      purl: 'pkg:npm/%40s/a@1.0.0',
      group: '@s',
      name: 'a',
      version: '1.0.0',
      scope: 'required',
      licenses: ['mit'],
      hashes: [{ alg: 'SHA-512', content: 'ab'.repeat(64) }],
      downloadUrl: 'https://registry.npmjs.org/@s/a/-/a-1.0.0.tgz',
    },
    { purl: 'pkg:npm/b@2.0.0', name: 'b', version: '2.0.0', scope: 'excluded', licenses: ['(MIT OR Apache-2.0)'] },
    { purl: 'pkg:npm/c@3.0.0', name: 'c', version: '3.0.0', scope: 'optional', licenses: ['SEE LICENSE IN LICENSE.md'] },
    { purl: 'pkg:npm/d@4.0.0', name: 'd', version: '4.0.0', licenses: ['MIT', 'ISC'], properties: { 'custody:npm:bundled': 'true' } },
  );
  addEdge(g, 'pkg:npm/%40s/a@1.0.0', 'pkg:npm/b@2.0.0');
  addEdge(g, 'pkg:npm/%40s/a@1.0.0', 'pkg:npm/not-in-the-bom@1.0.0'); // dropped: not a component
  g.direct = ['pkg:npm/%40s/a@1.0.0', 'pkg:npm/d@4.0.0'];
  const go = newGraph('golang', 'go.mod', 'go.mod');
  go.components.push({
    purl: 'pkg:golang/github.com/google/uuid@v1.6.0',
    group: 'github.com/google',
    name: 'uuid',
    version: 'v1.6.0',
    hashes: [{ alg: 'SHA-256', content: 'cd'.repeat(32) }],
  });
  // the same package from a second lockfile: merged, the more needed scope wins
  const g2 = newGraph('npm', 'web/package-lock.json', 'package-lock.json v3');
  g2.components.push({ purl: 'pkg:npm/b@2.0.0', name: 'b', version: '2.0.0', scope: 'required' });
  return { root: { name: 'proj', version: '0.1.0', purl: 'pkg:npm/proj@0.1.0', type: 'application' }, graphs: [g, go, g2] };
}

const clock = fixedClock('2026-03-04T05:06:07.890Z');

describe('license classification', () => {
  it.each([
    ['MIT', { kind: 'id', value: 'MIT' }],
    ['apache-2.0', { kind: 'id', value: 'Apache-2.0' }],
    ['(MIT OR Apache-2.0)', { kind: 'expression', value: '(MIT OR Apache-2.0)' }],
    ['GPL-2.0-only WITH Classpath-exception-2.0', { kind: 'expression', value: 'GPL-2.0-only WITH Classpath-exception-2.0' }],
    ['LicenseRef-Custom', { kind: 'expression', value: 'LicenseRef-Custom' }],
    ['SEE LICENSE IN LICENSE.md', { kind: 'named', value: 'SEE LICENSE IN LICENSE.md' }],
    ['BSD', { kind: 'named', value: 'BSD' }],
    ['MIT OR', { kind: 'named', value: 'MIT OR' }],
    ['(MIT', { kind: 'named', value: '(MIT' }],
  ])('%s', (raw, expected) => expect(classifyLicense(raw)).toEqual(expected));
});

describe('CycloneDX fields', () => {
  const bom = JSON.parse(writeMergedCycloneDx(mergeGraphs(input()), { clock }));
  const by = (purl: string) => bom.components.find((c: { purl: string }) => c.purl === purl);

  it('metadata: timestamp to the second, tool, root', () => {
    expect(bom.metadata.timestamp).toBe('2026-03-04T05:06:07.000Z');
    expect(bom.metadata.component).toEqual({
      type: 'application',
      name: 'proj',
      version: '0.1.0',
      'bom-ref': 'pkg:npm/proj@0.1.0',
      purl: 'pkg:npm/proj@0.1.0',
    });
  });

  it('components: group, scope, hashes, licenses, distribution URL, properties', () => {
    expect(by('pkg:npm/%40s/a@1.0.0')).toMatchObject({
      group: '@s',
      name: 'a',
      scope: 'required',
      hashes: [{ alg: 'SHA-512', content: 'ab'.repeat(64) }],
      licenses: [{ license: { id: 'MIT' } }],
      externalReferences: [{ type: 'distribution', url: 'https://registry.npmjs.org/@s/a/-/a-1.0.0.tgz' }],
    });
    expect(by('pkg:npm/b@2.0.0')).toMatchObject({ scope: 'required', licenses: [{ expression: '(MIT OR Apache-2.0)' }] });
    expect(by('pkg:npm/c@3.0.0')).toMatchObject({ scope: 'optional', licenses: [{ license: { name: 'SEE LICENSE IN LICENSE.md' } }] });
    expect(by('pkg:npm/d@4.0.0').licenses).toEqual([{ license: { id: 'ISC' } }, { license: { id: 'MIT' } }]);
    expect(by('pkg:npm/d@4.0.0').properties).toEqual([{ name: 'custody:npm:bundled', value: 'true' }]);
  });

  it('dependencies: root -> direct, package -> package, only refs in the BOM', () => {
    expect(bom.dependencies[0]).toEqual({ ref: 'pkg:npm/proj@0.1.0', dependsOn: ['pkg:npm/%40s/a@1.0.0', 'pkg:npm/d@4.0.0'] });
    expect(bom.dependencies.find((d: { ref: string }) => d.ref === 'pkg:npm/%40s/a@1.0.0').dependsOn).toEqual(['pkg:npm/b@2.0.0']);
    expect(bom.dependencies).toHaveLength(6);
  });

  it('a root that is also a component gets its own, deterministic ref', () => {
    const i = input();
    i.root = { name: 'b', version: '2.0.0', purl: 'pkg:npm/b@2.0.0', type: 'application' };
    const again = JSON.parse(writeMergedCycloneDx(mergeGraphs(i), { clock }));
    expect(again.metadata.component['bom-ref']).toBe('pkg:npm/b@2.0.0#root');
    expect(again.components.find((c: { purl: string }) => c.purl === 'pkg:npm/b@2.0.0')['bom-ref']).toBe('pkg:npm/b@2.0.0');
  });
});

describe('SPDX fields', () => {
  const doc = JSON.parse(writeMergedSpdx(mergeGraphs(input()), { clock }));
  const by = (purl: string) =>
    doc.packages.find((p: { externalRefs?: Array<{ referenceLocator: string }> }) => p.externalRefs?.[0]?.referenceLocator === purl);

  it('document: version, license, id, name, namespace, creation info', () => {
    expect(doc).toMatchObject({ spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT', name: 'proj@0.1.0' });
    expect(doc.documentNamespace).toMatch(/^https:\/\/github\.com\/custody-dev\/custody\/spdx\/proj-0\.1\.0-[0-9a-f-]{36}$/);
    expect(doc.creationInfo).toEqual({ created: '2026-03-04T05:06:07Z', creators: ['Tool: custody-0.1.0'] });
  });

  it('packages: names, versions, checksums, download locations, licenses with NOASSERTION fallbacks', () => {
    expect(by('pkg:npm/%40s/a@1.0.0')).toEqual({
      SPDXID: 'SPDXRef-Package-npm-40s-a-1.0.0',
      name: '@s/a',
      versionInfo: '1.0.0',
      downloadLocation: 'https://registry.npmjs.org/@s/a/-/a-1.0.0.tgz',
      filesAnalyzed: false,
      checksums: [{ algorithm: 'SHA512', checksumValue: 'ab'.repeat(64) }],
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'MIT',
      copyrightText: 'NOASSERTION',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/%40s/a@1.0.0' }],
    });
    expect(by('pkg:npm/b@2.0.0')).toMatchObject({ downloadLocation: 'NOASSERTION', licenseDeclared: '(MIT OR Apache-2.0)' });
    expect(by('pkg:npm/c@3.0.0')).toMatchObject({
      licenseDeclared: 'NOASSERTION',
      licenseComments: 'The lockfile states: SEE LICENSE IN LICENSE.md',
    });
    expect(by('pkg:npm/d@4.0.0').licenseDeclared).toBe('ISC AND MIT');
    expect(by('pkg:golang/github.com/google/uuid@v1.6.0')).toMatchObject({
      name: 'github.com/google/uuid',
      checksums: [{ algorithm: 'SHA256', checksumValue: 'cd'.repeat(32) }],
    });
  });

  it('relationships: the document describes the root, which depends on the direct ones', () => {
    const root = doc.packages[0];
    expect(root).toMatchObject({ SPDXID: 'SPDXRef-RootPackage-proj', name: 'proj', primaryPackagePurpose: 'APPLICATION' });
    expect(doc.relationships).toEqual([
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-RootPackage-proj' },
      {
        spdxElementId: 'SPDXRef-Package-npm-40s-a-1.0.0',
        relationshipType: 'DEPENDS_ON',
        relatedSpdxElement: 'SPDXRef-Package-npm-b-2.0.0',
      },
      // c is optional and nothing lists it as a dependency: its scope is kept as OPTIONAL_DEPENDENCY_OF the root.
      {
        spdxElementId: 'SPDXRef-Package-npm-c-3.0.0',
        relationshipType: 'OPTIONAL_DEPENDENCY_OF',
        relatedSpdxElement: 'SPDXRef-RootPackage-proj',
      },
      { spdxElementId: 'SPDXRef-RootPackage-proj', relationshipType: 'DEPENDS_ON', relatedSpdxElement: 'SPDXRef-Package-npm-40s-a-1.0.0' },
      { spdxElementId: 'SPDXRef-RootPackage-proj', relationshipType: 'DEPENDS_ON', relatedSpdxElement: 'SPDXRef-Package-npm-d-4.0.0' },
    ]);
  });

  it('ids that collide after sanitizing stay unique', () => {
    const i = input();
    // pkg:npm/b/2.0.0 and pkg:npm/b@2.0.0 both sanitize to npm-b-2.0.0
    i.graphs[0]!.components.push({ purl: 'pkg:npm/b/2.0.0', group: 'b', name: '2.0.0', version: '' });
    const d = JSON.parse(writeMergedSpdx(mergeGraphs(i), { clock }));
    const ids: string[] = d.packages.map((p: { SPDXID: string }) => p.SPDXID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('SPDXRef-Package-npm-b-2.0.0');
    expect(ids).toContain('SPDXRef-Package-npm-b-2.0.0-2');
  });
});

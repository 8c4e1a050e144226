/**
 * Reference serializer for the equivalence test: the same BOM built with @cyclonedx/cyclonedx-library's public
 * Models and serialized with its public JsonSerializer (CycloneDX 1.6, `sortLists: false`), as cyclonedx.ts did
 * before it wrote JSON directly (issue 16). Test-only: the library is a dependency of the tests, not of a run.
 */
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import { compareStrings, CUSTODY_NAME, CUSTODY_URL, CUSTODY_VERSION, type Clock } from '@custody/core';
import { GAP_PROPERTY } from '../cyclonedx.js';
import type { MergedBom, MergedComponent } from '../merge.js';
import type { ComponentScope, HashAlgorithm } from '../model.js';
import { classifyLicense } from '../spdx.js';

const HASH_ALG: Record<HashAlgorithm, Enums.HashAlgorithm> = {
  MD5: Enums.HashAlgorithm.MD5,
  'SHA-1': Enums.HashAlgorithm['SHA-1'],
  'SHA-256': Enums.HashAlgorithm['SHA-256'],
  'SHA-384': Enums.HashAlgorithm['SHA-384'],
  'SHA-512': Enums.HashAlgorithm['SHA-512'],
};

const SCOPE: Record<ComponentScope, Enums.ComponentScope> = {
  required: Enums.ComponentScope.Required,
  optional: Enums.ComponentScope.Optional,
  excluded: Enums.ComponentScope.Excluded,
};

const TYPE: Record<string, Enums.ComponentType> = {
  library: Enums.ComponentType.Library,
  application: Enums.ComponentType.Application,
  framework: Enums.ComponentType.Framework,
  'operating-system': Enums.ComponentType.OperatingSystem,
  container: Enums.ComponentType.Container,
};

function licensesOf(values: string[] | undefined): Models.LicenseRepository {
  const repo = new Models.LicenseRepository();
  if (!values?.length) return repo;
  const kinds = values.map(classifyLicense);
  // CycloneDX allows one expression or a list of licenses, not both: combine into one expression when needed.
  if (kinds.some((k) => k.kind === 'expression') && kinds.every((k) => k.kind !== 'named')) {
    const expr =
      kinds.length === 1 ? kinds[0]!.value : kinds.map((k) => (k.kind === 'expression' ? `(${k.value})` : k.value)).join(' AND ');
    repo.add(new Models.LicenseExpression(expr));
    return repo;
  }
  for (const k of kinds) {
    if (k.kind === 'id') repo.add(new Models.SpdxLicense(k.value));
    else repo.add(new Models.NamedLicense(k.value));
  }
  return repo;
}

function toComponent(c: MergedComponent): Models.Component {
  const hashes = new Models.HashDictionary();
  for (const h of c.hashes ?? []) hashes.set(HASH_ALG[h.alg], h.content);
  const props = new Models.PropertyRepository();
  for (const k of Object.keys(c.properties ?? {}).sort(compareStrings)) props.add(new Models.Property(k, c.properties![k]!));
  const refs = new Models.ExternalReferenceRepository();
  if (c.downloadUrl) refs.add(new Models.ExternalReference(c.downloadUrl, Enums.ExternalReferenceType.Distribution));
  return new Models.Component(TYPE[c.type ?? 'library'] ?? Enums.ComponentType.Library, c.name, {
    bomRef: c.ref,
    ...(c.group ? { group: c.group } : {}),
    version: c.version,
    purl: c.purl,
    ...(c.scope ? { scope: SCOPE[c.scope] } : {}),
    hashes,
    licenses: licensesOf(c.licenses),
    externalReferences: refs,
    properties: props,
    ...(c.description ? { description: c.description } : {}),
  });
}

/**
 * The BOM serialized through the library's public Models + Serialize API, with the serial number given: the
 * content UUID is custody's own rule (sealed.ts), not the library's, so the test takes it from custody's output
 * and checks it separately.
 */
export function libraryCycloneDx(merged: MergedBom, options: { clock: Clock; serialNumber: string }): string {
  const now = options.clock.now();
  const timestamp = new Date(Math.floor(now.getTime() / 1000) * 1000);

  const root = merged.root;
  const rootHashes = new Models.HashDictionary();
  for (const [alg, hex] of Object.entries(root.digest ?? {}).sort(([a], [b]) => compareStrings(a, b))) {
    const cdxAlg = {
      sha256: Enums.HashAlgorithm['SHA-256'],
      sha384: Enums.HashAlgorithm['SHA-384'],
      sha512: Enums.HashAlgorithm['SHA-512'],
    }[alg];
    if (cdxAlg) rootHashes.set(cdxAlg, hex);
  }
  // An npm project named @scope/name is group @scope, name name, as its components are.
  const scoped = root.purl?.startsWith('pkg:npm/') && /^@[^/]+\/./.test(root.name) ? root.name.indexOf('/') : -1;
  const rootName = scoped > 0 ? root.name.slice(scoped + 1) : root.name;
  const rootComponent = new Models.Component(TYPE[root.type] ?? Enums.ComponentType.Application, rootName, {
    bomRef: root.ref,
    ...(scoped > 0 ? { group: root.name.slice(0, scoped) } : {}),
    ...(root.version ? { version: root.version } : {}),
    ...(root.purl ? { purl: root.purl } : {}),
    hashes: rootHashes,
  });

  const tool = new Models.Component(Enums.ComponentType.Application, CUSTODY_NAME, {
    version: CUSTODY_VERSION,
    externalReferences: new Models.ExternalReferenceRepository([
      new Models.ExternalReference(CUSTODY_URL, Enums.ExternalReferenceType.Website),
    ]),
  });
  // Everything skipped, one `custody:gap` property each (sorted): an SBOM never hides what it does not cover.
  const gapProps = new Models.PropertyRepository(merged.gaps.map((g) => new Models.Property(GAP_PROPERTY, g)));
  const bom = new Models.Bom({
    metadata: new Models.Metadata({
      timestamp,
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
      component: rootComponent,
      properties: gapProps,
    }),
  });
  bom.serialNumber = options.serialNumber;

  const byRef = new Map<string, Models.Component>();
  byRef.set(root.ref, rootComponent);
  for (const c of merged.components) {
    const model = toComponent(c);
    byRef.set(c.ref, model);
    bom.components.add(model);
  }
  for (const { ref, dependsOn } of merged.dependencies) {
    const from = byRef.get(ref);
    if (!from) continue;
    for (const to of dependsOn) {
      const target = byRef.get(to);
      if (target) from.dependencies.add(target.bomRef);
    }
  }

  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(bom, { sortLists: false, space: 2 })}\n`;
}

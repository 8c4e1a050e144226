/**
 * CycloneDX 1.6 JSON, built with @cyclonedx/cyclonedx-library (Models + Serialize.JsonSerializer).
 *
 * Determinism: the library's `sortLists` option sorts with localeCompare (depends on the machine's locale), so
 * it is off and every list is inserted already sorted by code point (the library keeps insertion order).
 * The serial number is a UUID derived from a SHA-256 of the content, the timestamp comes from the injected clock.
 */
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import type * as SerializeModule from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compareStrings, CUSTODY_NAME, CUSTODY_URL, CUSTODY_VERSION, type Clock } from '@custody/core';
import type { BomInput, ComponentScope, HashAlgorithm } from './model.js';
import { contentKey, contentUuid, mergeGraphs, type MergedBom, type MergedComponent } from './merge.js';
import { classifyLicense } from './spdx.js';

const require = createRequire(import.meta.url);

/**
 * The library's JSON serializer without its XML one. `@cyclonedx/cyclonedx-library/Serialize` also loads the
 * XML serializer, which loads xmlbuilder2 whenever that optional peer is installed (~55 ms of a ~300 ms run).
 * The JSON half (dist.node/serialize/index.common.js) is the same code. It is used only when it shares its
 * models with ours (checked by identity); otherwise (e.g. inside an ncc bundle) the public entry point is.
 */
async function loadSerialize(): Promise<typeof SerializeModule> {
  try {
    const dir = dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json'));
    const models = require(join(dir, 'dist.node', 'models', 'index.js')) as typeof Models;
    if (models.Component === Models.Component) {
      const common = require(join(dir, 'dist.node', 'serialize', 'index.common.js')) as typeof SerializeModule;
      if (typeof common.JsonSerializer === 'function' && common.JSON?.Normalize?.Factory) return common;
    }
  } catch {
    /* fall through */
  }
  return await import('@cyclonedx/cyclonedx-library/Serialize');
}

const Serialize = await loadSerialize();

/** The CycloneDX metadata property that names one thing the SBOM does not cover. */
export const GAP_PROPERTY = 'custody:gap';

export interface WriteOptions {
  clock: Clock;
}

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
    const expr = kinds.length === 1 ? kinds[0]!.value : kinds.map((k) => (k.kind === 'expression' ? `(${k.value})` : k.value)).join(' AND ');
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

/** Serializes a merged BOM. */
export function writeMergedCycloneDx(merged: MergedBom, options: WriteOptions): string {
  const now = options.clock.now();
  const timestamp = new Date(Math.floor(now.getTime() / 1000) * 1000);

  const root = merged.root;
  const rootHashes = new Models.HashDictionary();
  for (const [alg, hex] of Object.entries(root.digest ?? {}).sort(([a], [b]) => compareStrings(a, b))) {
    const cdxAlg = { sha256: Enums.HashAlgorithm['SHA-256'], sha384: Enums.HashAlgorithm['SHA-384'], sha512: Enums.HashAlgorithm['SHA-512'] }[alg];
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
    externalReferences: new Models.ExternalReferenceRepository([new Models.ExternalReference(CUSTODY_URL, Enums.ExternalReferenceType.Website)]),
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
  bom.serialNumber = `urn:uuid:${contentUuid(contentKey(merged, timestamp.toISOString(), 'cyclonedx-1.6'))}`;

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

/** One CycloneDX 1.6 JSON document for everything in `input`. */
export function writeCycloneDx(input: BomInput, options: WriteOptions): string {
  return writeMergedCycloneDx(mergeGraphs(input), options);
}

/**
 * SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/): one document describing the root package, a package per
 * component (no files analysed), DESCRIBES and DEPENDS_ON relationships. Deterministic: sorted lists, injected
 * clock, SPDX ids derived from purls, a document namespace that ends in the content UUID of the document (sealed.ts):
 * the UUID of the SHA-256 of the document's own bytes as written with that UUID set to the nil UUID
 * 00000000-0000-0000-0000-000000000000. Anyone can check it: put the nil UUID back, hash, compare.
 */
import { fixupSpdxId } from '@cyclonedx/cyclonedx-library/SPDX';
import { compareStrings, CUSTODY_NAME, CUSTODY_URL, CUSTODY_VERSION, isoSeconds } from '@custody/core';
import type { BomInput, ComponentScope, HashAlgorithm } from './model.js';
import type { WriteOptions } from './cyclonedx.js';
import { mergeGraphs, type MergedBom } from './merge.js';
import { contentUuid, PLACEHOLDER_UUID, sealedText, type SealedDocument } from './sealed.js';

export type LicenseKind = { kind: 'id' | 'expression' | 'named'; value: string };

const OPERATORS = new Set(['AND', 'OR', 'WITH']);

/**
 * Classifies a license string from a lockfile: one SPDX license id (canonical case), a valid SPDX license
 * expression (ids canonicalized), or a free-text name.
 */
export function classifyLicense(raw: string): LicenseKind {
  const text = raw.trim();
  const single = /^([A-Za-z0-9.+-]+)$/.exec(text);
  if (single) {
    const id = fixupSpdxId(text);
    if (id) return { kind: 'id', value: id };
    if (/^LicenseRef-[A-Za-z0-9.-]+$/.test(text)) return { kind: 'expression', value: text };
    return { kind: 'named', value: text };
  }
  const expr = parseExpression(text);
  return expr ? { kind: 'expression', value: expr } : { kind: 'named', value: text };
}

/** Validates an SPDX license expression (annex D grammar) and returns it with ids canonicalized, or undefined. */
function parseExpression(text: string): string | undefined {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  const simple = (): string | undefined => {
    const t = tokens[i];
    if (t === undefined || t === '(' || t === ')' || OPERATORS.has(t)) return undefined;
    i++;
    if (/^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(t)) return t;
    const plus = t.endsWith('+');
    const id = fixupSpdxId(plus ? t.slice(0, -1) : t);
    return id ? `${id}${plus ? '+' : ''}` : undefined;
  };
  const atom = (): string | undefined => {
    if (tokens[i] === '(') {
      i++;
      const inner = orExpr();
      if (inner === undefined || tokens[i] !== ')') return undefined;
      i++;
      return `(${inner})`;
    }
    const lic = simple();
    if (lic === undefined) return undefined;
    if (tokens[i] === 'WITH') {
      i++;
      const exc = tokens[i];
      if (exc === undefined || !/^[A-Za-z0-9.+-]+$/.test(exc)) return undefined;
      i++;
      return `${lic} WITH ${fixupSpdxId(exc) ?? exc}`;
    }
    return lic;
  };
  const andExpr = (): string | undefined => {
    let left = atom();
    while (left !== undefined && tokens[i] === 'AND') {
      i++;
      const right = atom();
      left = right === undefined ? undefined : `${left} AND ${right}`;
    }
    return left;
  };
  const orExpr = (): string | undefined => {
    let left = andExpr();
    while (left !== undefined && tokens[i] === 'OR') {
      i++;
      const right = andExpr();
      left = right === undefined ? undefined : `${left} OR ${right}`;
    }
    return left;
  };
  const out = orExpr();
  return out !== undefined && i === tokens.length ? out : undefined;
}

/** Relationship from a component to what depends on it, by the component's scope (none: DEPENDS_ON). */
const SCOPE_RELATIONSHIP: Record<ComponentScope, string | undefined> = {
  required: undefined,
  optional: 'OPTIONAL_DEPENDENCY_OF',
  excluded: 'DEV_DEPENDENCY_OF',
};

/** How an SPDX annotation naming something the SBOM does not cover begins. */
export const GAP_PREFIX = 'custody:gap: ';

const CHECKSUM: Record<HashAlgorithm, string> = {
  MD5: 'MD5',
  'SHA-1': 'SHA1',
  'SHA-256': 'SHA256',
  'SHA-384': 'SHA384',
  'SHA-512': 'SHA512',
};

/** SPDX ids allow letters, digits, `.` and `-` only. */
function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

function declaredLicense(values: string[] | undefined): { declared: string; comment?: string } {
  if (!values?.length) return { declared: 'NOASSERTION' };
  const kinds = values.map(classifyLicense);
  const named = kinds.filter((k) => k.kind === 'named');
  if (named.length) return { declared: 'NOASSERTION', comment: `The lockfile states: ${values.join('; ')}` };
  if (kinds.length === 1) return { declared: kinds[0]!.value };
  return { declared: kinds.map((k) => (k.kind === 'expression' ? `(${k.value})` : k.value)).join(' AND ') };
}

function isDownloadLocation(url: string | undefined): url is string {
  return typeof url === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/.test(url);
}

/** The name people know a package by: @scope/name (npm), vendor/name (composer), module path (golang), group:name (maven). */
function packageName(purl: string, group: string | undefined, name: string): string {
  if (!group) return name;
  if (/^pkg:(npm|composer|golang)\//.test(purl)) return `${group}/${name}`;
  if (purl.startsWith('pkg:maven/')) return `${group}:${name}`;
  return name;
}

/** Serializes a merged BOM as SPDX 2.3 JSON. */
export function writeMergedSpdx(merged: MergedBom, options: WriteOptions): string {
  return sealedText(spdxDocument(merged, options));
}

/** A merged BOM as a sealed SPDX 2.3 document: one chunk, the namespace's UUID the placeholder until sealed. */
export function spdxDocument(merged: MergedBom, options: WriteOptions): SealedDocument {
  const created = isoSeconds(options.clock.now());
  const uuid = PLACEHOLDER_UUID;
  const root = merged.root;

  // SPDX ids: sanitized purls; the rare collision after sanitizing gets a numbered suffix (in sorted order).
  const ids = new Map<string, string>();
  const used = new Set<string>(['SPDXRef-DOCUMENT']);
  const assign = (ref: string, base: string) => {
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    ids.set(ref, id);
  };
  assign(root.ref, `SPDXRef-RootPackage-${sanitize(root.name)}`);
  for (const c of merged.components) assign(c.ref, `SPDXRef-Package-${sanitize(c.purl.replace(/^pkg:/, ''))}`);

  const rootPackage: Record<string, unknown> = {
    SPDXID: ids.get(root.ref),
    name: root.name,
    ...(root.version ? { versionInfo: root.version } : {}),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    ...(root.digest
      ? {
          checksums: Object.entries(root.digest)
            .filter(([alg]) => ['sha256', 'sha384', 'sha512', 'sha1'].includes(alg))
            .sort(([a], [b]) => compareStrings(a, b))
            .map(([alg, hex]) => ({ algorithm: alg.toUpperCase(), checksumValue: hex })),
        }
      : {}),
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    ...(root.purl ? { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: root.purl }] } : {}),
    primaryPackagePurpose: root.type === 'container' ? 'CONTAINER' : 'APPLICATION',
  };

  const packages = merged.components.map((c) => {
    const license = declaredLicense(c.licenses);
    const name = packageName(c.purl, c.group, c.name);
    return {
      SPDXID: ids.get(c.ref),
      name,
      ...(c.version ? { versionInfo: c.version } : {}),
      downloadLocation: isDownloadLocation(c.downloadUrl) ? c.downloadUrl : 'NOASSERTION',
      filesAnalyzed: false,
      ...(c.hashes?.length ? { checksums: c.hashes.map((h) => ({ algorithm: CHECKSUM[h.alg], checksumValue: h.content })) } : {}),
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: license.declared,
      ...(license.comment ? { licenseComments: license.comment } : {}),
      copyrightText: 'NOASSERTION',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: c.purl }],
      ...(c.description ? { description: c.description } : {}),
    };
  });

  const relationships: Array<{ spdxElementId: string; relationshipType: string; relatedSpdxElement: string }> = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: ids.get(root.ref)! },
  ];
  // Edges: DEPENDS_ON, except to a development or optional component, which SPDX says the other way round
  // (`dev DEV_DEPENDENCY_OF app`, `opt OPTIONAL_DEPENDENCY_OF app`) so that the scope is not lost. A scoped
  // component nothing points at is related to the root.
  const scopeOf = new Map(merged.components.map((c) => [c.ref, c.scope]));
  const edges: Array<[string, string, string]> = [];
  const reached = new Set<string>();
  for (const { ref, dependsOn: tos } of merged.dependencies) {
    const from = ids.get(ref);
    if (!from) continue;
    for (const to of tos) {
      const target = ids.get(to);
      if (!target) continue;
      reached.add(to);
      const type = SCOPE_RELATIONSHIP[scopeOf.get(to) ?? 'required'];
      edges.push(type ? [target, type, from] : [from, 'DEPENDS_ON', target]);
    }
  }
  for (const c of merged.components) {
    const type = SCOPE_RELATIONSHIP[c.scope ?? 'required'];
    if (type && !reached.has(c.ref)) edges.push([ids.get(c.ref)!, type, ids.get(root.ref)!]);
  }
  edges.sort((a, b) => compareStrings(a[0], b[0]) || compareStrings(a[2], b[2]) || compareStrings(a[1], b[1]));
  for (const [from, type, to] of edges) relationships.push({ spdxElementId: from, relationshipType: type, relatedSpdxElement: to });

  const docName = `${root.name}${root.version ? `@${root.version}` : ''}`;
  const doc = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: docName,
    documentNamespace: `${CUSTODY_URL}/spdx/${encodeURIComponent(sanitize(docName))}-${uuid}`,
    creationInfo: { created, creators: [`Tool: ${CUSTODY_NAME}-${CUSTODY_VERSION}`] },
    packages: [rootPackage, ...packages.sort((a, b) => compareStrings(a.SPDXID!, b.SPDXID!))],
    relationships,
    // Everything skipped, one annotation each (sorted): an SBOM never hides what it does not cover.
    ...(merged.gaps.length
      ? {
          annotations: merged.gaps.map((g) => ({
            annotationDate: created,
            annotationType: 'OTHER',
            annotator: `Tool: ${CUSTODY_NAME}-${CUSTODY_VERSION}`,
            comment: `${GAP_PREFIX}${g}`,
          })),
        }
      : {}),
  };
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  // The members before the namespace are fixed but for the name, whose JSON string holds no unescaped quote: the
  // first '"documentNamespace": "' is the member, and the placeholder ends its value.
  const member = text.indexOf('"documentNamespace": "');
  const index = text.indexOf('"', member + 22) - PLACEHOLDER_UUID.length;
  const at = { offset: Buffer.byteLength(text.slice(0, index)), index };
  return { chunks: () => [text], at, fill: contentUuid };
}

/** One SPDX 2.3 JSON document for everything in `input`. */
export function writeSpdx(input: BomInput, options: WriteOptions): string {
  return writeMergedSpdx(mergeGraphs(input), options);
}

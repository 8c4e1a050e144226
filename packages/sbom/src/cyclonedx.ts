/**
 * CycloneDX 1.6 JSON, written directly in one pass: no intermediate object model. Building the
 * @cyclonedx/cyclonedx-library model and normalizing it cost more CPU and memory than the rest of an SBOM run
 * (issue 16); the library stays where it serves: validation and an equivalence test that serializes the same BOM
 * through its public Models + Serialize API and compares bytes (__tests__/cyclonedx-equivalence.test.ts).
 *
 * The output is what the library's JsonSerializer writes for CycloneDX 1.6 with `sortLists: false, space: 2`:
 * the same key order, the same omissions (empty lists, empty strings), hashes whose value is not a hex digest of a
 * known length dropped, URLs escaped as the library escapes them, at most one license expression per component.
 * Determinism: every list arrives sorted by code point from mergeGraphs; the timestamp comes from the injected clock;
 * the serial number is the content UUID of the document (sealed.ts): the UUID of the SHA-256 of the document's own
 * bytes as written with the serial set to urn:uuid:00000000-0000-0000-0000-000000000000. The chunks carry that
 * placeholder; a file writer hashes the bytes as it writes them and overwrites the 36 bytes at the end
 * (cycloneDxDocument says where), text in memory is sealed at once (writeMergedCycloneDx). Anyone can check a
 * serial: put the nil UUID back, hash, compare.
 */
import { compareStrings, CUSTODY_NAME, CUSTODY_URL, CUSTODY_VERSION, type Clock } from '@custody/core';
import { isSupportedSpdxId } from '@cyclonedx/cyclonedx-library/SPDX';
import type { BomInput } from './model.js';
import { isNormalized, mergeGraphs, type MergedBom, type MergedComponent } from './merge.js';
import { contentUuid, PLACEHOLDER_UUID, sealedText, type SealedDocument } from './sealed.js';
import { classifyLicense } from './spdx.js';

/** The CycloneDX metadata property that names one thing the SBOM does not cover. */
export const GAP_PROPERTY = 'custody:gap';

export interface WriteOptions {
  clock: Clock;
}

const SCHEMA = 'http://cyclonedx.org/schema/bom-1.6.schema.json';
/** CycloneDX 1.6 `hash-content`: a hex digest of 32, 40, 64, 96 or 128 digits (MD5 … SHA-512). */
function isHashValue(v: string): boolean {
  const n = v.length;
  if (n !== 128 && n !== 64 && n !== 40 && n !== 32 && n !== 96) return false;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i) | 0x20; // A-F -> a-f; digits keep their codes (0x30-0x39 have the bit set)
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}
const TYPES = new Set(['library', 'application', 'framework', 'operating-system', 'container']);
/** The `"type"` member that opens a component, per type (written often; JSON.stringify once). */
const TYPE_TEXT = new Map([...TYPES].map((t) => [t, `{\n      "type": ${JSON.stringify(t)},\n      "name": `]));
const LIBRARY_TEXT = TYPE_TEXT.get('library')!;
/** Scopes and hash algorithms as JSON strings: a few values written once per component. */
const QUOTED = new Map(
  ['required', 'optional', 'excluded', 'MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'].map((v) => [v, JSON.stringify(v)]),
);
const ROOT_HASH: Record<string, string> = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
const URI_ESCAPES: Array<[RegExp, string]> = [
  [/ /g, '%20'],
  [/"/g, '%22'],
  [/'/g, '%27'],
  [/\[/g, '%5B'],
  [/]/g, '%5D'],
  [/</g, '%3C'],
  [/>/g, '%3E'],
  [/\{/g, '%7B'],
  [/}/g, '%7D'],
];
const URI_SPECIAL = /[ "'[\]<>{}]/;

/** Escapes the characters a JSON-schema iri-reference refuses, as the library does. */
function escapeUri(url: string): string {
  if (!URI_SPECIAL.test(url)) return url;
  for (const [re, to] of URI_ESCAPES) url = url.replace(re, to);
  return url;
}

type Json = Record<string, unknown>;

function hashesJson(hashes: Array<{ alg: string; content: string }>): Json[] | undefined {
  const out: Json[] = [];
  const seen = new Map<string, Json>();
  for (const h of hashes) {
    // A dictionary by algorithm: a second value for an algorithm replaces the first in its place.
    const known = seen.get(h.alg);
    if (known) known.content = h.content;
    else {
      const entry = { alg: h.alg, content: h.content };
      seen.set(h.alg, entry);
      out.push(entry);
    }
  }
  const kept = out.filter((h) => isHashValue(h.content as string));
  return kept.length ? kept : undefined;
}

function licensesJson(values: string[] | undefined): Json[] | undefined {
  if (!values?.length) return undefined;
  const kinds = values.map(classifyLicense);
  // CycloneDX allows one expression or a list of licenses, not both: combine into one expression when needed.
  if (kinds.some((k) => k.kind === 'expression') && kinds.every((k) => k.kind !== 'named')) {
    const expr =
      kinds.length === 1 ? kinds[0]!.value : kinds.map((k) => (k.kind === 'expression' ? `(${k.value})` : k.value)).join(' AND ');
    return [{ expression: expr }];
  }
  return kinds.map((k) => (k.kind === 'id' && isSupportedSpdxId(k.value) ? { license: { id: k.value } } : { license: { name: k.value } }));
}

const q = JSON.stringify;

/**
 * The `"licenses"` member of a component for its license values, as text ('' when there is none). Lockfiles repeat
 * a handful of license values across thousands of components: `cache` keeps each rendering (per document).
 */
function licensesText(values: string[] | undefined, cache: Map<string, string>): string {
  if (!values?.length) return '';
  const key = values.length === 1 ? values[0]! : values.join('\u0000');
  let text = cache.get(key);
  if (text !== undefined) return text;
  text = '';
  const licenses = licensesJson(values);
  if (licenses) {
    text = ',\n      "licenses": [';
    for (let i = 0; i < licenses.length; i++) {
      const l = licenses[i]!;
      const lic = l.license as { id?: string; name?: string } | undefined;
      const body = lic
        ? `{\n          "license": {\n            ${lic.id !== undefined ? `"id": ${q(lic.id)}` : `"name": ${q(lic.name)}`}\n          }\n        }`
        : `{\n          "expression": ${q(l.expression)}\n        }`;
      text += `${i ? ',' : ''}\n        ${body}`;
    }
    text += '\n      ]';
  }
  cache.set(key, text);
  return text;
}

/**
 * One component as JSON.stringify(…, null, 2) writes it four spaces deep inside the document, written as a string
 * directly: no object per component, no re-indenting pass.
 */
function componentText(c: MergedComponent, licenseCache: Map<string, string>): string {
  let s = `${(c.type && TYPE_TEXT.get(c.type)) || LIBRARY_TEXT}${q(c.name)}`;
  if (c.group) s += `,\n      "group": ${q(c.group)}`;
  if (c.version) s += `,\n      "version": ${q(c.version)}`;
  // The ref is the purl (mergeGraphs): quoted once for both.
  const purl = c.purl !== undefined ? q(c.purl) : undefined;
  if (c.ref) s += `,\n      "bom-ref": ${c.ref === c.purl ? purl : q(c.ref)}`;
  if (c.description) s += `,\n      "description": ${q(c.description)}`;
  if (c.scope !== undefined) s += `,\n      "scope": ${QUOTED.get(c.scope) ?? q(c.scope)}`;
  const h = c.hashes;
  // One hash (the common case) needs no dictionary; several go through hashesJson.
  const hashes = !h?.length ? undefined : h.length === 1 ? (isHashValue(h[0]!.content) ? h : undefined) : hashesJson(h);
  if (hashes) {
    s += ',\n      "hashes": [';
    for (let i = 0; i < hashes.length; i++) {
      const { alg, content } = hashes[i] as { alg: string; content: string };
      // A kept hash value is hex (isHashValue): nothing in it to escape.
      s += `${i ? ',' : ''}\n        {\n          "alg": ${QUOTED.get(alg) ?? q(alg)},\n          "content": "${content}"\n        }`;
    }
    s += '\n      ]';
  }
  s += licensesText(c.licenses, licenseCache);
  if (purl !== undefined) s += `,\n      "purl": ${purl}`;
  if (c.downloadUrl)
    s += `,\n      "externalReferences": [\n        {\n          "url": ${q(escapeUri(c.downloadUrl))},\n          "type": "distribution"\n        }\n      ]`;
  if (c.properties) {
    const keys = Object.keys(c.properties).sort(compareStrings);
    if (keys.length) {
      s += ',\n      "properties": [';
      for (let i = 0; i < keys.length; i++) {
        s += `${i ? ',' : ''}\n        {\n          "name": ${q(keys[i])},\n          "value": ${q(c.properties[keys[i]!])}\n        }`;
      }
      s += '\n      ]';
    }
  }
  return `${s}\n    }`;
}

/** One dependency entry, as JSON.stringify writes it four spaces deep. */
function dependencyText(ref: string, dependsOn: readonly string[]): string {
  if (!dependsOn.length) return `{\n      "ref": ${q(ref)}\n    }`;
  let items = q(dependsOn[0]);
  for (let i = 1; i < dependsOn.length; i++) items += `,\n        ${q(dependsOn[i])}`;
  return `{\n      "ref": ${q(ref)},\n      "dependsOn": [\n        ${items}\n      ]\n    }`;
}

/**
 * The dependency entries of a MergedBom not made by mergeGraphs: one per ref of the BOM (the root first, then the
 * components in order), with the refs it depends on that are in the BOM and not itself.
 */
function normalizedDependencies(merged: MergedBom): Array<{ ref: string; dependsOn: string[] }> {
  const known = new Set<string>([merged.root.ref]);
  for (const c of merged.components) known.add(c.ref);
  const edges = new Map<string, Set<string>>();
  for (const { ref, dependsOn } of merged.dependencies) {
    if (!known.has(ref)) continue;
    let list = edges.get(ref);
    if (!list) edges.set(ref, (list = new Set()));
    for (const to of dependsOn) if (to !== ref && known.has(to)) list.add(to);
  }
  return [...known].map((ref) => ({ ref, dependsOn: [...(edges.get(ref) ?? [])] }));
}

/** Text handed out per chunk by cycloneDxChunks: large enough that writing costs few calls, small beside the document. */
const CHUNK = 256 * 1024;

/**
 * Serializes a merged BOM as a sequence of text chunks (a streaming writer holds one chunk at a time, not the
 * document), the serial number as the placeholder urn:uuid:00000000-0000-0000-0000-000000000000: their
 * concatenation, sealed (cycloneDxDocument, sealedText), is the document writeMergedCycloneDx returns.
 */
export function* cycloneDxChunks(merged: MergedBom, options: WriteOptions): Generator<string, void, undefined> {
  const now = options.clock.now();
  const timestamp = new Date(Math.floor(now.getTime() / 1000) * 1000);

  const root = merged.root;
  const rootHashes = hashesJson(
    Object.entries(root.digest ?? {})
      .sort(([a], [b]) => compareStrings(a, b))
      .filter(([alg]) => ROOT_HASH[alg])
      .map(([alg, hex]) => ({ alg: ROOT_HASH[alg]!, content: hex })),
  );
  // An npm project named @scope/name is group @scope, name name, as its components are.
  const scoped = root.purl?.startsWith('pkg:npm/') && /^@[^/]+\/./.test(root.name) ? root.name.indexOf('/') : -1;
  const rootJson: Json = {
    type: TYPES.has(root.type) ? root.type : 'application',
    name: scoped > 0 ? root.name.slice(scoped + 1) : root.name,
    group: scoped > 0 ? root.name.slice(0, scoped) : undefined,
    version: root.version || undefined,
    'bom-ref': root.ref || undefined,
    hashes: rootHashes,
    purl: root.purl || undefined,
  };
  const serialNumber = `urn:uuid:${PLACEHOLDER_UUID}`; // the content UUID replaces it (sealed.ts)
  const metadata: Json = {
    timestamp: timestamp.toISOString(),
    tools: {
      components: [
        {
          type: 'application',
          name: CUSTODY_NAME,
          version: CUSTODY_VERSION,
          externalReferences: [{ url: escapeUri(CUSTODY_URL), type: 'website' }],
        },
      ],
    },
    component: rootJson,
    // Everything skipped, one `custody:gap` property each (sorted): an SBOM never hides what it does not cover.
    properties: merged.gaps.length ? merged.gaps.map((g) => ({ name: GAP_PROPERTY, value: g })) : undefined,
  };

  const head = { $schema: SCHEMA, bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, serialNumber, metadata };
  const headText = JSON.stringify(head, null, 2);
  let out = `${headText.slice(0, -2)},\n  "components": [`;
  const licenseCache = new Map<string, string>();
  const components = merged.components;
  const count = components.length;
  for (let i = 0; i < count; i++) {
    out += `${i ? ',' : ''}\n    ${componentText(components[i]!, licenseCache)}`;
    if (out.length >= CHUNK) {
      yield out;
      out = '';
    }
  }
  out += count ? '\n  ],\n  "dependencies": [' : '],\n  "dependencies": [';

  // Every ref in the BOM gets an entry (the root first, then the components in order), with the refs it depends
  // on that are in the BOM and not itself: mergeGraphs made them so, anything else is normalized here.
  const deps = isNormalized(merged) ? merged.dependencies : normalizedDependencies(merged);
  for (let i = 0; i < deps.length; i++) {
    const d = deps[i]!;
    out += `${i ? ',' : ''}\n    ${dependencyText(d.ref, d.dependsOn)}`;
    if (out.length >= CHUNK) {
      yield out;
      out = '';
    }
  }
  yield `${out}\n  ]\n}\n`;
}

/** Where the serial's UUID starts: after the fixed, ASCII-only members that open every document. */
const SERIAL_AT = (() => {
  const text = JSON.stringify(
    { $schema: SCHEMA, bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, serialNumber: `urn:uuid:${PLACEHOLDER_UUID}` },
    null,
    2,
  );
  const index = text.indexOf(PLACEHOLDER_UUID);
  return { offset: index, index };
})();

/**
 * A merged BOM as a sealed document: cycloneDxChunks, and where the serial's placeholder is (the same offset in
 * every document), filled with the content UUID of the bytes written.
 */
export function cycloneDxDocument(merged: MergedBom, options: WriteOptions): SealedDocument {
  return { chunks: () => cycloneDxChunks(merged, options), at: SERIAL_AT, fill: contentUuid };
}

/** Serializes a merged BOM. */
export function writeMergedCycloneDx(merged: MergedBom, options: WriteOptions): string {
  return sealedText(cycloneDxDocument(merged, options));
}

/** One CycloneDX 1.6 JSON document for everything in `input`. */
export function writeCycloneDx(input: BomInput, options: WriteOptions): string {
  return writeMergedCycloneDx(mergeGraphs(input), options);
}

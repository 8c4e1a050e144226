/**
 * CycloneDX 1.6 JSON, written directly in one pass: no intermediate object model. Building the
 * @cyclonedx/cyclonedx-library model and normalizing it cost more CPU and memory than the rest of an SBOM run
 * (issue 16); the library stays where it serves: validation and an equivalence test that serializes the same BOM
 * through its public Models + Serialize API and compares bytes (__tests__/cyclonedx-equivalence.test.ts).
 *
 * The output is what the library's JsonSerializer writes for CycloneDX 1.6 with `sortLists: false, space: 2`:
 * the same key order, the same omissions (empty lists, empty strings), hashes whose value is not a hex digest of a
 * known length dropped, URLs escaped as the library escapes them, at most one license expression per component.
 * Determinism: every list arrives sorted by code point from mergeGraphs; the serial number is a UUID derived from
 * a SHA-256 of the content, the timestamp comes from the injected clock.
 */
import { compareStrings, CUSTODY_NAME, CUSTODY_URL, CUSTODY_VERSION, type Clock } from '@custody/core';
import { isSupportedSpdxId } from '@cyclonedx/cyclonedx-library/SPDX';
import type { BomInput } from './model.js';
import { contentKey, contentUuid, mergeGraphs, type MergedBom, type MergedComponent } from './merge.js';
import { classifyLicense } from './spdx.js';

/** The CycloneDX metadata property that names one thing the SBOM does not cover. */
export const GAP_PROPERTY = 'custody:gap';

export interface WriteOptions {
  clock: Clock;
}

const SCHEMA = 'http://cyclonedx.org/schema/bom-1.6.schema.json';
/** CycloneDX 1.6 `hash-content`: a hex digest of 32, 40, 64, 96 or 128 digits (MD5 … SHA-512). */
const HEX = /^[a-fA-F0-9]+$/;
const HASH_LENGTHS = new Set([32, 40, 64, 96, 128]);
const isHashValue = (v: string): boolean => HASH_LENGTHS.has(v.length) && HEX.test(v);
const TYPES = new Set(['library', 'application', 'framework', 'operating-system', 'container']);
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
  let s = `{\n      "type": ${q(TYPES.has(c.type ?? 'library') ? (c.type ?? 'library') : 'library')},\n      "name": ${q(c.name)}`;
  if (c.group) s += `,\n      "group": ${q(c.group)}`;
  if (c.version) s += `,\n      "version": ${q(c.version)}`;
  if (c.ref) s += `,\n      "bom-ref": ${q(c.ref)}`;
  if (c.description) s += `,\n      "description": ${q(c.description)}`;
  if (c.scope !== undefined) s += `,\n      "scope": ${q(c.scope)}`;
  const h = c.hashes;
  // One hash (the common case) needs no dictionary; several go through hashesJson.
  const hashes = !h?.length ? undefined : h.length === 1 ? (isHashValue(h[0]!.content) ? h : undefined) : hashesJson(h);
  if (hashes) {
    s += ',\n      "hashes": [';
    for (let i = 0; i < hashes.length; i++) {
      s += `${i ? ',' : ''}\n        {\n          "alg": ${q(hashes[i]!.alg)},\n          "content": ${q(hashes[i]!.content)}\n        }`;
    }
    s += '\n      ]';
  }
  s += licensesText(c.licenses, licenseCache);
  if (c.purl !== undefined) s += `,\n      "purl": ${q(c.purl)}`;
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
function dependencyText(ref: string, dependsOn: Iterable<string> | undefined): string {
  let s = `{\n      "ref": ${q(ref)}`;
  let i = 0;
  if (dependsOn) for (const d of dependsOn) s += `${i++ ? ',' : ',\n      "dependsOn": ['}\n        ${q(d)}`;
  return i ? `${s}\n      ]\n    }` : `${s}\n    }`;
}

/**
 * Whether `merged.dependencies` is as mergeGraphs makes it: one entry per ref of the BOM in the document's order
 * (the root, then the components), each list sorted, without duplicates, without the ref itself, naming only refs
 * of the BOM. Then the writer takes the lists as they are; otherwise it normalizes them first.
 */
function dependenciesInOrder(merged: MergedBom, known: Set<string>): boolean {
  const deps = merged.dependencies;
  if (deps.length !== known.size || deps.length !== merged.components.length + 1 || deps[0]!.ref !== merged.root.ref) return false;
  for (let i = 0; i < deps.length; i++) {
    const { ref, dependsOn } = deps[i]!;
    if (i > 0 && ref !== merged.components[i - 1]!.ref) return false;
    let prev: string | undefined;
    for (const to of dependsOn) {
      if (to === ref || !known.has(to) || (prev !== undefined && !(prev < to))) return false;
      prev = to;
    }
  }
  return true;
}

/** Text handed out per chunk by cycloneDxChunks: large enough that writing costs few calls, small beside the document. */
const CHUNK = 256 * 1024;

/**
 * Serializes a merged BOM as a sequence of text chunks (a streaming writer holds one chunk at a time, not the
 * document); their concatenation is the document writeMergedCycloneDx returns.
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
  const serialNumber = `urn:uuid:${contentUuid(contentKey(merged, timestamp.toISOString(), 'cyclonedx-1.6'))}`;
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
  const count = merged.components.length;
  for (let i = 0; i < count; i++) {
    out += `${i ? ',' : ''}\n    ${componentText(merged.components[i]!, licenseCache)}`;
    if (out.length >= CHUNK) {
      yield out;
      out = '';
    }
  }
  out += count ? '\n  ],\n  "dependencies": [' : '],\n  "dependencies": [';

  // Every ref in the BOM gets an entry (the root first, then the components in order), with the refs it depends
  // on that are in the BOM and not itself.
  const known = new Set<string>([root.ref]);
  for (const c of merged.components) known.add(c.ref);
  let first = true;
  const entry = (ref: string, dependsOn: Iterable<string> | undefined) => {
    out += `${first ? '' : ','}\n    ${dependencyText(ref, dependsOn)}`;
    first = false;
  };
  if (dependenciesInOrder(merged, known)) {
    for (const { ref, dependsOn } of merged.dependencies) {
      entry(ref, dependsOn);
      if (out.length >= CHUNK) {
        yield out;
        out = '';
      }
    }
  } else {
    const edges = new Map<string, Set<string>>();
    for (const { ref, dependsOn } of merged.dependencies) {
      if (!known.has(ref)) continue;
      let list = edges.get(ref);
      if (!list) edges.set(ref, (list = new Set()));
      for (const to of dependsOn) if (to !== ref && known.has(to)) list.add(to);
    }
    for (const ref of known) {
      entry(ref, edges.get(ref));
      if (out.length >= CHUNK) {
        yield out;
        out = '';
      }
    }
  }
  yield `${out}\n  ]\n}\n`;
}

/** Serializes a merged BOM. */
export function writeMergedCycloneDx(merged: MergedBom, options: WriteOptions): string {
  let text = '';
  for (const chunk of cycloneDxChunks(merged, options)) text += chunk;
  return text;
}

/** One CycloneDX 1.6 JSON document for everything in `input`. */
export function writeCycloneDx(input: BomInput, options: WriteOptions): string {
  return writeMergedCycloneDx(mergeGraphs(input), options);
}

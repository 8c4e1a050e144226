/**
 * Merges the graphs read under one root into one deterministic component list: components deduplicated by purl
 * and sorted, bom-refs = purls (made unique deterministically should the root clash with a component), edges
 * root -> direct and package -> package, every list sorted by code point.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, compareStrings, CUSTODY_VERSION } from '@custody/core';
import { mergeComponent } from './graph.js';
import type { BomInput, Component, ComponentHash, RootComponent } from './model.js';

export interface MergedComponent extends Component {
  ref: string;
}

export interface MergedBom {
  root: RootComponent & { ref: string };
  /** Sorted by purl. */
  components: MergedComponent[];
  /** ref -> sorted refs it depends on; the root first, then components in order; only refs in this BOM. */
  dependencies: Array<{ ref: string; dependsOn: string[] }>;
  /** Components per ecosystem (purl type), sorted by ecosystem. */
  ecosystems: Record<string, number>;
  /** The lockfiles read, sorted. */
  files: string[];
  /**
   * What the SBOM does not cover: each input gap and each note of a graph (prefixed with its source), sorted and
   * unique. Empty when nothing was skipped.
   */
  gaps: string[];
}

/** The gaps of a BOM input: its own, then every graph's notes prefixed with the graph's source; sorted, unique. */
export function collectGaps(input: BomInput): string[] {
  const out = new Set<string>(input.gaps ?? []);
  for (const g of input.graphs) for (const n of g.notes ?? []) out.add(`${g.source}: ${n}`);
  return [...out].sort(compareStrings);
}

function purlType(purl: string): string {
  const m = /^pkg:([^/]+)\//.exec(purl);
  return m ? m[1]!.toLowerCase() : 'unknown';
}

function sortHashes(hashes: ComponentHash[] | undefined): ComponentHash[] | undefined {
  if (!hashes?.length) return undefined;
  const seen = new Set<string>();
  return [...hashes]
    .sort((x, y) => compareStrings(x.alg, y.alg) || compareStrings(x.content, y.content))
    .filter((h) => (seen.has(h.alg) ? false : (seen.add(h.alg), true)));
}

export function mergeGraphs(input: BomInput): MergedBom {
  const byPurl = new Map<string, Component>();
  const files = new Set<string>();
  for (const g of input.graphs) {
    files.add(g.source);
    for (const c of g.components) {
      const known = byPurl.get(c.purl);
      if (known)
        mergeComponent(known, c); // the one merge rule (graph.ts), across graphs as within one
      else byPurl.set(c.purl, { ...c });
    }
  }

  const purls = [...byPurl.keys()].sort(compareStrings);
  // The copies in byPurl are this function's own: finished in place (ref last, as `{ ...c, ref }` would put it;
  // the content key hashes components in key order), not copied a second time.
  const components: MergedComponent[] = purls.map((purl) => {
    const c = byPurl.get(purl)!;
    const out = c as MergedComponent;
    out.ref = purl;
    const hashes = sortHashes(c.hashes);
    if (hashes) out.hashes = hashes;
    else delete out.hashes;
    if (c.licenses?.length) out.licenses = [...new Set(c.licenses)].sort(compareStrings);
    return out;
  });

  // The root's ref: its purl, unless a component already has that ref (a project listed in its own lockfile).
  const base = input.root.purl ?? `root:${input.root.name}${input.root.version ? `@${input.root.version}` : ''}`;
  let rootRef = base;
  for (let n = 2; byPurl.has(rootRef); n++) rootRef = `${base}#root${n === 2 ? '' : n}`;

  const edges = new Map<string, Set<string>>();
  const direct = new Set<string>();
  for (const g of input.graphs) {
    for (const d of g.direct) if (byPurl.has(d)) direct.add(d);
    for (const [from, tos] of g.dependencies) {
      if (!byPurl.has(from)) continue;
      let set = edges.get(from);
      if (!set) edges.set(from, (set = new Set()));
      for (const to of tos) if (to !== from && byPurl.has(to)) set.add(to);
    }
  }
  const dependencies = [{ ref: rootRef, dependsOn: [...direct].sort(compareStrings) }];
  for (const purl of purls) dependencies.push({ ref: purl, dependsOn: [...(edges.get(purl) ?? [])].sort(compareStrings) });

  const counts = new Map<string, number>();
  for (const purl of purls) counts.set(purlType(purl), (counts.get(purlType(purl)) ?? 0) + 1);
  const ecosystems: Record<string, number> = {};
  for (const k of [...counts.keys()].sort(compareStrings)) ecosystems[k] = counts.get(k)!;

  return {
    root: { ...input.root, ref: rootRef },
    components,
    dependencies,
    ecosystems,
    files: [...files].sort(compareStrings),
    gaps: collectGaps(input),
  };
}

/** A UUID (RFC 4122 layout, version 5 bits) from a content digest: same content, same serial. */
export function contentUuid(digest: Buffer | string): string {
  const h = Buffer.from(typeof digest === 'string' ? createHash('sha256').update(digest).digest() : digest);
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * SHA-256 over everything a document says but its own serial / namespace: format, timestamp, tool version, root,
 * components, dependencies. Components are hashed one JSON line each (their key order is fixed by construction),
 * which is much cheaper than canonicalizing the whole graph.
 */
export function contentKey(merged: MergedBom, timestamp: string, format: string): Buffer {
  const h = createHash('sha256');
  h.update(canonicalJson({ format, timestamp, tool: CUSTODY_VERSION, root: merged.root }));
  for (const c of merged.components) h.update(`\n${JSON.stringify(c)}`);
  for (const d of merged.dependencies) h.update(`\n${d.ref}>${d.dependsOn.join(' ')}`);
  for (const g of merged.gaps) h.update(`\ngap ${g}`);
  return h.digest();
}

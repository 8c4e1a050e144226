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

/** The type of a purl (`pkg:TYPE/…`), lowercased; 'unknown' when it has none. */
function purlType(purl: string): string {
  const slash = purl.indexOf('/');
  return purl.startsWith('pkg:') && slash > 4 ? purl.slice(4, slash).toLowerCase() : 'unknown';
}

function sortHashes(hashes: ComponentHash[] | undefined): ComponentHash[] | undefined {
  if (!hashes?.length) return undefined;
  if (hashes.length === 1) return hashes; // nothing to sort; the list is not changed, so no copy
  const seen = new Set<string>();
  return [...hashes]
    .sort((x, y) => compareStrings(x.alg, y.alg) || compareStrings(x.content, y.content))
    .filter((h) => (seen.has(h.alg) ? false : (seen.add(h.alg), true)));
}

/**
 * The merged BOM of `input`. The graphs' component objects become the merged components (a `ref` added, hashes and
 * licenses normalized) unless several graphs list the same purl, which merges into a copy: merge the graphs last.
 */
export function mergeGraphs(input: BomInput): MergedBom {
  // No copy per component (a big lockfile has 100k of them): a component that one graph lists is taken as it is and
  // finished in place below; one that several graphs list is copied before the second record merges into it, so
  // that no graph's component takes another graph's values.
  const byPurl = new Map<string, Component>();
  const copies = new Set<Component>();
  const files = new Set<string>();
  for (const g of input.graphs) {
    files.add(g.source);
    for (const c of g.components) {
      let known = byPurl.get(c.purl);
      if (known) {
        if (!copies.has(known)) {
          known = { ...known };
          copies.add(known);
          byPurl.set(c.purl, known);
        }
        mergeComponent(known, c); // the one merge rule (graph.ts), across graphs as within one
      } else byPurl.set(c.purl, c);
    }
  }

  // The default sort compares strings by UTF-16 code unit, as compareStrings does, without a call per comparison.
  const purls = [...byPurl.keys()].sort();
  // Finished in place: ref last (as `{ ...c, ref }` would put it; the content key hashes components in key order),
  // hashes and licenses normalized. Doing it again (the same graphs merged twice) gives the same objects.
  const components: MergedComponent[] = purls.map((purl) => {
    const c = byPurl.get(purl)!;
    const out = c as MergedComponent;
    out.ref = purl;
    const hashes = sortHashes(c.hashes);
    if (hashes) out.hashes = hashes;
    else if (out.hashes) delete out.hashes; // only an empty list, which readers rarely leave
    if (c.licenses?.length) out.licenses = c.licenses.length === 1 ? c.licenses : [...new Set(c.licenses)].sort(compareStrings);
    return out;
  });

  // The root's ref: its purl, unless a component already has that ref (a project listed in its own lockfile).
  const base = input.root.purl ?? `root:${input.root.name}${input.root.version ? `@${input.root.version}` : ''}`;
  let rootRef = base;
  for (let n = 2; byPurl.has(rootRef); n++) rootRef = `${base}#root${n === 2 ? '' : n}`;

  // Edges: the graphs' own sets, read in place; a union is built only for a package whose edges several graphs state.
  // One graph (the usual case): its map is the edges, as it is.
  const only = input.graphs.length === 1 ? input.graphs[0]!.dependencies : undefined;
  const edges = only ?? new Map<string, Iterable<string> | Set<string>>();
  const unions = new Set<Set<string>>();
  const direct = new Set<string>();
  for (const g of input.graphs) {
    for (const d of g.direct) if (byPurl.has(d)) direct.add(d);
    if (only) continue;
    for (const [from, tos] of g.dependencies) {
      if (!byPurl.has(from)) continue;
      const known = edges.get(from);
      if (!known) edges.set(from, tos);
      else {
        let union = known as Set<string>;
        if (!unions.has(union)) {
          union = new Set(known);
          unions.add(union);
          edges.set(from, union);
        }
        for (const to of tos) union.add(to);
      }
    }
  }
  const dependencies = [{ ref: rootRef, dependsOn: [...direct].sort() }];
  for (const purl of purls) {
    const tos = edges.get(purl);
    const dependsOn: string[] = [];
    if (tos) for (const to of tos) if (to !== purl && byPurl.has(to)) dependsOn.push(to);
    // Sets hold each purl once; sorted, as the writers and the content key expect.
    dependencies.push({ ref: purl, dependsOn: dependsOn.length > 1 ? dependsOn.sort() : dependsOn });
  }

  const counts = new Map<string, number>();
  // Sorted purls come in runs of one type: the last type's prefix is checked before anything is sliced.
  let lastPrefix = '';
  let lastType = '';
  for (const purl of purls) {
    if (!lastPrefix || !purl.startsWith(lastPrefix)) {
      lastType = purlType(purl);
      lastPrefix = lastType === 'unknown' ? '' : purl.slice(0, purl.indexOf('/') + 1);
    }
    counts.set(lastType, (counts.get(lastType) ?? 0) + 1);
  }
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
  // The same bytes as one update per line, handed to the hash in batches of about 1 MB (fewer native calls).
  let batch = '';
  const add = (line: string) => {
    batch += line;
    if (batch.length >= 1 << 20) {
      h.update(batch);
      batch = '';
    }
  };
  for (const c of merged.components) add(`\n${JSON.stringify(c)}`);
  for (const d of merged.dependencies) add(`\n${d.ref}>${d.dependsOn.join(' ')}`);
  for (const g of merged.gaps) add(`\ngap ${g}`);
  h.update(batch);
  return h.digest();
}

/**
 * Merges the graphs read under one root into one deterministic component list: components deduplicated by purl
 * and sorted, bom-refs = purls (made unique deterministically should the root clash with a component), edges
 * root -> direct and package -> package, every list sorted by code point.
 */
import { compareStrings } from '@custody/core';
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

/** Merged BOMs as mergeGraphs returned them: the writers take their lists as they are (see MergedBom). */
const normalized = new WeakSet<MergedBom>();

/**
 * Whether `merged` came from mergeGraphs: every list sorted by code point and unique, one dependency entry per ref
 * (the root, then the components in order), each naming only other refs of the BOM. A writer takes such lists as
 * they are; a MergedBom made otherwise is normalized first.
 */
export function isNormalized(merged: MergedBom): boolean {
  return normalized.has(merged) && merged.dependencies.length === merged.components.length + 1;
}

/** Whether the components are in purl order (code point order; equal purls allowed). */
function ascending(list: readonly Component[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]!.purl > list[i]!.purl) return false;
  return true;
}

/** Whether a component of `list` (in purl order) has `purl`: a binary search. */
function sortedHas(list: readonly Component[], purl: string): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const p = list[mid]!.purl;
    if (p === purl) return true;
    if (p < purl) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The refs of a closed graph's edge set, sorted (a set holds each once). */
function sortedCopy(tos: Iterable<string> | undefined): string[] {
  if (!tos) return [];
  const out = [...tos];
  for (let i = 1; i < out.length; i++) if (!(out[i - 1]! < out[i]!)) return out.sort();
  return out;
}

/** Code point order (as compareStrings) by purl. */
const byPurl = (a: Component, b: Component): number => (a.purl < b.purl ? -1 : a.purl > b.purl ? 1 : 0);

/**
 * The `dependsOn` list of `from`: the refs of `tos` that are in the BOM and not `from` itself, sorted. A graph's
 * lists are usually sorted already (GraphBuilder sorts them): then nothing is sorted again.
 */
function dependsOnList(from: string, tos: Iterable<string> | undefined, known: Map<string, string>): string[] {
  const out: string[] = [];
  if (!tos) return out;
  let sorted = true;
  let prev = '';
  for (const edge of tos) {
    // The component's own purl string, not the edge's copy: the writer quotes strings it has already read.
    const to = known.get(edge);
    if (to === undefined || to === from) continue;
    if (out.length && !(prev < to)) sorted = false;
    out.push(to);
    prev = to;
  }
  // Each list comes from a Set (a graph's, or a union of them): unique, so sorting is all it needs.
  return sorted ? out : out.sort();
}

/**
 * The merged BOM of `input`. The graphs' component objects become the merged components (a `ref` added, hashes and
 * licenses normalized) unless several graphs list the same purl, which merges into a copy: merge the graphs last.
 * The result is read-only: the writers trust its lists to be as made here.
 */
export function mergeGraphs(input: BomInput): MergedBom {
  const graphs = input.graphs;
  const files = new Set<string>();
  for (const g of graphs) files.add(g.source);

  // The components in purl order: every graph's list (one graph: its own, the usual case), sorted unless it already
  // is (GraphBuilder sorts), then records of one purl merged. No copy per component: a component that one graph
  // lists is taken as it is and finished in place below; one listed again is copied before the second record merges
  // into it, so that no graph's component takes another graph's values. The sort is stable: records of one purl
  // merge in graph order, the first graph's values first.
  let all = graphs.length === 1 ? graphs[0]!.components : graphs.flatMap((g) => g.components);
  if (!ascending(all)) all = (graphs.length === 1 ? [...all] : all).sort(byPurl);
  const list: Component[] = [];
  // A lone closed graph (model.ts) names its components by their own purl strings: no map of them is needed.
  const closed = graphs.length === 1 && graphs[0]!.closed === true;
  /** purl -> the purl string of its component (one string object per purl for the lists below). */
  const known = new Map<string, string>();
  const copies = new Set<Component>();
  let last: Component | undefined;
  for (const c of all) {
    if (last?.purl === c.purl) {
      if (!copies.has(last)) {
        last = { ...last };
        copies.add(last);
        list[list.length - 1] = last;
      }
      mergeComponent(last, c); // the one merge rule (graph.ts), across graphs as within one
      continue;
    }
    list.push(c);
    if (!closed) known.set(c.purl, c.purl);
    last = c;
  }

  // Finished in place: ref added, hashes and licenses normalized. Doing it again (the same graphs merged twice)
  // gives the same objects.
  const components = list as MergedComponent[];
  for (const out of components) {
    out.ref = out.purl;
    const h = out.hashes;
    if (h && h.length !== 1) {
      const hashes = sortHashes(h);
      if (hashes) out.hashes = hashes;
      else delete out.hashes; // only an empty list, which readers rarely leave
    }
    const l = out.licenses;
    if (l && l.length !== 1) {
      if (l.length) out.licenses = [...new Set(l)].sort(compareStrings);
    }
  }

  // The root's ref: its purl, unless a component already has that ref (a project listed in its own lockfile).
  const base = input.root.purl ?? `root:${input.root.name}${input.root.version ? `@${input.root.version}` : ''}`;
  const inBom = closed ? (purl: string) => sortedHas(list, purl) : (purl: string) => known.has(purl);
  let rootRef = base;
  for (let n = 2; inBom(rootRef); n++) rootRef = `${base}#root${n === 2 ? '' : n}`;

  // Edges: the graphs' own sets, read in place; a union is built only for a package whose edges several graphs state.
  // One graph (the usual case): its map is the edges, as it is.
  const only = graphs.length === 1 ? graphs[0]!.dependencies : undefined;
  const edges = only ?? new Map<string, Iterable<string> | Set<string>>();
  const unions = new Set<Set<string>>();
  const direct = new Set<string>();
  for (const g of graphs) {
    for (const d of g.direct) if (inBom(d)) direct.add(d);
    if (only) continue;
    for (const [from, tos] of g.dependencies) {
      if (!known.has(from)) continue;
      const found = edges.get(from);
      if (!found) edges.set(from, tos);
      else {
        let union = found as Set<string>;
        if (!unions.has(union)) {
          union = new Set(found);
          unions.add(union);
          edges.set(from, union);
        }
        for (const to of tos) union.add(to);
      }
    }
  }
  const listOf = closed
    ? (_from: string, tos: Iterable<string> | undefined) => sortedCopy(tos)
    : (from: string, tos: Iterable<string> | undefined) => dependsOnList(from, tos, known);
  const dependencies = [{ ref: rootRef, dependsOn: listOf(rootRef, direct) }];
  // The edges' keys in purl order (GraphBuilder's are): one walk beside the components, no lookup per component.
  let walked = only !== undefined;
  if (walked) {
    let i = 0;
    for (const [from, tos] of edges) {
      while (i < components.length && components[i]!.ref < from) dependencies.push({ ref: components[i++]!.ref, dependsOn: [] });
      if (i === components.length || components[i]!.ref !== from) {
        walked = false; // a key out of order, or not a component
        dependencies.length = 1;
        break;
      }
      dependencies.push({ ref: from, dependsOn: listOf(from, tos) });
      i++;
    }
    if (walked) while (i < components.length) dependencies.push({ ref: components[i++]!.ref, dependsOn: [] });
  }
  if (!walked) for (const c of components) dependencies.push({ ref: c.ref, dependsOn: listOf(c.ref, edges.get(c.ref)) });

  const counts = new Map<string, number>();
  // Sorted purls come in runs of one type: the last type's prefix is checked before anything is sliced.
  let lastPrefix = '';
  let lastType = '';
  for (const { purl } of components) {
    if (!lastPrefix || !purl.startsWith(lastPrefix)) {
      lastType = purlType(purl);
      lastPrefix = lastType === 'unknown' ? '' : purl.slice(0, purl.indexOf('/') + 1);
    }
    counts.set(lastType, (counts.get(lastType) ?? 0) + 1);
  }
  const ecosystems: Record<string, number> = {};
  for (const k of [...counts.keys()].sort(compareStrings)) ecosystems[k] = counts.get(k)!;

  const merged: MergedBom = {
    root: { ...input.root, ref: rootRef },
    components,
    dependencies,
    ecosystems,
    files: [...files].sort(compareStrings),
    gaps: collectGaps(input),
  };
  normalized.add(merged);
  return merged;
}

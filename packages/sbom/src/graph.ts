/**
 * The one graph builder, and the one rule for merging two records of the same package (same purl). Every lockfile
 * reader collects its components through GraphBuilder; mergeGraphs (merge.ts) applies the same rule across the
 * graphs of one SBOM. The rule:
 *
 * - scope: required beats optional beats excluded. A record without a scope is "may be required at run time": it
 *   is never downgraded by an optional or excluded record, and an explicit required record makes it required.
 * - hashes: one per algorithm, the first record's value kept; sorted by algorithm.
 * - licenses: the union, first-seen order (the writers sort).
 * - downloadUrl, description: the first record's, else the first one given.
 * - properties: per key, the first record's value.
 */
import { compareStrings } from '@custody/core';
import { newGraph } from './model.js';
import type { Component, ComponentHash, ComponentScope, PackageGraph } from './model.js';

export const SCOPE_RANK: Readonly<Record<ComponentScope, number>> = { excluded: 0, optional: 1, required: 2 };

/** The scope of two records of one package (see the rule above). */
export function mergeScope(a: ComponentScope | undefined, b: ComponentScope | undefined): ComponentScope | undefined {
  if (a === undefined || b === undefined) return a === 'required' || b === 'required' ? 'required' : undefined;
  return SCOPE_RANK[a] >= SCOPE_RANK[b] ? a : b;
}

/** One hash per algorithm, the first list's value kept; sorted by algorithm. */
export function mergeHashes(a: ComponentHash[], b: ComponentHash[]): ComponentHash[] {
  const out = [...a];
  for (const h of b) if (!out.some((x) => x.alg === h.alg)) out.push(h);
  return out.sort((x, y) => compareStrings(x.alg, y.alg) || compareStrings(x.content, y.content));
}

/** Merges `other` into `into`, two records of the same purl, by the rule above. */
export function mergeComponent(into: Component, other: Component): void {
  const scope = mergeScope(into.scope, other.scope);
  if (scope === undefined) delete into.scope;
  else into.scope = scope;
  if (other.hashes?.length) into.hashes = mergeHashes(into.hashes ?? [], other.hashes);
  if (other.licenses?.length) into.licenses = [...new Set([...(into.licenses ?? []), ...other.licenses])];
  if (!into.downloadUrl && other.downloadUrl) into.downloadUrl = other.downloadUrl;
  if (!into.description && other.description) into.description = other.description;
  if (other.properties) into.properties = { ...other.properties, ...into.properties };
}

/**
 * Collects components keyed by purl (the same purl reached twice becomes one component, merged by the rule
 * above), edges and direct purls. `finish()` returns a graph in which every list is sorted and every edge and
 * direct purl names a component of the graph, so the same input gives the same bytes whatever its order.
 */
export class GraphBuilder {
  readonly graph: PackageGraph;
  private readonly byPurl = new Map<string, Component>();
  private readonly edges = new Map<string, Set<string>>();
  private readonly directSet = new Set<string>();
  private readonly notes: string[] = [];

  constructor(ecosystem: string, source: string, format: string) {
    this.graph = newGraph(ecosystem, source, format);
  }

  has(purl: string): boolean {
    return this.byPurl.has(purl);
  }

  get(purl: string): Component | undefined {
    return this.byPurl.get(purl);
  }

  /** Adds a component, or merges it into the one with the same purl; returns the component kept. */
  add(c: Component): Component {
    const prev = this.byPurl.get(c.purl);
    if (!prev) {
      this.byPurl.set(c.purl, c);
      return c;
    }
    mergeComponent(prev, c);
    return prev;
  }

  edge(from: string, to: string): void {
    if (from === to) return;
    let set = this.edges.get(from);
    if (!set) this.edges.set(from, (set = new Set()));
    set.add(to);
  }

  direct(purl: string): void {
    this.directSet.add(purl);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  finish(): PackageGraph {
    const g = this.graph;
    g.components = [...this.byPurl.values()].sort((a, b) => compareStrings(a.purl, b.purl));
    for (const c of g.components)
      if (c.hashes) c.hashes.sort((a, b) => compareStrings(a.alg, b.alg) || compareStrings(a.content, b.content));
    g.dependencies = new Map(
      [...this.edges.entries()]
        .filter(([from]) => this.byPurl.has(from))
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([from, to]) => [from, new Set([...to].filter((p) => this.byPurl.has(p)).sort(compareStrings))] as const)
        .filter(([, to]) => to.size > 0),
    );
    g.direct = [...this.directSet].filter((p) => this.byPurl.has(p)).sort(compareStrings);
    const notes = [...new Set(this.notes)].sort(compareStrings);
    if (notes.length) g.notes = notes;
    return g;
  }
}

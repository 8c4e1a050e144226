/**
 * mergeGraphs' shortcuts give what the general path gives: a graph in purl order (as GraphBuilder leaves it) is
 * taken as it is and its edges walked in order; the same graph in any other order (components, edge keys, edge
 * lists, a purl listed twice) is sorted and merged, to the same merged BOM and the same document bytes. A MergedBom
 * not made by mergeGraphs is normalized by the writer, not trusted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '@custody/core';
import { requireSharedFile } from '@custody/testing';
import {
  type BomInput,
  type Component,
  mergeGraphs,
  newGraph,
  type PackageGraph,
  readNpmLockfile,
  writeMergedCycloneDx,
  writeMergedSpdx,
} from '@custody/sbom';

const clock = fixedClock('2026-01-02T03:04:05Z');
const root = { name: 'app', version: '1.0.0', purl: 'pkg:npm/app@1.0.0', type: 'application' as const };

function component(name: string, extra: Partial<Component> = {}): Component {
  return { purl: `pkg:npm/${name}@1.0.0`, name, version: '1.0.0', ...extra };
}

/** The same graph, components and edges in purl order or reversed, optionally with a purl listed twice. */
function graph(order: 'sorted' | 'reversed', twice = false): PackageGraph {
  const g = newGraph('npm', 'package-lock.json', 'package-lock.json v3');
  const names = ['a', 'b', 'c', 'd', 'e'];
  const comps = names.map((n) => component(n, n === 'c' ? { scope: 'optional' } : {}));
  if (twice) comps.push(component('c', { scope: 'required', licenses: ['MIT'] }));
  const edges: Array<[string, string[]]> = [
    ['a', ['b', 'c', 'zz-not-in-bom']],
    ['c', ['a', 'c', 'e']],
    ['d', ['e']],
  ];
  const purl = (n: string) => `pkg:npm/${n}@1.0.0`;
  g.components = order === 'sorted' ? comps : [...comps].reverse();
  for (const [from, tos] of order === 'sorted' ? edges : [...edges].reverse())
    g.dependencies.set(purl(from), new Set((order === 'sorted' ? tos : [...tos].reverse()).map(purl)));
  g.direct = [purl('a'), purl('d')];
  return g;
}

const strip = (input: BomInput) => {
  const m = mergeGraphs(input);
  return { components: m.components.map((c) => ({ ...c })), dependencies: m.dependencies };
};

describe('mergeGraphs', () => {
  it('a graph in purl order and the same graph in reverse order merge alike, to the same bytes', () => {
    const sorted = { root, graphs: [graph('sorted')] };
    const reversed = { root, graphs: [graph('reversed')] };
    expect(strip(reversed)).toEqual(strip(sorted));
    const deps = mergeGraphs(sorted).dependencies;
    expect(deps.map((d) => d.ref)).toEqual(['pkg:npm/app@1.0.0', ...['a', 'b', 'c', 'd', 'e'].map((n) => `pkg:npm/${n}@1.0.0`)]);
    expect(deps[1]!.dependsOn).toEqual(['pkg:npm/b@1.0.0', 'pkg:npm/c@1.0.0']); // not itself, not outside the BOM
    expect(deps[3]!.dependsOn).toEqual(['pkg:npm/a@1.0.0', 'pkg:npm/e@1.0.0']);
    expect(writeMergedCycloneDx(mergeGraphs({ root, graphs: [graph('reversed')] }), { clock })).toBe(
      writeMergedCycloneDx(mergeGraphs({ root, graphs: [graph('sorted')] }), { clock }),
    );
    expect(writeMergedSpdx(mergeGraphs({ root, graphs: [graph('reversed')] }), { clock })).toBe(
      writeMergedSpdx(mergeGraphs({ root, graphs: [graph('sorted')] }), { clock }),
    );
  });

  it('a purl listed twice in one graph merges by the one rule, into a copy', () => {
    const g = graph('reversed', true);
    const records = g.components.filter((c) => c.purl === 'pkg:npm/c@1.0.0');
    const before = records.map((r) => ({ ...r }));
    const merged = mergeGraphs({ root, graphs: [g] });
    expect(merged.components).toHaveLength(5);
    const c = merged.components.find((x) => x.purl === 'pkg:npm/c@1.0.0')!;
    expect(c.scope).toBe('required');
    expect(c.licenses).toEqual(['MIT']);
    expect(records).toEqual(before); // the graph's own records are left as they were
    expect(records).not.toContain(c);
  });

  it('several graphs: first graph first, copies for shared purls', () => {
    const a = graph('sorted');
    const b = newGraph('npm', 'web/package-lock.json', 'package-lock.json v3');
    b.components = [component('c', { licenses: ['ISC'] }), component('f')];
    b.dependencies.set('pkg:npm/f@1.0.0', new Set(['pkg:npm/a@1.0.0']));
    const merged = mergeGraphs({ root, graphs: [a, b] });
    expect(merged.components.map((c) => c.name)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(merged.components[2]).not.toBe(a.components[2]);
    expect(merged.components[2]!.licenses).toEqual(['ISC']);
    expect(merged.dependencies.at(-1)).toEqual({ ref: 'pkg:npm/f@1.0.0', dependsOn: ['pkg:npm/a@1.0.0'] });
    expect(merged.files).toEqual(['package-lock.json', 'web/package-lock.json']);
  });

  it('a MergedBom not made by mergeGraphs is normalized by the writer, not trusted', () => {
    const merged = mergeGraphs({ root, graphs: [graph('sorted')] });
    const copy = { ...merged, dependencies: [...merged.dependencies, { ref: 'pkg:npm/x@9', dependsOn: ['pkg:npm/a@1.0.0'] }] };
    const bom = JSON.parse(writeMergedCycloneDx(copy, { clock }));
    expect(bom.dependencies.map((d: { ref: string }) => d.ref)).not.toContain('pkg:npm/x@9');
    expect(bom.dependencies).toHaveLength(6);
  });
});

describe('a closed graph (model.ts) merges as an open one', () => {
  it('the npm reader closes its graph; merging it as closed or open gives the same BOM', () => {
    const text = readFileSync(requireSharedFile('fixtures/lockfiles/package-lock-v2-workspace.json'), 'utf8');
    const closed = readNpmLockfile(text, 'package-lock.json');
    expect(closed.closed).toBe(true);
    const open = { ...readNpmLockfile(text, 'package-lock.json'), closed: false };
    const root = { name: 'proj', type: 'application' as const, purl: 'pkg:npm/proj@1.0.0' };
    const a = mergeGraphs({ root, graphs: [closed] });
    const b = mergeGraphs({ root, graphs: [open] });
    expect(a.components.length).toBeGreaterThan(10);
    expect(a.dependencies.some((d) => d.dependsOn.length > 1)).toBe(true);
    expect(a).toEqual(b);
  });

  it('a root whose purl is a component gets its own ref either way', () => {
    const text = readFileSync(requireSharedFile('fixtures/lockfiles/package-lock-v3.json'), 'utf8');
    const g = readNpmLockfile(text, 'package-lock.json');
    const taken = g.components[3]!.purl;
    const root = { name: 'x', type: 'application' as const, purl: taken };
    const a = mergeGraphs({ root, graphs: [g] });
    const b = mergeGraphs({ root, graphs: [{ ...readNpmLockfile(text, 'package-lock.json'), closed: false }] });
    expect(a.root.ref).toBe(`${taken}#root`);
    expect(a).toEqual(b);
  });
});

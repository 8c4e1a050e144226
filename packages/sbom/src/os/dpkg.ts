import { addEdge, newGraph } from '../model.js';
import type { Component, PackageGraph } from '../model.js';
import { formatPurl } from '../purl.js';
import { distroQualifier } from './os-release.js';
import type { OsRelease } from './os-release.js';
import { field, parseStanzas } from './control.js';

export interface OsReadOptions {
  /** From etc/os-release in the same root: names the purl namespace and the `distro` qualifier. */
  os?: OsRelease;
}

/** Distributions whose purl namespace is their os-release ID; others (derivatives) fall back to `debian`. */
const DEB_NAMESPACES = new Set(['debian', 'ubuntu']);

interface DebPackage {
  name: string;
  version: string;
  arch: string;
  purl: string;
  depends: string;
  provides: string[];
}

/**
 * Reads a dpkg status database (`var/lib/dpkg/status`) or one file of `var/lib/dpkg/status.d/` (distroless).
 * Only installed packages count: the third word of `Status:` is `installed` (`install ok installed`,
 * `hold ok installed`); removed packages whose config files remain (`deinstall ok config-files`) are skipped.
 * Files under status.d have no Status field: every stanza there is installed.
 */
export function readDpkgStatus(text: string, source: string, options: OsReadOptions = {}): PackageGraph {
  const graph = newGraph('deb', source, source.includes('status.d/') ? 'dpkg status.d' : 'dpkg status');
  const ns = options.os && DEB_NAMESPACES.has(options.os.id) ? options.os.id : 'debian';
  const distro = distroQualifier(options.os);
  const pkgs: DebPackage[] = [];
  let skipped = 0;
  const malformed: number[] = [];
  for (const st of parseStanzas(text)) {
    const name = field(st, 'Package');
    const version = field(st, 'Version');
    if (!name || !version) {
      malformed.push(st.line);
      continue;
    }
    const status = field(st, 'Status');
    if (status !== undefined && status.split(/\s+/)[2] !== 'installed') {
      skipped++;
      continue;
    }
    const arch = field(st, 'Architecture') ?? '';
    const qualifiers: Record<string, string> = {};
    if (arch) qualifiers.arch = arch;
    if (distro) qualifiers.distro = distro;
    const purl = formatPurl({ type: 'deb', namespace: ns, name, version, qualifiers });
    const component: Component = { purl, name, version };
    const properties: Record<string, string> = {};
    const src = field(st, 'Source');
    if (src) {
      const m = /^(\S+)(?:\s+\((\S+)\))?/.exec(src);
      if (m) {
        properties['custody:deb:source'] = m[1]!;
        if (m[2]) properties['custody:deb:source-version'] = m[2];
      }
    }
    if (Object.keys(properties).length) component.properties = properties;
    graph.components.push(component);
    const deps = [field(st, 'Pre-Depends'), field(st, 'Depends')].filter(Boolean).join(', ');
    const provides = (field(st, 'Provides') ?? '')
      .split(',')
      .map((p) => depName(p))
      .filter((p): p is string => !!p);
    pkgs.push({ name, version, arch, purl, depends: deps, provides });
  }
  const notes: string[] = [];
  if (skipped) notes.push(`${skipped} package(s) listed but not installed (removed, config files only, half-installed)`);
  if (malformed.length)
    notes.push(
      `${malformed.length} stanza(s) without Package or Version skipped (line ${malformed.slice(0, 5).join(', ')}${malformed.length > 5 ? ', …' : ''})`,
    );
  if (notes.length) graph.notes = notes;

  const byName = new Map<string, DebPackage[]>();
  const add = (key: string, p: DebPackage) => {
    const list = byName.get(key);
    if (list) list.push(p);
    else byName.set(key, [p]);
  };
  for (const p of pkgs) add(p.name, p);
  for (const p of pkgs) for (const v of p.provides) if (!byName.has(v) || byName.get(v)![0]!.name !== v) add(v, p);
  for (const p of pkgs) {
    for (const group of p.depends.split(',')) {
      // `a (>= 1) | b`: the first alternative that is installed (or provided) satisfies it.
      for (const alt of group.split('|')) {
        const dn = depName(alt);
        const cands = dn ? byName.get(dn) : undefined;
        if (!cands?.length) continue;
        const target = cands.find((c) => c.arch === p.arch) ?? cands.find((c) => c.arch === 'all') ?? cands[0]!;
        if (target.purl !== p.purl) addEdge(graph, p.purl, target.purl);
        break;
      }
    }
  }
  return graph;
}

/** `libc6:amd64 (>= 2.36) [linux-any] <!nocheck>` -> `libc6`. */
function depName(spec: string): string | undefined {
  const m = /^\s*([a-z0-9][a-z0-9+.-]*)/i.exec(spec);
  return m ? m[1]!.toLowerCase() : undefined;
}

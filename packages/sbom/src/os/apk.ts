import { addEdge, newGraph } from '../model.js';
import type { Component, PackageGraph } from '../model.js';
import { formatPurl } from '../purl.js';
import { distroQualifier } from './os-release.js';
import type { OsReadOptions } from './dpkg.js';

interface ApkPackage {
  name: string;
  purl: string;
  depends: string[];
  provides: string[];
}

/**
 * Reads the apk installed database (`lib/apk/db/installed`): one stanza per installed package, `K:value` lines
 * (P name, V version, A arch, L license, o origin, D depends, p provides, C checksum `Q1` + base64 SHA-1).
 */
export function readApkInstalled(text: string, source: string, options: OsReadOptions = {}): PackageGraph {
  const graph = newGraph('apk', source, 'apk installed');
  const ns = options.os?.id ?? 'alpine';
  const distro = distroQualifier(options.os);
  const pkgs: ApkPackage[] = [];
  let cur: Map<string, string[]> = new Map();
  let malformed = 0;
  const flush = () => {
    const name = cur.get('P')?.[0];
    const version = cur.get('V')?.[0];
    if (cur.size && !(name && version)) malformed++;
    if (name && version) {
      const arch = cur.get('A')?.[0];
      const qualifiers: Record<string, string> = {};
      if (arch) qualifiers.arch = arch;
      if (distro) qualifiers.distro = distro;
      const purl = formatPurl({ type: 'apk', namespace: ns, name, version, qualifiers });
      const c: Component = { purl, name, version };
      const license = cur.get('L')?.[0];
      if (license) c.licenses = [license];
      const sum = cur.get('C')?.[0];
      if (sum?.startsWith('Q1')) {
        const hex = Buffer.from(sum.slice(2), 'base64').toString('hex');
        if (hex.length === 40) c.hashes = [{ alg: 'SHA-1', content: hex }];
      }
      const props: Record<string, string> = {};
      const origin = cur.get('o')?.[0];
      if (origin) props['custody:apk:origin'] = origin;
      if (Object.keys(props).length) c.properties = props;
      graph.components.push(c);
      const split = (k: string) => (cur.get(k) ?? []).flatMap((v) => v.split(/\s+/)).filter(Boolean);
      pkgs.push({ name, purl, depends: split('D'), provides: split('p') });
    }
    cur = new Map();
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') {
      flush();
      continue;
    }
    if (line.length < 2 || line[1] !== ':') continue;
    const k = line[0]!;
    const list = cur.get(k);
    if (list) list.push(line.slice(2));
    else cur.set(k, [line.slice(2)]);
  }
  flush();
  if (malformed) graph.notes = [`${malformed} entr${malformed === 1 ? 'y' : 'ies'} without a package name (P:) or version (V:) skipped`];

  const provider = new Map<string, string>();
  for (const p of pkgs) provider.set(p.name, p.purl);
  for (const p of pkgs)
    for (const pr of p.provides) {
      const key = pr.replace(/[=<>~].*$/, '');
      if (!provider.has(key)) provider.set(key, p.purl);
    }
  for (const p of pkgs) {
    for (const d of p.depends) {
      if (d.startsWith('!')) continue; // a conflict, not a dependency
      const to = provider.get(d.replace(/[=<>~].*$/, ''));
      if (to && to !== p.purl) addEdge(graph, p.purl, to);
    }
  }
  return graph;
}

/**
 * Cargo.lock (TOML): `version = 3` or `4` at the top (no version: the v1/v2 formats), `[[package]]` entries with
 * name, version, source ("registry+URL", "sparse+URL", "git+URL?ref#commit"; absent for path and workspace
 * packages), checksum (SHA-256 of the .crate, hex; in v1 it sits in `[metadata]` under "checksum NAME VERSION
 * (SOURCE)"), and dependencies as "name", "name version" or "name version (source)" — the shortest form that is
 * unambiguous in the file.
 *
 * Packages without a source are the project (workspace members and path dependencies): they are not registry
 * components. Their dependencies are the direct ones; when exactly one of them is not depended on by another,
 * it is the root. Cargo.lock does not record dev- or build-only dependencies separately: scope is left unset.
 */
import { loadToml } from '../parsers.js';
import type { Component, LockfileReader, PackageGraph } from '../model.js';
import { formatPurl } from '../purl.js';
import { GraphBuilder } from '../graph.js';
import { arrayTableLines, isTable, malformed, parseToml, str, unsupportedVersion } from './other-util.js';

const SUPPORTED = 'Supported: Cargo.lock formats v1 and v2 (no version field), version = 3 and version = 4.';
const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';
const CRATES_IO_SPARSE = 'sparse+https://index.crates.io/';

interface Pkg {
  name: string;
  version: string;
  source?: string;
  checksum?: string;
  deps: string[];
  line: number | undefined;
  purl?: string;
}

export function cargoPurl(name: string, version: string): string {
  return formatPurl({ type: 'cargo', name, version });
}

export function readCargoLock(text: string, source: string): PackageGraph {
  const doc = parseToml(text, source, SUPPORTED);
  const version = doc.version;
  if (version !== undefined && version !== 3 && version !== 4) {
    const line = text.split('\n').findIndex((l) => /^version\s*=/.test(l)) + 1;
    throw unsupportedVersion(source, line || undefined, `Cargo.lock version ${JSON.stringify(version)} is not supported.`, SUPPORTED);
  }
  const meta = isTable(doc.metadata) ? doc.metadata : {};
  const v1Checksums = Object.keys(meta).some((k) => k.startsWith('checksum '));
  const label = version !== undefined ? `v${String(version)}` : v1Checksums ? 'v1' : 'v2';
  const b = new GraphBuilder('cargo', source, `Cargo.lock (${label})`);
  const list = doc.package ?? [];
  if (!Array.isArray(list)) throw malformed(source, undefined, '`package` is not an array of tables.', SUPPORTED);
  const lines = arrayTableLines(text, 'package');

  const pkgs: Pkg[] = list.map((raw, i) => {
    const line = lines[i];
    if (!isTable(raw)) throw malformed(source, line, `package #${i + 1} is not a table.`, SUPPORTED);
    const name = str(raw.name);
    const ver = str(raw.version);
    if (!name || !ver)
      throw malformed(source, line, `package #${i + 1}${name ? ` ("${name}")` : ''} has no ${name ? 'version' : 'name'}.`, SUPPORTED);
    const deps = raw.dependencies === undefined ? [] : raw.dependencies;
    if (!Array.isArray(deps) || deps.some((d) => typeof d !== 'string')) {
      throw malformed(source, line, `package "${name}" has dependencies that are not a list of strings.`, SUPPORTED);
    }
    const p: Pkg = { name, version: ver, deps: deps as string[], line };
    const src = str(raw.source);
    if (src) p.source = src;
    const sum = str(raw.checksum) ?? (src ? str(meta[`checksum ${name} ${ver} (${src})`]) : undefined);
    if (sum) {
      if (!/^[0-9a-f]{64}$/i.test(sum))
        throw malformed(source, line, `package "${name}" has a checksum that is not 64 hex digits.`, SUPPORTED);
      p.checksum = sum.toLowerCase();
    }
    return p;
  });

  const byName = new Map<string, Pkg[]>();
  for (const p of pkgs) {
    const l = byName.get(p.name);
    if (l) l.push(p);
    else byName.set(p.name, [p]);
    if (!p.source) continue;
    const c: Component = { purl: cargoPurl(p.name, p.version), name: p.name, version: p.version, type: 'library' };
    if (p.checksum) c.hashes = [{ alg: 'SHA-256', content: p.checksum }];
    if (p.source === CRATES_IO || p.source === CRATES_IO_SPARSE) {
      c.downloadUrl = `https://crates.io/api/v1/crates/${encodeURIComponent(p.name)}/${encodeURIComponent(p.version)}/download`;
    } else {
      c.properties = { 'custody:cargo:source': p.source };
    }
    p.purl = b.add(c).purl;
  }

  const resolve = (dep: string, from: Pkg): Pkg => {
    const m = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(dep.trim());
    let c = m ? (byName.get(m[1]!) ?? []) : [];
    if (m?.[2]) c = c.filter((p) => p.version === m[2]);
    if (m?.[3]) c = c.filter((p) => p.source === m[3]);
    if (c.length !== 1) {
      const why = c.length === 0 ? 'names no package in the file' : 'matches several packages';
      throw malformed(source, from.line, `dependency "${dep}" of ${from.name} ${from.version} ${why}.`, SUPPORTED);
    }
    return c[0]!;
  };

  const local = pkgs.filter((p) => !p.source);
  const dependedOn = new Set<Pkg>();
  for (const p of pkgs) {
    for (const d of p.deps) {
      const t = resolve(d, p);
      dependedOn.add(t);
      if (p.purl && t.purl) b.edge(p.purl, t.purl);
      else if (!p.source && t.purl) b.direct(t.purl);
    }
  }
  const tops = local.filter((p) => !dependedOn.has(p));
  if (tops.length === 1) {
    const r = tops[0]!;
    b.graph.root = { name: r.name, version: r.version, purl: cargoPurl(r.name, r.version) };
  }
  if (local.length) {
    b.note(
      `${local.length} workspace or path packages are the project, not listed: ${local.map((p) => `${p.name} ${p.version}`).join(', ')}`,
    );
  }
  return b.finish();
}

export const cargoReader: LockfileReader = {
  id: 'cargo',
  fileNames: ['Cargo.lock'],
  prepare: loadToml,
  read: readCargoLock,
};

/**
 * uv.lock (TOML, `version = 1`): `[[package]]` entries with name, version, `source` (registry, git, url, path,
 * directory, editable, virtual), `dependencies` ({name, version?, source?, marker?, extra?}), per-extra
 * `[package.optional-dependencies]`, per-group `[package.dev-dependencies]`, and `sdist`/`wheels` with hashes.
 *
 * The project: packages whose source is `editable` or `virtual` are the workspace members (the project itself),
 * not components. The one at "." is the root; their dependencies are the direct ones.
 * Scope, by reachability from the members: what their plain dependencies pull in (following the extras each edge
 * asks for) is required; what only their extras pull in is optional; what only their dev groups pull in is
 * excluded. Packages nothing reaches keep no scope.
 */
import { loadToml } from '../parsers.js';
import type { ComponentScope, LockfileReader, PackageGraph } from '../model.js';
import { pypiPurl } from '../purl.js';
import { GraphBuilder } from '../graph.js';
import { arrayTableLines, isTable, malformed, parseToml, str, unsupportedVersion, type Table } from './other-util.js';
import { NameIndex, pyComponent, type PyFile } from './python-util.js';

const SUPPORTED = 'Supported: uv.lock version 1 (uv 0.3 and later).';

interface DepRef {
  name: string;
  version?: string;
  source?: string;
  extras: string[];
}

interface Entry {
  name: string;
  version: string;
  sourceKey: string;
  purl?: string;
  project: boolean;
  deps: DepRef[];
  optional: Map<string, DepRef[]>;
  dev: Map<string, DepRef[]>;
}

function sourceKey(src: unknown): string {
  if (!isTable(src)) return '';
  const [k, v] = Object.entries(src).sort(([a], [b]) => (a < b ? -1 : 1))[0] ?? [];
  return k ? `${k}=${String(v)}` : '';
}

function depList(v: unknown): DepRef[] {
  if (!Array.isArray(v)) return [];
  const out: DepRef[] = [];
  for (const d of v) {
    if (!isTable(d) || typeof d.name !== 'string') continue;
    const ref: DepRef = { name: d.name, extras: Array.isArray(d.extra) ? d.extra.filter((e): e is string => typeof e === 'string') : [] };
    if (typeof d.version === 'string') ref.version = d.version;
    if (d.source !== undefined) ref.source = sourceKey(d.source);
    out.push(ref);
  }
  return out;
}

function groupMap(v: unknown): Map<string, DepRef[]> {
  const m = new Map<string, DepRef[]>();
  if (isTable(v)) for (const [k, list] of Object.entries(v)) m.set(k, depList(list));
  return m;
}

function files(raw: Table): PyFile[] {
  const out: PyFile[] = [];
  const push = (f: unknown) => {
    if (isTable(f) && typeof f.hash === 'string') {
      const file = str(f.url) ?? str(f.path) ?? str(f.filename);
      out.push(file === undefined ? { hash: f.hash } : { file, hash: f.hash });
    }
  };
  push(raw.sdist);
  if (Array.isArray(raw.wheels)) raw.wheels.forEach(push);
  return out;
}

export function readUvLock(text: string, source: string): PackageGraph {
  const doc = parseToml(text, source, SUPPORTED);
  const version = doc.version;
  if (version !== 1) {
    const line = text.split('\n').findIndex((l) => /^version\s*=/.test(l)) + 1;
    const what = version === undefined ? 'uv.lock has no top-level `version`.' : `uv.lock version ${String(version)} is not supported.`;
    throw version === undefined ? malformed(source, 1, what, SUPPORTED) : unsupportedVersion(source, line || undefined, what, SUPPORTED);
  }
  const revision = typeof doc.revision === 'number' ? `, revision ${doc.revision}` : '';
  const b = new GraphBuilder('pypi', source, `uv.lock (version 1${revision})`);
  const packages = doc.package ?? [];
  if (!Array.isArray(packages)) throw malformed(source, undefined, '`package` is not an array of tables.', SUPPORTED);
  const lines = arrayTableLines(text, 'package');

  const entries: Entry[] = [];
  const byName = new NameIndex<Entry>();
  packages.forEach((raw, i) => {
    const line = lines[i];
    if (!isTable(raw)) throw malformed(source, line, `package #${i + 1} is not a table.`, SUPPORTED);
    const name = str(raw.name);
    if (!name) throw malformed(source, line, `package #${i + 1} has no name.`, SUPPORTED);
    const src = isTable(raw.source) ? raw.source : {};
    const project = 'editable' in src || 'virtual' in src;
    const ver = str(raw.version);
    const kind = Object.keys(src)[0];
    // uv omits the version only for source trees with a dynamic version; a registry package must have one.
    if (!ver && !project && (kind === undefined || kind === 'registry')) {
      throw malformed(source, line, `package #${i + 1} ("${name}") has no version.`, SUPPORTED);
    }
    const e: Entry = {
      name,
      version: ver ?? '',
      sourceKey: sourceKey(raw.source),
      project,
      deps: depList(raw.dependencies),
      optional: groupMap(raw['optional-dependencies']),
      dev: groupMap(raw['dev-dependencies']),
    };
    if (!project && !ver) {
      b.note(`${name} from ${kind} ${String(src[kind!])} has no version (dynamic): not listed`);
    } else if (!project) {
      const props: Record<string, string> = {};
      if (kind && kind !== 'registry') props['custody:pypi:source'] = `${kind} ${String(src[kind])}`;
      if (kind === 'registry' && src.registry !== 'https://pypi.org/simple') props['custody:pypi:index'] = String(src.registry);
      if (kind === 'path' || kind === 'directory') b.note(`${name} ${ver} comes from a local ${kind} (${String(src[kind])})`);
      e.purl = b.add(pyComponent(name, e.version, { files: files(raw), properties: props })).purl;
    } else if ((src.editable ?? src.virtual) === '.') {
      b.graph.root = { name, ...(ver ? { version: ver, purl: pypiPurl(name, ver) } : {}) };
    } else {
      b.note(
        `${name} is a workspace member (${'editable' in src ? 'editable' : 'virtual'} ${String(src.editable ?? src.virtual)}), part of the project`,
      );
    }
    entries.push(e);
    byName.add(name, e);
  });

  const resolve = (d: DepRef): Entry[] => {
    let c = byName.get(d.name);
    if (c.length > 1 && d.version !== undefined) c = c.filter((e) => e.version === d.version);
    if (c.length > 1 && d.source !== undefined) c = c.filter((e) => e.sourceKey === d.source);
    return c;
  };

  // Edges: plain dependencies, plus an extra's dependencies when some edge asks for that extra.
  const wantedExtras = new Map<Entry, Set<string>>();
  for (const e of entries) {
    const all = [...e.deps, ...[...e.optional.values()].flat(), ...[...e.dev.values()].flat()];
    for (const d of all) {
      for (const t of resolve(d)) {
        let set = wantedExtras.get(t);
        if (!set) wantedExtras.set(t, (set = new Set()));
        d.extras.forEach((x) => set.add(x));
      }
    }
  }
  const outgoing = (e: Entry, extras: Iterable<string>): Entry[] => {
    const refs = [...e.deps];
    for (const x of extras) refs.push(...(e.optional.get(x) ?? []));
    return refs.flatMap(resolve);
  };
  for (const e of entries) {
    if (!e.purl) continue;
    for (const t of outgoing(e, wantedExtras.get(e) ?? [])) if (t.purl) b.edge(e.purl, t.purl);
  }

  // Direct dependencies and scopes, from the project members.
  const members = entries.filter((e) => e.project);
  const scopes = new Map<Entry, ComponentScope>();
  const walk = (starts: DepRef[], scope: ComponentScope) => {
    const queue: [Entry, string[]][] = starts.flatMap((d) => resolve(d).map((t): [Entry, string[]] => [t, d.extras]));
    const seen = new Set<string>();
    while (queue.length) {
      const [e, extras] = queue.pop()!;
      const key = `${e.name}@${e.version}#${e.sourceKey}[${extras.join(',')}]`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!e.project && !scopes.has(e)) scopes.set(e, scope);
      const refs = [...e.deps];
      for (const x of extras) refs.push(...(e.optional.get(x) ?? []));
      for (const d of refs) for (const t of resolve(d)) queue.push([t, d.extras]);
    }
  };
  const required = members.flatMap((m) => m.deps);
  const optional = members.flatMap((m) => [...m.optional.values()].flat());
  const dev = members.flatMap((m) => [...m.dev.values()].flat());
  walk(required, 'required');
  walk(optional, 'optional');
  walk(dev, 'excluded');
  for (const [e, scope] of scopes) if (e.purl) b.get(e.purl)!.scope = scope;
  for (const d of [...required, ...optional, ...dev]) for (const t of resolve(d)) if (t.purl) b.direct(t.purl);
  return b.finish();
}

export const uvReader: LockfileReader = {
  id: 'uv',
  fileNames: ['uv.lock'],
  prepare: loadToml,
  read: readUvLock,
};

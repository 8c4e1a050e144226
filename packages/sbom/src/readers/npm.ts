/**
 * npm lockfiles: package-lock.json and npm-shrinkwrap.json, lockfileVersion 1 (nested `dependencies` tree),
 * 2 and 3 (`packages` map keyed by install path).
 *
 * Both shapes become one map, install path -> entry ("node_modules/a/node_modules/b"), and dependency names are
 * resolved the way Node resolves them at run time: from the requiring package's folder up through every
 * ancestor `node_modules`. Workspace folders (paths without node_modules) and `link: true` entries are part of
 * the project, not components; a workspace's dependencies are direct dependencies of the project.
 */
import { fromIntegrity } from '../hashes.js';
import { SCOPE_RANK } from '../graph.js';
import { newGraph, type Component, type ComponentScope, type LockfileReader, type PackageGraph } from '../model.js';
import { npmPurl, splitNpmName } from '../purl.js';
import { limits } from '@custody/core';
import { LockfileParseError, LockfileVersionError, parseJsonLockfile } from '../errors.js';
import { scanJsonObject } from './json-scan.js';
import { EntryFacts, readEntryFacts } from './npm-entry.js';

const SUPPORTED = 'Custody reads package-lock.json and npm-shrinkwrap.json with lockfileVersion 1, 2 or 3 (npm 5 to npm 11).';

type DepMap = Record<string, string>;

/** One install location, in the v2/v3 `packages` shape (v1 entries are converted to it). */
interface Entry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  license?: string | { type?: string };
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  inBundle?: boolean;
  dependencies?: DepMap;
  optionalDependencies?: DepMap;
  peerDependencies?: DepMap;
  devDependencies?: DepMap;
  workspaces?: string[] | { packages?: string[] };
}

/** An entry as JSON.parse gives it, or as readEntryFacts reads it in place (the same field names). */
type EntryLike = Entry | EntryFacts;

/** v1 `dependencies` tree node. */
interface V1Node {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  optional?: boolean;
  bundled?: boolean;
  requires?: DepMap;
  dependencies?: Record<string, V1Node>;
}

interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion?: unknown;
  packages?: Record<string, Entry>;
  dependencies?: Record<string, V1Node>;
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scopeOf(e: EntryLike): ComponentScope {
  if (e.dev) return 'excluded';
  if (e.optional || e.devOptional) return 'optional';
  return 'required';
}

/** The package name installed at a path: the part after the last node_modules/. */
function nameFromPath(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  return at === -1 ? path : path.slice(at + 'node_modules/'.length);
}

function licenseOf(e: EntryLike): string[] | undefined {
  const l = e.license;
  const text = typeof l === 'string' ? l : isObject(l) && typeof l.type === 'string' ? l.type : undefined;
  return text?.trim() ? [text.trim()] : undefined;
}

function isUrl(s: string | undefined): s is string {
  return typeof s === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}

/** `npm:real-name@1.2.3` (v1 alias versions). */
function parseAliasVersion(version: string): { name: string; version: string } | undefined {
  if (!version.startsWith('npm:')) return undefined;
  const spec = version.slice(4);
  const at = spec.lastIndexOf('@');
  if (at <= 0) return undefined;
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/** Converts the v1 tree into install paths. */
function flattenV1(tree: Record<string, V1Node>, prefix: string, out: Map<string, Entry>): void {
  for (const [name, node] of Object.entries(tree)) {
    if (!isObject(node)) continue;
    const path = `${prefix}node_modules/${name}`;
    const version = typeof node.version === 'string' ? node.version : undefined;
    const entry: Entry = {
      resolved: node.resolved,
      integrity: node.integrity,
      dev: node.dev,
      optional: node.optional,
      inBundle: node.bundled,
      dependencies: node.requires,
    };
    if (version?.startsWith('file:')) {
      entry.link = true;
    } else if (version) {
      const alias = parseAliasVersion(version);
      if (alias) {
        entry.name = alias.name;
        entry.version = alias.version;
      } else entry.version = version;
    }
    out.set(path, entry);
    if (isObject(node.dependencies)) flattenV1(node.dependencies, `${path}/`, out);
  }
}

/**
 * Where `name`, required from the package at `from`, is installed: `from/node_modules/name`, then each ancestor
 * folder's node_modules (folders named node_modules themselves are skipped), up to the project root.
 *
 * Resolution runs for every dependency of every entry (hundreds of thousands in a big lockfile), so it builds no
 * candidate path: every install path is indexed once under each `DIR/node_modules/` prefix it has (name below the
 * prefix -> the path's index), and the prefixes to try from a requiring path (only those that exist) are worked out
 * once per path. A lookup is then a few map reads with the dependency name as the lockfile spells it.
 */
class Resolver {
  /** `DIR/node_modules/` ('node_modules/' for the root) -> the rest of each path below it -> the path's index. */
  private readonly byPrefix = new Map<string, Map<string, number>>();

  /** Whether a path was listed twice (a lockfile read as JSON.parse reads it cannot do that; a streamed read can). */
  readonly repeated: boolean = false;

  constructor(paths: readonly string[]) {
    const before = (map: Map<string, number>) => map.size;
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i]!;
      let first = true;
      for (let at = path.indexOf('node_modules/'); at !== -1; at = path.indexOf('node_modules/', at + 1)) {
        if (at !== 0 && path.charCodeAt(at - 1) !== 47) continue;
        const end = at + 'node_modules/'.length;
        const prefix = at === 0 ? 'node_modules/' : path.slice(0, end);
        let below = this.byPrefix.get(prefix);
        if (!below) this.byPrefix.set(prefix, (below = new Map()));
        const size = before(below);
        below.set(path.slice(end), i);
        // Below its first node_modules/ a path is unique: a second listing replaces the first, the size stays.
        if (first && below.size === size) this.repeated = true;
        first = false;
      }
    }
  }

  /** The folders to try from a requiring path, nearest first (worked out once per path, for all its dependencies). */
  chain(from: string): Array<Map<string, number>> {
    const chain: Array<Map<string, number>> = [];
    let dir = from;
    for (;;) {
      if (!dir.endsWith('node_modules') && !dir.endsWith('/node_modules')) {
        const below = this.byPrefix.get(dir ? `${dir}/node_modules/` : 'node_modules/');
        if (below) chain.push(below);
      }
      if (dir === '') break;
      const slash = dir.lastIndexOf('/');
      dir = slash === -1 ? '' : dir.slice(0, slash);
    }
    return chain;
  }

  resolve(chain: Array<Map<string, number>>, name: string): number | undefined {
    for (const below of chain) {
      const at = below.get(name);
      if (at !== undefined) return at;
    }
    return undefined;
  }
}

/** Calls `fn` with each dependency name of an entry (names in several maps more than once: callers collect sets). */
function forEachDep(e: Entry, withDev: boolean, fn: (name: string) => void): void {
  const maps = [e.dependencies, e.optionalDependencies, e.peerDependencies, withDev ? e.devDependencies : undefined];
  for (const m of maps) if (isObject(m)) for (const n in m) fn(n);
}

/** The names an installed package requires (dependencies, optional and peer), or undefined when there are none. */
function requiredNames(e: Entry): string[] | undefined {
  const out: string[] = [];
  forEachDep(e, false, (n) => out.push(n));
  return out.length ? out : undefined;
}

function workspacePatterns(e: Entry | undefined): boolean {
  if (!e?.workspaces) return false;
  return Array.isArray(e.workspaces) ? e.workspaces.length > 0 : Array.isArray(e.workspaces.packages);
}

/**
 * Builds the graph from install-path entries handed over one at a time, keeping only what the graph needs of each
 * (its component, the names it requires, where a link points): the entries themselves can go as soon as they are
 * added, which is what lets the streamed read hold no parsed lockfile.
 */
class NpmGraphBuilder {
  private readonly paths: string[] = [];
  /** The component's purl at each path (undefined for links, workspaces and entries without a version). */
  private readonly purls: Array<string | undefined> = [];
  /** The names each component path requires. */
  private readonly requires: Array<string[] | undefined> = [];
  /** For link entries: the path they point to (`resolved` without `file:`), or null; undefined for the rest. */
  private readonly links: Array<string | null | undefined> = [];
  /** purl -> its component's index in `comps` (and `sets`). */
  private readonly byPurl = new Map<string, number>();
  private readonly comps: Component[] = [];
  /** The component's index at each path (-1 for links, workspaces and entries without a version). */
  private readonly compAt: number[] = [];
  private readonly workspaces: Array<{ path: string; entry: Entry }> = [];
  private readonly notes: string[] = [];

  /** Adds the entry at `path` (a path listed twice is found by finish: a lockfile lists each path once). */
  add(path: string, e: EntryLike): void {
    this.paths.push(path);
    let purl: string | undefined;
    let requires: string[] | undefined;
    let link: string | null | undefined;
    if (e.link) {
      this.notes.push(`${path}: link to ${e.resolved ?? '?'} (part of the project, not a component)`);
      link = typeof e.resolved === 'string' ? e.resolved.replace(/^file:/, '') : null;
    } else if (!path.includes('node_modules/')) {
      // Never EntryFacts here: readStreamed reads only node_modules paths in place.
      this.workspaces.push({ path, entry: e as Entry });
    } else {
      purl = this.component(path, e);
      if (purl) requires = e instanceof EntryFacts ? e.requires : requiredNames(e);
    }
    this.purls.push(purl);
    this.compAt.push(purl === undefined ? -1 : this.byPurl.get(purl)!);
    this.requires.push(requires);
    this.links.push(link);
  }

  /** Records the component installed at `path` (merged into one already seen with the same purl); its purl. */
  private component(path: string, e: EntryLike): string | undefined {
    const installedAs = nameFromPath(path);
    const fullName = typeof e.name === 'string' && e.name ? e.name : installedAs;
    const version = typeof e.version === 'string' ? e.version : '';
    if (!version) {
      this.notes.push(`${path}: no version (not installed from this lockfile), skipped`);
      return undefined;
    }
    const purl = npmPurl(fullName, version);
    const scope = scopeOf(e);
    const at = this.byPurl.get(purl);
    const known = at === undefined ? undefined : this.comps[at];
    const alias = fullName !== installedAs ? installedAs : undefined;
    if (known) {
      if (SCOPE_RANK[scope] > SCOPE_RANK[known.scope ?? 'required']) known.scope = scope;
      if (!known.hashes?.length && e.integrity) known.hashes = fromIntegrity(e.integrity);
      if (alias && !known.properties?.['custody:npm:alias']) known.properties = { ...known.properties, 'custody:npm:alias': alias };
      return known.purl; // the component's own string: the graph is closed (model.ts)
    }
    const { group, name } = splitNpmName(fullName);
    const hashes = fromIntegrity(e.integrity);
    let properties: Record<string, string> | undefined;
    if (e.inBundle || alias) {
      properties = {};
      if (e.inBundle) properties['custody:npm:bundled'] = 'true';
      if (alias) properties['custody:npm:alias'] = alias;
    }
    const licenses = licenseOf(e);
    const downloadUrl = isUrl(e.resolved) ? e.resolved : undefined;
    // The usual component (hashes, a license, a download URL) is made in one literal with exactly its fields: adding
    // them one by one to 100k objects walked map transitions and grew property arrays, and leaving absent fields
    // undefined slows JSON.stringify (the content key). The key order is the one adding them gives.
    let c: Component;
    if (hashes.length && licenses && downloadUrl && !properties) {
      c = group
        ? { purl, name, version, scope, group, hashes, licenses, downloadUrl }
        : { purl, name, version, scope, hashes, licenses, downloadUrl };
    } else {
      c = { purl, name, version, scope };
      if (group) c.group = group;
      if (hashes.length) c.hashes = hashes;
      if (licenses) c.licenses = licenses;
      if (downloadUrl) c.downloadUrl = downloadUrl;
      if (properties) c.properties = properties;
    }
    this.byPurl.set(purl, this.comps.length);
    this.comps.push(c);
    return purl;
  }

  /**
   * The graph: components, package -> package edges resolved as Node resolves them, and the direct dependencies (the
   * root's and every workspace's, dev included; for v1, inferred). Undefined when a path was listed twice.
   */
  finish(graph: PackageGraph, root: Entry, inferDirect: boolean): PackageGraph | undefined {
    const { paths, purls, links, notes, workspaces } = this;
    const resolver = new Resolver(paths);
    if (resolver.repeated || new Set(workspaces.map((w) => w.path)).size !== workspaces.length) return undefined;
    // In purl order (the default sort compares by UTF-16 code unit, as mergeGraphs does, without a call per
    // comparison): mergeGraphs then sorts nothing, and walks the edges beside the components.
    const order = [...this.byPurl.keys()].sort();
    // Where a link points, by path: indexed only when there are links (workspaces), and then once.
    let index: Map<string, number> | undefined;
    const indexOf = (path: string) => {
      if (!index) {
        index = new Map();
        for (let i = 0; i < paths.length; i++) index.set(paths[i]!, i);
      }
      return index.get(path);
    };
    /** The component a dependency name resolves to from a chain, following links; undefined for workspaces. */
    const target = (chain: Array<Map<string, number>>, name: string): string | undefined => {
      let at = resolver.resolve(chain, name);
      for (let hops = 0; at !== undefined && hops < 8; hops++) {
        const dest = links[at];
        if (dest === undefined) break;
        at = dest === null ? undefined : indexOf(dest);
      }
      return at === undefined ? undefined : purls[at];
    };

    // Package -> package edges (addEdge's work), one set per component, kept by component index: no map per edge.
    const sets = new Array<Set<string> | undefined>(this.comps.length);
    for (let i = 0; i < paths.length; i++) {
      const purl = purls[i];
      const names = this.requires[i];
      if (purl === undefined || names === undefined) continue;
      const chain = resolver.chain(paths[i]!);
      const ci = this.compAt[i]!;
      let set = sets[ci];
      for (const dep of names) {
        const to = target(chain, dep);
        if (to !== undefined && to !== purl) {
          if (!set) sets[ci] = set = new Set();
          set.add(to);
        }
      }
    }

    // Components and the edge map's keys in purl order.
    const components: Component[] = [];
    for (const purl of order) {
      const ci = this.byPurl.get(purl)!;
      components.push(this.comps[ci]!);
      const set = sets[ci];
      if (set) graph.dependencies.set(purl, set);
    }
    graph.components = components;
    graph.closed = true;

    const direct = new Set<string>();
    const addDirect = (from: string, e: Entry) => {
      const chain = resolver.chain(from);
      forEachDep(e, true, (dep) => {
        const to = target(chain, dep);
        if (to) direct.add(to);
      });
    };
    if (inferDirect) {
      // v1 does not record the root's own dependencies: the top-level packages nothing else requires are direct.
      const required = new Set<string>();
      for (const deps of graph.dependencies.values()) for (const d of deps) required.add(d);
      for (let i = 0; i < paths.length; i++) {
        const purl = purls[i];
        if (purl !== undefined && !paths[i]!.slice('node_modules/'.length).includes('node_modules/') && !required.has(purl))
          direct.add(purl);
      }
      notes.push(
        "lockfileVersion 1 does not list the project's own dependencies: direct ones inferred as top-level packages nothing else requires",
      );
    } else {
      addDirect('', root);
      for (const ws of workspaces) addDirect(ws.path, ws.entry);
      if (workspaces.length) notes.push(`workspaces (part of the project, not components): ${workspaces.map((w) => w.path).join(', ')}`);
    }
    if (!workspacePatterns(root) && workspaces.length === 0 && inferDirect === false && direct.size === 0 && graph.components.length) {
      notes.push('the lockfile root lists no dependencies');
    }
    graph.direct = [...direct];
    if (notes.length) graph.notes = notes;
    return graph;
  }
}

function newNpmGraph(source: string, v: 1 | 2 | 3, root: Entry, data: { name?: unknown; version?: unknown }): PackageGraph {
  const graph = newGraph('npm', source, `${/shrinkwrap/i.test(source) ? 'npm-shrinkwrap.json' : 'package-lock.json'} v${v}`);
  const rootName = root.name ?? (typeof data.name === 'string' ? data.name : undefined);
  const rootVersion = root.version ?? (typeof data.version === 'string' ? data.version : undefined);
  if (rootName)
    graph.root = { name: rootName, ...(rootVersion ? { version: rootVersion } : {}), purl: npmPurl(rootName, rootVersion ?? '') };
  return graph;
}

/**
 * The streamed read of a lockfileVersion 2 or 3 file (see json-scan.ts): the `packages` entries are parsed one at a
 * time and handed to the builder. Undefined when the text is anything else (v1, no `packages` map, malformed, too
 * deep, a path listed twice): readParsed then reads it, or says what is wrong.
 */
export function readStreamed(text: string, source: string): PackageGraph | undefined {
  const top: Record<string, unknown> = {};
  const builder = new NpmGraphBuilder();
  let root: Entry = {};
  const maxDepth = limits().jsonDepth;
  const ok = scanJsonObject(
    text,
    'packages',
    maxDepth,
    (key, value) => {
      if (key === 'name' || key === 'version' || key === 'lockfileVersion') top[key] = value;
    },
    (path, entry) => {
      if (path === '') {
        if (isObject(entry)) root = entry as Entry;
        return true;
      }
      if (entry instanceof EntryFacts || isObject(entry)) builder.add(path, entry as EntryLike);
      return true;
    },
    // Installed packages are read in place (npm-entry.ts); the root, workspaces and anything unusual by JSON.parse.
    (path, text, start) => (path.includes('node_modules/') ? readEntryFacts(text, start, 2, maxDepth) : undefined),
  );
  const v = top.lockfileVersion;
  if (!ok || (v !== 2 && v !== 3)) return undefined;
  return builder.finish(newNpmGraph(source, v, root, top), root, false);
}

/**
 * Below this many characters a lockfile is read with JSON.parse of the whole text: the streamed read's scanning runs
 * in JavaScript, which for a small file (mostly run before V8 has compiled it) costs more than JSON.parse's native
 * parse saves (at 1k entries, 0.4 MB, about 30 ms more); above it, the streamed read takes less CPU and memory.
 */
export const STREAMED_READ_FROM = 4 * 1024 * 1024;

export function readNpmLockfile(text: string, source: string): PackageGraph {
  return (text.length >= STREAMED_READ_FROM ? readStreamed(text, source) : undefined) ?? readParsed(text, source);
}

/** The ordinary read: JSON.parse of the whole text (v1 lockfiles, and every error message). Exported for tests. */
export function readParsed(text: string, source: string): PackageGraph {
  const hint = `Regenerate it with \`npm install --package-lock-only\`. ${SUPPORTED}`;
  const lock = parseJsonLockfile(text, source, 'this npm lockfile', hint);
  if (!isObject(lock)) {
    throw new LockfileParseError('this npm lockfile is not a JSON object.', { location: `${source}:1`, hint });
  }
  const data = lock as Lockfile;
  const v = data.lockfileVersion;
  if (v !== 1 && v !== 2 && v !== 3) {
    const line = lineOf(text, '"lockfileVersion"');
    throw new LockfileVersionError(
      v === undefined ? 'this npm lockfile has no lockfileVersion field.' : `npm lockfileVersion ${JSON.stringify(v)} is not supported.`,
      { location: `${source}:${line}`, hint: `${SUPPORTED} Regenerate it with a current npm (\`npm install --package-lock-only\`).` },
    );
  }

  const builder = new NpmGraphBuilder();
  let root: Entry;
  let inferDirect = false;
  if (v === 1 || !isObject(data.packages)) {
    if (v !== 1 && !isObject(data.dependencies)) {
      throw new LockfileParseError(`this lockfileVersion ${v} file has neither a "packages" nor a "dependencies" map.`, {
        location: `${source}:1`,
        hint,
      });
    }
    const paths = new Map<string, Entry>();
    flattenV1(isObject(data.dependencies) ? data.dependencies : {}, '', paths);
    for (const [path, entry] of paths) builder.add(path, entry);
    root = { name: data.name, version: data.version };
    inferDirect = true;
  } else {
    const packages = data.packages;
    for (const path in packages) {
      const entry = packages[path];
      if (path !== '' && isObject(entry)) builder.add(path, entry);
    }
    root = isObject(data.packages['']) ? data.packages[''] : {};
  }
  // Object keys are unique, so no path repeats here.
  return builder.finish(newNpmGraph(source, v, root, data), root, inferDirect)!;
}

function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at === -1) return 1;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export const npmReader: LockfileReader = {
  id: 'npm',
  fileNames: ['package-lock.json', 'npm-shrinkwrap.json'],
  sniff(fileName, head) {
    return fileName.endsWith('.json') && /"lockfileVersion"\s*:/.test(head);
  },
  read: readNpmLockfile,
};

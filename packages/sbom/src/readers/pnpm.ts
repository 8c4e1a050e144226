/**
 * pnpm-lock.yaml, lockfileVersion 5.x (pnpm 5-7), 6.x (pnpm 8) and 9.0 (pnpm 9-10).
 *
 *   5.x   packages keyed `/name/1.0.0` or `/@scope/name/1.0.0_peer@2.0.0+other@1.0.0`; importer versions are
 *         plain strings (`1.0.0_peer@2.0.0`, `/real-name/1.0.0` for an alias, `link:../pkg` for a workspace)
 *   6.x   packages keyed `/name@1.0.0(peer@2.0.0)`; importer entries are `{specifier, version}`
 *   9.0   `packages` keyed `name@1.0.0` hold the metadata (resolution, engines), `snapshots` keyed
 *         `name@1.0.0(peer@2.0.0)` hold the dependency graph; an alias is `alias: real-name@1.0.0`
 *
 * Peer-dependency variants of one package (`(react@17)` vs `(react@18)`) are one component: the same published
 * tarball. Scope: 5.x and 6.x mark packages `dev: true` (-> excluded) and `optional: true` (-> optional); 9.0
 * dropped those flags, so scope comes from what the importers' dependencies / optionalDependencies /
 * devDependencies reach. `link:` importer versions are workspace packages (the project): skipped with a note, and
 * `resolution: {directory}` packages are local folders: skipped with a note.
 */
import type { ComponentScope, LockfileReader, PackageGraph } from '../model.js';
import { GraphBuilder } from '../graph.js';
import { loadYaml } from '../parsers.js';
import {
  isRecord,
  isRegistryTarball,
  lineOf,
  malformed,
  npmComponent,
  parseYamlLockfile,
  scopesByReachability,
  splitNameAt,
  stringMap,
  unsupportedVersion,
} from './js-util.js';

const SUPPORTED = 'Supported: pnpm-lock.yaml lockfileVersion 5.x (pnpm 5-7), 6.x (pnpm 8) and 9.0 (pnpm 9-10).';
const REGENERATE = 'Regenerate it with `pnpm install --lockfile-only`, or check that the file is a complete pnpm-lock.yaml.';
const RANK: Record<ComponentScope, number> = { required: 2, optional: 1, excluded: 0 };
const NPM_NAME = /^(@[^/@:\s]+\/)?[^/@:\s]+$/;

type Major = 5 | 6 | 9;

interface Importer {
  path: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
}

/** Importer dependency values: `{specifier, version}` (6.x, 9.0) or a plain version string (5.x). */
function importerVersions(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [name, x] of Object.entries(v)) {
    if (isRecord(x) && x.version !== undefined) out[name] = String(x.version);
    else if (typeof x === 'string' || typeof x === 'number') out[name] = String(x);
  }
  return out;
}

function stripPeers(version: string, major: Major): string {
  if (major === 5) return version.replace(/_.*$/, '');
  const paren = version.indexOf('(');
  return paren < 0 ? version : version.slice(0, paren);
}

/** Name and version from a package key, when the key has the registry form. */
function parseKey(key: string, major: Major): { name: string; version: string } | undefined {
  if (major === 9) {
    const s = splitNameAt(stripPeers(key, 9));
    return s && NPM_NAME.test(s.name) ? { name: s.name, version: s.rest } : undefined;
  }
  if (!key.startsWith('/')) return undefined;
  if (major === 6) {
    const s = splitNameAt(stripPeers(key.slice(1), 6));
    return s && NPM_NAME.test(s.name) ? { name: s.name, version: s.rest } : undefined;
  }
  const parts = key.slice(1).split('/');
  if (parts.length < 2) return undefined;
  const version = stripPeers(parts.at(-1)!, 5);
  const name = parts.slice(0, -1).join('/');
  return NPM_NAME.test(name) && version ? { name, version } : undefined;
}

/** The package/snapshot key a dependency `name: value` points at. */
function depKey(name: string, value: string, major: Major): string {
  if (major === 9) {
    const alias = splitNameAt(stripPeers(value, 9));
    if (alias && NPM_NAME.test(alias.name)) return value; // alias: real-name@1.0.0(peers)
    return `${name}@${value}`;
  }
  if (value.startsWith('/')) return value;
  const bare = stripPeers(value, major);
  if (bare.includes('/')) return value; // a non-registry key such as github.com/user/repo/<sha>
  return major === 6 ? `/${name}@${value}` : `/${name}/${value}`;
}

/** Line of a two-space indented section key (`  key:` or `  'key':`), else of its first mention. */
function keyLine(text: string, key: string): number | undefined {
  for (const form of [`\n  '${key}':`, `\n  ${key}:`]) {
    const at = lineOf(text, form);
    if (at !== undefined) return at + 1;
  }
  return lineOf(text, key);
}

export function readPnpm(text: string, source: string): PackageGraph {
  const entries = parseYamlLockfile(text, source, 'pnpm-lock.yaml', REGENERATE);
  const top = new Map(entries.map((e) => [e.key, e]));
  const lv = top.get('lockfileVersion');
  if (!lv) throw malformed(source, 1, 'pnpm-lock.yaml has no lockfileVersion', `${REGENERATE} ${SUPPORTED}`);
  const versionText = String(lv.value);
  const majorNum = Math.floor(Number.parseFloat(versionText));
  if (majorNum !== 5 && majorNum !== 6 && majorNum !== 9) {
    throw unsupportedVersion(source, lv.line, `pnpm lockfileVersion ${versionText} is not supported`, SUPPORTED);
  }
  const major = majorNum as Major;
  const b = new GraphBuilder('npm', source, `pnpm-lock.yaml v${versionText}`);
  const _graph = b.graph;

  const importers: Importer[] = [];
  const imp = top.get('importers');
  if (imp) {
    if (!isRecord(imp.value)) throw malformed(source, imp.line, 'importers is not a mapping', REGENERATE);
    for (const [path, v] of Object.entries(imp.value)) {
      const r = isRecord(v) ? v : {};
      importers.push({
        path,
        dependencies: importerVersions(r.dependencies),
        devDependencies: importerVersions(r.devDependencies),
        optionalDependencies: importerVersions(r.optionalDependencies),
      });
    }
  } else {
    importers.push({
      path: '.',
      dependencies: importerVersions(top.get('dependencies')?.value),
      devDependencies: importerVersions(top.get('devDependencies')?.value),
      optionalDependencies: importerVersions(top.get('optionalDependencies')?.value),
    });
  }

  const pk = top.get('packages');
  const packages = pk?.value ?? {};
  if (!isRecord(packages)) throw malformed(source, pk?.line, 'packages is not a mapping', REGENERATE);
  const sn = top.get('snapshots');
  const snapshots = sn?.value ?? {};
  if (!isRecord(snapshots)) throw malformed(source, sn?.line, 'snapshots is not a mapping', REGENERATE);

  // The nodes of the graph: snapshots in 9.0 (each points at its package by the key without peers), else packages.
  const nodeKeys = major === 9 ? [...new Set([...Object.keys(snapshots), ...Object.keys(packages)])] : Object.keys(packages);
  const purlOf = new Map<string, string>();
  const flags = new Map<string, ComponentScope>();
  for (const key of nodeKeys) {
    const snap = major === 9 ? snapshots[key] : undefined;
    const metaKey = major === 9 ? (key in packages ? key : stripPeers(key, 9)) : key;
    const meta = packages[metaKey];
    if (major === 9 && meta === undefined) {
      throw malformed(source, keyLine(text, key), `snapshot "${key}" has no entry "${metaKey}" under packages`, REGENERATE);
    }
    if (!isRecord(meta)) throw malformed(source, keyLine(text, metaKey), `package "${metaKey}" is not a mapping`, REGENERATE);
    const parsed = parseKey(key, major);
    const name = typeof meta.name === 'string' ? meta.name : parsed?.name;
    const version = meta.version !== undefined ? String(meta.version) : parsed?.version;
    if (!name || !version) {
      throw malformed(source, keyLine(text, key), `cannot read a package name and version from "${key}"`, REGENERATE);
    }
    // pnpm writes a resolution for every package: without one the entry (usually the file) was cut short.
    if (!isRecord(meta.resolution)) {
      throw malformed(
        source,
        keyLine(text, metaKey),
        `package "${metaKey}" has no resolution: the file looks truncated or hand-edited`,
        REGENERATE,
      );
    }
    const resolution = meta.resolution;
    if (typeof resolution.directory === 'string') {
      b.note(`${source}: skipped local directory package ${name} (${resolution.directory})`);
      continue;
    }
    const qualifiers: Record<string, string> = {};
    const tarball = typeof resolution.tarball === 'string' ? resolution.tarball : undefined;
    if (resolution.type === 'git' && typeof resolution.repo === 'string') {
      const repo = resolution.repo.startsWith('git+') ? resolution.repo : `git+${resolution.repo}`;
      qualifiers.vcs_url = typeof resolution.commit === 'string' ? `${repo}#${resolution.commit}` : repo;
    } else if (tarball && /^https?:/.test(tarball) && !isRegistryTarball(tarball)) {
      qualifiers.download_url = tarball;
    }
    // `(patch_hash=…)` in the key: pnpm applied a patch (patchedDependencies) to this package.
    const patch = /\(patch_hash=([^)]+)\)/.exec(key);
    const c = npmComponent(name, version, {
      integrity: typeof resolution.integrity === 'string' ? resolution.integrity : undefined,
      downloadUrl: tarball && /^https?:/.test(tarball) ? tarball : undefined,
      qualifiers,
      ...(patch ? { properties: { 'custody:pnpm:patch_hash': patch[1]! } } : {}),
    });
    const purl = b.add(c).purl;
    purlOf.set(key, purl);
    // Peer variants of one package share a purl: the widest scope wins (required > optional > excluded).
    const flagSource = major === 9 ? (isRecord(snap) ? snap : {}) : meta;
    const flag: ComponentScope | undefined =
      flagSource.dev === true ? 'excluded' : flagSource.optional === true ? 'optional' : major === 9 ? undefined : 'required';
    const prev = flags.get(purl);
    if (flag && (!prev || RANK[flag] > RANK[prev])) flags.set(purl, flag);
  }

  // Edges.
  const required = new Map<string, string[]>();
  const optional = new Map<string, string[]>();
  const resolveDep = (name: string, value: string): string | undefined => {
    if (value.startsWith('link:')) return undefined;
    return purlOf.get(depKey(name, value, major));
  };
  for (const key of nodeKeys) {
    const from = purlOf.get(key);
    if (!from) continue;
    const node = major === 9 ? snapshots[key] : packages[key];
    if (!isRecord(node)) continue;
    for (const [field, into] of [
      ['dependencies', required],
      ['optionalDependencies', optional],
    ] as const) {
      for (const [dep, value] of Object.entries(stringMap(node[field]))) {
        const to = resolveDep(dep, value);
        if (!to) continue;
        b.edge(from, to);
        let list = into.get(from);
        if (!list) into.set(from, (list = []));
        list.push(to);
      }
    }
  }

  // Direct dependencies and scopes.
  const roots = { required: [] as string[], optional: [] as string[], dev: [] as string[] };
  for (const im of importers) {
    for (const [field, bucket] of [
      ['dependencies', roots.required],
      ['optionalDependencies', roots.optional],
      ['devDependencies', roots.dev],
    ] as const) {
      for (const [dep, value] of Object.entries(im[field])) {
        if (value.startsWith('link:')) {
          b.note(`${source}: ${im.path} links ${dep} (${value}) - a workspace package, part of the project`);
          continue;
        }
        const to = resolveDep(dep, value);
        if (!to) continue;
        b.direct(to);
        bucket.push(to);
      }
    }
  }
  if (major === 9) {
    // 9.0 has no dev flags: what the importers reach decides; the snapshot's `optional: true` covers the rest.
    for (const [purl, scope] of scopesByReachability(roots, { required, optional })) flags.set(purl, scope);
  }
  for (const [purl, scope] of flags) {
    const c = b.get(purl);
    if (c) c.scope = scope;
  }
  return b.finish();
}

export const pnpmReader: LockfileReader = {
  id: 'pnpm',
  fileNames: ['pnpm-lock.yaml'],
  prepare: loadYaml,
  // Also pnpm-lock6.yaml, pnpm-lock9a.yaml and the like.
  sniff(fileName: string, head: string): boolean {
    return /^pnpm-lock[\w.-]*\.ya?ml$/.test(fileName.replace(/^.*[\\/]/, '')) && /^lockfileVersion:/m.test(head);
  },
  read: readPnpm,
};

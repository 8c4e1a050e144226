/**
 * yarn.lock of Yarn berry (2, 3, 4): YAML with a `__metadata` entry. `__metadata.version` is the lockfile format:
 * 4 (Yarn 2), 5-6 (Yarn 3), 7-8 (Yarn 4). Entries are keyed by the descriptors they satisfy
 * (`"@babel/core@npm:^7.0.0, @babel/core@npm:^7.1.0"`) and say where they resolved to:
 *
 *     "string-width-cjs@npm:string-width@^4.2.0":      an npm alias: the component is the real package
 *       version: 4.2.3
 *       resolution: "string-width@npm:4.2.3"
 *       dependencies: { ansi-regex: "npm:^5.0.1" }      Yarn 4 writes the protocol; Yarn 2-3 leave npm: implied
 *       checksum: 10c0/…                               see `checksumProperty` below
 *
 * - `@workspace:` resolutions are the project and its workspaces: not components; their dependencies are the
 *   project's direct dependencies, and the workspace at `.` names the root.
 * - `@patch:` resolutions (`resolve@patch:resolve@npm%3A1.22.2#optional!builtin<compat/resolve>::…`) are the base
 *   package with a patch applied: same purl as the base, with a `custody:yarn:patch` property.
 * - `link:`, `portal:` and `file:` resolutions are local files, not published packages: skipped with a note.
 * - git and URL resolutions keep the npm purl with a `vcs_url` or `download_url` qualifier.
 * - peerDependencies are not edges: the lockfile does not record which copy satisfies a peer.
 * Yarn berry does not keep dev/prod apart (a workspace's dependencies include its devDependencies), so nothing is
 * marked `excluded`: what the workspaces reach is `required`, what they reach only through a
 * `dependenciesMeta.<dep>.optional` edge is `optional`.
 */
import type { ComponentScope, PackageGraph } from '../model.js';
import { GraphBuilder } from '../graph.js';
import { npmPurl } from '../purl.js';
import {
  isRecord,
  malformed,
  nestedLine,
  npmComponent,
  parseYamlLockfile,
  scopesByReachability,
  sourceQualifiers,
  splitNameAt,
  stringMap,
  unsupportedVersion,
} from './js-util.js';

/** Lockfile format versions written by Yarn 2.0 … 4.x. */
export const BERRY_VERSIONS = [3, 4, 5, 6, 7, 8];
const SUPPORTED = `Supported: Yarn berry lockfiles with __metadata.version ${BERRY_VERSIONS[0]}-${BERRY_VERSIONS.at(-1)} (Yarn 2-4) and yarn.lock v1 (Yarn classic).`;
const REGENERATE = 'Regenerate it with `yarn install`, or check that the file is a complete yarn.lock.';

interface Locator {
  name: string;
  protocol: string;
  ref: string;
}

/** `name@protocol:ref` -> parts; a GitHub shorthand (`user/repo`) has no protocol. */
function parseLocator(s: string): Locator | undefined {
  const split = splitNameAt(s);
  if (!split) return undefined;
  const colon = split.rest.indexOf(':');
  if (colon < 0) return { name: split.name, protocol: '', ref: split.rest };
  return { name: split.name, protocol: split.rest.slice(0, colon), ref: split.rest.slice(colon + 1) };
}

/**
 * Berry's `checksum` is the SHA-512 of the package as Yarn stores it: a zip archive it builds itself, prefixed
 * with the cache key (`10c0/<hex>`, or bare hex with `__metadata.cacheKey` elsewhere). It does not identify the
 * tarball published to the registry — nobody else can recompute it from the published artifact — so putting it in
 * component.hashes would make a verifier compare the wrong bytes. It is kept as a property instead.
 */
const checksumProperty = 'custody:yarn:checksum';

export function readYarnBerry(text: string, source: string): PackageGraph {
  const entries = parseYamlLockfile(text, source, 'yarn.lock (berry)', REGENERATE);
  const meta = entries.find((e) => e.key === '__metadata');
  if (!meta || !isRecord(meta.value)) {
    throw malformed(source, 1, 'yarn.lock has no __metadata entry', `${REGENERATE} ${SUPPORTED}`);
  }
  const version = Number(meta.value.version);
  if (!BERRY_VERSIONS.includes(version)) {
    throw unsupportedVersion(
      source,
      nestedLine(text, meta.line, 'version'),
      `yarn.lock __metadata.version ${String(meta.value.version)} is not supported`,
      SUPPORTED,
    );
  }
  const b = new GraphBuilder('npm', source, `yarn.lock (berry v${version})`);
  const graph = b.graph;

  // descriptor -> purl of the component (or null for workspaces / skipped local packages)
  const byDescriptor = new Map<string, string | null>();
  const packages: { purl: string | null; deps: Record<string, string>; optionalDeps: Set<string>; workspace?: string; line: number }[] = [];

  for (const e of entries) {
    if (e.key === '__metadata') continue;
    const v = e.value;
    if (!isRecord(v)) throw malformed(source, e.line, `entry "${e.key}" is not a mapping`, REGENERATE);
    const resolution = typeof v.resolution === 'string' ? v.resolution : undefined;
    const loc = resolution ? parseLocator(resolution) : undefined;
    if (!resolution || !loc) {
      throw malformed(source, e.line, `entry "${e.key}" has no readable resolution`, REGENERATE);
    }
    // Yarn writes `linkType` last in every entry: without it the entry (usually the file) was cut short.
    if (typeof v.linkType !== 'string') {
      throw malformed(source, e.line, `entry "${e.key}" is incomplete (no linkType): the file looks truncated`, REGENERATE);
    }
    const deps = stringMap(v.dependencies);
    const optionalDeps = new Set<string>();
    if (isRecord(v.dependenciesMeta)) {
      for (const [dep, m] of Object.entries(v.dependenciesMeta)) if (isRecord(m) && m.optional === true) optionalDeps.add(dep);
    }
    const descriptors = e.key.split(/,\s*/).filter(Boolean);
    let purl: string | null = null;
    let workspace: string | undefined;

    if (loc.protocol === 'workspace') {
      workspace = loc.ref;
      if (loc.ref === '.') graph.root = { name: loc.name, purl: npmPurl(loc.name, '') };
      b.note(`${source}: workspace ${loc.name} (${loc.ref}) is part of the project, not a component`);
    } else if (loc.protocol === 'link' || loc.protocol === 'portal' || loc.protocol === 'file') {
      b.note(
        `${source}: skipped ${loc.protocol}: package ${loc.name} (${loc.ref.replace(/::.*$/, '')}) - a local path, not a published package`,
      );
    } else {
      const entryVersion = v.version === undefined || v.version === null ? '' : String(v.version);
      if (!entryVersion) throw malformed(source, e.line, `entry "${e.key}" has no version`, REGENERATE);
      let base = loc;
      const properties: Record<string, string> = {};
      if (loc.protocol === 'patch') {
        // patch:<url-encoded base descriptor or locator>#<patch path>::version=…&hash=…
        const inner = decodeURIComponent(loc.ref.replace(/::.*$/, '').replace(/#.*$/, ''));
        const innerLoc = parseLocator(inner);
        if (!innerLoc) throw malformed(source, e.line, `cannot read the patched package in "${resolution}"`, REGENERATE);
        base = innerLoc;
        const patch = /#(.*?)(::|$)/.exec(loc.ref);
        properties['custody:yarn:patch'] = patch ? decodeURIComponent(patch[1]!) : 'yes';
      } else if (typeof v.checksum === 'string' || typeof v.checksum === 'number') {
        properties[checksumProperty] = String(v.checksum);
      }
      const realName = base.name;
      let qualifiers: Record<string, string> = {};
      let downloadUrl: string | undefined;
      if (base.protocol !== 'npm' && base.protocol !== '') {
        const url = `${base.protocol}:${base.ref}`.replace(/::.*$/, '');
        qualifiers = sourceQualifiers(url);
        if (/^https?:/.test(url)) downloadUrl = url.replace(/#.*$/, '');
      }
      const aliasOf = descriptors.map(parseLocator).find((d) => d && d.name !== realName);
      if (aliasOf) properties['custody:npm:alias'] = aliasOf.name;
      const c = npmComponent(realName, entryVersion, { qualifiers, downloadUrl, properties });
      purl = b.add(c).purl;
    }
    for (const d of descriptors) byDescriptor.set(d, purl);
    packages.push({ purl, deps, optionalDeps, ...(workspace !== undefined ? { workspace } : {}), line: e.line });
  }

  // package name -> the components locked for it (for descriptors the lockfile does not list, below)
  const byName = new Map<string, Set<string>>();
  for (const [d, purl] of byDescriptor) {
    const loc = purl ? parseLocator(d) : undefined;
    if (!loc || !purl) continue;
    let set = byName.get(loc.name);
    if (!set) byName.set(loc.name, (set = new Set()));
    set.add(purl);
  }
  const lookup = (name: string, range: string): string | null | undefined => {
    const exact = byDescriptor.get(`${name}@${range}`);
    if (exact !== undefined) return exact;
    const implied = byDescriptor.get(`${name}@npm:${range}`);
    if (implied !== undefined) return implied;
    // A `resolutions` override in package.json replaces the descriptor (`ink@npm:^3.0.8` becomes a patch of
    // ink 3.0.8) and the lockfile keeps only the replacement. When one version of the package is locked, that is it.
    const only = byName.get(name);
    if (only && only.size === 1) return [...only][0]!;
    if (!/^(workspace|link|portal|file):/.test(range))
      b.note(`${source}: dependency ${name}@${range} has no entry in the lockfile; no edge recorded`);
    return undefined;
  };

  const required = new Map<string, string[]>();
  const optional = new Map<string, string[]>();
  const roots: string[] = [];
  const optionalRoots: string[] = [];
  for (const p of packages) {
    for (const [dep, range] of Object.entries(p.deps)) {
      const to = lookup(dep, range);
      if (!to) continue; // a workspace, a skipped local package, or absent from the lockfile
      const isOptional = p.optionalDeps.has(dep);
      if (p.purl === null) {
        if (p.workspace === undefined) continue; // deps of a skipped link:/portal: package are not reached here
        b.direct(to);
        (isOptional ? optionalRoots : roots).push(to);
        continue;
      }
      b.edge(p.purl, to);
      const into = isOptional ? optional : required;
      let list = into.get(p.purl);
      if (!list) into.set(p.purl, (list = []));
      list.push(to);
    }
  }
  const scopes = scopesByReachability({ required: roots, optional: optionalRoots, dev: [] }, { required, optional });
  for (const [purl, scope] of scopes) setScope(b, purl, scope);
  return b.finish();
}

function setScope(b: GraphBuilder, purl: string, scope: ComponentScope): void {
  const c = b.get(purl);
  if (c) c.scope = scope;
}

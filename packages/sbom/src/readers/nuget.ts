/**
 * NuGet packages.lock.json (`version` 1 or 2): `dependencies` maps each target framework (and runtime-specific
 * "framework/rid" sections) to name -> { type: Direct | Transitive | CentralTransitive | Project, requested?,
 * resolved, contentHash (base64 SHA-512 of the .nupkg), dependencies: name -> version range }.
 *
 * One component per (name, resolved version) across frameworks, with the frameworks in the property
 * `custody:nuget:frameworks`. Project entries are other projects of the same solution (local code): not
 * listed, their dependencies count as direct. Edges resolve a dependency name to the package resolved in the
 * same framework section (NuGet ids are case-insensitive). The lock does not separate dev dependencies.
 */
import type { Component, LockfileReader, PackageGraph } from '../model.js';
import { formatPurl } from '../purl.js';
import { GraphBuilder } from '../graph.js';
import { cmp, isTable, lineOf, malformed, parseJson, str, unsupportedVersion } from './other-util.js';

const SUPPORTED = 'Supported: packages.lock.json version 1 or 2 (NuGet RestorePackagesWithLockFile).';

export function nugetPurl(name: string, version: string): string {
  return formatPurl({ type: 'nuget', name, version });
}

export function readNugetLock(text: string, source: string): PackageGraph {
  const doc = parseJson(text, source, SUPPORTED);
  if (!isTable(doc) || !isTable(doc.dependencies)) {
    throw malformed(source, undefined, 'not a NuGet packages.lock.json: no "dependencies" object.', SUPPORTED);
  }
  if (doc.version !== 1 && doc.version !== 2) {
    const line = text.split('\n').findIndex((l) => l.includes('"version"')) + 1;
    throw unsupportedVersion(
      source,
      line || undefined,
      `packages.lock.json version ${JSON.stringify(doc.version)} is not supported.`,
      SUPPORTED,
    );
  }
  const b = new GraphBuilder('nuget', source, `packages.lock.json (version ${doc.version})`);
  const frameworks = new Map<string, Set<string>>(); // purl -> frameworks
  const projects = new Set<string>();

  for (const [fw, entries] of Object.entries(doc.dependencies)) {
    if (!isTable(entries)) throw malformed(source, undefined, `dependencies["${fw}"] is not an object.`, SUPPORTED);
    const local = new Map<string, { purl?: string; deps: string[]; type: string }>();
    const fwAt = text.indexOf(`${JSON.stringify(fw)}: {`);
    for (const [name, raw] of Object.entries(entries)) {
      const at = lineOf(text, `${JSON.stringify(name)}: {`, Math.max(fwAt, 0));
      if (!isTable(raw)) throw malformed(source, at, `dependencies["${fw}"]["${name}"] is not an object.`, SUPPORTED);
      const type = str(raw.type) ?? '';
      const deps = isTable(raw.dependencies) ? Object.keys(raw.dependencies) : [];
      if (type === 'Project') {
        projects.add(name);
        local.set(name.toLowerCase(), { deps, type });
        continue;
      }
      if (!['Direct', 'Transitive', 'CentralTransitive'].includes(type)) {
        throw malformed(
          source,
          at,
          `dependencies["${fw}"]["${name}"] has unknown type "${type}" (expected Direct, Transitive, CentralTransitive or Project).`,
          SUPPORTED,
        );
      }
      const version = str(raw.resolved);
      if (!version) throw malformed(source, at, `dependencies["${fw}"]["${name}"] has no "resolved" version.`, SUPPORTED);
      const c: Component = { purl: nugetPurl(name, version), name, version, type: 'library' };
      const hash = str(raw.contentHash);
      if (hash) {
        const hex = Buffer.from(hash, 'base64').toString('hex');
        if (hex.length !== 128)
          throw malformed(source, at, `dependencies["${fw}"]["${name}"].contentHash is not a base64 SHA-512.`, SUPPORTED);
        c.hashes = [{ alg: 'SHA-512', content: hex }];
      }
      const added = b.add(c);
      let set = frameworks.get(added.purl);
      if (!set) frameworks.set(added.purl, (set = new Set()));
      set.add(fw);
      local.set(name.toLowerCase(), { purl: added.purl, deps, type });
      if (type === 'Direct') b.direct(added.purl);
    }
    for (const e of local.values()) {
      for (const d of e.deps) {
        const t = local.get(d.toLowerCase());
        if (!t?.purl) continue;
        if (e.purl) b.edge(e.purl, t.purl);
        else b.direct(t.purl); // a project reference is part of this solution: what it needs is direct
      }
    }
  }
  for (const [purl, fws] of frameworks) {
    const c = b.get(purl)!;
    c.properties = { ...c.properties, 'custody:nuget:frameworks': [...fws].sort(cmp).join(',') };
  }
  if (projects.size) b.note(`project references (local code, not listed): ${[...projects].sort(cmp).join(', ')}`);
  return b.finish();
}

export const nugetReader: LockfileReader = {
  id: 'nuget',
  fileNames: ['packages.lock.json'],
  read: readNugetLock,
};

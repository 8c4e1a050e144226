/**
 * pdm.lock (TOML, `[metadata] lock_version` 3.x or 4.x): `[[package]]` entries with name, version, optional
 * `extras` (PDM writes one extra entry per requested extra set; they are the same release and merge into one
 * component), `dependencies` as PEP 508 strings with markers, `groups` (lock 4.4+), and hashes either per package
 * (`files`, 4.3+) or in `[metadata.files]` keyed "name version".
 *
 * Scope, from per-package `groups` when present: "default" -> required; otherwise dev-like groups only
 * (dev, test, lint, docs, ...) -> excluded; other groups (optional-dependency groups) -> optional. Older locks
 * carry no groups per package: scope left unset. The lock does not say which packages are direct.
 */
import { loadToml } from '../parsers.js';
import type { ComponentScope, LockfileReader, PackageGraph } from '../model.js';
import { GraphBuilder } from '../graph.js';
import { arrayTableLines, isTable, malformed, parseToml, str, unsupportedVersion } from './other-util.js';
import { DEV_GROUPS, NameIndex, parsePep508, pinnedVersion, pyComponent, type PyFile } from './python-util.js';

const SUPPORTED = 'Supported: pdm.lock with lock_version 3.x or 4.x (PDM 1.x and 2.x).';

function filesOf(v: unknown): PyFile[] {
  if (!Array.isArray(v)) return [];
  const out: PyFile[] = [];
  for (const f of v) {
    if (!isTable(f) || typeof f.hash !== 'string') continue;
    const file = str(f.file) ?? str(f.url);
    out.push(file === undefined ? { hash: f.hash } : { file, hash: f.hash });
  }
  return out;
}

function scopeOf(groups: string[] | undefined): ComponentScope | undefined {
  if (!groups || groups.length === 0) return undefined;
  if (groups.includes('default')) return 'required';
  return groups.every((g) => DEV_GROUPS.has(g.toLowerCase())) ? 'excluded' : 'optional';
}

export function readPdmLock(text: string, source: string): PackageGraph {
  const doc = parseToml(text, source, SUPPORTED);
  const meta = isTable(doc.metadata) ? doc.metadata : undefined;
  const lockVersion = meta ? str(meta.lock_version) : undefined;
  if (!lockVersion) throw malformed(source, undefined, 'pdm.lock has no [metadata] lock_version.', SUPPORTED);
  if (!/^[34]\.\d+(\.\d+)?$/.test(lockVersion)) {
    const line = text.split('\n').findIndex((l) => /^lock_version\s*=/.test(l)) + 1;
    throw unsupportedVersion(source, line || undefined, `pdm.lock lock_version "${lockVersion}" is not supported.`, SUPPORTED);
  }
  const b = new GraphBuilder('pypi', source, `pdm.lock (lock_version ${lockVersion})`);
  const packages = doc.package ?? [];
  if (!Array.isArray(packages)) throw malformed(source, undefined, '`package` is not an array of tables.', SUPPORTED);
  const lines = arrayTableLines(text, 'package');
  const metaFiles = isTable(meta!.files) ? meta!.files : {};

  const index = new NameIndex<{ purl: string; version: string }>();
  const entries: { purl: string; deps: string[]; line: number | undefined }[] = [];
  packages.forEach((raw, i) => {
    const line = lines[i];
    if (!isTable(raw)) throw malformed(source, line, `package #${i + 1} is not a table.`, SUPPORTED);
    const name = str(raw.name);
    const version = str(raw.version);
    if (!name || !version) {
      throw malformed(source, line, `package #${i + 1}${name ? ` ("${name}")` : ''} has no ${name ? 'version' : 'name'}.`, SUPPORTED);
    }
    const groups = Array.isArray(raw.groups) ? raw.groups.filter((g): g is string => typeof g === 'string') : undefined;
    const files = raw.files !== undefined ? filesOf(raw.files) : filesOf(metaFiles[`${name} ${version}`]);
    const properties: Record<string, string> = {};
    if (groups?.length) properties['custody:pypi:groups'] = [...groups].sort().join(',');
    for (const k of ['git', 'url', 'path'] as const) {
      const v = str(raw[k]);
      if (v) properties['custody:pypi:source'] = `${k} ${v}${str(raw.revision) ? ` ${str(raw.revision)}` : ''}`;
      if (v && k === 'path') b.note(`${name} ${version} comes from a local path (${v})`);
    }
    const description = str(raw.summary);
    const c = b.add(pyComponent(name, version, { scope: scopeOf(groups), files, properties, ...(description ? { description } : {}) }));
    const isNew = !index.get(name).some((x) => x.purl === c.purl);
    if (isNew) index.add(name, { purl: c.purl, version });
    const deps = Array.isArray(raw.dependencies) ? raw.dependencies.filter((d): d is string => typeof d === 'string') : [];
    entries.push({ purl: c.purl, deps, line });
  });

  for (const e of entries) {
    for (const dep of e.deps) {
      const req = parsePep508(dep);
      if (!req) throw malformed(source, e.line, `dependency "${dep}" is not a PEP 508 requirement.`, SUPPORTED);
      const candidates = index.get(req.name);
      const pin = pinnedVersion(req.spec);
      const chosen = candidates.length > 1 && pin ? candidates.filter((c) => c.version === pin) : candidates;
      for (const c of chosen.length ? chosen : candidates) b.edge(e.purl, c.purl);
    }
  }
  return b.finish();
}

export const pdmReader: LockfileReader = {
  id: 'pdm',
  fileNames: ['pdm.lock'],
  prepare: loadToml,
  read: readPdmLock,
};

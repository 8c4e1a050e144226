/**
 * poetry.lock (TOML): `[[package]]` entries with name, version, and either `category` ("main"/"dev", Poetry < 1.2)
 * or `groups` (Poetry 2), `optional` (an extra), `[package.dependencies]` (name -> constraint, table or array of
 * tables), `[package.source]` for git/url/path/legacy-index packages, and file hashes: per package (`files`,
 * lock-version 2.x), in `[metadata.files]` (1.x) or `[metadata.hashes]` (Poetry 0.x).
 *
 * Scope: main -> required (optional when `optional = true`), any other category/group -> excluded (Poetry's
 * non-main groups are dependency groups such as dev/test/docs). No category and no groups -> scope left unset.
 * The lockfile does not say which packages the project requires directly (pyproject.toml does), so `direct` is empty.
 */
import { loadToml } from '../parsers.js';
import type { LockfileReader, PackageGraph } from '../model.js';
import { GraphBuilder } from '../graph.js';
import { arrayTableLines, isTable, malformed, parseToml, str, unsupportedVersion, type Table } from './other-util.js';
import { NameIndex, pyComponent, type PyFile } from './python-util.js';

const SUPPORTED = 'Supported: poetry.lock from Poetry 0.12 to 2.x (lock-version absent, 1.x or 2.x).';

function filesOf(v: unknown): PyFile[] {
  if (!Array.isArray(v)) return [];
  const out: PyFile[] = [];
  for (const f of v) {
    if (isTable(f) && typeof f.hash === 'string') {
      const file = str(f.file) ?? str(f.url);
      out.push(file === undefined ? { hash: f.hash } : { file, hash: f.hash });
    } else if (typeof f === 'string') out.push({ hash: f.includes(':') ? f : `sha256:${f}` });
  }
  return out;
}

/** The exact version a constraint pins (`1.2.3`, `==1.2.3`), if any. */
function exactVersion(constraint: unknown): string | undefined {
  const s = typeof constraint === 'string' ? constraint : isTable(constraint) ? str(constraint.version) : undefined;
  const m = s ? /^\s*(?:==)?\s*([0-9][^\s,<>=!~^*|]*)\s*$/.exec(s) : null;
  return m ? m[1] : undefined;
}

export function readPoetryLock(text: string, source: string): PackageGraph {
  const doc = parseToml(text, source, SUPPORTED);
  const meta = isTable(doc.metadata) ? doc.metadata : {};
  const lockVersion = str(meta['lock-version']);
  if (lockVersion !== undefined && !/^[12]\.\d+$/.test(lockVersion)) {
    const line = text.split('\n').findIndex((l) => /^lock-version\s*=/.test(l)) + 1;
    throw unsupportedVersion(source, line || undefined, `poetry.lock lock-version "${lockVersion}" is not supported.`, SUPPORTED);
  }
  const b = new GraphBuilder('pypi', source, `poetry.lock${lockVersion ? ` (lock-version ${lockVersion})` : ' (Poetry < 1.1)'}`);
  const packages = doc.package ?? [];
  if (!Array.isArray(packages)) throw malformed(source, undefined, '`package` is not an array of tables.', SUPPORTED);
  const lines = arrayTableLines(text, 'package');
  const metaFiles = isTable(meta.files) ? meta.files : isTable(meta.hashes) ? meta.hashes : {};
  const metaFilesByName = new NameIndex<unknown>();
  for (const [k, v] of Object.entries(metaFiles)) metaFilesByName.add(k, v);

  const index = new NameIndex<{ purl: string; version: string }>();
  const entries: { purl: string; deps: Table }[] = [];
  packages.forEach((raw, i) => {
    const line = lines[i];
    if (!isTable(raw)) throw malformed(source, line, `package #${i + 1} is not a table.`, SUPPORTED);
    const name = str(raw.name);
    const version = str(raw.version);
    if (!name || !version) {
      throw malformed(source, line, `package #${i + 1}${name ? ` ("${name}")` : ''} has no ${name ? 'version' : 'name'}.`, SUPPORTED);
    }
    const groups = Array.isArray(raw.groups) ? raw.groups.filter((g): g is string => typeof g === 'string') : undefined;
    const category = str(raw.category);
    const inMain = groups ? groups.includes('main') : category !== undefined ? category === 'main' : undefined;
    const scope = inMain === undefined ? undefined : !inMain ? 'excluded' : raw.optional === true ? 'optional' : 'required';
    const files = raw.files !== undefined ? filesOf(raw.files) : filesOf(metaFilesByName.get(name)[0]);
    const properties: Record<string, string> = {};
    if (isTable(raw.source)) {
      const type = str(raw.source.type);
      const url = str(raw.source.url);
      const ref = str(raw.source.resolved_reference) ?? str(raw.source.reference);
      if (type) properties['custody:pypi:source'] = [type, url, ref].filter(Boolean).join(' ');
      if (type === 'directory' || type === 'file') b.note(`${name} ${version} comes from a local ${type} (${url ?? '?'})`);
    }
    if (groups?.length) properties['custody:pypi:groups'] = [...groups].sort().join(',');
    const description = str(raw.description);
    const c = b.add(pyComponent(name, version, { scope, files, properties, ...(description ? { description } : {}) }));
    index.add(name, { purl: c.purl, version });
    entries.push({ purl: c.purl, deps: isTable(raw.dependencies) ? raw.dependencies : {} });
  });

  for (const { purl, deps } of entries) {
    for (const [depName, constraint] of Object.entries(deps)) {
      const candidates = index.get(depName);
      if (candidates.length === 0) continue; // not locked for this environment (e.g. a marker that never applies)
      const exact = Array.isArray(constraint) ? undefined : exactVersion(constraint);
      const chosen = candidates.length > 1 && exact ? candidates.filter((c) => c.version === exact) : candidates;
      for (const c of chosen.length ? chosen : candidates) b.edge(purl, c.purl);
    }
  }
  if (entries.length === 0) b.note('poetry.lock lists no packages');
  return b.finish();
}

export const poetryReader: LockfileReader = {
  id: 'poetry',
  fileNames: ['poetry.lock'],
  prepare: loadToml,
  read: readPoetryLock,
};

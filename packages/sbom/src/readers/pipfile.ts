/**
 * Pipfile.lock (JSON, `_meta.pipfile-spec` up to 6): `default` (runtime) and `develop` (development) maps of
 * name -> { version: "==x", hashes: ["sha256:..."], markers?, index?, extras? }. A package in both sections is
 * required. Entries without a pinned version (editable paths, VCS checkouts) are reported in notes.
 * Pipfile.lock is flat: no edges and no direct/indirect distinction.
 */
import type { ComponentScope, LockfileReader, PackageGraph } from '../model.js';
import { GraphBuilder } from '../graph.js';
import { isTable, malformed, parseJson, str, unsupportedVersion } from './other-util.js';
import { pinnedVersion, pyComponent } from './python-util.js';

const SUPPORTED = 'Supported: Pipfile.lock with _meta.pipfile-spec 6 or lower (pipenv).';

export function readPipfileLock(text: string, source: string): PackageGraph {
  const doc = parseJson(text, source, SUPPORTED);
  if (!isTable(doc) || !isTable(doc._meta)) throw malformed(source, undefined, 'not a Pipfile.lock: no `_meta` object.', SUPPORTED);
  const spec = doc._meta['pipfile-spec'];
  if (typeof spec !== 'number' || spec > 6 || spec < 1) {
    const line = text.split('\n').findIndex((l) => l.includes('"pipfile-spec"')) + 1;
    throw unsupportedVersion(source, line || undefined, `Pipfile.lock pipfile-spec ${JSON.stringify(spec)} is not supported.`, SUPPORTED);
  }
  const b = new GraphBuilder('pypi', source, `Pipfile.lock (spec ${spec})`);
  let seen = 0;
  for (const [section, scope] of [
    ['default', 'required'],
    ['develop', 'excluded'],
  ] as [string, ComponentScope][]) {
    const entries = doc[section] ?? {};
    if (!isTable(entries)) throw malformed(source, undefined, `"${section}" is not an object.`, SUPPORTED);
    for (const [name, raw] of Object.entries(entries)) {
      seen++;
      if (!isTable(raw)) throw malformed(source, undefined, `"${section}.${name}" is not an object.`, SUPPORTED);
      const spec = str(raw.version);
      const version = spec ? pinnedVersion(spec) : undefined;
      if (!version) {
        const kind = ['git', 'path', 'file', 'hg', 'svn', 'bzr'].find((k) => typeof raw[k] === 'string');
        b.note(`${section}: ${name} has no pinned version (${kind ? `${kind} ${String(raw[kind])}` : (spec ?? 'no version')}); skipped`);
        continue;
      }
      const hashes = Array.isArray(raw.hashes) ? raw.hashes.filter((h): h is string => typeof h === 'string') : [];
      const properties: Record<string, string> = {};
      if (typeof raw.markers === 'string') properties['custody:pypi:markers'] = raw.markers;
      b.add(pyComponent(name, version, { scope, files: hashes.map((hash) => ({ hash })), properties }));
    }
  }
  if (seen === 0) b.note('Pipfile.lock lists no packages');
  return b.finish();
}

export const pipfileReader: LockfileReader = {
  id: 'pipenv',
  fileNames: ['Pipfile.lock'],
  read: readPipfileLock,
};

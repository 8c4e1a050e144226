/**
 * composer.lock (JSON): `packages` (runtime, scope required) and `packages-dev` (development, scope excluded),
 * each { name: "vendor/name", version, source, dist: { url, shasum }, license: [...], require, replace, provide }.
 *
 * purl: pkg:composer/vendor/name@version with the version exactly as the lock states it ("v2.4.4" stays
 * "v2.4.4"): that is the package's version string on Packagist and what syft writes; stripping a leading "v"
 * would name a version that does not exist when a project tags both. `dist.shasum` (SHA-1 of the dist archive) is
 * used when non-empty (GitHub zipballs have an empty one). Edges: `require` entries that name a locked package,
 * directly or through another package's `replace`/`provide`; platform requirements (php, ext-*, lib-*,
 * composer-*) are not packages and are skipped. composer.lock does not say which packages are direct.
 */
import type { Component, ComponentScope, LockfileReader, PackageGraph } from '../model.js';
import { formatPurl } from '../purl.js';
import { GraphBuilder } from '../graph.js';
import { isTable, lineOf, malformed, parseJson, str, unsupportedVersion, type Table } from './other-util.js';

const SUPPORTED = 'Supported: composer.lock from Composer 1.x and 2.x (plugin-api-version 1.x or 2.x).';

export function composerPurl(fullName: string, version: string): string {
  const slash = fullName.indexOf('/');
  return slash > 0
    ? formatPurl({ type: 'composer', namespace: fullName.slice(0, slash), name: fullName.slice(slash + 1), version })
    : formatPurl({ type: 'composer', name: fullName, version });
}

function keys(v: unknown): string[] {
  return isTable(v) ? Object.keys(v) : [];
}

export function readComposerLock(text: string, source: string): PackageGraph {
  const doc = parseJson(text, source, SUPPORTED);
  if (!isTable(doc) || !Array.isArray(doc.packages)) {
    throw malformed(source, undefined, 'not a composer.lock: no "packages" array.', SUPPORTED);
  }
  const api = str(doc['plugin-api-version']);
  if (api !== undefined && !/^[12]\./.test(api)) {
    const line = text.split('\n').findIndex((l) => l.includes('"plugin-api-version"')) + 1;
    throw unsupportedVersion(source, line || undefined, `composer.lock plugin-api-version "${api}" is not supported.`, SUPPORTED);
  }
  const b = new GraphBuilder('composer', source, `composer.lock${api ? ` (plugin-api ${api})` : ''}`);
  const byName = new Map<string, string[]>(); // lowercase package name (or replaced/provided name) -> purls
  const entries: { purl: string; raw: Table }[] = [];
  const sections: [string, ComponentScope][] = [
    ['packages', 'required'],
    ['packages-dev', 'excluded'],
  ];
  for (const [section, scope] of sections) {
    const list = doc[section] ?? [];
    if (!Array.isArray(list)) throw malformed(source, undefined, `"${section}" is not an array.`, SUPPORTED);
    list.forEach((raw, i) => {
      const sectionLine = lineOf(text, `"${section}": [`);
      if (!isTable(raw)) throw malformed(source, sectionLine, `${section}[${i}] is not an object.`, SUPPORTED);
      const name = str(raw.name);
      const version = str(raw.version);
      if (!name || !version) {
        const line = (name && lineOf(text, `"name": ${JSON.stringify(name)}`)) || sectionLine;
        throw malformed(source, line, `${section}[${i}]${name ? ` ("${name}")` : ''} has no ${name ? 'version' : 'name'}.`, SUPPORTED);
      }
      const slash = name.indexOf('/');
      const c: Component = {
        purl: composerPurl(name, version),
        name: slash > 0 ? name.slice(slash + 1) : name,
        ...(slash > 0 ? { group: name.slice(0, slash) } : {}),
        version,
        type: 'library',
        scope,
      };
      const dist = isTable(raw.dist) ? raw.dist : {};
      const shasum = str(dist.shasum);
      if (shasum && /^[0-9a-f]{40}$/i.test(shasum)) c.hashes = [{ alg: 'SHA-1', content: shasum.toLowerCase() }];
      const url = str(dist.url);
      if (url) c.downloadUrl = url;
      const licenses = Array.isArray(raw.license)
        ? raw.license.filter((l): l is string => typeof l === 'string')
        : typeof raw.license === 'string'
          ? [raw.license]
          : [];
      if (licenses.length) c.licenses = licenses;
      const description = str(raw.description);
      if (description) c.description = description;
      const src = isTable(raw.source) ? raw.source : undefined;
      if (src && str(src.url))
        c.properties = { 'custody:composer:source': [str(src.type), str(src.url), str(src.reference)].filter(Boolean).join(' ') };
      const added = b.add(c);
      entries.push({ purl: added.purl, raw });
      for (const n of [name, ...keys(raw.replace), ...keys(raw.provide)]) {
        const k = n.toLowerCase();
        const l = byName.get(k) ?? [];
        if (!l.includes(added.purl)) l.push(added.purl);
        byName.set(k, l);
      }
    });
  }
  for (const { purl, raw } of entries) {
    for (const dep of keys(raw.require)) {
      for (const t of byName.get(dep.toLowerCase()) ?? []) b.edge(purl, t);
    }
  }
  return b.finish();
}

export const composerReader: LockfileReader = {
  id: 'composer',
  fileNames: ['composer.lock'],
  read: readComposerLock,
};

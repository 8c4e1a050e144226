/**
 * deno.lock, versions 1-5 (Deno 1.x-2.x):
 *
 *   1   no `version`: a flat map of remote module URL -> SHA-256 of its source
 *   2   `remote` (URL -> SHA-256) and `npm: {specifiers, packages}`; npm dependencies are `{name: "name@version"}`
 *   3   `packages: {specifiers, jsr, npm}`, `redirects`, `remote`, `workspace`
 *   4,5 the same sections at the top level; npm dependencies become a list of `name`, `name@version` or
 *       `alias@npm:real@version`; 5 adds fields such as `tarball`, `os`, `cpu`, `optionalDependencies`
 *
 * Components:
 * - npm packages: `pkg:npm/…` with the SRI integrity as hashes (the same tarball npm installs).
 * - JSR packages: `jsr` is not a registered purl type (package-url/purl-spec types/ has no jsr definition, and it
 *   is not among the candidate types), so, as the purl spec says for packages without a type of their own, they are
 *   `pkg:generic/%40scope/name@version?download_url=https://jsr.io/@scope/name/<version>_meta.json`. Deno's
 *   lockfile integrity for a JSR package is the SHA-256 of exactly that version manifest (which lists the SHA-256
 *   of every file of the package), so the download_url names the bytes the hash covers. The JSR name is kept in
 *   the `custody:jsr:package` property; JSR's own provenance uses `pkg:jsr/@scope/name@version` as subject name.
 * - Remote modules (`remote`): one `pkg:generic` component per URL, namespace = host and directories, name = file,
 *   version = the `@version` in the path when there is one, `download_url` = the URL; hash = the SHA-256 the
 *   lockfile pins for that URL.
 * The lockfile does not mark dev or optional dependencies. Direct dependencies: `workspace` requests (3+), or the
 * requested npm specifiers (2).
 */
import type { Component, LockfileReader, PackageGraph } from '../model.js';
import { GraphBuilder } from '../graph.js';
import { formatPurl, splitNpmName } from '../purl.js';
import { parseJsonLockfile } from '../errors.js';
import { isRecord, lineOf, malformed, npmComponent, splitNameAt, unsupportedVersion } from './js-util.js';

const SUPPORTED = 'Supported: deno.lock versions 1 to 5.';
const REGENERATE = 'Regenerate it with `deno install` (or `deno cache --frozen=false`), or check that the file is a complete deno.lock.';

interface NpmEntry {
  key: string;
  integrity?: string;
  deps: string[]; // dependency references in the file's own notation
  optionalDeps: string[];
  tarball?: string;
}

interface JsrEntry {
  key: string;
  integrity?: string;
  deps: string[];
}

/** `name@1.2.3_peer@4.5.6` -> name, version (peer suffix removed). */
function npmKeyParts(key: string): { name: string; version: string } | undefined {
  const s = splitNameAt(key);
  if (!s) return undefined;
  return { name: s.name, version: s.rest.replace(/_.*$/, '') };
}

function jsrComponent(key: string, integrity: string | undefined): Component | undefined {
  const s = splitNameAt(key);
  if (!s) return undefined;
  const { group, name } = splitNpmName(s.name);
  const manifest = `https://jsr.io/${s.name}/${s.rest}_meta.json`;
  const purl = formatPurl({
    type: 'generic',
    ...(group ? { namespace: group } : {}),
    name,
    version: s.rest,
    qualifiers: { download_url: manifest },
  });
  const c: Component = { purl, name, version: s.rest, type: 'library', downloadUrl: manifest };
  if (group) c.group = group;
  if (integrity && /^[0-9a-f]{64}$/i.test(integrity)) c.hashes = [{ alg: 'SHA-256', content: integrity.toLowerCase() }];
  c.properties = { 'custody:jsr:package': key };
  return c;
}

function remoteComponent(url: string, hash: unknown): Component | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const segments = u.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  const file = segments.pop() ?? u.host;
  const namespace = [u.host, ...segments].join('/');
  const versionSeg = segments.map((s) => /@(v?\d[\w.+-]*)$/.exec(s)).find(Boolean);
  const version = versionSeg ? versionSeg[1]! : '';
  const purl = formatPurl({ type: 'generic', namespace, name: file, ...(version ? { version } : {}), qualifiers: { download_url: url } });
  const c: Component = { purl, name: file, group: namespace, version, type: 'library', downloadUrl: url };
  if (typeof hash === 'string' && /^[0-9a-f]{64}$/i.test(hash)) c.hashes = [{ alg: 'SHA-256', content: hash.toLowerCase() }];
  return c;
}

/** Line of an object key in the pretty-printed file (`"key": {`), falling back to the first mention. */
function keyLine(text: string, key: string): number | undefined {
  return lineOf(text, `${JSON.stringify(key)}: {`) ?? lineOf(text, JSON.stringify(key));
}

export function readDeno(text: string, source: string): PackageGraph {
  const doc = parseJsonLockfile(text, source, 'deno.lock', REGENERATE);
  if (!isRecord(doc)) throw malformed(source, 1, 'deno.lock should be a JSON object', REGENERATE);
  const declared = doc.version;
  let version: number;
  if (declared === undefined) {
    // Version 1: only URL -> hash pairs.
    if (!Object.values(doc).every((v) => typeof v === 'string')) {
      throw malformed(source, 1, 'deno.lock has no "version" and is not a version 1 map of URLs to hashes', `${REGENERATE} ${SUPPORTED}`);
    }
    version = 1;
  } else {
    version = Number(declared);
    if (![2, 3, 4, 5].includes(version)) {
      throw unsupportedVersion(
        source,
        lineOf(text, '"version"'),
        `deno.lock version ${JSON.stringify(declared)} is not supported`,
        SUPPORTED,
      );
    }
  }
  const b = new GraphBuilder('deno', source, `deno.lock v${version}`);
  const _graph = b.graph;
  const section = (obj: unknown, name: string): Record<string, unknown> => {
    if (obj === undefined) return {};
    if (!isRecord(obj)) throw malformed(source, lineOf(text, `"${name}"`), `"${name}" in deno.lock is not an object`, REGENERATE);
    return obj;
  };

  // Gather the sections in one shape.
  let remote: Record<string, unknown>;
  let specifiers: Record<string, unknown> = {};
  let npmRaw: Record<string, unknown> = {};
  let jsrRaw: Record<string, unknown> = {};
  const requests: string[] = [];
  if (version === 1) {
    remote = doc;
  } else if (version === 2) {
    remote = section(doc.remote, 'remote');
    const npm = section(doc.npm, 'npm');
    npmRaw = section(npm.packages, 'packages');
    const spec = section(npm.specifiers, 'specifiers');
    // v2 specifiers are `name@range -> name@version` without the npm: prefix.
    for (const [k, v] of Object.entries(spec)) specifiers[`npm:${k}`] = typeof v === 'string' ? `npm:${v}` : v;
    requests.push(...Object.keys(specifiers));
  } else {
    const root = version === 3 ? section(doc.packages, 'packages') : doc;
    remote = section(doc.remote, 'remote');
    specifiers = section(root.specifiers, 'specifiers');
    npmRaw = section(root.npm, 'npm');
    jsrRaw = section(root.jsr, 'jsr');
    const ws = section(doc.workspace, 'workspace');
    const collect = (w: Record<string, unknown>): void => {
      if (Array.isArray(w.dependencies)) requests.push(...w.dependencies.map(String));
      if (isRecord(w.packageJson) && Array.isArray(w.packageJson.dependencies)) requests.push(...w.packageJson.dependencies.map(String));
    };
    collect(ws);
    if (isRecord(ws.members)) for (const m of Object.values(ws.members)) if (isRecord(m)) collect(m);
  }

  // npm packages.
  const npm: NpmEntry[] = [];
  for (const [key, v] of Object.entries(npmRaw)) {
    if (!isRecord(v)) throw malformed(source, keyLine(text, key), `npm package "${key}" is not an object`, REGENERATE);
    const deps = Array.isArray(v.dependencies)
      ? v.dependencies.map(String)
      : isRecord(v.dependencies)
        ? Object.entries(v.dependencies).map(([alias, target]) => `${alias}@npm:${String(target)}`)
        : [];
    const optionalDeps = Array.isArray(v.optionalDependencies) ? v.optionalDependencies.map(String) : [];
    npm.push({
      key,
      ...(typeof v.integrity === 'string' ? { integrity: v.integrity } : {}),
      deps,
      optionalDeps,
      ...(typeof v.tarball === 'string' ? { tarball: v.tarball } : {}),
    });
  }
  const npmPurlByKey = new Map<string, string>();
  const npmKeysByName = new Map<string, string[]>();
  for (const e of npm) {
    const parts = npmKeyParts(e.key);
    if (!parts) throw malformed(source, keyLine(text, e.key), `cannot read an npm package name and version from "${e.key}"`, REGENERATE);
    const c = npmComponent(parts.name, parts.version, { integrity: e.integrity, downloadUrl: e.tarball });
    npmPurlByKey.set(e.key, b.add(c).purl);
    const list = npmKeysByName.get(parts.name) ?? [];
    list.push(e.key);
    npmKeysByName.set(parts.name, list);
  }

  // jsr packages.
  const jsr: JsrEntry[] = [];
  for (const [key, v] of Object.entries(jsrRaw)) {
    if (!isRecord(v)) throw malformed(source, keyLine(text, key), `jsr package "${key}" is not an object`, REGENERATE);
    jsr.push({
      key,
      ...(typeof v.integrity === 'string' ? { integrity: v.integrity } : {}),
      deps: Array.isArray(v.dependencies) ? v.dependencies.map(String) : [],
    });
  }
  const jsrPurlByKey = new Map<string, string>();
  const jsrKeysByName = new Map<string, string[]>();
  for (const e of jsr) {
    const c = jsrComponent(e.key, e.integrity);
    if (!c) throw malformed(source, keyLine(text, e.key), `cannot read a jsr package name and version from "${e.key}"`, REGENERATE);
    jsrPurlByKey.set(e.key, b.add(c).purl);
    const name = splitNameAt(e.key)!.name;
    const list = jsrKeysByName.get(name) ?? [];
    list.push(e.key);
    jsrKeysByName.set(name, list);
  }

  // Remote modules.
  for (const [url, hash] of Object.entries(remote)) {
    const c = remoteComponent(url, hash);
    if (c) b.add(c);
    else b.note(`${source}: skipped remote entry "${url}" (not a URL)`);
  }

  /** Resolves `npm:name@req` / `jsr:@scope/name@req` / bare `npm:name` to component purls. */
  const resolveRequest = (req: string): string[] => {
    const kind = req.startsWith('jsr:') ? 'jsr' : req.startsWith('npm:') ? 'npm' : undefined;
    if (!kind) return [];
    const resolved = specifiers[req];
    const body = req.slice(4);
    const split = splitNameAt(body);
    const name = split ? split.name : body;
    const byKey = kind === 'jsr' ? jsrPurlByKey : npmPurlByKey;
    if (typeof resolved === 'string') {
      // v3: "npm:name@1.2.3" / "jsr:@s/n@1.2.3"; v4+: just "1.2.3" (npm may carry a peer suffix).
      const target = /^(npm|jsr):/.test(resolved) ? resolved.slice(4) : `${name}@${resolved}`;
      const hit = byKey.get(target);
      if (hit) return [hit];
    }
    // A bare name (v4+ writes `jsr:@std/fs` when only one version is locked) or an exact key.
    if (split && byKey.has(body)) return [byKey.get(body)!];
    const keys = (kind === 'jsr' ? jsrKeysByName : npmKeysByName).get(name) ?? [];
    if (keys.length === 1) return [byKey.get(keys[0]!)!];
    // Several versions and a range we cannot pick from: use the specifiers that resolved this name.
    const out: string[] = [];
    for (const [k, v] of Object.entries(specifiers)) {
      if (typeof v !== 'string' || !k.startsWith(`${kind}:${name}@`)) continue;
      const target = /^(npm|jsr):/.test(v) ? v.slice(4) : `${name}@${v}`;
      const hit = byKey.get(target);
      if (hit) out.push(hit);
    }
    return out;
  };

  /** npm dependency reference inside an npm entry: `name`, `name@version`, `alias@npm:real@version`. */
  const resolveNpmDep = (ref: string): string | undefined => {
    const split = splitNameAt(ref);
    if (split) {
      const target = split.rest.startsWith('npm:') ? split.rest.slice(4) : ref;
      const hit = npmPurlByKey.get(target);
      if (hit) return hit;
    }
    const keys = npmKeysByName.get(split ? split.name : ref) ?? [];
    return keys.length ? npmPurlByKey.get(keys.at(-1)!) : undefined;
  };

  for (const e of npm) {
    const from = npmPurlByKey.get(e.key)!;
    for (const d of [...e.deps, ...e.optionalDeps]) {
      const to = resolveNpmDep(d);
      if (to) b.edge(from, to);
    }
  }
  for (const e of jsr) {
    const from = jsrPurlByKey.get(e.key)!;
    for (const d of e.deps) for (const to of resolveRequest(d)) b.edge(from, to);
  }
  for (const r of requests) for (const to of resolveRequest(r)) b.direct(to);
  return b.finish();
}

export const denoReader: LockfileReader = {
  id: 'deno',
  fileNames: ['deno.lock'],
  // Also deno-test.lock.json and the like.
  sniff(fileName: string, head: string): boolean {
    return /^deno[\w.-]*\.lock(\.json)?$/.test(fileName.replace(/^.*[\\/]/, '')) && /^\s*\{/.test(head);
  },
  read: readDeno,
};

/**
 * Language-package metadata found inside image layers, each parsed from one small file into components.
 * Pure functions: bytes or text in, components out.
 */
import type { Component } from '../model.js';
import { formatPurl, npmPurl, pypiPurl, splitNpmName } from '../purl.js';
import { checkJsonDepth } from '../errors.js';

/** `node_modules/NAME/package.json` or `node_modules/@SCOPE/NAME/package.json` (not package.json deeper inside). */
export const NODE_PACKAGE_JSON = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/@.][^/]*\/package\.json$/;

export function parseNodePackageJson(text: string, where = 'package.json'): Component | undefined {
  // Depth bounded (LIMIT_JSON_DEPTH) before parsing; a package.json that is not JSON is simply not a package.
  checkJsonDepth(text, where, where);
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!pkg || typeof pkg !== 'object') return undefined;
  const p = pkg as Record<string, unknown>;
  if (typeof p.name !== 'string' || typeof p.version !== 'string' || !p.name || !p.version) return undefined;
  const { group, name } = splitNpmName(p.name);
  const c: Component = { purl: npmPurl(p.name, p.version), name, version: p.version, type: 'library' };
  if (group) c.group = group;
  const licenses = npmLicenses(p);
  if (licenses.length) c.licenses = licenses;
  return c;
}

function npmLicenses(p: Record<string, unknown>): string[] {
  const one = (v: unknown): string | undefined =>
    typeof v === 'string'
      ? v
      : v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string'
        ? (v as { type: string }).type
        : undefined;
  const l = one(p.license);
  if (l) return [l];
  return Array.isArray(p.licenses) ? p.licenses.map(one).filter((x): x is string => !!x) : [];
}

/** Core metadata (`METADATA`, `PKG-INFO`): RFC 822 headers up to the first blank line. */
export function parsePythonMetadata(text: string): Component | undefined {
  const headers = new Map<string, string[]>();
  let last: string | undefined;
  for (const line of text.split('\n')) {
    const l = line.replace(/\r$/, '');
    if (l === '') break;
    if ((l[0] === ' ' || l[0] === '\t') && last) continue; // continuation (long License text): not needed
    const colon = l.indexOf(':');
    if (colon <= 0) continue;
    last = l.slice(0, colon).toLowerCase();
    const list = headers.get(last) ?? [];
    list.push(l.slice(colon + 1).trim());
    headers.set(last, list);
  }
  const name = headers.get('name')?.[0];
  const version = headers.get('version')?.[0];
  if (!name || !version) return undefined;
  const c: Component = { purl: pypiPurl(name, version), name, version, type: 'library' };
  const expr = headers.get('license-expression')?.[0];
  const lic = headers.get('license')?.[0];
  if (expr) c.licenses = [expr];
  else if (lic && lic.length <= 100 && lic.toUpperCase() !== 'UNKNOWN') c.licenses = [lic];
  else {
    const classifiers = (headers.get('classifier') ?? []).filter((x) => x.startsWith('License :: ')).map((x) => x.split(' :: ').pop()!);
    if (classifiers.length) c.licenses = classifiers;
  }
  return c;
}

/** A RubyGems specification file (`specifications/NAME-VERSION.gemspec`, generated Ruby). */
export function parseGemspec(text: string): Component | undefined {
  const name = /\.name\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  const version = /\.version\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  if (!name || !version) return undefined;
  const c: Component = { purl: formatPurl({ type: 'gem', name, version }), name, version, type: 'library' };
  const lic = /\.licenses?\s*=\s*\[?([^\n\]]*)/.exec(text)?.[1];
  if (lic) {
    const list = [...lic.matchAll(/["']([^"']+)["']/g)].map((m) => m[1]!);
    if (list.length) c.licenses = list;
  }
  return c;
}

/** `META-INF/maven/GROUP/ARTIFACT/pom.properties`: groupId, artifactId, version. */
export function parsePomProperties(text: string): Component | undefined {
  const props: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([^#!=:\s]+)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (m) props[m[1]!] = m[2]!;
  }
  const { groupId, artifactId, version } = props;
  if (!groupId || !artifactId || !version) return undefined;
  return {
    purl: formatPurl({ type: 'maven', namespace: groupId, name: artifactId, version }),
    group: groupId,
    name: artifactId,
    version,
    type: 'library',
  };
}

export function goPurl(path: string, version?: string): string {
  const slash = path.lastIndexOf('/');
  const namespace = slash > 0 ? path.slice(0, slash) : undefined;
  const name = slash > 0 ? path.slice(slash + 1) : path;
  return formatPurl({
    type: 'golang',
    ...(namespace ? { namespace } : {}),
    name,
    ...(version && version !== '(devel)' ? { version } : {}),
  });
}

export interface GoBuildInfo {
  goVersion: string;
  path?: string;
  main?: { path: string; version: string; sum?: string };
  deps: Array<GoModule>;
}

export interface GoModule {
  path: string;
  version: string;
  sum?: string;
  /** Set when a `replace` points the module at a local directory: that directory. */
  localReplace?: string;
}

/** A replacement target that is a directory, not a module path (as the go command decides: ./, ../, or absolute). */
export function isLocalModulePath(p: string): boolean {
  return (
    p.startsWith('./') ||
    p.startsWith('../') ||
    p.startsWith('/') ||
    p === '.' ||
    p === '..' ||
    /^[A-Za-z]:[\\/]/.test(p) ||
    p.startsWith('.\\') ||
    p.startsWith('..\\')
  );
}

/** The module-info text embedded by the Go linker (`go version -m` prints it). */
export function parseGoModInfo(goVersion: string, mod: string): GoBuildInfo {
  const info: GoBuildInfo = { goVersion, deps: [] };
  let lastDep: GoModule | undefined;
  for (const line of mod.split('\n')) {
    const f = line.split('\t');
    switch (f[0]) {
      case 'path':
        if (f[1]) info.path = f[1];
        break;
      case 'mod':
        if (f[1]) info.main = { path: f[1], version: f[2] || '(devel)', ...(f[3] ? { sum: f[3] } : {}) };
        break;
      case 'dep':
        if (f[1] && f[2]) info.deps.push((lastDep = { path: f[1], version: f[2], ...(f[3] ? { sum: f[3] } : {}) }));
        break;
      case '=>':
        // Replacement of the previous dep: the code actually linked. A local directory (`=> ../fork`, no
        // version) is not a module path: the dep keeps its own path and version (a valid purl) and says what
        // replaced it.
        if (lastDep && f[1] && isLocalModulePath(f[1])) {
          lastDep.localReplace = f[1];
          delete lastDep.sum;
        } else if (lastDep && f[1]) {
          lastDep.path = f[1];
          lastDep.version = f[2] || lastDep.version;
          if (f[3]) lastDep.sum = f[3];
          else delete lastDep.sum;
        }
        break;
      default:
        break;
    }
  }
  return info;
}

export function goComponents(info: GoBuildInfo): { main?: Component; deps: Component[] } {
  const mk = (m: GoModule): Component => {
    const slash = m.path.lastIndexOf('/');
    const c: Component = {
      purl: goPurl(m.path, m.version),
      name: slash > 0 ? m.path.slice(slash + 1) : m.path,
      version: m.version,
      type: 'library',
    };
    if (slash > 0) c.group = m.path.slice(0, slash);
    if (m.sum) c.properties = { 'custody:go:sum': m.sum };
    if (m.localReplace) c.properties = { ...c.properties, 'custody:go:replaced-by-directory': m.localReplace };
    return c;
  };
  const deps = info.deps.map(mk);
  deps.push({
    purl: formatPurl({ type: 'golang', name: 'stdlib', version: info.goVersion }),
    name: 'stdlib',
    version: info.goVersion,
    type: 'library',
  });
  const main = info.main ? { ...mk(info.main), type: 'application' as const } : undefined;
  return { ...(main ? { main } : {}), deps };
}

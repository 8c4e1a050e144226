/**
 * Package URLs (https://github.com/package-url/purl-spec): pkg:type/namespace/name@version?qualifiers#subpath.
 * Each segment is percent-encoded; `@` in an npm scope becomes %40.
 */
export interface PurlParts {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers?: Record<string, string>;
  subpath?: string;
}

/** Characters that no segment encodes: most names and versions are made of them alone. */
const UNRESERVED = /^[A-Za-z0-9._~-]*$/;

function enc(segment: string): string {
  if (UNRESERVED.test(segment)) return segment;
  // encodeURIComponent leaves !'()* unescaped; purl only allows unreserved characters plus ':' in some segments.
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function formatPurl(p: PurlParts): string {
  let out = `pkg:${p.type.toLowerCase()}/`;
  if (p.namespace) out += `${p.namespace.split('/').map(enc).join('/')}/`;
  out += enc(p.name);
  if (p.version !== undefined && p.version !== '') out += `@${enc(p.version)}`;
  const q = p.qualifiers ? Object.entries(p.qualifiers).filter(([, v]) => v !== '') : [];
  if (q.length) {
    q.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out += `?${q.map(([k, v]) => `${k.toLowerCase()}=${enc(v)}`).join('&')}`;
  }
  if (p.subpath) out += `#${p.subpath.split('/').filter(Boolean).map(enc).join('/')}`;
  return out;
}

/** npm: `@scope/name` -> namespace `@scope` (encoded %40scope), name `name`. */
export function npmPurl(fullName: string, version: string): string {
  const { group, name } = splitNpmName(fullName);
  // formatPurl's result, without its general machinery (this runs once per lockfile entry).
  let out = group ? `pkg:npm/${enc(group)}/${enc(name)}` : `pkg:npm/${enc(name)}`;
  if (version !== '') out += `@${enc(version)}`;
  return out;
}

export function splitNpmName(fullName: string): { group?: string; name: string } {
  if (fullName.startsWith('@')) {
    const slash = fullName.indexOf('/');
    if (slash > 0) return { group: fullName.slice(0, slash), name: fullName.slice(slash + 1) };
  }
  return { name: fullName };
}

/** PyPI names are normalized (PEP 503): lowercase, runs of -_. become a single -. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * The name in a PyPI purl, as the purl spec's pypi type says: lowercased, `_` replaced by `-`; dots are kept
 * (`pkg:pypi/zope.interface`), as the reference purl libraries and vulnerability databases write it.
 */
export function pypiPurlName(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

export function pypiPurl(name: string, version: string): string {
  return formatPurl({ type: 'pypi', name: pypiPurlName(name), version });
}

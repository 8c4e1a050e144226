/**
 * Package URLs as the purl specification defines them (https://github.com/package-url/purl-spec,
 * docs/specification: "How to parse"), for policy matching: `pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS#SUBPATH`.
 *
 * Two purls that spell one package differently (`%40scope` and `@scope`, `1.0.0%2Bbuild` and `1.0.0+build`,
 * `pkg:PyPI/Jinja_2`, qualifiers in another order) parse to the same components; `purlMatches` compares those
 * components, never the text. @custody/sbom has its own purl builder: packages do not import each other.
 */

export interface Purl {
  /** Lowercase. */
  type: string;
  /** Percent-decoded segments joined by `/`; absent when the purl has none. */
  namespace?: string;
  /** Percent-decoded. */
  name: string;
  /** Percent-decoded; absent when the purl has none. */
  version?: string;
  /** Keys lowercase, values percent-decoded; pairs with an empty value are dropped (as the spec says). */
  qualifiers: Record<string, string>;
  /** Percent-decoded segments joined by `/`, without empty, `.` and `..` segments. */
  subpath?: string;
}

/** A purl that cannot be parsed; the message says what is wrong with it. */
export class PurlError extends Error {
  override name = 'PurlError';
}

/** Stands for `*` in a pattern's namespace, name or version (a raw `*`; `%2A` is a literal asterisk). */
const WILD = '\u0000';

const TYPE_RE = /^[a-z][a-z0-9.-]*$/;
const KEY_RE = /^[a-z][a-z0-9._-]*$/;

/**
 * Namespace and name case per type, from the purl-spec type definitions (`case_sensitive: false`: compared
 * lowercase). Types not listed are case-sensitive.
 */
const CASE_INSENSITIVE_NAMESPACE = new Set([
  'alpm',
  'apk',
  'bitbucket',
  'brew',
  'composer',
  'deb',
  'github',
  'hex',
  'luarocks',
  'qpkg',
  'rpm',
  'vscode-extension',
  'yocto',
]);
const CASE_INSENSITIVE_NAME = new Set([
  'alpm',
  'apk',
  'bitbucket',
  'bitnami',
  'brew',
  'chrome-extension',
  'composer',
  'deb',
  'github',
  'hex',
  'luarocks',
  'oci',
  'otp',
  'pub',
  'pypi',
  'vscode-extension',
]);
const CASE_INSENSITIVE_VERSION = new Set(['huggingface', 'oci', 'pypi', 'vscode-extension']);
/**
 * Compared lowercase for matching although the spec keeps their case: the registries treat names that differ
 * only in case as one package. npm has refused new names with capitals since 2015 and names that differ from an
 * existing one only in case or punctuation since 2017; NuGet package ids are case-insensitive. A deny rule must
 * not be escaped by capitalisation.
 */
const MATCH_CASE_INSENSITIVE = new Set(['npm', 'nuget']);

function decode(text: string, what: string, wildcards: boolean): string {
  const one = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new PurlError(`the ${what} "${text}" has a malformed percent-encoding (write % as %25)`);
    }
  };
  // Each decoded piece is checked before the pieces are joined by WILD (itself a control character), so an encoded
  // %00 is refused rather than read as a `*` (a VEX product or rule `pkg:npm/lib@1%00` would match every 1.x).
  const pieces = wildcards ? text.split('*').map(one) : [one(text)];
  if (pieces.some((p) => /[\u0000-\u001f\u007f]/.test(p))) throw new PurlError(`the ${what} "${text}" holds a control character`);
  return pieces.join(WILD);
}

export interface ParseOptions {
  /** Read a raw `*` in the namespace, name and version as "any characters" (policy rules). */
  wildcards?: boolean;
}

/** Parses a purl (spec "How to parse", right to left), applying the spec's per-type normalisation. */
export function parsePurl(text: string, options: ParseOptions = {}): Purl {
  const wild = options.wildcards === true;
  if (typeof text !== 'string' || text === '') throw new PurlError('the purl is empty');
  if (/\s/.test(text)) throw new PurlError('it contains whitespace (percent-encode it: a space is %20)');
  let rest = text;

  let subpath: string | undefined;
  const hash = rest.lastIndexOf('#');
  if (hash >= 0) {
    const segs = rest
      .slice(hash + 1)
      .split('/')
      .map((s) => decode(s, 'subpath segment', false))
      .filter((s) => s !== '' && s !== '.' && s !== '..');
    if (segs.some((s) => s.includes('/'))) throw new PurlError('a subpath segment contains an encoded "/"');
    if (segs.length) subpath = segs.join('/');
    rest = rest.slice(0, hash);
  }

  const qualifiers: Record<string, string> = {};
  const question = rest.lastIndexOf('?');
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (eq < 0) throw new PurlError(`the qualifier "${pair}" has no "=" (write key=value)`);
      const key = pair.slice(0, eq).toLowerCase();
      if (!KEY_RE.test(key))
        throw new PurlError(
          `the qualifier key "${pair.slice(0, eq)}" is not valid (letters, digits, ".", "-", "_", starting with a letter; not percent-encoded)`,
        );
      if (key in qualifiers) throw new PurlError(`the qualifier "${key}" appears twice`);
      const value = decode(pair.slice(eq + 1), `value of qualifier "${key}"`, false);
      if (value !== '') qualifiers[key] = value;
    }
    rest = rest.slice(0, question);
  }

  const colon = rest.indexOf(':');
  if (colon < 0 || rest.slice(0, colon).toLowerCase() !== 'pkg') throw new PurlError('it does not start with "pkg:"');
  rest = rest.slice(colon + 1).replace(/^\/+/, '');

  const slash = rest.indexOf('/');
  if (slash < 0) throw new PurlError('it has no "/" after the type: write pkg:TYPE/NAME');
  const type = rest.slice(0, slash).toLowerCase();
  if (!TYPE_RE.test(type)) {
    throw new PurlError(
      `the type "${rest.slice(0, slash)}" is not valid (ASCII letters, digits, ".", "-", starting with a letter; not percent-encoded)`,
    );
  }
  rest = rest.slice(slash + 1).replace(/\/+$/, '');

  // The version follows the last "@" -- unless that "@" opens a path segment, as an unencoded npm scope does
  // (pkg:npm/@babel/core). An "@" opening the last segment leaves no name (pkg:maven/@1.3.4).
  let version: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const lastSlash = rest.lastIndexOf('/');
    const opensSegment = at === 0 || rest[at - 1] === '/';
    if (!opensSegment || at > lastSlash) {
      if (opensSegment) throw new PurlError('it has no name before the "@" of the version');
      version = decode(rest.slice(at + 1), 'version', wild);
      if (version === '') throw new PurlError('the version after "@" is empty (leave out the "@" to mean any version)');
      rest = rest.slice(0, at).replace(/\/+$/, '');
    }
  }

  const segments = rest.split('/').filter((s) => s !== '');
  const rawName = segments.pop();
  if (rawName === undefined) throw new PurlError('it has no name');
  let name = decode(rawName, 'name', wild);
  if (name === '') throw new PurlError('it has no name');
  const ns = segments.map((s) => decode(s, 'namespace segment', wild));
  if (ns.some((s) => s.includes('/'))) throw new PurlError('a namespace segment contains an encoded "/"');
  let namespace = ns.length ? ns.join('/') : undefined;

  if (namespace !== undefined && CASE_INSENSITIVE_NAMESPACE.has(type)) namespace = namespace.toLowerCase();
  if (CASE_INSENSITIVE_NAME.has(type)) name = name.toLowerCase();
  if (type === 'pypi') name = name.replace(/_/g, '-');
  if (version !== undefined && CASE_INSENSITIVE_VERSION.has(type)) version = version.toLowerCase();

  return {
    type,
    ...(namespace !== undefined ? { namespace } : {}),
    name,
    ...(version !== undefined ? { version } : {}),
    qualifiers,
    ...(subpath !== undefined ? { subpath } : {}),
  };
}

/** The purl in canonical form (lowercase type, sorted qualifiers, percent-encoding as the spec's builders write). */
export function formatPurl(p: Purl): string {
  const enc = (s: string) =>
    s
      .split(WILD)
      .map((part) =>
        encodeURIComponent(part)
          .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
          .replace(/%3A/g, ':'),
      )
      .join('*');
  let out = `pkg:${p.type}/`;
  if (p.namespace !== undefined) out += `${p.namespace.split('/').map(enc).join('/')}/`;
  out += enc(p.name);
  if (p.version !== undefined) out += `@${enc(p.version)}`;
  const keys = Object.keys(p.qualifiers).sort();
  if (keys.length) out += `?${keys.map((k) => `${k}=${enc(p.qualifiers[k]!)}`).join('&')}`;
  if (p.subpath !== undefined) out += `#${p.subpath.split('/').map(enc).join('/')}`;
  return out;
}

/** Beyond the spec's canonical form: what makes two spellings of one package compare equal for matching. */
function matchName(type: string, name: string): string {
  if (type === 'pypi') return name.toLowerCase().replace(/[-_.]+/g, '-'); // PEP 503: runs of - _ . are one -
  return MATCH_CASE_INSENSITIVE.has(type) ? name.toLowerCase() : name;
}
function matchNamespace(type: string, namespace: string | undefined): string | undefined {
  return namespace !== undefined && MATCH_CASE_INSENSITIVE.has(type) ? namespace.toLowerCase() : namespace;
}

/** A policy rule's purl, parsed once: `*` in namespace, name or version matches any characters. */
export interface PurlPattern {
  text: string;
  purl: Purl;
  test: (p: Purl) => boolean;
}

function segmentMatcher(pattern: string): (value: string) => boolean {
  if (!pattern.includes(WILD)) return (v) => v === pattern;
  const re = new RegExp(
    `^${pattern
      .split(WILD)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return (v) => re.test(v);
}

/**
 * Compiles a rule purl. Matching: same type; namespace and name equal (per the type's case and name rules);
 * a rule without a version (or with `@*`) matches every version, one with a version matches that version only
 * (a component without a version does not match it); every qualifier the rule names must be on the component
 * with the same value, qualifiers the rule does not name are ignored; a rule subpath must equal the component's.
 */
export function purlPattern(text: string): PurlPattern {
  const purl = resplit(parsePurl(text, { wildcards: true }));
  const ns = purl.namespace === undefined ? undefined : segmentMatcher(matchNamespace(purl.type, purl.namespace)!);
  const name = segmentMatcher(matchName(purl.type, purl.name));
  const anyVersion = purl.version === undefined || purl.version === WILD;
  const version = anyVersion ? undefined : segmentMatcher(purl.version!);
  const quals = Object.entries(purl.qualifiers);
  return {
    text,
    purl,
    test: (component) => {
      const p = resplit(component);
      return (
        p.type === purl.type &&
        (ns === undefined ? p.namespace === undefined : p.namespace !== undefined && ns(matchNamespace(p.type, p.namespace)!)) &&
        name(matchName(p.type, p.name)) &&
        (version === undefined || (p.version !== undefined && version(p.version))) &&
        quals.every(([k, v]) => p.qualifiers[k] === v) &&
        (purl.subpath === undefined || p.subpath === purl.subpath)
      );
    },
  };
}

/**
 * A component's namespace and name as the package they name: a `/` that was percent-encoded (`%40scope%2Fx`, one
 * name "@scope/x" with no namespace) still separates the namespace from the name, so that a deny rule for
 * `pkg:npm/@scope/x` is not escaped by encoding the slash.
 */
function resplit(p: Purl): Purl {
  if (!p.name.includes('/')) return p;
  const parts = `${p.namespace ?? ''}/${p.name}`.split('/').filter((s) => s !== '');
  const { namespace: _ns, ...rest } = p;
  const name = parts.pop() ?? '';
  return { ...rest, name, ...(parts.length ? { namespace: parts.join('/') } : {}) };
}

/** Whether the component purl `component` is matched by the rule purl `rule` (both as text). */
export function purlMatches(rule: string, component: string): boolean {
  return purlPattern(rule).test(parsePurl(component));
}

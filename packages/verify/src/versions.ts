/**
 * Version orders of package ecosystems, for evaluating OSV ranges (osv.ts): PEP 440 (PyPI), Go module versions
 * (SemVer with a `v`; pseudo-versions are SemVer pre-releases and order as such), dpkg (Debian), apk (Alpine), Maven
 * (ComparableVersion) and RubyGems (Gem::Version).
 * Each parse function returns undefined for text that is not a version of its ecosystem (never a guess); each
 * compare returns -1, 0 or 1. Pure; the rules are cited beside each.
 */

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

// ---------------------------------------------------------------------------------------------------------------
// PEP 440 (https://peps.python.org/pep-0440/), with its normalisations: case-insensitive, a leading `v`, the
// alternative spellings alpha/beta/c/pre/preview/rev/r, separators `.`, `-`, `_` around pre/post/dev, implicit
// numbers (1.0a == 1.0a0), an implicit post release (1.0-1 == 1.0.post1), trailing release zeros (1.0 == 1.0.0).

export interface Pep440 {
  epoch: number;
  release: number[];
  /** [phase, n]: phase 0 a, 1 b, 2 rc; undefined when not a pre-release. */
  pre?: [number, number];
  post?: number;
  dev?: number;
  local: Array<string | number>;
}

const PEP440 =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|beta|preview|pre|a|b|c|rc)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/;

export function parsePep440(text: string): Pep440 | undefined {
  const m = PEP440.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  const release = m[2]!.split('.').map(Number);
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  const phase = m[3] ? ({ a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 } as Record<string, number>)[m[3]] : undefined;
  return {
    epoch: m[1] ? Number(m[1]) : 0,
    release,
    ...(phase !== undefined ? { pre: [phase, Number(m[4] ?? 0)] as [number, number] } : {}),
    ...(m[5] !== undefined ? { post: Number(m[5]) } : m[6] ? { post: Number(m[7] ?? 0) } : {}),
    ...(m[8] ? { dev: Number(m[9] ?? 0) } : {}),
    local: m[10] ? m[10].split(/[-_.]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [],
  };
}

/**
 * PEP 440 order ("Summary of permitted suffixes and relative ordering"): epoch, release (zero-padded), then
 * X.devN < X.aN.devM < X.aN < X.aN.postM < X.bN < X.rcN < X < X.postN.devM < X.postN, then the local label
 * (none < any; numeric segments above alphanumeric ones; a longer label above its prefix).
 */
export function comparePep440(a: Pep440, b: Pep440): number {
  if (a.epoch !== b.epoch) return sign(a.epoch - b.epoch);
  for (let i = 0; i < Math.max(a.release.length, b.release.length); i++) {
    const d = (a.release[i] ?? 0) - (b.release[i] ?? 0);
    if (d) return sign(d);
  }
  // The pre-release key: a dev release of a final (X.devN) sorts before every pre-release of X.
  const preKey = (v: Pep440): [number, number] => v.pre ?? (v.post === undefined && v.dev !== undefined ? [-1, 0] : [3, 0]);
  const [pa, pb] = [preKey(a), preKey(b)];
  if (pa[0] !== pb[0]) return sign(pa[0] - pb[0]);
  if (pa[1] !== pb[1]) return sign(pa[1] - pb[1]);
  const postA = a.post ?? -1;
  const postB = b.post ?? -1;
  if (postA !== postB) return sign(postA - postB);
  const devA = a.dev ?? Number.POSITIVE_INFINITY;
  const devB = b.dev ?? Number.POSITIVE_INFINITY;
  if (devA !== devB) return devA < devB ? -1 : 1;
  for (let i = 0; i < Math.max(a.local.length, b.local.length); i++) {
    const x = a.local[i];
    const y = b.local[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return sign(x - y);
    if (typeof x === 'number') return 1;
    if (typeof y === 'number') return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// dpkg (deb-version(7); dpkg's lib/dpkg/version.c verrevcmp): [epoch:]upstream[-revision]. Compared part by part:
// the epoch numerically, then upstream and revision by alternating non-digit runs (letters before non-letters,
// `~` before everything, even the end) and digit runs (numerically). A missing revision equals "0"... by the same
// rule ("" and "0" compare equal).

export interface DpkgVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

export function parseDpkg(text: string): DpkgVersion | undefined {
  const t = text.trim();
  const m = /^(?:(\d+):)?([0-9][A-Za-z0-9.+~:-]*?)(?:-([A-Za-z0-9.+~]+))?$/.exec(t);
  if (!m) return undefined;
  const upstream = m[2]!;
  // A colon in the upstream part is only allowed with an epoch; a hyphen only with a revision (the lazy match
  // above leaves the last hyphen to the revision).
  if (upstream.includes(':') && m[1] === undefined) return undefined;
  return { epoch: m[1] ? Number(m[1]) : 0, upstream, revision: m[3] ?? '' };
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
function dpkgOrder(c: string): number {
  if (c === '') return 0;
  if (isDigit(c)) return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp over one part (upstream or revision). */
export function dpkgPartCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i]!)) || (j < b.length && !isDigit(b[j]!))) {
      const ac = dpkgOrder(a[i] ?? '');
      const bc = dpkgOrder(b[j] ?? '');
      if (ac !== bc) return sign(ac - bc);
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (i < a.length && j < b.length && isDigit(a[i]!) && isDigit(b[j]!)) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && isDigit(a[i]!)) return 1;
    if (j < b.length && isDigit(b[j]!)) return -1;
    if (firstDiff) return sign(firstDiff);
  }
  return 0;
}

export function compareDpkg(a: DpkgVersion, b: DpkgVersion): number {
  if (a.epoch !== b.epoch) return sign(a.epoch - b.epoch);
  return dpkgPartCompare(a.upstream, b.upstream) || dpkgPartCompare(a.revision, b.revision);
}

// ---------------------------------------------------------------------------------------------------------------
// apk (apk-tools src/version.c; Alpine's APKBUILD reference): digits{.digits}[letter]{_suffix[N]}[~hash][-rN].
// Numbers compare numerically (a number after the first that starts with 0 compares as a string, as apk does for
// fractional parts), a letter after the numbers sorts above none, suffixes _alpha < _beta < _pre < _rc < (none) <
// _cvs < _svn < _git < _hg < _p, then the release -rN.

export interface ApkVersion {
  numbers: string[];
  letter: string;
  suffixes: Array<[number, number]>;
  hash: string;
  release: number;
}

const APK_SUFFIX: Record<string, number> = { alpha: -4, beta: -3, pre: -2, rc: -1, cvs: 1, svn: 2, git: 3, hg: 4, p: 5 };

export function parseApk(text: string): ApkVersion | undefined {
  const m = /^(\d+(?:\.\d+)*)([a-z])?((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:~([0-9a-f]+))?(?:-r(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const suffixes = [...(m[3] ?? '').matchAll(/_([a-z]+)(\d*)/g)].map(
    (s) => [APK_SUFFIX[s[1]!]!, s[2] ? Number(s[2]) : 0] as [number, number],
  );
  return { numbers: m[1]!.split('.'), letter: m[2] ?? '', suffixes, hash: m[4] ?? '', release: m[5] ? Number(m[5]) : 0 };
}

export function compareApk(a: ApkVersion, b: ApkVersion): number {
  for (let i = 0; i < Math.max(a.numbers.length, b.numbers.length); i++) {
    const x = a.numbers[i];
    const y = b.numbers[i];
    if (x === undefined) return -1; // 1.2 < 1.2.0 < 1.2.1 (more components: newer)
    if (y === undefined) return 1;
    // Fractional compare (a part after the first with a leading zero): as strings, like apk.
    if (i > 0 && (x.startsWith('0') || y.startsWith('0'))) {
      if (x !== y) return x < y ? -1 : 1;
      continue;
    }
    const d = Number(x) - Number(y);
    if (d) return sign(d);
  }
  if (a.letter !== b.letter) return a.letter < b.letter ? -1 : 1;
  for (let i = 0; i < Math.max(a.suffixes.length, b.suffixes.length); i++) {
    const [xs, xn] = a.suffixes[i] ?? [0, 0];
    const [ys, yn] = b.suffixes[i] ?? [0, 0];
    if (xs !== ys) return sign(xs - ys);
    if (xn !== yn) return sign(xn - yn);
  }
  if (a.hash !== b.hash) return a.hash < b.hash ? -1 : 1;
  return sign(a.release - b.release);
}

// ---------------------------------------------------------------------------------------------------------------
// Maven (maven-artifact's org.apache.maven.artifact.versioning.ComparableVersion, its javadoc and the POM reference's
// "Version Order Specification"): lower-cased, split into items on '.', '-' and transitions between digits and
// letters; a '-' and a transition open a nested list (so "1-1" is [1, [1]], below "1.1" = [1, 1]); an empty item is
// 0. Qualifiers alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp, then any other
// qualifier lexically; a, b, m directly followed by a digit mean alpha, beta, milestone. Trailing null items (0, "",
// ga, final, release, empty lists) are trimmed from each list, from the end back to the last nested list. Comparing:
// a number is above a qualifier and a nested list; a nested list is above a qualifier; a missing item compares as
// null (a number as 0, a qualifier as the release "", a list by its items).

export type MavenItem = number | bigint | string | MavenItem[];
/** A parsed Maven version: the top-level list of items. */
export type MavenVersion = MavenItem[];

const MAVEN_QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const MAVEN_ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };

function mavenString(text: string, followedByDigit: boolean): string {
  let v = text;
  if (followedByDigit && v.length === 1) v = ({ a: 'alpha', b: 'beta', m: 'milestone' } as Record<string, string>)[v] ?? v;
  return MAVEN_ALIASES[v] ?? v;
}

/**
 * A number item: a number up to 15 digits, a bigint above (so a bigint is always larger than any number, and equal
 * values always have the same type: === compares them).
 */
function mavenInt(digits: string): number | bigint {
  const t = digits.replace(/^0+/, '') || '0';
  return t.length <= 15 ? Number(t) : BigInt(t);
}

const mavenIsNull = (i: MavenItem): boolean => (Array.isArray(i) ? i.length === 0 : typeof i === 'string' ? i === '' : i === 0);

function mavenNormalize(list: MavenItem[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i]!;
    if (mavenIsNull(item)) list.splice(i, 1);
    else if (!Array.isArray(item)) break;
  }
}

/** Parses as ComparableVersion.parseVersion does; undefined only for an empty or blank string (never a guess). */
export function parseMaven(text: string): MavenVersion | undefined {
  const version = text.trim().toLowerCase();
  if (version === '' || /\s/.test(version)) return undefined;
  const top: MavenItem[] = [];
  let list = top;
  const stack: MavenItem[][] = [top];
  let isDigit = false;
  let start = 0;
  const item = (s: string, digit: boolean): MavenItem => (digit ? mavenInt(s) : mavenString(s, false));
  const nest = () => {
    const next: MavenItem[] = [];
    list.push(next);
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < version.length; i++) {
    const c = version[i]!;
    if (c === '.') {
      list.push(i === start ? 0 : item(version.slice(start, i), isDigit));
      start = i + 1;
    } else if (c === '-') {
      list.push(i === start ? 0 : item(version.slice(start, i), isDigit));
      start = i + 1;
      nest();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.push(mavenString(version.slice(start, i), true));
        start = i;
        nest();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(mavenInt(version.slice(start, i)));
        start = i;
        nest();
      }
      isDigit = false;
    }
  }
  if (version.length > start) list.push(item(version.slice(start), isDigit));
  while (stack.length) mavenNormalize(stack.pop()!);
  return top;
}

function mavenQualifierKey(q: string): string {
  const i = MAVEN_QUALIFIERS.indexOf(q);
  return i === -1 ? `${MAVEN_QUALIFIERS.length}-${q}` : String(i);
}

/** ComparableVersion's Item.compareTo, with undefined for the missing (null) item. */
function mavenItemCompare(a: MavenItem | undefined, b: MavenItem | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -mavenItemCompare(b, undefined);
  if (Array.isArray(a)) {
    if (b === undefined) {
      // MNG-6964: the whole list against null, not only its first item.
      for (const x of a) {
        const r = mavenItemCompare(x, undefined);
        if (r) return r;
      }
      return 0;
    }
    if (Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const r = mavenItemCompare(a[i], b[i]);
        if (r) return r;
      }
      return 0;
    }
    return typeof b === 'string' ? 1 : -1;
  }
  if (typeof a === 'string') {
    if (b === undefined) return sign(mavenQualifierKey(a) < '5' ? -1 : mavenQualifierKey(a) > '5' ? 1 : 0);
    if (typeof b === 'string') {
      const [x, y] = [mavenQualifierKey(a), mavenQualifierKey(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return -1;
  }
  // A number.
  if (b === undefined) return a === 0 ? 0 : 1;
  if (typeof b === 'number' || typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  return 1;
}

export function compareMaven(a: MavenVersion, b: MavenVersion): number {
  return mavenItemCompare(a, b);
}

// ---------------------------------------------------------------------------------------------------------------
// RubyGems (Gem::Version, rubygems/lib/rubygems/version.rb and its docs): a version matches
// /\A[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?\z/; each '-' reads as ".pre."; segments are the runs of
// digits (numbers) and of letters (strings); a version with a letter is a prerelease. Comparing (Gem::Version#<=>):
// the canonical segments (trailing zeros dropped from the numeric part and from the part from the first string on,
// so 1.0 == 1), item by item with a missing one read as 0: a string is below a number (1.0.a < 1.0), strings by
// byte order, numbers numerically (1.10 > 1.9).

export type GemVersion = Array<number | bigint | string>;

const GEM_VERSION = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseGem(text: string): GemVersion | undefined {
  const t = text.trim();
  if (!GEM_VERSION.test(t)) return undefined;
  const segments = (t.replaceAll('-', '.pre.').match(/[0-9]+|[a-z]+/gi) ?? []).map((s) => (/^\d+$/.test(s) ? mavenInt(s) : s));
  const firstString = segments.findIndex((s) => typeof s === 'string');
  const cut = firstString === -1 ? segments.length : firstString;
  const trim = (part: GemVersion): GemVersion => {
    const out = [...part];
    while (out.length && out[out.length - 1] === 0) out.pop();
    return out;
  };
  return [...trim(segments.slice(0, cut)), ...trim(segments.slice(cut))];
}

export function compareGem(a: GemVersion, b: GemVersion): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'string' && typeof y !== 'string') return -1;
    if (typeof x !== 'string' && typeof y === 'string') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * The ECOSYSTEM-range order of an OSV ecosystem (`Debian:11` and `Alpine:v3.17` by their base name), as a
 * comparison of two version strings that returns undefined when either is not a version of that ecosystem.
 * Undefined when Custody does not know the ecosystem's order.
 */
export function ecosystemOrder(ecosystem: string): ((a: string, b: string) => number | undefined) | undefined {
  const base = ecosystem.split(':')[0]!;
  const by =
    <T>(parse: (s: string) => T | undefined, cmp: (a: T, b: T) => number) =>
    (a: string, b: string): number | undefined => {
      const x = parse(a);
      const y = parse(b);
      return x !== undefined && y !== undefined ? cmp(x, y) : undefined;
    };
  if (base === 'PyPI') return by(parsePep440, comparePep440);
  if (base === 'Debian' || base === 'Ubuntu') return by(parseDpkg, compareDpkg);
  if (base === 'Alpine') return by(parseApk, compareApk);
  if (base === 'Maven') return by(parseMaven, compareMaven);
  if (base === 'RubyGems') return by(parseGem, compareGem);
  return undefined;
}

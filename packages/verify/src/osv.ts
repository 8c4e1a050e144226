/**
 * Matching components against OSV records offline (`custody vuln`): a record's `affected[]` entries for the
 * component's ecosystem and name, its `versions` list and its `ranges` evaluated by the OSV algorithm
 * (https://ossf.github.io/osv-schema/#evaluation) with the ecosystem's own version order: npm and Go (SemVer 2.0.0
 * precedence, also for SEMVER ranges of any ecosystem), PyPI (PEP 440), Debian (dpkg), Alpine (apk), Maven
 * (ComparableVersion) and RubyGems (Gem::Version), the last five in versions.ts. Other ecosystems, and Debian/Alpine packages of unknown release, are reported as not evaluated, never
 * guessed. A finding carries the record's rating, its CVSS v3 base score (cvss.ts) and its `upstream` ids. Pure:
 * records and components in, findings out; docs/vuln.md.
 */
import { osvCvss } from './cvss.js';
import { ecosystemOrder } from './versions.js';
import type { Finding } from './vuln.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

interface SemVer {
  core: [number, number, number];
  pre: Array<string | number>;
}

/** A SemVer 2.0.0 version (a leading `v` and build metadata accepted); undefined when it is not one. */
export function parseSemver(text: string): SemVer | undefined {
  const m =
    /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const pre = m[4] ? m[4].split('.').map((p) => (/^(0|[1-9]\d*)$/.test(p) ? Number(p) : p)) : [];
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre };
}

/** SemVer precedence: -1, 0, 1 (build metadata ignored; a pre-release sorts before its release). */
export function compareSemver(a: SemVer, b: SemVer): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i]! < b.core[i]! ? -1 : 1;
  if (!a.pre.length || !b.pre.length) return a.pre.length === b.pre.length ? 0 : a.pre.length ? -1 : 1;
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

const semverOrder = (a: string, b: string): number | undefined => {
  const x = parseSemver(a);
  const y = parseSemver(b);
  return x && y ? compareSemver(x, y) : undefined;
};

/**
 * The version order of a range: SEMVER ranges (any ecosystem) and npm and Go ECOSYSTEM ranges by SemVer (Go's `v`
 * prefix accepted, pseudo-versions being SemVer pre-releases); PyPI, Debian, Alpine, Maven and RubyGems by versions.ts; undefined
 * when Custody does not know the order. OSV's `introduced: "0"` sorts before every version.
 */
function orderFor(ecosystem: string, rangeType: string): ((a: string, b: string) => number | undefined) | undefined {
  let cmp: ((a: string, b: string) => number | undefined) | undefined;
  if (rangeType === 'SEMVER' || (rangeType === 'ECOSYSTEM' && (ecosystem === 'npm' || ecosystem === 'Go'))) cmp = semverOrder;
  else if (rangeType === 'ECOSYSTEM') cmp = ecosystemOrder(ecosystem);
  if (!cmp) return undefined;
  const order = cmp;
  return (a, b) => (a === '0' || b === '0' ? (a === b ? 0 : a === '0' ? -1 : 1) : order(a, b));
}

/** Whether a component's version is one listed in an `affected[].versions` list (by the ecosystem's order when known). */
function listed(versions: unknown[], version: string, ecosystem: string): boolean {
  const cmp = orderFor(ecosystem, 'ECOSYSTEM');
  return versions.some((v) => typeof v === 'string' && (v === version || (cmp !== undefined && cmp(v, version) === 0)));
}

/** The key a package name is looked up by: PyPI names normalised (PEP 503), others as written. */
const nameKey = (ecosystem: string, name: string): string => (ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name);

/**
 * Whether `version` is inside one OSV range: events sorted by version, walked in order; `introduced` opens,
 * `fixed` closes before, `last_affected` closes after, `limit` bounds the range. Undefined when a version cannot be
 * compared (not a version of that ecosystem).
 */
export function inRange(range: unknown, version: string, ecosystem: string): boolean | undefined {
  if (!isObj(range)) return undefined;
  const type = str(range.type) ?? '';
  const cmp = orderFor(ecosystem, type);
  if (!cmp) return undefined;
  const events = arr(range.events)
    .filter(isObj)
    .map((e) => {
      const [kind, value] = Object.entries(e).find(([k]) => ['introduced', 'fixed', 'last_affected', 'limit'].includes(k)) ?? [];
      return kind && typeof value === 'string' ? { kind, value } : undefined;
    })
    .filter((e): e is { kind: string; value: string } => e !== undefined);
  if (events.length === 0) return undefined;
  let failed = false;
  const order = (a: string, b: string): number => {
    const c = cmp(a, b);
    if (c === undefined) {
      failed = true;
      return 0;
    }
    return c;
  };
  const limits = events.filter((e) => e.kind === 'limit');
  if (limits.length && !limits.some((l) => l.value === '*' || order(version, l.value) < 0)) return failed ? undefined : false;
  const sorted = events.filter((e) => e.kind !== 'limit').sort((a, b) => order(a.value, b.value));
  let affected = false;
  for (const e of sorted) {
    const c = order(version, e.value);
    if (e.kind === 'introduced' && c >= 0) affected = true;
    else if (e.kind === 'fixed' && c >= 0) affected = false;
    else if (e.kind === 'last_affected' && c > 0) affected = false;
  }
  return failed ? undefined : affected;
}

/** A component to look up: its OSV ecosystem, package name and version (from a purl). */
export interface OsvComponent {
  ecosystem: string;
  name: string;
  version: string;
  purl: string;
}

const PURL_ECOSYSTEMS: Record<string, string> = {
  npm: 'npm',
  pypi: 'PyPI',
  golang: 'Go',
  cargo: 'crates.io',
  maven: 'Maven',
  gem: 'RubyGems',
  nuget: 'NuGet',
  composer: 'Packagist',
  deb: 'Debian',
  apk: 'Alpine',
};

/** The OSV ecosystem, name and version of a purl (npm scope kept: `@scope/name`); undefined when it has no version. */
export function componentFromPurl(purl: string): OsvComponent | undefined {
  const m = /^pkg:([a-z0-9.+-]+)\/([^@?#]+)@([^?#]+)/i.exec(purl);
  if (!m) return undefined;
  let ecosystem = PURL_ECOSYSTEMS[m[1]!.toLowerCase()];
  if (!ecosystem) return undefined;
  // OS ecosystems are per release in OSV (Debian:11, Alpine:v3.17), named by the purl's distro qualifier.
  const distro = /[?&]distro=([^&#]+)/.exec(purl)?.[1];
  if (distro && ecosystem === 'Debian') {
    const release = /^debian-(\d+)/.exec(decodeURIComponent(distro))?.[1];
    if (release) ecosystem = `Debian:${release}`;
  } else if (distro && ecosystem === 'Alpine') {
    const release = /^alpine-(\d+\.\d+)/.exec(decodeURIComponent(distro))?.[1];
    if (release) ecosystem = `Alpine:v${release}`;
  }
  const path = m[2]!.split('/').map(decodeURIComponent);
  const name =
    ecosystem === 'Maven'
      ? path.join(':')
      : ecosystem.startsWith('Debian') || ecosystem.startsWith('Alpine')
        ? path[path.length - 1]!
        : path.join('/');
  return { ecosystem, name, version: decodeURIComponent(m[3]!), purl };
}

export interface OsvMatchResult {
  findings: Finding[];
  /** Components whose ecosystem's version order is not built, with the records that could not be evaluated. */
  unevaluated: Array<{ purl: string; id: string; reason: string }>;
}

/** Why an OS package without a distro release is not evaluated. */
export const NO_RELEASE = "no distro release known for this image; OSV's Debian/Alpine records are per release";

/** Matches components against OSV records (one finding per record and component; withdrawn records skipped). */
export function matchOsv(records: unknown[], components: OsvComponent[]): OsvMatchResult {
  const index = new Map<string, Obj[]>();
  const add = (key: string, r: Obj) => {
    const list = index.get(key) ?? [];
    if (!list.includes(r)) list.push(r);
    index.set(key, list);
  };
  for (const r of records) {
    if (!isObj(r) || !str(r.id) || str(r.withdrawn)) continue;
    for (const a of arr(r.affected)) {
      if (!isObj(a) || !isObj(a.package)) continue;
      const ecosystem = String(a.package.ecosystem);
      add(`${ecosystem}\u0000${nameKey(ecosystem, String(a.package.name))}`, r);
      // Per-release OS records (Debian:11, Alpine:v3.17) indexed under the bare ecosystem too, to name what a
      // component of unknown release could not be evaluated against.
      const release = /^(Debian|Alpine):/.exec(ecosystem)?.[1];
      if (release) add(`${release}\u0000release-unknown\u0000${String(a.package.name)}`, r);
    }
  }
  const findings: Finding[] = [];
  const unevaluated: OsvMatchResult['unevaluated'] = [];
  const seen = new Set<string>();
  for (const c of components) {
    const key = `${c.purl}\u0000${c.name}\u0000${c.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (c.ecosystem === 'Debian' || c.ecosystem === 'Alpine') {
      // OSV's Debian and Alpine records are per release; a purl without a distro qualifier (an image without
      // os-release) names none, so nothing can be matched: said, never passed silently.
      for (const r of index.get(`${c.ecosystem}\u0000release-unknown\u0000${c.name}`) ?? [])
        if (!unevaluated.some((u) => u.purl === c.purl && u.id === r.id))
          unevaluated.push({ purl: c.purl, id: r.id as string, reason: NO_RELEASE });
      continue;
    }
    for (const r of index.get(`${c.ecosystem}\u0000${nameKey(c.ecosystem, c.name)}`) ?? []) {
      let hit = false;
      let unknown = false;
      let fixed: string | undefined;
      const entries: Obj[] = [];
      for (const a of arr(r.affected)) {
        if (!isObj(a) || !isObj(a.package) || a.package.ecosystem !== c.ecosystem) continue;
        if (nameKey(c.ecosystem, String(a.package.name)) !== nameKey(c.ecosystem, c.name)) continue;
        entries.push(a);
        if (listed(arr(a.versions), c.version, c.ecosystem)) hit = true;
        for (const range of arr(a.ranges)) {
          const inside = inRange(range, c.version, c.ecosystem);
          if (inside === undefined) {
            if (isObj(range) && range.type !== 'GIT') unknown = true;
            continue;
          }
          if (inside) {
            hit = true;
            for (const e of arr(isObj(range) ? range.events : [])) if (isObj(e) && str(e.fixed)) fixed ??= e.fixed as string;
          }
        }
      }
      if (hit) {
        // The record's own rating first (GHSA's database_specific.severity), else the CVSS v3 vectors of the record
        // and of its entries for this package, scored (cvss.ts); CVSS v4-only records stay unrated.
        const rated = isObj(r.database_specific) ? str(r.database_specific.severity)?.toLowerCase() : undefined;
        let cvss = osvCvss(r.severity);
        for (const a of entries) {
          const s = osvCvss(a.severity);
          if (s !== undefined && (cvss === undefined || s > cvss)) cvss = s;
        }
        const upstream = arr(r.upstream).filter((x): x is string => typeof x === 'string');
        findings.push({
          id: r.id as string,
          aliases: arr(r.aliases).filter((x): x is string => typeof x === 'string'),
          ...(upstream.length ? { upstream } : {}),
          package: { name: c.name, version: c.version, purl: c.purl },
          ...(rated ? { scannerSeverity: rated === 'moderate' ? 'medium' : rated } : {}),
          ...(cvss !== undefined ? { cvss } : {}),
          ...(fixed ? { fixedVersion: fixed } : {}),
        });
      } else if (unknown) {
        unevaluated.push({ purl: c.purl, id: r.id as string, reason: `${c.ecosystem} version ranges are not evaluated yet` });
      }
    }
  }
  return { findings, unevaluated };
}

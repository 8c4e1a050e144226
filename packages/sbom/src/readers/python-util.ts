/**
 * Helpers shared by the Python readers (poetry, uv, pdm, Pipfile.lock, requirements).
 *
 * Hashes: a locked Python release usually lists many files (one sdist and a wheel per platform), each with its own
 * SHA-256. A CycloneDX component carries one hash per algorithm (the library models hashes as a map), and a hash in
 * `component.hashes` should be the hash of *the* component artifact. So:
 * - when the lockfile names the files, the sdist's SHA-256 goes in `hashes` (the one artifact every platform can
 *   build from; `custody:pypi:hash-file` names it); with a single file, that file's hash;
 * - when there are several hashes and no way to tell which file is which (Pipfile.lock, requirements --hash), none is
 *   singled out;
 * - in every case with more than one hash, all of them go in the `custody:pypi:hashes` property (sorted, space
 *   separated), which is what pip's --require-hashes accepts for the release.
 */
import { fromPrefixedHex } from '../hashes.js';
import type { Component, ComponentHash, ComponentScope } from '../model.js';
import { normalizePypiName, pypiPurl } from '../purl.js';
import { cmp } from './other-util.js';

export interface PyFile {
  /** File name or URL, when known. */
  file?: string;
  /** `sha256:HEX` (or another prefixed algorithm). */
  hash: string;
}

const SDIST = /\.(tar\.gz|tar\.bz2|tar\.xz|tgz|zip|tar)$/i;

function baseName(fileOrUrl: string): string {
  const noQuery = fileOrUrl.replace(/[?#].*$/, '');
  return noQuery.slice(noQuery.lastIndexOf('/') + 1);
}

/** Picks the component hash and the all-hashes property from a release's files (see the module comment). */
export function pythonHashes(files: PyFile[]): { hashes?: ComponentHash[]; properties?: Record<string, string> } {
  const valid = files
    .map((f) => ({ ...f, parsed: fromPrefixedHex(f.hash) }))
    .filter((f): f is PyFile & { parsed: ComponentHash } => f.parsed !== undefined);
  if (valid.length === 0) return {};
  const all = [...new Set(valid.map((f) => `${f.parsed.alg.toLowerCase().replace('-', '')}:${f.parsed.content}`))].sort(cmp);
  let pick: (typeof valid)[number] | undefined;
  if (all.length === 1) pick = valid[0];
  else pick = valid.find((f) => f.file !== undefined && SDIST.test(baseName(f.file)) && !/\.whl$/i.test(f.file));
  const out: { hashes?: ComponentHash[]; properties?: Record<string, string> } = {};
  if (pick) out.hashes = [pick.parsed];
  const props: Record<string, string> = {};
  if (pick?.file && all.length > 1) props['custody:pypi:hash-file'] = baseName(pick.file);
  if (all.length > 1) props['custody:pypi:hashes'] = all.join(' ');
  if (Object.keys(props).length) out.properties = props;
  return out;
}

export function pyComponent(
  name: string,
  version: string,
  extra: { scope?: ComponentScope | undefined; files?: PyFile[]; properties?: Record<string, string>; description?: string },
): Component {
  const c: Component = { purl: pypiPurl(name, version), name, version, type: 'library' };
  if (extra.scope) c.scope = extra.scope;
  if (extra.description) c.description = extra.description;
  const h = extra.files ? pythonHashes(extra.files) : {};
  if (h.hashes) c.hashes = h.hashes;
  const props = { ...extra.properties, ...h.properties };
  if (Object.keys(props).length) c.properties = props;
  return c;
}

/** A PEP 508 requirement's head: name, extras and whatever follows (version specifiers, `@ url`), and the marker. */
export interface Pep508 {
  name: string;
  extras: string[];
  spec: string;
  marker?: string;
}

const PEP508 = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*([^;]*?)\s*(?:;\s*(.*?))?\s*$/;

export function parsePep508(text: string): Pep508 | undefined {
  const m = PEP508.exec(text);
  if (!m) return undefined;
  const extras = (m[2] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const out: Pep508 = { name: m[1]!, extras, spec: m[3] ?? '' };
  if (m[4]) out.marker = m[4];
  return out;
}

/** `==1.2.3` / `===1.2.3` (no wildcard, no other clause) -> the pinned version. */
export function pinnedVersion(spec: string): string | undefined {
  const m = /^\(?\s*===?\s*([^\s,;()*]+)\s*\)?$/.exec(spec.trim());
  return m ? m[1] : undefined;
}

const CLAUSE = String.raw`\s*(?:~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9*+!._-]+\s*`;
const SPEC_LIST = new RegExp(String.raw`^\(?(?:${CLAUSE})(?:,${CLAUSE})*\)?$`);

/** Whether a requirement's tail is a PEP 440 specifier list (or empty, or a `@ url` direct reference). */
export function isVersionSpec(spec: string): boolean {
  const s = spec.trim();
  return s === '' || /^@\s*\S+$/.test(s) || SPEC_LIST.test(s);
}

/** Python dev-like dependency group names: a package only in such groups is scoped `excluded`. */
export const DEV_GROUPS = new Set([
  'dev',
  'develop',
  'development',
  'test',
  'tests',
  'testing',
  'lint',
  'linting',
  'doc',
  'docs',
  'typing',
  'format',
  'style',
]);

/** Index of packages by normalized name, for resolving dependency names to the locked entries. */
export class NameIndex<T> {
  private readonly map = new Map<string, T[]>();
  add(name: string, value: T): void {
    const key = normalizePypiName(name);
    const list = this.map.get(key);
    if (list) list.push(value);
    else this.map.set(key, [value]);
  }
  get(name: string): T[] {
    return this.map.get(normalizePypiName(name)) ?? [];
  }
}

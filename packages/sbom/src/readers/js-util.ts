/**
 * Helpers shared by the JavaScript lockfile readers (yarn v1, yarn berry, pnpm, deno): errors with a location,
 * npm components and scope from reachability. The graph builder is ../graph.ts, shared by every reader.
 */
import { checkYamlFlowDepth, countYamlAliases, LimitError, limits, type InputError } from '@custody/core';
import { LockfileParseError, LockfileVersionError } from '../errors.js';
import { yaml } from '../parsers.js';
import { mergeHashes } from '../graph.js';
import { fromIntegrity } from '../hashes.js';
import type { Component, ComponentHash, ComponentScope } from '../model.js';
import { formatPurl, splitNpmName } from '../purl.js';

/** `source:line` when the line is known, else `source`. */
export function location(source: string, line?: number): string {
  return line !== undefined && line > 0 ? `${source}:${line}` : source;
}

/** LOCKFILE_MALFORMED (exit 2) at `source:line`. */
export function malformed(source: string, line: number | undefined, message: string, hint: string): InputError {
  return new LockfileParseError(`${message}.`, { location: location(source, line), hint, exitCode: 2 });
}

/** LOCKFILE_UNSUPPORTED_VERSION (exit 2) at `source:line`; the hint says which versions are supported. */
export function unsupportedVersion(source: string, line: number | undefined, message: string, hint: string): InputError {
  return new LockfileVersionError(`${message}.`, { location: location(source, line), hint, exitCode: 2 });
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** 1-based line where `needle` first occurs, or undefined. */
export function lineOf(text: string, needle: string): number | undefined {
  const at = text.indexOf(needle);
  return at < 0 ? undefined : lineAt(text, at);
}

/**
 * Splits `name@range` (npm style, the scope's `@` is part of the name). Returns undefined when there is no
 * version part (`lodash`, `@babel/core`).
 */
export function splitNameAt(spec: string): { name: string; rest: string } | undefined {
  const at = spec.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: spec.slice(0, at), rest: spec.slice(at + 1) };
}

const GIT_URL =
  /^(git\+|git:|github:|gitlab:|bitbucket:)|\.git(#|$)|^https?:\/\/(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/]+(#|$)/;

/** A resolved URL that points at a git repository rather than a tarball. */
export function isGitUrl(url: string): boolean {
  return GIT_URL.test(url);
}

/** A tarball from an npm-compatible registry: `<registry>/<name>/-/<base>-<version>.tgz`. */
export function isRegistryTarball(url: string): boolean {
  return /^https?:\/\/[^#?]+\/-\/[^/#?]+\.tgz([#?].*)?$/.test(url);
}

export interface NpmComponentOptions {
  integrity?: string | undefined;
  /** Extra hashes (e.g. the SHA-1 in a yarn v1 `resolved` fragment). */
  hashes?: ComponentHash[];
  scope?: ComponentScope;
  downloadUrl?: string | undefined;
  /** purl qualifiers for packages not from the registry: vcs_url for git, download_url for other tarballs. */
  qualifiers?: Record<string, string>;
  properties?: Record<string, string>;
}

/** An npm package component: purl with `@scope` encoded, name/group split, hashes from the SRI integrity. */
export function npmComponent(fullName: string, version: string, opts: NpmComponentOptions = {}): Component {
  const { group, name } = splitNpmName(fullName);
  const purl = formatPurl({
    type: 'npm',
    ...(group ? { namespace: group } : {}),
    name,
    version,
    ...(opts.qualifiers && Object.keys(opts.qualifiers).length ? { qualifiers: opts.qualifiers } : {}),
  });
  const c: Component = { purl, name, version, type: 'library' };
  if (group) c.group = group;
  const hashes = mergeHashes(fromIntegrity(opts.integrity), opts.hashes ?? []);
  if (hashes.length) c.hashes = hashes;
  if (opts.scope) c.scope = opts.scope;
  if (opts.downloadUrl) c.downloadUrl = opts.downloadUrl;
  if (opts.properties && Object.keys(opts.properties).length) c.properties = { ...opts.properties };
  return c;
}

/** Qualifiers for a package that did not come from the registry, from where it was resolved. */
export function sourceQualifiers(resolved: string | undefined): Record<string, string> {
  if (!resolved) return {};
  if (isGitUrl(resolved)) {
    // Yarn berry writes `#commit=<sha>`; npm and yarn v1 write `#<sha>`: one form in the purl.
    const url = (resolved.startsWith('git+') || resolved.startsWith('git:') ? resolved : `git+${resolved}`).replace('#commit=', '#');
    return { vcs_url: url };
  }
  if (/^https?:/.test(resolved) && !isRegistryTarball(resolved)) return { download_url: resolved.replace(/#.*$/, '') };
  return {};
}

export interface ScopeEdges {
  /** Edges that are needed at run time (dependencies). */
  required: Map<string, Iterable<string>>;
  /** Edges to optional dependencies. */
  optional: Map<string, Iterable<string>>;
}

/**
 * Scope from reachability: what the project's runtime roots reach over required edges is `required`; what they
 * reach only through an optional root or edge is `optional`; what only the development roots reach is `excluded`.
 * Returns purl -> scope for every node reached.
 */
export function scopesByReachability(
  roots: { required: Iterable<string>; optional: Iterable<string>; dev: Iterable<string> },
  edges: ScopeEdges,
): Map<string, ComponentScope> {
  const out = new Map<string, ComponentScope>();
  const walk = (start: Iterable<string>, scope: ComponentScope, useOptional: boolean): void => {
    const stack = [...start];
    while (stack.length) {
      const n = stack.pop()!;
      if (out.has(n)) continue;
      out.set(n, scope);
      for (const m of edges.required.get(n) ?? []) if (!out.has(m)) stack.push(m);
      if (useOptional) for (const m of edges.optional.get(n) ?? []) if (!out.has(m)) stack.push(m);
    }
  };
  walk(roots.required, 'required', false);
  // Optional: from the runtime roots through optional edges, and from optional roots.
  const optionalStarts: string[] = [...roots.optional];
  for (const [n, scope] of out) if (scope === 'required') for (const m of edges.optional.get(n) ?? []) optionalStarts.push(m);
  walk(optionalStarts, 'optional', true);
  walk(roots.dev, 'excluded', true);
  return out;
}

/** One top-level key of a YAML lockfile, its plain value and the line it starts on. */
export interface YamlEntry {
  key: string;
  value: unknown;
  line: number;
}

/** Alias uses accepted in a YAML lockfile: pnpm and yarn write none; the yaml package's default bound. */
export const MAX_YAML_ALIASES = 100;

/** A top-level key as written at the start of a line (plain, 'single' or "double" quoted), or undefined. */
function topLevelKey(line: string): string | undefined {
  const c = line.charCodeAt(0);
  if (!c || c === 0x20 || c === 0x09 || c === 0x23 || c === 0x2d || c === 0x0d) return undefined;
  if (c === 0x22) {
    const m = /^"((?:[^"\\]|\\.)*)"\s*:/.exec(line);
    if (!m) return undefined;
    try {
      return JSON.parse(`"${m[1]}"`) as string;
    } catch {
      return m[1];
    }
  }
  if (c === 0x27) {
    const m = /^'((?:[^']|'')*)'\s*:/.exec(line);
    return m ? m[1]!.replace(/''/g, "'") : undefined;
  }
  const m = /^([^#]*?)\s*:(\s|$)/.exec(line);
  return m ? m[1] : undefined;
}

/**
 * Parses a YAML lockfile (js-yaml, core schema) and returns its top-level entries with their lines. A syntax
 * error becomes LOCKFILE_MALFORMED at the line js-yaml reports; nesting deeper than the JSON depth limit (flow or
 * block) is LIMIT_JSON_DEPTH before any recursion; more than MAX_YAML_ALIASES alias uses is LOCKFILE_MALFORMED.
 */
export function parseYamlLockfile(text: string, source: string, what: string, hint: string): YamlEntry[] {
  // Flow collections ([ ], { }) nested past the JSON depth limit are refused before the recursive parser sees them.
  checkYamlFlowDepth(text, what, source);
  const aliases = countYamlAliases(text);
  if (aliases > MAX_YAML_ALIASES) {
    throw malformed(
      source,
      undefined,
      `${what} uses ${aliases} YAML aliases, more than the ${MAX_YAML_ALIASES} accepted (pnpm and yarn write none)`,
      hint,
    );
  }
  const { load, CORE_SCHEMA } = yaml();
  const maxDepth = limits().jsonDepth;
  let doc: unknown;
  try {
    doc = load(text, { schema: CORE_SCHEMA, maxDepth });
  } catch (err) {
    const e = err as { reason?: string; message?: string; mark?: { line?: number; position?: number } };
    const reason = e.reason ?? e.message ?? String(err);
    // js-yaml appends a newline to a text that lacks one: an error at the end is on the text's last line.
    const pos = e.mark?.position;
    const line =
      typeof pos === 'number'
        ? lineAt(text, Math.min(pos, Math.max(0, text.length - 1)))
        : typeof e.mark?.line === 'number'
          ? e.mark.line + 1
          : undefined;
    if (/maxDepth/.test(reason))
      throw new LimitError('jsonDepth', `${what} nests deeper than ${maxDepth} levels.`, { location: location(source, line) });
    throw malformed(source, line, `${what} is not valid YAML: ${reason}`, hint);
  }
  if (!isRecord(doc)) {
    throw malformed(source, 1, `${what} should be a YAML mapping at the top level`, hint);
  }
  // Lines of the top-level keys, from the text (js-yaml returns plain values without positions).
  const lines = new Map<string, number>();
  let lineNo = 0;
  for (let at = 0; at < text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    lineNo++;
    const c = text.charCodeAt(at);
    if (c !== 0x20 && c !== 0x0a && c !== 0x23 && c !== 0x2d) {
      const key = topLevelKey(text.slice(at, Math.min(end, at + 4096)));
      if (key !== undefined && !lines.has(key)) lines.set(key, lineNo);
    }
    at = end + 1;
  }
  const top = doc;
  return Object.keys(top).map((key) => ({ key, value: top[key], line: lines.get(key) ?? 1 }));
}

/** The line of a key nested below a top-level entry (`  key:`), searched in the text after that entry's line. */
export function nestedLine(text: string, fromLine: number, key: string): number {
  const lines = text.split('\n');
  for (let i = fromLine; i < lines.length && i < fromLine + 200; i++) {
    if (lines[i]!.trimStart().startsWith(`${key}:`)) return i + 1;
  }
  return fromLine;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string -> string map from an unknown YAML/JSON value (non-string values become strings). */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = String(x);
  return out;
}

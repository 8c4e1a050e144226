/**
 * Shared helpers for the non-JavaScript lockfile readers (Python, Go, Cargo, Bundler, Composer, NuGet):
 * parsing TOML/JSON with errors that name the file and line, building a deduplicated graph, and the
 * error constructors every reader uses.
 */
import type { InputError } from '@custody/core';
import { parse as parseTomlText, TomlError } from 'smol-toml';
import type { Component, ComponentHash, ComponentScope, PackageGraph } from '../model.js';
import { addEdge, newGraph } from '../model.js';
import { LockfileParseError, LockfileVersionError, NoPackagesError, parseJsonLockfile } from '../errors.js';

export type Table = Record<string, unknown>;

// Errors: the package's classes (errors.ts), so every reader reports a problem with the same stable code:
// LOCKFILE_MALFORMED, LOCKFILE_UNSUPPORTED_VERSION, LOCKFILE_NO_PACKAGES; all exit 2.

function where(source: string, line?: number): string {
  return line !== undefined && line > 0 ? `${source}:${line}` : source;
}

/** The file is not what its name says (syntax error, missing field, wrong shape). Exit 2. */
export function malformed(source: string, line: number | undefined, what: string, supported: string, cause?: unknown): InputError {
  return new LockfileParseError(what, {
    location: where(source, line),
    hint: `${supported} If the file was cut short or edited by hand, regenerate it with its package manager.`,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The file declares a format version this reader does not know. Exit 2. */
export function unsupportedVersion(source: string, line: number | undefined, what: string, supported: string): InputError {
  return new LockfileVersionError(what, {
    location: where(source, line),
    hint: `${supported} Regenerate the file with a supported tool version, or file an issue with a sample.`,
  });
}

/** The file parsed but names no package this reader can report. Exit 2. */
export function noPackages(source: string, what: string, hint: string): InputError {
  return new NoPackagesError(what, { location: source, hint });
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** 1-based line of the first occurrence of `needle` (from `from`), or undefined. */
export function lineOf(text: string, needle: string, from = 0): number | undefined {
  const at = text.indexOf(needle, from);
  return at < 0 ? undefined : lineAt(text, at);
}

/** Lines of the `[[name]]` array-table headers, in document order (entry i of the parsed array is on line i). */
export function arrayTableLines(text: string, name: string): number[] {
  const out: number[] = [];
  const header = `[[${name}]]`;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i]!.trim() === header) out.push(i + 1);
  return out;
}

/** Parses TOML; a syntax error becomes LOCKFILE_MALFORMED at `source:line`. */
export function parseToml(text: string, source: string, supported: string): Table {
  try {
    return parseTomlText(text) as Table;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.replace(/^Invalid TOML document: /, '').split('\n')[0] ?? 'syntax error';
      throw malformed(source, err.line, `not valid TOML at column ${err.column}: ${first}.`, supported, err);
    }
    throw malformed(source, undefined, `not valid TOML: ${String(err)}.`, supported, err);
  }
}

/** Parses JSON; a syntax error becomes LOCKFILE_MALFORMED at `source:line` (end of file for a truncated one). */
export function parseJson(text: string, source: string, supported: string): unknown {
  const name = source.slice(source.lastIndexOf('/') + 1);
  return parseJsonLockfile(text, source, name, `${supported} If the file was cut short or edited by hand, regenerate it with its package manager.`);
}

export function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

const SCOPE_RANK: Record<ComponentScope, number> = { excluded: 0, optional: 1, required: 2 };

/**
 * Collects components keyed by purl (one component per purl), edges and direct purls, and returns a graph with
 * every list sorted so that the same input gives the same bytes.
 */
export class GraphBuilder {
  readonly graph: PackageGraph;
  private readonly byPurl = new Map<string, Component>();
  private readonly direct = new Set<string>();
  private readonly notes: string[] = [];

  constructor(ecosystem: string, source: string, format: string) {
    this.graph = newGraph(ecosystem, source, format);
  }

  has(purl: string): boolean {
    return this.byPurl.has(purl);
  }

  get(purl: string): Component | undefined {
    return this.byPurl.get(purl);
  }

  /**
   * Adds a component or merges it into the one with the same purl: the strongest scope wins (an entry with no
   * scope counts as required and keeps the result unset), hashes and properties are merged.
   */
  add(c: Component): Component {
    const prev = this.byPurl.get(c.purl);
    if (!prev) {
      this.byPurl.set(c.purl, c);
      return c;
    }
    prev.scope = mergeScope(prev.scope, c.scope);
    if (prev.scope === undefined) delete prev.scope;
    if (c.hashes?.length) prev.hashes = mergeHashes(prev.hashes ?? [], c.hashes);
    if (c.properties) prev.properties = { ...c.properties, ...prev.properties };
    if (c.licenses?.length && !prev.licenses?.length) prev.licenses = c.licenses;
    if (c.downloadUrl && !prev.downloadUrl) prev.downloadUrl = c.downloadUrl;
    return prev;
  }

  edge(from: string, to: string): void {
    if (from !== to) addEdge(this.graph, from, to);
  }

  addDirect(purl: string): void {
    this.direct.add(purl);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  finish(): PackageGraph {
    const g = this.graph;
    g.components = [...this.byPurl.values()].sort((a, b) => cmp(a.purl, b.purl));
    for (const c of g.components) if (c.hashes) c.hashes.sort((a, b) => cmp(a.alg, b.alg) || cmp(a.content, b.content));
    const sorted = new Map<string, Set<string>>();
    for (const from of [...g.dependencies.keys()].sort(cmp)) {
      sorted.set(from, new Set([...g.dependencies.get(from)!].sort(cmp)));
    }
    g.dependencies = sorted;
    g.direct = [...this.direct].sort(cmp);
    if (this.notes.length) g.notes = [...this.notes];
    return g;
  }
}

export function mergeScope(a: ComponentScope | undefined, b: ComponentScope | undefined): ComponentScope | undefined {
  if (a === undefined || b === undefined) {
    // Unknown means "may be required": never downgrade it, but an explicit required is as strong.
    return a === 'required' || b === 'required' ? 'required' : undefined;
  }
  return SCOPE_RANK[a] >= SCOPE_RANK[b] ? a : b;
}

function mergeHashes(a: ComponentHash[], b: ComponentHash[]): ComponentHash[] {
  const out = [...a];
  for (const h of b) if (!out.some((x) => x.alg === h.alg)) out.push(h);
  return out;
}

/** Code-unit order, locale-independent (deterministic output). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

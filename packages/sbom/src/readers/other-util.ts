/**
 * Shared helpers for the non-JavaScript lockfile readers (Python, Go, Cargo, Bundler, Composer, NuGet):
 * parsing TOML/JSON with errors that name the file and line, and the error constructors every reader uses.
 * The graph builder is ../graph.ts, shared by every reader.
 */
import type { InputError } from '@custody/core';
import { toml } from '../parsers.js';
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
    return toml().parse(text) as Table;
  } catch (err) {
    if (err instanceof toml().TomlError) {
      const first = err.message.replace(/^Invalid TOML document: /, '').split('\n')[0] ?? 'syntax error';
      throw malformed(source, err.line, `not valid TOML at column ${err.column}: ${first}.`, supported, err);
    }
    throw malformed(source, undefined, `not valid TOML: ${String(err)}.`, supported, err);
  }
}

/** Parses JSON; a syntax error becomes LOCKFILE_MALFORMED at `source:line` (end of file for a truncated one). */
export function parseJson(text: string, source: string, supported: string): unknown {
  const name = source.slice(source.lastIndexOf('/') + 1);
  return parseJsonLockfile(
    text,
    source,
    name,
    `${supported} If the file was cut short or edited by hand, regenerate it with its package manager.`,
  );
}

export function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Code-unit order, locale-independent (deterministic output). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

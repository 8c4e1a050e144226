/**
 * What the npm reader needs of one installed package entry of a lockfile's `packages` map (name, version, resolved,
 * integrity, license, the link/dev/optional/devOptional/inBundle flags, and the names it requires), read from the
 * entry's JSON text in place: no object per entry, none per dependency map, no string per version range (issue 16:
 * JSON.parse of 100k entries and the garbage it left were a quarter of a big lockfile's SBOM run).
 *
 * It reads exactly as JSON.parse does for what it takes (a repeated key: the last one; truthiness of the flags as
 * JavaScript has it) and checks the grammar of all the rest, so that the entry is valid JSON when it answers.
 * Anything it does not handle (escapes in a key, a repeated dependency map, a license object, malformed text) makes it
 * answer undefined: the caller then JSON.parses the entry, which reads it or says what is wrong.
 */

import {
  checkedStringEnd,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  isSpace,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  skipSpace,
} from './json-text.js';

/** The facts of one entry; `requires` lists dependencies, optionalDependencies and peerDependencies names in order. */
export class EntryFacts {
  /** The index just past the entry's closing brace. */
  end = 0;
  name: string | undefined = undefined;
  version: string | undefined = undefined;
  resolved: string | undefined = undefined;
  integrity: string | undefined = undefined;
  license: string | undefined = undefined;
  link = false;
  dev = false;
  optional = false;
  devOptional = false;
  inBundle = false;
  requires: string[] | undefined = undefined;
}

/** The string value opened at `open` and closed at `close`: sliced, or JSON.parsed when it has escapes (checked then). */
function stringAt(text: string, open: number, close: number): string | undefined {
  const raw = text.slice(open + 1, close);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(open, close + 1)) as string;
  } catch {
    return undefined;
  }
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * The index just past the JSON value at `i`, or -1 when it is not valid JSON (its grammar, its strings' quotes and
 * control characters, and their escapes: a string holding a backslash is JSON.parsed) or nests objects or arrays past
 * `maxDepth`, counting from `depth`, the depth of its container.
 */
function skipValue(text: string, i: number, depth: number, maxDepth: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) {
    const close = checkedStringEnd(text, i);
    if (close === -1) return -1;
    if (text.slice(i + 1, close).includes('\\') && stringAt(text, i, close) === undefined) return -1;
    return close + 1;
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    if (depth + 1 > maxDepth) return -1;
    const object = c === OPEN_BRACE;
    const closer = object ? CLOSE_BRACE : CLOSE_BRACKET;
    let j = skipSpace(text, i + 1);
    if (text.charCodeAt(j) === closer) return j + 1;
    for (;;) {
      if (object) {
        if (text.charCodeAt(j) !== QUOTE) return -1;
        j = skipValue(text, j, depth + 1, maxDepth);
        if (j === -1) return -1;
        j = skipSpace(text, j);
        if (text.charCodeAt(j) !== COLON) return -1;
        j = skipSpace(text, j + 1);
      }
      j = skipValue(text, j, depth + 1, maxDepth);
      if (j === -1) return -1;
      j = skipSpace(text, j);
      const k = text.charCodeAt(j);
      if (k === closer) return j + 1;
      if (k !== COMMA) return -1;
      j = skipSpace(text, j + 1);
    }
  }
  const n = text.length;
  let j = i;
  while (j < n) {
    const k = text.charCodeAt(j);
    if (k === COMMA || k === CLOSE_BRACE || k === CLOSE_BRACKET || isSpace(k)) break;
    j++;
  }
  const word = text.slice(i, j);
  return word === 'true' || word === 'false' || word === 'null' || NUMBER.test(word) ? j : -1;
}

/** Whether the JSON value text[i, j) is truthy as JavaScript has it (false, null, 0, "" are not). */
function truthy(text: string, i: number, j: number): boolean {
  const word = text.slice(i, j);
  if (word === 'false' || word === 'null' || word === '""') return false;
  const c = text.charCodeAt(i);
  return c === QUOTE || c === OPEN_BRACE || c === OPEN_BRACKET || word === 'true' || Number(word) !== 0;
}

/** Whether `key` is a dependency map the entry requires from. */
function requiring(key: string): boolean {
  return key === 'dependencies' || key === 'optionalDependencies' || key === 'peerDependencies';
}

/**
 * Reads the entry object starting at text[start], in a map at depth `depth` (the entry itself one deeper), nesting no
 * deeper than `maxDepth`; its `end` says where it stops. Undefined when it does not
 * answer (see the file comment).
 */
export function readEntryFacts(text: string, start: number, depth: number, maxDepth: number): EntryFacts | undefined {
  if (text.charCodeAt(start) !== OPEN_BRACE || depth + 2 > maxDepth) return undefined;
  const f = new EntryFacts();
  /** The names of each dependency map, kept apart until the end (a repeated map: JSON.parse keeps the last). */
  let maps: Record<string, string[]> | undefined;
  let i = skipSpace(text, start + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) {
    f.end = i + 1;
    return f;
  }
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = checkedStringEnd(text, i);
    if (keyEnd === -1) return undefined;
    const key = text.slice(i + 1, keyEnd);
    if (key.includes('\\')) return undefined;
    i = skipSpace(text, keyEnd + 1);
    if (text.charCodeAt(i) !== COLON) return undefined;
    i = skipSpace(text, i + 1);
    const at = i;
    const c = text.charCodeAt(at);
    if (requiring(key) && c === OPEN_BRACE) {
      // The names (keys) of the map; their values (version ranges) only checked.
      const names: string[] = [];
      let j = skipSpace(text, at + 1);
      if (text.charCodeAt(j) !== CLOSE_BRACE) {
        for (;;) {
          if (text.charCodeAt(j) !== QUOTE) return undefined;
          const close = checkedStringEnd(text, j);
          if (close === -1) return undefined;
          const name = stringAt(text, j, close);
          if (name === undefined) return undefined;
          names.push(name);
          j = skipSpace(text, close + 1);
          if (text.charCodeAt(j) !== COLON) return undefined;
          j = skipValue(text, skipSpace(text, j + 1), depth + 2, maxDepth);
          if (j === -1) return undefined;
          j = skipSpace(text, j);
          const k = text.charCodeAt(j);
          if (k === CLOSE_BRACE) break;
          if (k !== COMMA) return undefined;
          j = skipSpace(text, j + 1);
        }
      }
      maps ??= {};
      if (maps[key]) return undefined;
      maps[key] = names;
      i = j + 1;
    } else {
      i = skipValue(text, at, depth + 1, maxDepth);
      if (i === -1) return undefined;
      if (requiring(key)) {
        // Not an object: no names (as the reader treats a dependency map that is not an object).
        maps ??= {};
        if (maps[key]) return undefined;
        maps[key] = [];
      } else {
        // A string where the reader takes a string (anything else: absent, as the reader treats it).
        switch (key) {
          case 'name':
            f.name = c === QUOTE ? stringAt(text, at, i - 1) : undefined;
            break;
          case 'version':
            f.version = c === QUOTE ? stringAt(text, at, i - 1) : undefined;
            break;
          case 'resolved':
            f.resolved = c === QUOTE ? stringAt(text, at, i - 1) : undefined;
            break;
          case 'integrity':
            f.integrity = c === QUOTE ? stringAt(text, at, i - 1) : undefined;
            break;
          case 'license':
            if (c === OPEN_BRACE) return undefined; // a { type } license: JSON.parse reads it
            f.license = c === QUOTE ? stringAt(text, at, i - 1) : undefined;
            break;
          case 'link':
            f.link = truthy(text, at, i);
            break;
          case 'dev':
            f.dev = truthy(text, at, i);
            break;
          case 'optional':
            f.optional = truthy(text, at, i);
            break;
          case 'devOptional':
            f.devOptional = truthy(text, at, i);
            break;
          case 'inBundle':
            f.inBundle = truthy(text, at, i);
            break;
        }
      }
    }
    i = skipSpace(text, i);
    const k = text.charCodeAt(i);
    if (k === CLOSE_BRACE) {
      f.end = i + 1;
      break;
    }
    if (k !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
  if (maps) {
    const all = [...(maps.dependencies ?? []), ...(maps.optionalDependencies ?? []), ...(maps.peerDependencies ?? [])];
    if (all.length) f.requires = all;
  }
  return f;
}

/**
 * Reads a JSON document whose top level is an object, handing out one member's entries one at a time (npm's
 * `packages` map: 100k entries in a big monorepo's lockfile). Each entry is JSON.parsed from its own slice of the text
 * and given to a callback, so the whole tree is never built: the objects of one entry die young, and the reader keeps
 * only what it needs of them (issue 16: a third less peak memory than JSON.parse of the whole file at 100k entries,
 * and less CPU, since the depth check it replaces was a scan of its own).
 *
 * Strict where it reads: the skeleton (the top-level object, its keys, the streamed map's keys, colons, commas,
 * nothing after the end) is checked here, every value goes through JSON.parse, and duplicate keys are refused (JSON.parse
 * would keep the last; a reader that already used the first must not). Anything unexpected, nesting deeper than
 * `maxDepth` included, returns false without a word: the caller then parses the whole text the ordinary way, whose
 * errors say what is wrong and where. Exceptions thrown by the callbacks pass through.
 */

import { CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, isSpace, OPEN_BRACE, OPEN_BRACKET, QUOTE, skipSpace, stringEnd } from './json-text.js';

/** What an in-place reader of entries (`readEntry`) gives for one it reads: the index just past the entry. */
export interface ReadInPlace {
  end: number;
}

/**
 * The index just past the value starting at `i` (brackets matched outside strings), or -1 when it does not end or
 * nests deeper than `maxDepth` counting from `depth`, the depth of its container. Whether the value is well formed
 * is JSON.parse's to say.
 */
function valueEnd(text: string, i: number, depth: number, maxDepth: number): number {
  const n = text.length;
  const c = text.charCodeAt(i);
  if (c === QUOTE) {
    const end = stringEnd(text, i);
    return end === -1 ? -1 : end + 1;
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let d = depth;
    for (let j = i; j < n; j++) {
      const k = text.charCodeAt(j);
      if (k === QUOTE) {
        j = stringEnd(text, j);
        if (j === -1) return -1;
      } else if (k === OPEN_BRACE || k === OPEN_BRACKET) {
        if (++d > maxDepth) return -1;
      } else if (k === CLOSE_BRACE || k === CLOSE_BRACKET) {
        if (--d === depth) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < n) {
    const k = text.charCodeAt(j);
    if (k === COMMA || k === CLOSE_BRACE || k === CLOSE_BRACKET || isSpace(k)) break;
    j++;
  }
  return j > i ? j : -1;
}

/** The key whose string opens at `open` and closes at `close` (JSON.parse only when it has escapes). */
function keyAt(text: string, open: number, close: number): string {
  const raw = text.slice(open + 1, close);
  return raw.includes('\\') ? (JSON.parse(text.slice(open, close + 1)) as string) : raw;
}

/**
 * Walks the object whose `{` is at `open`, calling `onMember(key, valueStart, valueEnd)` for each member; returns the
 * index just past its `}`, or -1 when the skeleton is not as JSON has it or a key repeats (checked in `seen` when given:
 * the streamed map's callback checks its own keys).
 */
function walkObject(
  text: string,
  open: number,
  depth: number,
  maxDepth: number,
  onMember: (key: string, start: number) => number,
  seen: Set<string> | undefined,
): number {
  if (text.charCodeAt(open) !== OPEN_BRACE || depth + 1 > maxDepth) return -1;
  let i = skipSpace(text, open + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return -1;
    const close = stringEnd(text, i);
    if (close === -1) return -1;
    const key = keyAt(text, i, close);
    if (seen) {
      if (seen.has(key)) return -1;
      seen.add(key);
    }
    i = skipSpace(text, close + 1);
    if (text.charCodeAt(i) !== COLON) return -1;
    i = skipSpace(text, i + 1);
    const end = onMember(key, i);
    if (end === -1) return -1;
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) return i + 1;
    if (c !== COMMA) return -1;
    i = skipSpace(text, i + 1);
  }
}

/** JSON.parse of `text[start, end)`, or `failed` when it is not valid JSON. */
function parseSlice(text: string, start: number, end: number, failed: object): unknown {
  try {
    return JSON.parse(text.slice(start, end)) as unknown;
  } catch {
    return failed;
  }
}

/**
 * Scans `text` (a JSON object) calling `onMember` for each top-level member except `streamKey`, whose value must be an
 * object: `onEntry` is called with each of its entries instead, in the order of the text, and returns false for a key
 * it has seen before (which stops the scan). Returns true when the whole
 * text was read, false when the caller should parse it the ordinary way (see the file comment): the callbacks may then
 * have seen part of it. `readEntry`, when given, reads an entry's text (from its first character) in place of
 * JSON.parse; it answers undefined for one it does not read (JSON.parse then does), and must only answer for text that
 * is valid JSON and nests no deeper than `maxDepth` (the entry's container, the streamed map, is at depth 2).
 */
export function scanJsonObject(
  text: string,
  streamKey: string,
  maxDepth: number,
  onMember: (key: string, value: unknown) => void,
  onEntry: (key: string, value: unknown) => boolean,
  readEntry?: (key: string, text: string, start: number) => ReadInPlace | undefined,
): boolean {
  const failed = {};
  let streamed = false;
  const start = skipSpace(text, 0);
  const end = walkObject(
    text,
    start,
    0,
    maxDepth,
    (key, at) => {
      if (key === streamKey) {
        if (text.charCodeAt(at) !== OPEN_BRACE) return -1;
        streamed = true;
        return walkObject(
          text,
          at,
          1,
          maxDepth,
          (entryKey, entryAt) => {
            const inPlace = readEntry?.(entryKey, text, entryAt);
            if (inPlace) return onEntry(entryKey, inPlace) ? inPlace.end : -1;
            const entryEnd = valueEnd(text, entryAt, 2, maxDepth);
            if (entryEnd === -1) return -1;
            const value = parseSlice(text, entryAt, entryEnd, failed);
            if (value === failed) return -1;
            return onEntry(entryKey, value) ? entryEnd : -1;
          },
          undefined,
        );
      }
      const valueStop = valueEnd(text, at, 1, maxDepth);
      if (valueStop === -1) return -1;
      const value = parseSlice(text, at, valueStop, failed);
      if (value === failed) return -1;
      onMember(key, value);
      return valueStop;
    },
    new Set(),
  );
  return end !== -1 && streamed && skipSpace(text, end) === text.length;
}

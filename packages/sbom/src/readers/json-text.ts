/**
 * Character-level helpers shared by the in-place JSON readers (json-scan.ts, npm-entry.ts): the codes of JSON's
 * structural characters, whitespace, and where a string ends. Strings are skipped with indexOf (most of a
 * lockfile's bytes are in strings): a quote ends a string unless an odd run of backslashes precedes it.
 */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;

/** JSON whitespace: space, line feed, carriage return, tab. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The index of the first character at or after `i` that is not JSON whitespace. */
export function skipSpace(text: string, i: number): number {
  const n = text.length;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The index of the quote closing the string opened at `open`, or -1. */
export function stringEnd(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return -1;
    let backslashes = 0;
    for (let b = quote - 1; b > open && text.charCodeAt(b) === BACKSLASH; b--) backslashes++;
    if ((backslashes & 1) === 0) return quote;
    from = quote + 1;
  }
}

/** stringEnd, and -1 as well when the string holds a control character (JSON strings cannot). */
export function checkedStringEnd(text: string, open: number): number {
  const quote = stringEnd(text, open);
  if (quote === -1) return -1;
  for (let i = open + 1; i < quote; i++) if (text.charCodeAt(i) < 0x20) return -1;
  return quote;
}

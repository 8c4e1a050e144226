/**
 * Cheap guards run over a YAML text before a recursive parser (js-yaml) sees it: flow collections nested past the
 * JSON depth limit, and a count of alias uses (bounded by the callers). Shared by the lockfile readers
 * (packages/sbom) and the Kubernetes manifest reader (packages/deploy).
 */
import { LimitError, limits } from './limits.js';

/**
 * Throws LimitError (LIMIT_JSON_DEPTH) when the flow collections of a YAML text ([ ], { }) nest deeper than the
 * limit. Quoted scalars ('' and "" with \ escapes) and comments are skipped; a bracket inside a plain scalar counts,
 * which only matters for hostile input.
 */
export function checkYamlFlowDepth(text: string, what: string, location: string): void {
  const max = limits().jsonDepth;
  let depth = 0;
  let lineStart = true;
  let prevSpace = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (c === 0x22 && d === 0x5c) i++;
        else if (d === c) {
          if (c === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
          else break;
        }
      }
    } else if (c === 0x23 /* # */ && (prevSpace || lineStart)) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) throw new LimitError('jsonDepth', `${what} nests flow collections deeper than ${max} levels.`, { location });
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
    lineStart = c === 0x0a;
    prevSpace = c === 0x20 || c === 0x09 || c === 0x0a;
  }
}

/** `*` after a line start, a space, a tab or a flow indicator, followed by a character that is not a space. */
const ALIAS_CANDIDATE = /(?:^|[ \t\n[{,])\*[^ \t\n]/g;

/**
 * Counts alias uses (`*name` after a space, a line start or a flow indicator), outside quoted scalars and comments.
 * js-yaml shares an aliased node instead of copying it, so aliases cannot blow up memory; the bound keeps a
 * hostile file from multiplying the readers' work (a map aliased thousands of times).
 */
export function countYamlAliases(text: string): number {
  // Every alias use the scan below counts matches this pattern (the scan also skips quoted scalars and comments,
  // where it can match too): a text without a match has none, found by one native search instead of a character loop
  // (a pnpm or yarn lockfile has none).
  ALIAS_CANDIDATE.lastIndex = 0;
  if (!ALIAS_CANDIDATE.test(text)) return 0;
  let n = 0;
  let prev = 0x0a;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      (c === 0x22 || c === 0x27) &&
      (prev === 0x20 || prev === 0x0a || prev === 0x09 || prev === 0x5b || prev === 0x7b || prev === 0x2c || prev === 0x3a)
    ) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (c === 0x22 && d === 0x5c) i++;
        else if (d === c) {
          if (c === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
          else break;
        }
      }
    } else if (c === 0x23 && (prev === 0x20 || prev === 0x0a || prev === 0x09)) {
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== 0x0a) i++;
    } else if (c === 0x2a && (prev === 0x20 || prev === 0x0a || prev === 0x09 || prev === 0x5b || prev === 0x7b || prev === 0x2c)) {
      const d = text.charCodeAt(i + 1);
      if (d && d !== 0x20 && d !== 0x0a && d !== 0x09) n++;
    }
    prev = text.charCodeAt(i);
  }
  return n;
}

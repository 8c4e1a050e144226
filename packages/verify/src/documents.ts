/**
 * Reading attestation documents: one Sigstore bundle (JSON), several (JSON Lines), or an npm registry
 * attestations document ({"attestations": [{"predicateType", "bundle"}]}). Bytes in, bundles out.
 */
import { randomBytes } from 'node:crypto';
import { checkSize, CustodyError, jsonDepth, LimitError, limits, parseJsonBounded } from '@custody/core';
import { VerifyInputError } from './errors.js';

export interface AttestationInput {
  /** Where it came from, for the report: `FILE`, `FILE:LINE`, `FILE#attestations[N]`. */
  source: string;
  /** The bundle's JSON value, not yet validated. */
  json: unknown;
  /** Size of its serialized form in bytes (checked against the bundleBytes limit). */
  size: number;
  /**
   * `npm-attestations`: read from an npm registry attestations document. Only such bundles may be signed by the
   * npm registry's keys, and only v0.1 bundles from such a document may carry the root certificate in their chain.
   */
  origin?: 'npm-attestations';
  /**
   * Why the attestation could not be read at all (a blob fetched from a registry that is not JSON, too large or too
   * deeply nested). It is then reported as ignored with this reason: someone who can push to a repository must not
   * be able to stop the gate by pushing garbage next to a valid attestation.
   */
  unreadable?: string;
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/**
 * The most JSON values (array elements, object members, nested containers) one attestation file may hold. A real
 * bundle has a few hundred (its statement travels as one base64 string, however large the SBOM in it), an npm
 * attestations document a few thousand; tens of millions of tiny values fit in the byte limit and would make
 * JSON.parse build gigabytes of heap, so they are refused before parsing.
 */
export const MAX_JSON_VALUES = 1_000_000;

/** Counts separators and containers outside strings (an upper bound of the values), stopping past `stopAt`. */
export function countJsonValues(text: string, stopAt = Number.MAX_SAFE_INTEGER): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x2c || c === 0x5b || c === 0x7b) {
      if (++n > stopAt) return n;
    }
  }
  return n;
}

/** `source:LINE` of the line where the nesting first goes past `max` (the whole file's name for one-line files). */
function lineOfDepth(text: string, max: number, source: string): string {
  let depth = 0;
  let inString = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return line === 1 && !text.includes('\n') ? source : `${source}:${line}`;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return source;
}

/** Bounded JSON.parse (size and nesting depth checked first, LimitError); malformed JSON names line and column. */
function parseJson(text: string, where: string, what: string, lineBase = 0): unknown {
  try {
    // Text that does not start like a JSON object or array cannot nest: JSON.parse alone says where it goes wrong.
    const first = text.trimStart().charAt(0);
    if (first !== '{' && first !== '[') return JSON.parse(text) as unknown;
    return parseJsonBounded(text, { what, location: where, maxBytes: 'bundleBytes' });
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let loc = where;
    if (pos) {
      const [l, c] = lineCol(text, Number(pos[1])).split(':').map(Number);
      loc = `${where}:${l! + lineBase}:${c}`;
    } else if (lineBase) loc = `${where}:${lineBase + 1}`;
    throw new VerifyInputError('VERIFY_BUNDLE_MALFORMED', `not valid JSON (${msg}).`, {
      location: loc,
      hint: 'Pass a Sigstore bundle (.sigstore.json), JSON Lines of bundles (.intoto.jsonl), or an npm attestations document.',
    });
  }
}

/**
 * Reads an attestation file the user named: one bundle, JSON Lines of bundles, or an npm attestations document.
 * Bounded: the file by the bundleBytes limit, every JSON value by the nesting-depth limit (LimitError, exit 2),
 * checked before anything is parsed. Malformed JSON cannot run either (VERIFY_BUNDLE_MALFORMED, exit 2).
 */
export function parseAttestationDocument(bytes: Uint8Array | string, source: string): AttestationInput[] {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  checkSize('bundleBytes', size, 'the attestation file', source);
  // A view, not a copy (Buffer.from(Uint8Array) copies: 64 MiB more for the largest allowed file).
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // Nesting first (the more specific reason), then the number of values; both before anything is parsed.
  const maxDepth = limits().jsonDepth;
  if (jsonDepth(text, maxDepth) > maxDepth)
    throw new LimitError('jsonDepth', `the attestation file nests deeper than ${maxDepth} levels.`, {
      location: lineOfDepth(text, maxDepth, source),
    });
  if (countJsonValues(text, MAX_JSON_VALUES) > MAX_JSON_VALUES) {
    throw new VerifyInputError(
      'VERIFY_BUNDLE_TOO_COMPLEX',
      `the attestation file holds more than ${MAX_JSON_VALUES} JSON values; a Sigstore bundle holds a few hundred.`,
      {
        location: source,
        hint: 'Check that this is an attestation file (an SBOM travels inside a bundle as one base64 string, so a large SBOM does not make a bundle complex).',
      },
    );
  }
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new VerifyInputError('VERIFY_BUNDLE_MALFORMED', 'the attestation file is empty.', {
      location: source,
      hint: 'Pass a Sigstore bundle file.',
    });
  }
  // JSON Lines: more than one non-empty line, each a JSON value on its own.
  const lines = text.split('\n');
  const nonEmpty = lines.map((l, i) => [l.trim(), i] as const).filter(([l]) => l !== '');
  if (nonEmpty.length > 1 && nonEmpty.every(([l]) => l.startsWith('{') && l.endsWith('}'))) {
    let allJson = true;
    const values: Array<[unknown, number, number]> = [];
    for (const [l, i] of nonEmpty) {
      try {
        values.push([
          parseJsonBounded(l, { what: `line ${i + 1} of the attestation file`, location: `${source}:${i + 1}` }),
          i,
          Buffer.byteLength(l),
        ]);
      } catch (err) {
        if (err instanceof LimitError) throw err;
        allJson = false;
        break;
      }
    }
    if (allJson) return values.map(([json, i, n]) => ({ source: `${source}:${i + 1}`, json, size: n }));
  }
  const json = parseLargeBundle(text, source) ?? parseJson(text, source, 'the attestation file');
  if (json && typeof json === 'object' && !Array.isArray(json) && Array.isArray((json as { attestations?: unknown }).attestations)) {
    const list = (json as { attestations: Array<{ bundle?: unknown }> }).attestations;
    return list.map((a, i) => ({
      source: `${source}#attestations[${i}]`,
      json: a && typeof a === 'object' ? a.bundle : undefined,
      size: Buffer.byteLength(JSON.stringify(a?.bundle ?? null)),
      origin: 'npm-attestations' as const,
    }));
  }
  return [{ source, json, size }];
}

/** Texts from this size on are parsed without copying their DSSE payload (parseLargeBundle). */
const LARGE_TEXT = 1024 * 1024;

/**
 * A large bundle is almost all DSSE payload: one base64 string. JSON.parse would copy it into the heap, on top of the
 * text it was read as, which for a hostile 64 MiB blob is 64 MiB more. Here the payload's string literal is replaced
 * by a random sentinel before parsing, and the parsed bundle gets the literal back as a slice of the text (no copy).
 * The sentinel is random per call, so if it does not come back at `dsseEnvelope.payload` of a top-level bundle (the
 * literal was something else), the text is parsed as it is. Undefined: not such a bundle.
 */
function parseLargeBundle(text: string, source: string): unknown {
  if (text.length < LARGE_TEXT) return undefined;
  const key = /"payload"\s*:\s*"/g;
  let best: { start: number; end: number } | undefined;
  for (let m = key.exec(text); m; m = key.exec(text)) {
    const start = m.index + m[0].length;
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 0x22) {
      // Escapes or control characters: not plain base64, and JSON.parse must judge it: take the ordinary path.
      const c = text.charCodeAt(end);
      if (c === 0x5c || c < 0x20) return undefined;
      end++;
    }
    if (end >= text.length) return undefined;
    if (!best || end - start > best.end - best.start) best = { start, end };
    key.lastIndex = end + 1;
  }
  if (!best || best.end - best.start < LARGE_TEXT / 2) return undefined;
  const sentinel = `custody-payload-${randomBytes(16).toString('hex')}`;
  let json: unknown;
  try {
    json = parseJson(`${text.slice(0, best.start)}${sentinel}${text.slice(best.end)}`, source, 'the attestation file');
  } catch (err) {
    if (err instanceof LimitError) throw err;
    return undefined; // malformed: the ordinary path reports it, with the right line and column
  }
  const env = (json as { dsseEnvelope?: { payload?: unknown } } | null)?.dsseEnvelope;
  if (!env || typeof env !== 'object' || env.payload !== sentinel) return undefined;
  env.payload = text.slice(best.start, best.end);
  return json;
}

/**
 * Reads one attestation blob found next to an image (registry or layout). Never throws for its content: a blob that
 * is too large, too deep or not JSON becomes one input marked `unreadable`, which the verifier reports as ignored.
 */
export function readAttestationBlob(bytes: Uint8Array, source: string): AttestationInput[] {
  try {
    return parseAttestationDocument(bytes, source);
  } catch (err) {
    if (!(err instanceof CustodyError)) throw err;
    return [{ source, json: undefined, size: bytes.length, unreadable: `${err.code}: ${err.message}${err.hint ? ` ${err.hint}` : ''}` }];
  }
}

/**
 * Reading attestation documents: one Sigstore bundle (JSON), several (JSON Lines), or an npm registry
 * attestations document ({"attestations": [{"predicateType", "bundle"}]}). Bytes in, bundles out.
 */
import { MAX_BUNDLE_BYTES, MAX_BUNDLE_FILE_BYTES, VerifyInputError } from './errors.js';

export interface AttestationInput {
  /** Where it came from, for the report: `FILE`, `FILE:LINE`, `FILE#attestations[N]`. */
  source: string;
  /** The bundle's JSON value, not yet validated. */
  json: unknown;
  /** Size of its serialized form in bytes (checked against MAX_BUNDLE_BYTES). */
  size: number;
  /**
   * `npm-attestations`: read from an npm registry attestations document. Only such bundles may be signed by the
   * npm registry's keys, and only v0.1 bundles from such a document may carry the root certificate in their chain.
   */
  origin?: 'npm-attestations';
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

function parseJson(text: string, where: string, lineBase = 0): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
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

export function parseAttestationDocument(bytes: Uint8Array | string, source: string): AttestationInput[] {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
  if (size > MAX_BUNDLE_FILE_BYTES) {
    throw new VerifyInputError('VERIFY_INPUT_TOO_LARGE', `the attestation file is ${size} bytes; the limit is ${MAX_BUNDLE_FILE_BYTES} bytes (${MAX_BUNDLE_FILE_BYTES >> 20} MiB).`, {
      location: source,
      hint: 'Check that this is an attestation file; split a large JSON Lines file into several --bundle files.',
    });
  }
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new VerifyInputError('VERIFY_BUNDLE_MALFORMED', 'the attestation file is empty.', { location: source, hint: 'Pass a Sigstore bundle file.' });
  }
  // JSON Lines: more than one non-empty line, each a JSON value on its own.
  const lines = text.split('\n');
  const nonEmpty = lines.map((l, i) => [l.trim(), i] as const).filter(([l]) => l !== '');
  if (nonEmpty.length > 1 && nonEmpty.every(([l]) => l.startsWith('{') && l.endsWith('}'))) {
    let allJson = true;
    const values: Array<[unknown, number, number]> = [];
    for (const [l, i] of nonEmpty) {
      try {
        values.push([JSON.parse(l), i, Buffer.byteLength(l)]);
      } catch {
        allJson = false;
        break;
      }
    }
    if (allJson) return values.map(([json, i, n]) => ({ source: `${source}:${i + 1}`, json, size: n }));
  }
  const json = parseJson(text, source);
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

export { MAX_BUNDLE_BYTES };

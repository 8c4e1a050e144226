/**
 * Digests and OCI JSON documents read from a registry or a layout are checked before they are used: a digest goes
 * into URLs (`/v2/<repo>/blobs/<digest>`) and file names (`blobs/sha256/<hex>`, downloaded bundles), so one like
 * `sha256:../../etc` must never get that far.
 */
import { LimitError, parseJsonBounded } from '@custody/core';
import { OciError } from './errors.js';
import { isValidTag } from './reference.js';
import type { Descriptor, Manifest } from './media.js';

/** Algorithms Custody can compute, with the length of their hex encoding. */
export const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** `algorithm:hex` with a known algorithm and the hex length it has (lowercase hex, as the OCI spec registers them). */
export function isValidDigest(digest: unknown): digest is string {
  if (typeof digest !== 'string') return false;
  const m = /^([a-z0-9]+):([0-9a-f]+)$/.exec(digest);
  return Boolean(m && DIGEST_HEX_LENGTH[m[1]!] === m[2]!.length);
}

/** Throws OCI_DIGEST_INVALID unless `digest` is a valid digest (see isValidDigest). */
export function assertDigest(digest: unknown, what: string, where: string): string {
  if (isValidDigest(digest)) return digest;
  // Well formed by the OCI digest grammar, but an algorithm Custody cannot compute: fail closed, say so.
  const grammar = typeof digest === 'string' ? /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):[a-zA-Z0-9=_-]+$/.exec(digest) : null;
  if (grammar && DIGEST_HEX_LENGTH[grammar[1]!] === undefined) {
    throw new OciError(
      'OCI_DIGEST_UNSUPPORTED',
      `${digest} (${what} in ${where}) uses the digest algorithm "${grammar[1]}", which Custody cannot check.`,
      {
        location: where,
        hint: 'Refer to the content by its sha256 (or sha384/sha512) digest.',
      },
    );
  }
  const shown = typeof digest === 'string' ? JSON.stringify(digest.length > 80 ? `${digest.slice(0, 80)}…` : digest) : String(digest);
  throw new OciError(
    'OCI_DIGEST_INVALID',
    `${what} in ${where} names the digest ${shown}, which is not sha256:<64 hex>, sha384:<96 hex> or sha512:<128 hex>.`,
    {
      location: where,
      hint: 'The registry or layout holds a malformed or hostile document; nothing was read or written with that digest. Check where it came from.',
    },
  );
}

/** A reference used in a URL path: a valid digest or a valid tag. */
export function assertReference(reference: string, where: string): void {
  if (reference.includes(':')) {
    assertDigest(reference, 'the reference', where);
    return;
  }
  if (!isValidTag(reference)) {
    throw new OciError('OCI_REFERENCE_INVALID', `"${reference.slice(0, 140)}" is not a valid tag (in ${where}).`, {
      location: where,
      hint: 'Tags match [A-Za-z0-9_][A-Za-z0-9._-]{0,127}.',
    });
  }
}

function checkDescriptor(d: unknown, what: string, where: string): void {
  if (!d || typeof d !== 'object' || Array.isArray(d)) throw invalidDocument(where, `${what} is not an object`);
  const desc = d as Descriptor;
  assertDigest(desc.digest, what, where);
  if (typeof desc.size !== 'number' || !Number.isSafeInteger(desc.size) || desc.size < 0)
    throw invalidDocument(where, `${what} has no valid size`);
}

function invalidDocument(where: string, why: string): OciError {
  return new OciError('OCI_MANIFEST_INVALID', `${where} is not a valid OCI manifest or index: ${why}.`, {
    location: where,
    hint: 'The registry or layout returned a malformed or hostile document; check the reference and where the content came from.',
  });
}

/**
 * Parses an OCI manifest or index within the OCI JSON size and depth limits and checks its shape: an object with a
 * `manifests` array (index) or `layers` array and `config` (manifest), every descriptor carrying a valid digest and
 * size. Throws LIMIT_OCI_JSON_BYTES, LIMIT_JSON_DEPTH or OCI_MANIFEST_INVALID.
 */
export function parseManifest(bytes: Uint8Array, where: string): Manifest {
  let value: unknown;
  try {
    value = parseJsonBounded(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), {
      what: `the OCI document ${where}`,
      location: where,
      maxBytes: 'ociJsonBytes',
    });
  } catch (err) {
    if (err instanceof LimitError) throw err;
    throw invalidDocument(where, 'it is not JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalidDocument(where, 'it is not a JSON object');
  const m = value as Record<string, unknown>;
  if (Array.isArray(m.manifests)) {
    m.manifests.forEach((d, i) => checkDescriptor(d, `manifests[${i}]`, where));
  } else {
    if (!Array.isArray(m.layers)) throw invalidDocument(where, 'it has neither "manifests" nor "layers"');
    m.layers.forEach((d, i) => checkDescriptor(d, `layers[${i}]`, where));
    if (m.config !== undefined) checkDescriptor(m.config, 'config', where);
  }
  if (m.subject !== undefined) checkDescriptor(m.subject, 'subject', where);
  return value as Manifest;
}

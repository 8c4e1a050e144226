/**
 * Content-derived document identifiers. A CycloneDX `serialNumber` (`urn:uuid:…`) and the UUID that ends an SPDX
 * `documentNamespace` are the UUID (RFC 4122 layout, version 5 bits) of the SHA-256 of the document's own bytes as
 * written with that identifier set to the nil UUID (00000000-0000-0000-0000-000000000000). Everything else in the
 * document is covered: timestamp, tool version, root, components, dependencies, gaps. Same content, same
 * identifier, and anyone can check one: put the nil UUID back in its place, hash the bytes, compare
 * (`contentUuidOf`).
 *
 * The writers hand out a SealedDocument: the text (in chunks) with the nil UUID in place, and where it is. A file
 * writer hashes the bytes as it writes them and overwrites the 36 bytes at `at.offset` at the end; text held in
 * memory is sealed by `sealedText`.
 */
import { createHash } from 'node:crypto';

/** What the writers put where the content UUID goes, before the content is hashed. */
export const PLACEHOLDER_UUID = '00000000-0000-0000-0000-000000000000';

/** A UUID (RFC 4122 layout, version 5 bits) from a SHA-256 digest, or from text hashed here. */
export function contentUuid(digest: Uint8Array | string): string {
  const h = Buffer.from(typeof digest === 'string' ? createHash('sha256').update(digest).digest() : digest.subarray(0, 16));
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex', 0, 16);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** A document whose content UUID is filled in once its bytes are hashed. */
export interface SealedDocument {
  /** The text, in chunks, with PLACEHOLDER_UUID where the content UUID goes. Each call writes the document anew. */
  chunks(): Iterable<string>;
  /** Where the placeholder is: its UTF-8 byte offset and its UTF-16 index in the text. */
  readonly at: { readonly offset: number; readonly index: number };
  /** The 36 characters that replace the placeholder, given the SHA-256 of the bytes as written (placeholder in place). */
  fill(sha256: Uint8Array): string;
}

/** A sealed document as one string: the chunks joined, hashed once, the placeholder replaced. */
export function sealedText(doc: SealedDocument): string {
  let text = '';
  for (const chunk of doc.chunks()) text += chunk;
  const uuid = doc.fill(createHash('sha256').update(text).digest());
  const { index } = doc.at;
  return `${text.slice(0, index)}${uuid}${text.slice(index + PLACEHOLDER_UUID.length)}`;
}

/**
 * The content UUID a document's text should carry, recomputed: `uuid` (the one it carries, found first in the text)
 * replaced by the nil UUID, the bytes hashed. Equal to `uuid` when the document is as written.
 */
export function contentUuidOf(text: string, uuid: string): string {
  const index = text.indexOf(uuid);
  if (index < 0) throw new Error(`the text does not contain ${uuid}`);
  return contentUuid(`${text.slice(0, index)}${PLACEHOLDER_UUID}${text.slice(index + uuid.length)}`);
}

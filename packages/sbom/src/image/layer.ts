/**
 * Reads one layer as a stream: raw bytes are hashed (checked against the expected digest) and decompressed
 * (gzip, zstd or none; sniffed from the first bytes when the media type does not say), then parsed as tar.
 * Where the bytes come from (a registry, a layout, an archive) is @custody/oci's business: a layer is a stream.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { CustodyError, TarFormatError, describeCause, formatLimit, LimitError, limits } from '@custody/core';
import type { ImageLayer, LayerCompression } from '@custody/core';
import { ImageError, type ImageErrorCode } from './errors.js';
import { TarParser } from './tar.js';
import type { EntryHandler } from './tar.js';

export type Compression = LayerCompression;

/** One layer as the scanner sees it (the core vocabulary's ImageLayer). */
export type LayerRef = ImageLayer;

export function sniffCompression(head: Uint8Array): Exclude<Compression, 'sniff'> {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

export interface LayerStats {
  rawBytes: number;
  tarBytes: number;
  entries: number;
  digest: string;
}

const CHUNK = 64 * 1024;

/** Streams one layer through `onEntry`; throws an ImageError naming the layer for anything wrong with it. */
export async function scanLayer(
  layer: LayerRef,
  onEntry: EntryHandler,
  onBytes?: (rawBytes: number) => void,
  location?: string,
): Promise<LayerStats> {
  const fail = (code: ImageErrorCode, what: string, cause?: unknown, hint?: string) =>
    new ImageError(code, `layer ${layer.digest}: ${what}.`, {
      ...(location ? { location } : {}),
      ...(cause !== undefined ? { cause } : {}),
      hint: hint ?? 'The image is damaged or incomplete; pull or save it again.',
    });
  let source: AsyncIterable<Uint8Array>;
  try {
    source = await layer.open();
  } catch (err) {
    // The source's own IMAGE_* errors (a blob that is a FIFO, say) already name the blob; anything else is wrapped.
    if (err instanceof CustodyError && err.code.startsWith('IMAGE_')) throw err;
    throw fail('IMAGE_BLOB_MISSING', `cannot read the blob: ${describeCause(err)}`, err);
  }
  const hash = createHash('sha256');
  const maxTar = limits().layerBytes;
  let rawBytes = 0;
  let compression = layer.compression;
  const it = source[Symbol.asyncIterator]();
  let first: IteratorResult<Uint8Array>;
  try {
    first = await it.next();
  } catch (err) {
    throw fail('IMAGE_BLOB_MISSING', `cannot read the blob: ${describeCause(err)}`, err);
  }
  if (compression === 'sniff') compression = first.done ? 'none' : sniffCompression(first.value);
  let readError: unknown;
  async function* raw(): AsyncGenerator<Buffer> {
    let r = first;
    while (!r.done) {
      const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
      hash.update(b);
      rawBytes += b.length;
      // A blob larger than its descriptor says is not the blob it names (and may be endless: /dev/zero).
      if (layer.size !== undefined && rawBytes > layer.size) {
        throw fail(
          'IMAGE_DIGEST_MISMATCH',
          `the blob is larger than the ${layer.size} bytes its descriptor says`,
          undefined,
          'The blob was altered or replaced; pull or save the image again.',
        );
      }
      onBytes?.(rawBytes);
      yield b;
      try {
        r = await it.next();
      } catch (err) {
        readError = err;
        throw err;
      }
    }
  }
  const parser = new TarParser(onEntry, { maxEntries: limits().archiveEntries, where: `layer ${layer.digest}` });
  const consume = async (chunks: AsyncIterable<Buffer>) => {
    for await (const c of chunks) {
      // The decompressed size is checked as it grows: a few KB of gzip can expand to terabytes.
      if (parser.offset + c.length > maxTar) {
        throw new LimitError(
          'layerBytes',
          `layer ${layer.digest} decompresses to more than ${formatLimit('layerBytes', maxTar)} (${rawBytes} compressed bytes read so far).`,
          location ? { location } : {},
        );
      }
      await parser.write(c);
    }
    parser.end();
  };
  try {
    if (compression === 'none') await consume(raw());
    else {
      const dec = compression === 'gzip' ? createGunzip({ chunkSize: CHUNK }) : createZstdDecompress({ chunkSize: CHUNK });
      await pipeline(Readable.from(raw(), { objectMode: false, highWaterMark: CHUNK }), dec, consume);
    }
  } catch (err) {
    if (err instanceof CustodyError) throw err; // ImageError, LimitError: already say what and where
    if (readError !== undefined)
      throw fail('IMAGE_BLOB_UNREADABLE', `reading the blob failed after ${rawBytes} bytes: ${describeCause(readError)}`, readError);
    if (err instanceof TarFormatError) throw fail('IMAGE_LAYER_CORRUPT', `not a valid tar archive: ${err.message}`, err);
    if ((err as { code?: string })?.code?.startsWith?.('Z_') || (err as { code?: string })?.code?.startsWith?.('ERR_')) {
      throw fail('IMAGE_LAYER_CORRUPT', `cannot decompress (${compression}): ${describeCause(err)}`, err);
    }
    throw fail('IMAGE_LAYER_CORRUPT', `${describeCause(err)}`, err);
  }
  const digest = `sha256:${hash.digest('hex')}`;
  if (layer.expectedDigest && layer.expectedDigest !== digest) {
    throw fail(
      'IMAGE_DIGEST_MISMATCH',
      `content hashes to ${digest}, not the digest the manifest names`,
      undefined,
      'The blob was altered or truncated; pull or save the image again.',
    );
  }
  return { rawBytes, tarBytes: parser.offset, entries: parser.entries, digest };
}

/**
 * Snappy block-format decoding (https://github.com/google/snappy/blob/main/format_description.txt), for bundles
 * GitHub serves through an attestation's `bundle_url`: gh (pkg/cmd/attestation/api) decodes those with
 * golang/snappy's block `Decode`, so Custody does the same. Bounded: the declared length is checked against `max`
 * before anything is allocated, and every copy is checked against what has been written so far.
 */

export class SnappyError extends Error {
  override name = 'SnappyError';
}

function varint(buf: Uint8Array): { value: number; size: number } {
  let value = 0;
  for (let i = 0; i < 5 && i < buf.length; i++) {
    const b = buf[i]!;
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return { value, size: i + 1 };
  }
  throw new SnappyError('the length header is not a valid varint');
}

/** The decoded length a snappy block declares (its varint header). */
export function snappyDecodedLength(buf: Uint8Array): number {
  return varint(buf).value;
}

/** Decodes one snappy block; refuses a declared length over `max` bytes before allocating. */
export function snappyDecode(buf: Uint8Array, max: number): Buffer {
  const { value: length, size } = varint(buf);
  if (length > max) throw new SnappyError(`it declares ${length} decoded bytes, over the limit of ${max}`);
  const out = Buffer.alloc(length);
  let o = 0;
  let i = size;
  while (i < buf.length) {
    const tag = buf[i]!;
    const kind = tag & 3;
    i++;
    if (kind === 0) {
      let len = tag >> 2;
      if (len >= 60) {
        const extra = len - 59;
        if (i + extra > buf.length) throw new SnappyError('a literal length runs past the end');
        len = 0;
        for (let k = 0; k < extra; k++) len += buf[i + k]! * 2 ** (8 * k);
        i += extra;
      }
      len += 1;
      if (i + len > buf.length || o + len > length) throw new SnappyError('a literal runs past the end');
      out.set(buf.subarray(i, i + len), o);
      i += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      if (i + 1 > buf.length) throw new SnappyError('a copy runs past the end');
      len = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | buf[i]!;
      i += 1;
    } else if (kind === 2) {
      if (i + 2 > buf.length) throw new SnappyError('a copy runs past the end');
      len = (tag >> 2) + 1;
      offset = buf[i]! | (buf[i + 1]! << 8);
      i += 2;
    } else {
      if (i + 4 > buf.length) throw new SnappyError('a copy runs past the end');
      len = (tag >> 2) + 1;
      offset = (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16)) + buf[i + 3]! * 2 ** 24;
      i += 4;
    }
    if (offset === 0 || offset > o || o + len > length) throw new SnappyError('a copy points outside the output');
    // Copies may overlap their own output (run-length style): byte by byte.
    for (let k = 0; k < len; k++) out[o + k] = out[o - offset + k]!;
    o += len;
  }
  if (o !== length) throw new SnappyError(`it decodes to ${o} bytes, not the ${length} it declares`);
  return out;
}

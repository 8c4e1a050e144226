/**
 * A minimal zip reader for jars: the central directory locates entries, only the wanted ones are read and
 * inflated (inflateRaw, bounded). Works over any random-access source (a buffer or an open file).
 */
import { inflateRawSync } from 'node:zlib';
import type { FileHandle } from 'node:fs/promises';

export interface RandomAccess {
  size: number;
  read(pos: number, len: number): Promise<Buffer>;
}

export function bufferAccess(b: Buffer): RandomAccess {
  return { size: b.length, read: async (pos, len) => b.subarray(pos, Math.min(b.length, pos + len)) };
}

export function fileAccess(fh: FileHandle, size: number): RandomAccess {
  return {
    size,
    async read(pos, len) {
      const n = Math.max(0, Math.min(len, size - pos));
      const buf = Buffer.alloc(n);
      let got = 0;
      while (got < n) {
        const { bytesRead } = await fh.read(buf, got, n - got, pos + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    },
  };
}

export interface ZipEntry {
  name: string;
  /** The general purpose bit flags (bit 0: encrypted). */
  flags: number;
  method: number;
  /** The CRC-32 of the uncompressed data, as the central directory records it. */
  crc32: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export class ZipFormatError extends Error {}

const MAX_CENTRAL_DIRECTORY = 64 << 20;

export async function listZip(ra: RandomAccess): Promise<ZipEntry[]> {
  const tailLen = Math.min(ra.size, 22 + 0xffff);
  const tail = await ra.read(ra.size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end-of-central-directory record (not a zip, or truncated)');
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0)
    throw new ZipFormatError('a multi-volume (split) zip, which is not supported');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && eocd >= 20 && tail.readUInt32LE(eocd - 20) === 0x07064b50) {
    const z64 = Number(tail.readBigUInt64LE(eocd - 20 + 8));
    const rec = await ra.read(z64, 56);
    if (rec.length < 56 || rec.readUInt32LE(0) !== 0x06064b50) throw new ZipFormatError('bad zip64 end-of-central-directory record');
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > ra.size) throw new ZipFormatError('central directory out of range');
  const cd = await ra.read(cdOffset, cdSize);
  const out: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count && p + 46 <= cd.length; i++) {
    if (cd.readUInt32LE(p) !== 0x02014b50) throw new ZipFormatError(`bad central directory entry #${i}`);
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc32 = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // zip64 extra field: the 0xffffffff fields, in order size, compressed size, offset.
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff && q + 8 <= e + 4 + len) (size = Number(cd.readBigUInt64LE(q))), (q += 8);
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len) (compressedSize = Number(cd.readBigUInt64LE(q))), (q += 8);
        if (localOffset === 0xffffffff && q + 8 <= e + 4 + len) localOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    out.push({ name, flags, method, crc32, compressedSize, size, localOffset });
    p = eEnd + commentLen;
  }
  return out;
}

/**
 * Two entries whose data overlap (the same local header named twice, or one entry's data running into the next
 * entry's header), or undefined. A zip writer never overlaps entries; a zip bomb does, to inflate one small
 * compressed stream once per central directory entry (https://www.bamsoftware.com/hacks/zipbomb/). The bound is a
 * lower one (a 30-byte local header and the compressed data, without the name and extra field).
 */
export function overlappingEntries(entries: ZipEntry[]): [ZipEntry, ZipEntry] | undefined {
  const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a.localOffset + 30 + a.compressedSize > b.localOffset) return [a, b];
  }
  return undefined;
}

export async function readZipEntry(ra: RandomAccess, entry: ZipEntry, maxSize: number): Promise<Buffer> {
  if (entry.size > maxSize || entry.compressedSize > maxSize) throw new ZipFormatError(`${entry.name} is larger than ${maxSize} bytes`);
  const lh = await ra.read(entry.localOffset, 30);
  if (lh.length < 30 || lh.readUInt32LE(0) !== 0x04034b50) throw new ZipFormatError(`bad local header for ${entry.name}`);
  const start = entry.localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  const data = await ra.read(start, entry.compressedSize);
  if (data.length < entry.compressedSize) throw new ZipFormatError(`${entry.name} is truncated`);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: Math.max(1, maxSize) });
  throw new ZipFormatError(`${entry.name} uses unsupported compression method ${entry.method}`);
}

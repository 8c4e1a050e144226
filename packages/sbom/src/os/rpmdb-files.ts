/**
 * The two rpm database formats before and beside sqlite, read-only, one header blob at a time (a large rpmdb is
 * never held in memory whole):
 *
 * - Berkeley DB `Packages` (rpm < 4.16: RHEL/CentOS 7-8, Amazon Linux 2): a Berkeley DB Hash file. Page 0 is the
 *   hash metadata page (magic 0x061561, page size); hash pages (type 13, or 2 in old files) hold key/data items
 *   packed from the end of the page, indexed by an array of 16-bit offsets after the 26-byte page header. An item is
 *   a type byte then the bytes (H_KEYDATA, type 1), or a reference to a chain of overflow pages (H_OFFPAGE, type 3:
 *   page number and total length; type 7 pages carry their byte count in the header's free-offset field). rpm keys
 *   the Packages database by a 4-byte header number; the data is the header blob. Key 0 holds rpm's own counter.
 * - ndb `Packages.db` (SUSE, rpm >= 4.15 `--with-ndb`): a 32-byte header (`RpmP`, version 0, generation, number of
 *   slot pages, next package index), then slot pages of 16-byte slots (`Slot`, package index, block offset, block
 *   count; 16-byte blocks), and per package a blob: `BlbS`, package index, timestamp, length, the header blob, then
 *   an adler32, the length again and `BlbE` at the end of its blocks.
 *
 * Both are read from a file handle with positioned reads, every offset and length checked against the file size.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { SbomInputError } from '../errors.js';

export type RpmDbFormat = 'sqlite' | 'bdb' | 'ndb' | 'unknown';

const HASH_MAGIC = 0x061561;
const NDB_MAGIC = 0x506d7052; // 'RpmP' little-endian

/** The format of an rpm database, from its first bytes (at least 16). */
export function sniffRpmDb(head: Uint8Array): RpmDbFormat {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 16 && b.toString('latin1', 0, 16) === 'SQLite format 3\u0000') return 'sqlite';
  if (b.length >= 4 && b.readUInt32LE(0) === NDB_MAGIC) return 'ndb';
  if (b.length >= 16 && (b.readUInt32LE(12) === HASH_MAGIC || b.readUInt32BE(12) === HASH_MAGIC)) return 'bdb';
  return 'unknown';
}

export class RpmDbFormatError extends Error {}

async function readAt(fh: FileHandle, pos: number, len: number, size: number, what: string): Promise<Buffer> {
  if (pos < 0 || len < 0 || pos + len > size)
    throw new RpmDbFormatError(`${what} at byte ${pos} (${len} bytes) runs past the end of the file (${size} bytes)`);
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
    if (bytesRead === 0) throw new RpmDbFormatError(`${what} at byte ${pos}: the file ended early`);
    got += bytesRead;
  }
  return buf;
}

const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
const PAGE_HEADER = 26;

/** Header blobs of a Berkeley DB Hash `Packages` file, in page order. `maxBlob` bounds one blob. */
export async function* bdbHeaderBlobs(
  path: string,
  maxBlob: number,
  stats?: { inline: number; overflow: number },
): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const meta = await readAt(fh, 0, 72, size, 'the metadata page');
    const le = meta.readUInt32LE(12) === HASH_MAGIC;
    if (!le && meta.readUInt32BE(12) !== HASH_MAGIC) throw new RpmDbFormatError('not a Berkeley DB hash database (bad magic)');
    const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const pageSize = u32(meta, 20);
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
      throw new RpmDbFormatError(`page size ${pageSize} is not a power of two from 512 to 65536`);
    if (meta[24] !== 0) throw new RpmDbFormatError('the database is encrypted');
    if (meta[25] !== P_HASHMETA) throw new RpmDbFormatError(`page 0 is of type ${meta[25]}, not hash metadata`);
    const lastPage = Math.min(u32(meta, 32), Math.floor(size / pageSize) - 1);

    // Every overflow page belongs to one item: a page reached twice (chains that share pages or loop) is damage,
    // and refusing it keeps the bytes read to the size of the file, whatever the items claim.
    const used = new Set<number>();
    const overflow = async (first: number, total: number): Promise<Buffer> => {
      if (total > maxBlob) throw new RpmDbFormatError(`an item of ${total} bytes is larger than a header can be`);
      const out = Buffer.alloc(total);
      let filled = 0;
      let pg = first;
      while (filled < total) {
        if (pg === 0 || pg > lastPage || used.has(pg))
          throw new RpmDbFormatError(`overflow chain from page ${first} is broken at page ${pg}`);
        used.add(pg);
        const page = await readAt(fh, pg * pageSize, pageSize, size, `overflow page ${pg}`);
        if (page[25] !== P_OVERFLOW) throw new RpmDbFormatError(`page ${pg} is of type ${page[25]}, not an overflow page`);
        const len = u16(page, 22);
        if (len > pageSize - PAGE_HEADER || filled + len > total)
          throw new RpmDbFormatError(`overflow page ${pg} says it holds ${len} bytes`);
        page.copy(out, filled, PAGE_HEADER, PAGE_HEADER + len);
        filled += len;
        pg = u32(page, 16); // next_pgno
      }
      return out;
    };

    for (let pg = 1; pg <= lastPage; pg++) {
      const page = await readAt(fh, pg * pageSize, pageSize, size, `page ${pg}`);
      const type = page[25];
      if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
      const entries = u16(page, 20);
      if (PAGE_HEADER + entries * 2 > pageSize) throw new RpmDbFormatError(`hash page ${pg} says it holds ${entries} items`);
      const offsetOf = (i: number) => u16(page, PAGE_HEADER + i * 2);
      // Items alternate key, data; each ends where the previous one (by index) starts, the first at the page end.
      for (let i = 0; i + 1 < entries; i += 2) {
        const keyAt = offsetOf(i);
        const keyEnd = i === 0 ? pageSize : offsetOf(i - 1);
        const dataAt = offsetOf(i + 1);
        const dataEnd = keyAt;
        if (keyAt >= keyEnd || dataAt >= dataEnd || keyEnd > pageSize || dataAt < PAGE_HEADER + entries * 2) {
          throw new RpmDbFormatError(`hash page ${pg} item ${i} has offsets out of order`);
        }
        // Key 0 is rpm's record of the next header number, not a header.
        if (page[keyAt] === H_KEYDATA && keyEnd - keyAt - 1 === 4 && page.readUInt32LE(keyAt + 1) === 0) continue;
        const kind = page[dataAt];
        if (kind === H_KEYDATA) {
          if (stats) stats.inline++;
          yield page.subarray(dataAt + 1, dataEnd);
        } else if (kind === H_OFFPAGE) {
          if (dataAt + 12 > dataEnd) throw new RpmDbFormatError(`hash page ${pg} item ${i + 1} is too short for an off-page reference`);
          if (stats) stats.overflow++;
          yield await overflow(u32(page, dataAt + 4), u32(page, dataAt + 8));
        } else throw new RpmDbFormatError(`hash page ${pg} item ${i + 1} is of type ${kind}, which rpm does not write`);
      }
    }
  } finally {
    await fh.close();
  }
}

const SLOT_MAGIC = 0x746f6c53; // 'Slot'
const BLOB_HEAD = 0x53626c42; // 'BlbS'
const BLOB_TAIL = 0x45626c42; // 'BlbE'
const NDB_PAGE = 4096;
const NDB_BLK = 16;

function adler32(b: Buffer): number {
  let s1 = 1;
  let s2 = 0;
  for (let i = 0; i < b.length; ) {
    const end = Math.min(b.length, i + 5552);
    for (; i < end; i++) {
      s1 += b[i]!;
      s2 += s1;
    }
    s1 %= 65521;
    s2 %= 65521;
  }
  return ((s2 << 16) | s1) >>> 0;
}

/** Header blobs of an ndb `Packages.db`, in file order. `maxBlob` bounds one blob. */
export async function* ndbHeaderBlobs(path: string, maxBlob: number): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = await readAt(fh, 0, 32, size, 'the file header');
    if (head.readUInt32LE(0) !== NDB_MAGIC) throw new RpmDbFormatError('not an ndb Packages.db (bad magic)');
    if (head.readUInt32LE(4) !== 0) throw new RpmDbFormatError(`ndb version ${head.readUInt32LE(4)} is not version 0`);
    const slotPages = head.readUInt32LE(12);
    if (slotPages === 0 || slotPages * NDB_PAGE > size) throw new RpmDbFormatError(`${slotPages} slot pages do not fit in the file`);
    const slots: Array<{ pkgidx: number; blkoff: number; blkcnt: number }> = [];
    for (let p = 0; p < slotPages; p++) {
      const page = await readAt(fh, p * NDB_PAGE, NDB_PAGE, size, `slot page ${p}`);
      for (let o = p === 0 ? 32 : 0; o < NDB_PAGE; o += 16) {
        if (page.readUInt32LE(o) !== SLOT_MAGIC) throw new RpmDbFormatError(`slot at byte ${p * NDB_PAGE + o} has a bad magic`);
        const blkoff = page.readUInt32LE(o + 8);
        if (blkoff === 0) continue; // a free slot
        slots.push({ pkgidx: page.readUInt32LE(o + 4), blkoff, blkcnt: page.readUInt32LE(o + 12) });
      }
    }
    // Blobs in file order, none overlapping another (as rpm requires): the bytes read stay within the file size.
    slots.sort((a, b) => a.blkoff - b.blkoff);
    let end = 0;
    for (const s of slots) {
      if (s.blkoff < end) throw new RpmDbFormatError(`package ${s.pkgidx}: its blob overlaps another one`);
      end = s.blkoff + s.blkcnt;
      const at = s.blkoff * NDB_BLK;
      const span = s.blkcnt * NDB_BLK;
      if (span < 28 || at < slotPages * NDB_PAGE)
        throw new RpmDbFormatError(`package ${s.pkgidx}: slot points at blocks ${s.blkoff}+${s.blkcnt}, outside the blob area`);
      if (span > maxBlob + 16 + 12 + NDB_BLK)
        throw new RpmDbFormatError(`package ${s.pkgidx}: a blob of ${span} bytes is larger than a header can be`);
      const whole = await readAt(fh, at, span, size, `package ${s.pkgidx} blob`);
      if (whole.readUInt32LE(0) !== BLOB_HEAD || whole.readUInt32LE(4) !== s.pkgidx)
        throw new RpmDbFormatError(`package ${s.pkgidx}: bad blob header`);
      const len = whole.readUInt32LE(12);
      if (16 + len + 12 > span) throw new RpmDbFormatError(`package ${s.pkgidx}: blob length ${len} does not fit its ${span} bytes`);
      const tail = whole.subarray(span - 12);
      if (tail.readUInt32LE(8) !== BLOB_TAIL || tail.readUInt32LE(4) !== len)
        throw new RpmDbFormatError(`package ${s.pkgidx}: bad blob tail`);
      // The adler32 covers the blob head, the blob and the zero padding up to the tail.
      if (adler32(whole.subarray(0, span - 12)) !== tail.readUInt32LE(0))
        throw new RpmDbFormatError(`package ${s.pkgidx}: blob checksum mismatch`);
      const blob = whole.subarray(16, 16 + len);
      yield blob;
    }
  } finally {
    await fh.close();
  }
}

/** Wraps a format error as RPMDB_MALFORMED naming the database. */
export function rpmDbError(err: unknown, source: string, format: string): SbomInputError {
  return new SbomInputError('RPMDB_MALFORMED', `the ${format} rpm database is malformed: ${(err as Error).message}.`, {
    location: source,
    hint: 'The rpm database may be corrupt or still being written; check it with `rpm --rebuilddb` in the image.',
    cause: err,
  });
}

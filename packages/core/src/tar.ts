/**
 * The tar header grammar (POSIX ustar, pax extended headers, GNU long names and base-256 sizes): pure parsing of
 * 512-byte header blocks and metadata records. Two readers use it: @custody/oci indexes archive files (docker-archive,
 * oci-archive) by their headers, and @custody/sbom streams layer tars through its TarParser.
 */

/** A tar stream is malformed. Carries the byte offset (in the uncompressed stream) where it went wrong. */
export class TarFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset} of the tar stream`);
    this.name = 'TarFormatError';
  }
}

export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'directory' | 'other';

export interface TarEntry {
  /** Normalized relative path: no leading `./` or `/`, no trailing `/`. */
  path: string;
  type: TarEntryType;
  size: number;
  mode: number;
  linkname: string;
}

export const TAR_BLOCK = 512;
/** Limit for pax and GNU long-name records: real ones are a few hundred bytes. */
export const TAR_MAX_META = 1 << 20;

export function normalizeTarPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

function cstr(b: Buffer, start: number, len: number): string {
  const end = b.indexOf(0, start);
  return b.toString('utf8', start, end === -1 || end > start + len ? start + len : end);
}

function numeric(b: Buffer, start: number, len: number): number {
  if (b[start]! & 0x80) {
    // GNU base-256: big-endian, the high bit of the first byte is the marker.
    let v = b[start]! & 0x7f;
    for (let i = start + 1; i < start + len; i++) v = v * 256 + b[i]!;
    return v;
  }
  const s = b
    .toString('latin1', start, start + len)
    .replace(/[\0 ]+$/g, '')
    .trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) return NaN;
  return parseInt(s, 8);
}

export interface RawHeader {
  name: string;
  size: number;
  mode: number;
  typeflag: string;
  linkname: string;
}

/** Parses one 512-byte header block; `undefined` for an all-zero block (end of archive). */
export function parseHeader(block: Buffer, offset: number): RawHeader | undefined {
  let zero = true;
  for (let i = 0; i < TAR_BLOCK; i++)
    if (block[i] !== 0) {
      zero = false;
      break;
    }
  if (zero) return undefined;
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  const stored = numeric(block, 148, 8);
  if (stored !== sum) {
    // Some old tars summed signed bytes.
    let signed = 0;
    for (let i = 0; i < TAR_BLOCK; i++) signed += i >= 148 && i < 156 ? 32 : (block[i]! << 24) >> 24;
    if (stored !== signed) throw new TarFormatError('bad tar header checksum (not a tar stream, or corrupt)', offset);
  }
  const size = numeric(block, 124, 12);
  if (!Number.isFinite(size) || size < 0) throw new TarFormatError('bad size field in tar header', offset);
  const magic = block.toString('latin1', 257, 263);
  let name = cstr(block, 0, 100);
  if (magic === 'ustar\0') {
    const prefix = cstr(block, 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  const tf = block[156]!;
  return {
    name,
    size,
    mode: numeric(block, 100, 8) || 0,
    typeflag: tf === 0 ? '0' : String.fromCharCode(tf),
    linkname: cstr(block, 157, 100),
  };
}

/** pax records: `LEN key=value\n`. */
export function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const sp = data.indexOf(0x20, pos);
    if (sp < 0) break;
    const len = parseInt(data.toString('latin1', pos, sp), 10);
    if (!(len > 0) || pos + len > data.length) break;
    const rec = data.toString('utf8', sp + 1, pos + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    pos += len;
  }
  return out;
}

function entryType(tf: string): TarEntryType {
  switch (tf) {
    case '0':
    case '7':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'directory';
    default:
      return 'other';
  }
}

/** Folds pax / GNU long-name metadata into the next header. Shared by the stream parser and the file indexer. */
export class MetaState {
  private pax: Record<string, string> = {};
  private longName: string | undefined;
  private longLink: string | undefined;

  /** True when the header is a metadata entry whose data must be collected and given to `absorb`. */
  isMeta(h: RawHeader): boolean {
    return h.typeflag === 'x' || h.typeflag === 'g' || h.typeflag === 'L' || h.typeflag === 'K';
  }

  absorb(h: RawHeader, data: Buffer): void {
    if (h.typeflag === 'x') Object.assign(this.pax, parsePax(data));
    else if (h.typeflag === 'L') this.longName = cstr(data, 0, data.length);
    else if (h.typeflag === 'K') this.longLink = cstr(data, 0, data.length);
    // 'g' (global pax) carries nothing Custody needs.
  }

  /** The entry this header describes, with pending metadata applied (and then cleared). */
  apply(h: RawHeader): TarEntry {
    const path = this.pax.path ?? this.longName ?? h.name;
    const linkname = this.pax.linkpath ?? this.longLink ?? h.linkname;
    const paxSize = this.pax.size !== undefined ? Number(this.pax.size) : undefined;
    const size = paxSize !== undefined && Number.isFinite(paxSize) ? paxSize : h.size;
    this.pax = {};
    this.longName = this.longLink = undefined;
    const type = entryType(h.typeflag);
    return { path: normalizeTarPath(path), type, size, mode: h.mode, linkname };
  }
}

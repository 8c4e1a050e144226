/**
 * A streaming tar reader (POSIX ustar, pax extended headers, GNU long names and base-256 sizes).
 * Push chunks in; for each entry the handler decides whether it wants the content (returns a sink) or not.
 * Skipped content is never copied: memory stays at one 512-byte header plus whatever the sinks keep.
 */
import { LimitError } from '@custody/core';
import { TarFormatError } from './errors.js';

export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'directory' | 'other';

export interface TarEntry {
  /** Normalized relative path: no leading `./` or `/`, no trailing `/`. */
  path: string;
  type: TarEntryType;
  size: number;
  mode: number;
  linkname: string;
}

export interface EntrySink {
  write(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

export type EntryHandler = (entry: TarEntry) => EntrySink | undefined;

const BLOCK = 512;
/** Limit for pax and GNU long-name records: real ones are a few hundred bytes. */
const MAX_META = 1 << 20;

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
  const s = b.toString('latin1', start, start + len).replace(/[\0 ]+$/g, '').trim();
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
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) { zero = false; break; }
  if (zero) return undefined;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  const stored = numeric(block, 148, 8);
  if (stored !== sum) {
    // Some old tars summed signed bytes.
    let signed = 0;
    for (let i = 0; i < BLOCK; i++) signed += i >= 148 && i < 156 ? 32 : (block[i]! << 24) >> 24;
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
    case '0': case '7': return 'file';
    case '1': return 'hardlink';
    case '2': return 'symlink';
    case '5': return 'directory';
    default: return 'other';
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

const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);

type State = 'header' | 'data' | 'meta' | 'pad' | 'done';

export class TarParser {
  private state: State = 'header';
  private header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  private headerStart = 0;
  private remaining = 0;
  private pad = 0;
  private sink: EntrySink | undefined;
  private metaHeader: RawHeader | undefined;
  private metaChunks: Buffer[] = [];
  private readonly meta = new MetaState();
  /** Bytes consumed so far (uncompressed). */
  offset = 0;
  entries = 0;

  constructor(
    private readonly onEntry: EntryHandler,
    private readonly bounds: { maxEntries?: number; where?: string } = {},
  ) {}

  get finished(): boolean {
    return this.state === 'done';
  }

  async write(chunk: Buffer): Promise<void> {
    let pos = 0;
    while (pos < chunk.length) {
      switch (this.state) {
        case 'done':
          this.offset += chunk.length - pos;
          return;
        case 'header': {
          if (this.headerFill === 0) this.headerStart = this.offset;
          const n = Math.min(BLOCK - this.headerFill, chunk.length - pos);
          chunk.copy(this.header, this.headerFill, pos, pos + n);
          this.headerFill += n;
          pos += n;
          this.offset += n;
          if (this.headerFill === BLOCK) {
            this.headerFill = 0;
            await this.startEntry(this.headerStart);
          }
          break;
        }
        case 'data':
        case 'meta': {
          const n = Math.min(this.remaining, chunk.length - pos);
          if (n > 0) {
            const part = chunk.subarray(pos, pos + n);
            if (this.state === 'meta') this.metaChunks.push(Buffer.from(part));
            else if (this.sink) {
              const r = this.sink.write(part);
              if (r) await r;
            }
          }
          pos += n;
          this.offset += n;
          this.remaining -= n;
          if (this.remaining === 0) await this.endData();
          break;
        }
        case 'pad': {
          const n = Math.min(this.pad, chunk.length - pos);
          pos += n;
          this.offset += n;
          this.pad -= n;
          if (this.pad === 0) this.state = 'header';
          break;
        }
      }
    }
  }

  /** Call at the end of the stream: a truncated archive is an error. */
  end(): void {
    if (this.state === 'done') return;
    if (this.state === 'header' && this.headerFill === 0) return; // no end-of-archive blocks: tolerated
    throw new TarFormatError('tar stream ends in the middle of an entry (truncated layer?)', this.offset);
  }

  private async startEntry(at: number): Promise<void> {
    const h = parseHeader(this.header, at);
    if (!h) {
      this.state = 'done';
      return;
    }
    this.pad = (BLOCK - (h.size % BLOCK)) % BLOCK;
    this.remaining = h.size;
    if (this.meta.isMeta(h)) {
      if (h.size > MAX_META) throw new TarFormatError(`tar metadata record of ${h.size} bytes is too large`, at);
      this.metaHeader = h;
      this.metaChunks = [];
      this.state = 'meta';
    } else {
      const entry = this.meta.apply(h);
      this.entries++;
      if (this.bounds.maxEntries !== undefined && this.entries > this.bounds.maxEntries) {
        throw new LimitError('archiveEntries', `${this.bounds.where ?? 'the tar stream'} holds more than ${this.bounds.maxEntries} entries.`);
      }
      if (HEADER_ONLY.has(h.typeflag)) {
        // Links, devices, directories and fifos carry no data whatever the size field says (as Go's archive/tar).
        this.remaining = this.pad = entry.size = 0;
      } else if (entry.size !== h.size) {
        this.remaining = entry.size;
        this.pad = (BLOCK - (entry.size % BLOCK)) % BLOCK;
      }
      this.sink = this.onEntry(entry);
      this.state = 'data';
    }
    if (this.remaining === 0) await this.endData();
  }

  private async endData(): Promise<void> {
    if (this.state === 'meta') {
      this.meta.absorb(this.metaHeader!, Buffer.concat(this.metaChunks));
      this.metaChunks = [];
    } else if (this.sink) {
      const s = this.sink;
      this.sink = undefined;
      const r = s.end();
      if (r) await r;
    }
    this.state = this.pad > 0 ? 'pad' : 'header';
  }
}

/**
 * A streaming tar reader over the header grammar of @custody/core (ustar, pax, GNU long names, base-256 sizes).
 * Push chunks in; for each entry the handler decides whether it wants the content (returns a sink) or not.
 * Skipped content is never copied: memory stays at one 512-byte header plus whatever the sinks keep.
 */
import {
  LimitError,
  MetaState,
  TAR_BLOCK as BLOCK,
  TAR_MAX_META as MAX_META,
  TarFormatError,
  parseHeader,
  type RawHeader,
  type TarEntry,
} from '@custody/core';

export type { TarEntry, TarEntryType } from '@custody/core';

export interface EntrySink {
  write(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

export type EntryHandler = (entry: TarEntry) => EntrySink | undefined;

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
        throw new LimitError(
          'archiveEntries',
          `${this.bounds.where ?? 'the tar stream'} holds more than ${this.bounds.maxEntries} entries.`,
        );
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

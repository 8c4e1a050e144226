/**
 * Finds a Go binary's build info while the file streams past: the linker writes a 32-byte header starting
 * with the magic `\xff Go buildinf:` followed (Go >= 1.18, flags bit 2) by two varint-length strings, the Go
 * version and the module info. Nothing but a small window and the captured header are kept.
 */
import type { EntrySink } from './tar.js';
import { parseGoModInfo } from './lang.js';
import type { GoBuildInfo } from './lang.js';

export const GO_BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
/** The module info of a large program is tens of KB; anything beyond this is not build info. */
const MAX_CAPTURE = 1 << 20;

const EXEC_MAGICS = [
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]), // ELF
  Buffer.from([0xfe, 0xed, 0xfa, 0xce]), // Mach-O 32
  Buffer.from([0xfe, 0xed, 0xfa, 0xcf]), // Mach-O 64
  Buffer.from([0xce, 0xfa, 0xed, 0xfe]),
  Buffer.from([0xcf, 0xfa, 0xed, 0xfe]),
];

function uvarint(b: Buffer, pos: number): [value: number, bytes: number] | undefined {
  let x = 0;
  let s = 1;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= b.length) return undefined;
    const c = b[pos + i]!;
    x += (c & 0x7f) * s;
    if (c < 0x80) return [x, i + 1];
    s *= 128;
  }
  return undefined;
}

type Parse = { kind: 'more'; need: number } | { kind: 'bad' } | { kind: 'old' } | { kind: 'ok'; info: GoBuildInfo };

/** Parses the build-info header at the start of `b` (which starts with the magic). */
export function parseBuildInfoHeader(b: Buffer): Parse {
  if (b.length < 32) return { kind: 'more', need: 32 };
  const ptrSize = b[14]!;
  const flags = b[15]!;
  if (ptrSize !== 4 && ptrSize !== 8) return { kind: 'bad' };
  if ((flags & 2) === 0) return { kind: 'old' };
  let pos = 32;
  const strings: string[] = [];
  for (let k = 0; k < 2; k++) {
    const v = uvarint(b, pos);
    if (!v) return b.length - pos >= 10 ? { kind: 'bad' } : { kind: 'more', need: pos + 10 };
    const [len, n] = v;
    if (len > MAX_CAPTURE) return { kind: 'bad' };
    if (pos + n + len > b.length) return { kind: 'more', need: pos + n + len };
    strings.push(b.toString('utf8', pos + n, pos + n + len));
    pos += n + len;
  }
  const version = strings[0]!;
  let mod = strings[1]!;
  if (!/^(go\d|devel)/.test(version)) return { kind: 'bad' };
  // The module info is wrapped in 16-byte sentinels (cmd/go modload.ModInfoData).
  if (mod.length >= 33 && mod[mod.length - 17] === '\n') mod = mod.slice(16, -16);
  return { kind: 'ok', info: parseGoModInfo(version, mod) };
}

export class GoBuildInfoSink implements EntrySink {
  private state: 'head' | 'scan' | 'capture' | 'done' = 'head';
  private head = Buffer.alloc(0);
  private carry = Buffer.alloc(0);
  private capture: Buffer[] = [];
  private captured = 0;
  private need = 32;
  result: GoBuildInfo | undefined;
  /** A Go binary older than 1.18: the build info is there but in the pointer form, not read. */
  old = false;

  constructor(private readonly onDone: (info: GoBuildInfo | undefined, old: boolean) => void) {}

  write(chunk: Buffer): void {
    if (this.state === 'done') return;
    if (this.state === 'head') {
      this.head = Buffer.concat([this.head, chunk.subarray(0, 4 - this.head.length)]);
      if (this.head.length < 4) return;
      if (!EXEC_MAGICS.some((m) => m.equals(this.head)) && this.head.toString('latin1', 0, 2) !== 'MZ') {
        this.state = 'done';
        return;
      }
      this.state = 'scan';
    }
    if (this.state === 'capture') {
      this.capture.push(Buffer.from(chunk));
      this.captured += chunk.length;
      this.tryParse();
      return;
    }
    this.scan(this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk);
  }

  private scan(window: Buffer): void {
    const at = window.indexOf(GO_BUILDINFO_MAGIC);
    if (at < 0) {
      this.carry = Buffer.from(window.subarray(Math.max(0, window.length - (GO_BUILDINFO_MAGIC.length - 1))));
      return;
    }
    this.state = 'capture';
    this.carry = Buffer.alloc(0);
    const rest = Buffer.from(window.subarray(at));
    this.capture = [rest];
    this.captured = rest.length;
    this.tryParse();
  }

  private tryParse(): void {
    while (this.state === 'capture' && this.captured >= this.need) {
      const b = this.capture.length === 1 ? this.capture[0]! : Buffer.concat(this.capture);
      this.capture = [b];
      const r = parseBuildInfoHeader(b);
      if (r.kind === 'more') {
        if (r.need > MAX_CAPTURE) return this.rescan(b);
        this.need = r.need;
        continue;
      }
      if (r.kind === 'ok') {
        this.result = r.info;
        this.finish();
        return;
      }
      if (r.kind === 'old') this.old = true;
      this.rescan(b);
    }
  }

  /** The magic was a false hit (e.g. the string constant inside the Go toolchain): keep looking after it. */
  private rescan(b: Buffer): void {
    this.state = 'scan';
    this.need = 32;
    this.capture = [];
    this.captured = 0;
    this.scan(b.subarray(1));
  }

  private finish(): void {
    this.state = 'done';
    this.capture = [];
    this.carry = Buffer.alloc(0);
  }

  end(): void {
    if (this.state === 'capture') {
      const b = Buffer.concat(this.capture);
      const r = parseBuildInfoHeader(b);
      if (r.kind === 'ok') this.result = r.info;
    }
    this.finish();
    this.onDone(this.result, this.old && !this.result);
  }
}

// custody vuln --db ZIP: OSV's per-ecosystem export is a zip (ECOSYSTEM/all.zip); custody reads it in place. The
// zips here are written by a tiny zip writer below (local headers, central directory, end record; deflate by
// zlib.deflateRawSync, CRC-32 by zlib.crc32) from the committed real records of test/fixtures/osv (README.md there),
// and the result through the zip must equal the result through the directory. Broken zips (truncated, not a zip,
// encrypted, corrupt, too many entries) stop with exit 2 and a message naming what is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { Finding } from '@custody/verify';
import { runCli } from './support/cli.js';

const DB = join(import.meta.dirname, 'fixtures', 'osv');

interface ZipInput {
  name: string;
  data: Buffer;
  /** Store (method 0) instead of deflate (method 8). */
  store?: boolean;
  /** General purpose flags (bit 0: encrypted). */
  flags?: number;
}

/** A minimal zip (APPNOTE 4.3): each entry's local header and data, the central directory, the end record. */
function zip(entries: ZipInput[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = e.store ? e.data : deflateRawSync(e.data);
    const method = e.store ? 0 : 8;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(e.flags ?? 0, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(0x21, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(e.data.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(cd, name);
    offset += local.length + name.length + body.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBytes, end]);
}

async function fixtureRecords(): Promise<ZipInput[]> {
  const out: ZipInput[] = [];
  for (const e of await readdir(DB, { recursive: true, withFileTypes: true }))
    if (e.isFile())
      out.push({ name: relative(DB, join(e.parentPath, e.name)).replaceAll('\\', '/'), data: await readFile(join(e.parentPath, e.name)) });
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

// One component per ecosystem of the slice with a finding (and one without), so that equal results are not empty ones.
const PURLS = [
  'pkg:npm/semver@7.5.0',
  'pkg:npm/lodash@4.17.21',
  'pkg:pypi/jinja2@3.1.2',
  'pkg:golang/golang.org/x/crypto@v0.0.0-20190308221718-c2843e01d9a2',
  'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
  'pkg:gem/tzinfo@1.2.5',
  'pkg:apk/alpine/musl@1.2.3-r4?distro=alpine-3.17.2',
];

describe('custody vuln --db ZIP (an OSV export zip read in place)', () => {
  let dir: string;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(args, { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  const json = async (db: string) => {
    const r = await cli(['vuln', '--sbom', 'app.cdx.json', '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { records: number; findings: Finding[]; unevaluated: unknown[] };
  };
  let records: ZipInput[];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-vuln-zip-'));
    records = await fixtureRecords();
    await writeFile(
      join(dir, 'app.cdx.json'),
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        components: PURLS.map((purl) => ({ type: 'library', name: purl, purl })),
      }),
    );
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('matches through a deflated zip exactly as through the directory (directory entries and README skipped)', async () => {
    await writeFile(join(dir, 'all.zip'), zip([{ name: 'npm/', data: Buffer.alloc(0), store: true }, ...records]));
    const viaDir = await json(DB);
    const viaZip = await json('all.zip');
    expect(viaZip).toEqual(viaDir);
    expect(viaZip.records).toBe(13);
    // Not an empty agreement: a finding from every ecosystem's record, lodash 4.17.21 (the fixed version) not found.
    expect([...new Set(viaZip.findings.map((f) => f.id))].sort()).toEqual(
      [
        'ALPINE-CVE-2025-26519',
        'GHSA-45x7-px36-x8w8',
        'GHSA-5cm2-9h8c-rvfx',
        'GHSA-c2qf-rxjj-qqgw',
        'GHSA-h5c8-rqwp-cp95',
        'GHSA-jfh8-c2jp-5v3q',
      ].sort(),
    );
    // The table form reads the same zip too.
    const table = await cli(['vuln', '--sbom', 'app.cdx.json', '--db', 'all.zip']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('6 finding(s) in 7 component(s) against 13 OSV record(s)');
  });

  it('reads stored (uncompressed) entries as they are', async () => {
    await writeFile(join(dir, 'stored.zip'), zip(records.map((r) => ({ ...r, store: true }))));
    expect(await json('stored.zip')).toEqual(await json(DB));
  });

  it('a truncated zip and a file that is not a zip stop with exit 2 and say what is wrong', async () => {
    const whole = zip(records);
    await writeFile(join(dir, 'cut.zip'), whole.subarray(0, Math.floor(whole.length / 2)));
    const cut = await cli(['vuln', '--sbom', 'app.cdx.json', '--db', 'cut.zip']);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toContain('VULN_DB_ZIP');
    expect(cut.stderr).toContain('--db cut.zip: not a readable zip: no end-of-central-directory record (not a zip, or truncated)');
    expect(cut.stderr).not.toMatch(/\n\s+at /); // no stack trace

    // Cut inside the central directory: the end record is there, the directory it points to is not whole.
    const cdCut = Buffer.concat([whole.subarray(0, whole.length - 60), whole.subarray(whole.length - 22)]);
    await writeFile(join(dir, 'cdcut.zip'), cdCut);
    const cd = await cli(['vuln', '--sbom', 'app.cdx.json', '--db', 'cdcut.zip']);
    expect(cd.code).toBe(2);
    expect(cd.stderr).toContain('--db cdcut.zip: not a readable zip: central directory out of range');

    // A split archive's end record names another disk: not read.
    const split = Buffer.from(whole);
    split.writeUInt16LE(1, whole.length - 22 + 4);
    await writeFile(join(dir, 'split.zip'), split);
    const sp = await cli(['vuln', '--sbom', 'app.cdx.json', '--db', 'split.zip']);
    expect(sp.code).toBe(2);
    expect(sp.stderr).toContain('--db split.zip: not a readable zip: a multi-volume (split) zip, which is not supported');

    await writeFile(join(dir, 'records.json'), await readFile(join(DB, 'npm', 'GHSA-c2qf-rxjj-qqgw.json')));
    const notZip = await cli(['vuln', '--sbom', 'app.cdx.json', '--db', 'records.json']);
    expect(notZip.code).toBe(2);
    expect(notZip.stderr).toContain('--db records.json: is a file but not a zip (no zip signature at its start).');
  });

  it('an encrypted entry, a corrupt entry and too many entries stop with exit 2 naming the entry or the limit', async () => {
    await writeFile(join(dir, 'enc.zip'), zip([records[0]!, { ...records[1]!, flags: 1 }]));
    const enc = await cli(['vuln', '--sbom', 'app.cdx.json', '--db', 'enc.zip']);
    expect(enc.code).toBe(2);
    expect(enc.stderr).toContain('VULN_DB_ZIP');
    expect(enc.stderr).toContain(`entry ${records[1]!.name} is encrypted; custody reads unencrypted zips only`);

    // A byte of a stored record changed after its CRC-32 was taken: the check catches it.
    const good = zip([{ ...records[1]!, store: true }]);
    const bad = Buffer.from(good);
    const at = 30 + records[1]!.name.length + 10;
    bad[at] = bad[at]! ^ 0x20;
    await writeFile(join(dir, 'crc.zip'), bad);
    const crc = await cli(['vuln', '--sbom', 'app.cdx.json', '--db', 'crc.zip']);
    expect(crc.code).toBe(2);
    expect(crc.stderr).toContain(`entry ${records[1]!.name} fails its size or CRC-32 check: the zip is corrupt`);

    await writeFile(join(dir, 'all.zip'), zip(records));
    const many = await cli(['vuln', '--sbom', 'app.cdx.json', '--db', 'all.zip'], { CUSTODY_MAX_ARCHIVE_ENTRIES: '5' });
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('LIMIT_ARCHIVE_ENTRIES');
    expect(many.stderr).toContain('CUSTODY_MAX_ARCHIVE_ENTRIES');

    const big = await cli(['vuln', '--sbom', 'app.cdx.json', '--db', 'all.zip'], { CUSTODY_MAX_BUNDLE_BYTES: '1K' });
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('LIMIT_BUNDLE_BYTES');
    expect(big.stderr).toContain('bytes uncompressed, more than the limit for one OSV record');
  });
});

// Hostile databases (red team): zip bombs within the per-entry limit, lying sizes and offsets, and --db directories
// holding links, devices, FIFOs, deep and huge records. Each stops with exit 2 naming what is wrong, never hangs,
// never inflates without bound, and never leaves a record out in silence.
describe('custody vuln --db as hostile input', () => {
  let dir: string;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(args, { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  const vuln = (db: string, env: NodeJS.ProcessEnv = {}) => cli(['vuln', '--sbom', 'app.cdx.json', '--db', db, '--format', 'json'], env);
  const record = async () => readFile(join(DB, 'npm', 'GHSA-c2qf-rxjj-qqgw.json'));
  /** A record padded with `n` spaces: valid JSON, ~1000:1 under deflate. */
  const padded = async (n: number) => Buffer.concat([await record(), Buffer.alloc(n, 0x20)]);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custody-vuln-hostile-'));
    await writeFile(
      join(dir, 'app.cdx.json'),
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        components: [{ type: 'library', name: 'semver', purl: 'pkg:npm/semver@7.5.0' }],
      }),
    );
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('(was a hole) an overlapping-entry zip bomb: one compressed stream named by many central directory entries', async () => {
    // One 1 MiB entry, its central directory record repeated 200 times under other names, all at local offset 0:
    // 200 MiB of inflation from a ~20 KB file (a real bomb repeats it a million times). Refused before inflating.
    const one = zip([{ name: 'a.json', data: await padded(1 << 20) }]);
    const cdStart = one.readUInt32LE(one.length - 22 + 16);
    const cdEntry = one.subarray(cdStart, one.length - 22);
    const copies = Array.from({ length: 200 }, (_, i) => {
      const c = Buffer.from(cdEntry);
      c.write(String.fromCharCode(97 + (i % 26)), 46); // another first letter of the name; same data, offset 0
      return c;
    });
    const cd = Buffer.concat(copies);
    const end = Buffer.from(one.subarray(one.length - 22));
    end.writeUInt16LE(copies.length, 8);
    end.writeUInt16LE(copies.length, 10);
    end.writeUInt32LE(cd.length, 12);
    await writeFile(join(dir, 'overlap.zip'), Buffer.concat([one.subarray(0, cdStart), cd, end]));
    const r = await vuln('overlap.zip');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('VULN_DB_ZIP');
    expect(r.stderr).toContain('overlap (their data share bytes), which no zip writer does: the zip is corrupt or a zip bomb');
  });

  it('(was a hole) many entries each under the per-record limit: their total is bounded (CUSTODY_MAX_VULN_DB_BYTES)', async () => {
    // 40 entries of 1 MiB each (~1 KB deflated): each is far under the 64 MiB record limit, together 40 MiB.
    const data = await padded(1 << 20);
    await writeFile(join(dir, 'many.zip'), zip(Array.from({ length: 40 }, (_, i) => ({ name: `r${i}.json`, data }))));
    const r = await vuln('many.zip', { CUSTODY_MAX_VULN_DB_BYTES: '16M' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('LIMIT_VULN_DB_BYTES');
    expect(r.stderr).toContain('CUSTODY_MAX_VULN_DB_BYTES');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Within the limit, the same zip is read (the finding is there, 40 times the same record).
    const ok = await vuln('many.zip', { CUSTODY_MAX_VULN_DB_BYTES: '64M' });
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { records: number }).records).toBe(40);
    // A directory is held to the same total.
    await mkdir(join(dir, 'bigdir'));
    for (let i = 0; i < 20; i++) await writeFile(join(dir, 'bigdir', `r${i}.json`), data);
    const d = await vuln('bigdir', { CUSTODY_MAX_VULN_DB_BYTES: '8M' });
    expect(d.code, d.stderr).toBe(2);
    expect(d.stderr).toContain('LIMIT_VULN_DB_BYTES');
  });

  it('declared sizes that lie (small declared, large real; huge declared, small real) and offsets outside the file', async () => {
    const data = await padded(1 << 20);
    const good = zip([{ name: 'a.json', data }]);
    const cdStart = good.readUInt32LE(good.length - 22 + 16);
    // The central directory says 1000 bytes; the stream inflates to 1 MiB: inflation stops at the declared size.
    const small = Buffer.from(good);
    small.writeUInt32LE(1000, cdStart + 24);
    await writeFile(join(dir, 'small.zip'), small);
    const s = await vuln('small.zip');
    expect(s.code, s.stderr).toBe(2);
    expect(s.stderr).toContain('entry a.json cannot be read');
    // The central directory says 0xffffffff with a zip64 field of 2^40: over the per-record limit, nothing inflated.
    const name = Buffer.from('a.json');
    const body = good.subarray(30 + name.length, cdStart);
    const cd = Buffer.alloc(46);
    good.copy(cd, 0, cdStart, cdStart + 46);
    cd.writeUInt32LE(0xffffffff, 24);
    cd.writeUInt16LE(12, 30);
    const extra = Buffer.alloc(12);
    extra.writeUInt16LE(1, 0);
    extra.writeUInt16LE(8, 2);
    extra.writeBigUInt64LE(1n << 40n, 4);
    const cdAll = Buffer.concat([cd, name, extra]);
    const end = Buffer.from(good.subarray(good.length - 22));
    end.writeUInt32LE(cdAll.length, 12);
    await writeFile(join(dir, 'huge.zip'), Buffer.concat([good.subarray(0, 30 + name.length), body, cdAll, end]));
    const h = await vuln('huge.zip');
    expect(h.code, h.stderr).toBe(2);
    expect(h.stderr).toMatch(/LIMIT_BUNDLE_BYTES|LIMIT_VULN_DB_BYTES/);
    // A local header offset past the end of the file, and a central directory offset past it.
    const far = Buffer.from(good);
    far.writeUInt32LE(0x7fffffff, cdStart + 42);
    await writeFile(join(dir, 'far.zip'), far);
    const f = await vuln('far.zip');
    expect(f.code, f.stderr).toBe(2);
    expect(f.stderr).toContain('bad local header for a.json');
    const cdFar = Buffer.from(good);
    cdFar.writeUInt32LE(0xfffffff0, good.length - 22 + 16);
    await writeFile(join(dir, 'cdfar.zip'), cdFar);
    const c = await vuln('cdfar.zip');
    expect(c.code, c.stderr).toBe(2);
    expect(c.stderr).toContain('central directory out of range');
  });

  it('(was a hole) a --db directory: a linked record is read, never skipped; /dev/zero, a FIFO and a directory link loop stop with exit 2', async () => {
    const db = join(dir, 'links');
    await mkdir(join(db, 'npm'), { recursive: true });
    await symlink(join(DB, 'npm', 'GHSA-c2qf-rxjj-qqgw.json'), join(db, 'npm', 'linked.json'));
    // Once, a symbolic link to a record was skipped in silence: the semver finding went missing.
    const linked = await vuln('links');
    expect(linked.code, linked.stderr).toBe(0);
    expect((JSON.parse(linked.stdout) as { findings: Finding[] }).findings.map((x) => x.id)).toContain('GHSA-c2qf-rxjj-qqgw');

    await symlink('/dev/zero', join(db, 'zero.json'));
    const zero = await vuln('links');
    expect(zero.code, zero.stderr).toBe(2);
    expect(zero.stderr).toContain('zero.json');
    await rm(join(db, 'zero.json'));

    execFileSync('mkfifo', [join(db, 'fifo.json')]);
    const fifo = await vuln('links'); // would hang forever if the FIFO were opened for a blocking read
    expect(fifo.code, fifo.stderr).toBe(2);
    expect(fifo.stderr).toContain('fifo.json');
    await rm(join(db, 'fifo.json'));

    await symlink('..', join(db, 'npm', 'loop'));
    const loop = await vuln('links');
    expect(loop.code, loop.stderr).toBe(2);
    expect(loop.stderr).toContain('is a symbolic link to a directory, which custody does not follow');
  });

  it('a record nested 100,000 deep and a 1 GiB record stop with exit 2 naming the limit', async () => {
    await mkdir(join(dir, 'deep'));
    await writeFile(join(dir, 'deep', 'x.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const deep = await vuln('deep');
    expect(deep.code, deep.stderr).toBe(2);
    expect(deep.stderr).toContain('LIMIT_JSON_DEPTH');
    await mkdir(join(dir, 'huge'));
    await truncate(join(dir, 'huge', 'x.json'), 0).catch(() => undefined);
    await writeFile(join(dir, 'huge', 'x.json'), '');
    await truncate(join(dir, 'huge', 'x.json'), 1 << 30); // sparse: no disk used
    const huge = await vuln('huge');
    expect(huge.code, huge.stderr).toBe(2);
    expect(huge.stderr).toContain('LIMIT_BUNDLE_BYTES');
  });
});

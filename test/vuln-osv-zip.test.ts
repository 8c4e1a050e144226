// custody vuln --db ZIP: OSV's per-ecosystem export is a zip (ECOSYSTEM/all.zip); custody reads it in place. The
// zips here are written by a tiny zip writer below (local headers, central directory, end record; deflate by
// zlib.deflateRawSync, CRC-32 by zlib.crc32) from the committed real records of test/fixtures/osv (README.md there),
// and the result through the zip must equal the result through the directory. Broken zips (truncated, not a zip,
// encrypted, corrupt, too many entries) stop with exit 2 and a message naming what is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

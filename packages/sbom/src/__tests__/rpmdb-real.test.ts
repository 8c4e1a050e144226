/**
 * The three rpm database formats, each written by real tools, read by Custody and compared with what rpm itself
 * lists:
 * - tiny rpms are built with rpmbuild and installed with `rpm --justdb` into an sqlite rpmdb (Debian's rpm 4.18);
 * - Berkeley DB `Packages` (RHEL/CentOS 7-8, Amazon Linux 2): the same header blobs loaded into a hash database by
 *   the Berkeley DB library itself (db5.3_load), at page size 4096 (headers on overflow pages, as on RHEL) and
 *   65536 (headers inline on hash pages); rpm's own read-only bdb backend (bdb_ro) lists the same packages;
 * - ndb `Packages.db` (SUSE): the same blobs written by rpm's own ndb backend (lib/backend/ndb/rpmpkg.c from
 *   Debian's rpm source package; Debian builds rpm without ndb), compiled here with gcc against librpmio.
 * scripts/test-setup.sh installs the tools (rpm, db5.3-util, gcc, librpm-dev) and fetches the source. A missing
 * tool fails these tests with what to install: they never skip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@custody/core';
import { writeOciLayout } from '@custody/testing';
import { bdbHeaderBlobs, readRpmDbFile, scanImage, sniffRpmDb } from '@custody/sbom';
import { openOciLayout, resolveImages } from '@custody/oci';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const NDB_SRC = join(REPO, 'node_modules', '.cache', 'custody-test', 'rpm-ndb');
const HERE = fileURLToPath(new URL('./rpmdb/', import.meta.url));

function need(cmd: string, pkg: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'pipe' });
  } catch {
    throw new Error(`${cmd} is not installed: run scripts/test-setup.sh as root, or apt-get install -y ${pkg}`);
  }
}

const sh = (cmd: string, args: string[], cwd?: string) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

let work: string;
let sqliteDir: string;
/** What rpm itself lists: NAME|EPOCHNUM|VERSION|RELEASE|ARCH, sorted. */
let expected: string[];
let blobs: Array<{ hnum: number; blob: Buffer }>;
const N = 40;

const QF = '%{NAME}|%{EPOCHNUM}|%{VERSION}|%{RELEASE}|%{ARCH}\\n';
const listed = (out: string) => out.split('\n').filter(Boolean).sort();
const fromPurls = (purls: string[]) =>
  purls
    .map((p) => {
      const m = /^pkg:rpm\/(?:[^/]+\/)?([^@]+)@([^-?]+)-([^?]+)\?(.*)$/.exec(p)!;
      const q = new URLSearchParams(m[4]);
      return `${m[1]}|${q.get('epoch') ?? '0'}|${m[2]}|${m[3]}|${q.get('arch')}`;
    })
    .sort();

/** A db_dump "bytevalue" text of the header blobs, keyed as rpm keys Packages (4-byte header number), plus key 0. */
function dumpText(pageSize: number): string {
  const key = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b.toString('hex');
  };
  let out = `VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize=${pageSize}\nHEADER=END\n`;
  for (const { hnum, blob } of blobs) out += ` ${key(hnum)}\n ${blob.toString('hex')}\n`;
  out += ` ${key(0)}\n ${key(blobs.length + 1)}\nDATA=END\n`;
  return out;
}

function writeBdb(dir: string, pageSize: number): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'dump.txt'), dumpText(pageSize));
  sh('db5.3_load', ['-f', join(dir, 'dump.txt'), join(dir, 'Packages')]);
  rmSync(join(dir, 'dump.txt'));
  return join(dir, 'Packages');
}

function writeNdb(file: string): void {
  const bin = join(work, 'ndb-put');
  if (!existsSync(bin)) {
    sh('gcc', ['-O1', '-o', bin, '-I', HERE, '-I', NDB_SRC, join(HERE, 'ndb-put.c'), join(NDB_SRC, 'rpmpkg.c'), '-lrpmio']);
  }
  const files = blobs.map(({ hnum, blob }) => {
    const f = join(work, `blob-${String(hnum).padStart(4, '0')}.bin`);
    writeFileSync(f, blob);
    return f;
  });
  sh(bin, [file, ...files]);
}

beforeAll(() => {
  need('rpmbuild', 'rpm');
  need('rpm', 'rpm');
  need('db5.3_load', 'db5.3-util');
  need('gcc', 'gcc');
  if (!existsSync('/usr/include/rpm/rpmutil.h'))
    throw new Error('librpm-dev is not installed: run scripts/test-setup.sh as root, or apt-get install -y librpm-dev');
  if (!existsSync(join(NDB_SRC, 'rpmpkg.c')))
    throw new Error(
      `rpm's ndb backend source is missing in ${NDB_SRC}: run scripts/test-setup.sh (it fetches Debian's rpm source package)`,
    );

  work = mkdtempSync(join(tmpdir(), 'custody-rpmdb-'));
  // One spec, N subpackages: enough headers for many hash buckets and overflow chains; requires and an epoch.
  const subs = Array.from({ length: N }, (_, i) => {
    const n = `custody-pkg-${String(i).padStart(2, '0')}`;
    return `%package -n ${n}\nSummary: package ${i}\n${i > 0 ? `Requires: custody-pkg-${String(i - 1).padStart(2, '0')}\n` : ''}%description -n ${n}\nSubpackage ${i} of Custody's rpmdb test.\n%files -n ${n}\n`;
  }).join('\n');
  const spec = `Name: custody-base\nVersion: 1.2.3\nRelease: 4.el8\nEpoch: 2\nSummary: Custody rpmdb test\nLicense: MIT AND Apache-2.0\nBuildArch: noarch\n%description\nA tiny package built for Custody's tests.\n%files\n\n${subs}`;
  mkdirSync(join(work, 'top', 'SPECS'), { recursive: true });
  writeFileSync(join(work, 'top', 'SPECS', 'base.spec'), spec);
  sh('rpmbuild', ['--quiet', '--define', `_topdir ${join(work, 'top')}`, '-bb', join(work, 'top', 'SPECS', 'base.spec')]);
  const rpms = readdirSync(join(work, 'top', 'RPMS', 'noarch')).map((f) => join(work, 'top', 'RPMS', 'noarch', f));
  expect(rpms).toHaveLength(N + 1);
  sqliteDir = join(work, 'sqlite');
  mkdirSync(sqliteDir);
  sh('rpm', ['--dbpath', sqliteDir, '--justdb', '--nodeps', '--noscripts', '--ignorearch', '--ignoreos', '-i', ...rpms]);
  expected = listed(sh('rpm', ['--dbpath', sqliteDir, '-qa', '--qf', QF]));
  expect(expected).toHaveLength(N + 1);
  const db = new DatabaseSync(join(sqliteDir, 'rpmdb.sqlite'), { readOnly: true });
  blobs = (db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').all() as Array<{ hnum: number; blob: Uint8Array }>).map((r) => ({
    hnum: r.hnum,
    blob: Buffer.from(r.blob),
  }));
  db.close();
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('rpm databases written by real tools', () => {
  it('sqlite (rpm --justdb): Custody lists what rpm -qa lists', async () => {
    const { graph, format } = await readRpmDbFile(join(sqliteDir, 'rpmdb.sqlite'), 'rpmdb.sqlite');
    expect(format).toBe('sqlite');
    expect(fromPurls(graph!.components.map((c) => c.purl))).toEqual(expected);
  });

  for (const pageSize of [4096, 65536]) {
    it(`Berkeley DB Packages (db5.3_load, page size ${pageSize}): rpm's bdb_ro and Custody list the same packages`, async () => {
      const file = writeBdb(join(work, `bdb-${pageSize}`), pageSize);
      expect(sniffRpmDb(readFileSync(file).subarray(0, 16))).toBe('bdb');
      // rpm itself reads the file (its read-only Berkeley DB backend): the file is a genuine rpmdb.
      const byRpm = listed(sh('rpm', ['--dbpath', join(work, `bdb-${pageSize}`), '--define', '_db_backend bdb_ro', '-qa', '--qf', QF]));
      expect(byRpm).toEqual(expected);
      const { graph, format } = await readRpmDbFile(file, 'var/lib/rpm/Packages');
      expect(format).toBe('bdb');
      expect(graph!.format).toBe('rpmdb (Berkeley DB)');
      expect(fromPurls(graph!.components.map((c) => c.purl))).toEqual(expected);
      // Requires become edges: pkg-01 requires pkg-00.
      const edges = [...graph!.dependencies].flatMap(([from, tos]) => [...tos].map((to) => `${from} -> ${to}`));
      expect(edges).toContain(
        'pkg:rpm/custody-pkg-01@1.2.3-4.el8?arch=noarch&epoch=2 -> pkg:rpm/custody-pkg-00@1.2.3-4.el8?arch=noarch&epoch=2',
      );
      // Both item kinds are exercised: small pages put every header on overflow pages, 64 KiB pages keep them inline.
      const stats = { inline: 0, overflow: 0 };
      for await (const _ of bdbHeaderBlobs(file, 1 << 24, stats)) void _;
      if (pageSize === 4096) expect(stats).toEqual({ inline: 0, overflow: N + 1 });
      else expect(stats).toEqual({ inline: N + 1, overflow: 0 });
    });
  }

  it("ndb Packages.db (rpm's own ndb backend): Custody lists what rpm -qa lists", async () => {
    const file = join(work, 'Packages.db');
    writeNdb(file);
    expect(sniffRpmDb(readFileSync(file).subarray(0, 16))).toBe('ndb');
    const { graph, format } = await readRpmDbFile(file, 'usr/lib/sysimage/rpm/Packages.db');
    expect(format).toBe('ndb');
    expect(graph!.format).toBe('rpmdb (ndb)');
    expect(fromPurls(graph!.components.map((c) => c.purl))).toEqual(expected);
  });

  it('a damaged ndb blob or Berkeley DB overflow chain is RPMDB_MALFORMED, naming the database', async () => {
    const ndb = readFileSync(join(work, 'Packages.db'));
    const bad = Buffer.from(ndb);
    bad[4096 + 40] = (bad[4096 + 40]! + 1) & 0xff; // inside the first blob: the adler32 no longer matches
    writeFileSync(join(work, 'bad.db'), bad);
    const e1 = await readRpmDbFile(join(work, 'bad.db'), 'usr/lib/sysimage/rpm/Packages.db').catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(InputError);
    expect((e1 as InputError).code).toBe('RPMDB_MALFORMED');
    expect((e1 as InputError).message).toMatch(/ndb rpm database is malformed: package \d+: blob checksum mismatch/);

    const bdb = Buffer.from(readFileSync(join(work, 'bdb-4096', 'Packages')));
    // Cut the file after the first hash pages: overflow chains now point past the end.
    writeFileSync(join(work, 'bad-Packages'), bdb.subarray(0, 4096 * 3));
    const e2 = await readRpmDbFile(join(work, 'bad-Packages'), 'var/lib/rpm/Packages').catch((e: unknown) => e);
    expect((e2 as InputError).code).toBe('RPMDB_MALFORMED');
    expect((e2 as InputError).location).toBe('var/lib/rpm/Packages');

    // Amplification: many slots naming one blob would read a large blob again and again from a small file.
    const dup = Buffer.from(ndb);
    dup.copy(dup, 48 + 8, 32 + 8, 32 + 16); // slot 2 takes slot 1's block offset and count
    writeFileSync(join(work, 'dup.db'), dup);
    const e3 = await readRpmDbFile(join(work, 'dup.db'), 'Packages.db').catch((e: unknown) => e);
    expect((e3 as InputError).message).toMatch(/its blob overlaps another one/);
  });

  it('random damage to any of the three formats is RPMDB_MALFORMED (or a readable database), never a hang or an internal error', async () => {
    let seed = 12345;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    writeNdb(join(work, 'fuzz.db'));
    const files = [
      join(sqliteDir, 'rpmdb.sqlite'),
      writeBdb(join(work, 'fuzz-4096'), 4096),
      writeBdb(join(work, 'fuzz-65536'), 65536),
      join(work, 'fuzz.db'),
    ];
    const outcomes = new Map<string, number>();
    for (const file of files) {
      const good = readFileSync(file);
      for (let round = 0; round < 60; round++) {
        const bad = Buffer.from(good);
        // Damage the structure, not just the payload: a few bytes anywhere, often in the first pages.
        for (let k = 0; k < 1 + rand(4); k++) {
          const at = rand(3) === 0 ? rand(bad.length) : rand(Math.min(bad.length, 8192));
          bad[at] = rand(256);
        }
        const path = join(work, `fuzz-${round}`);
        writeFileSync(path, bad);
        const r = await readRpmDbFile(path, 'rpmdb').then(
          (x) => (x.graph ? 'read' : 'unknown format'),
          (e: unknown) => (e instanceof InputError ? e.code : `not an InputError: ${String(e)}`),
        );
        outcomes.set(r, (outcomes.get(r) ?? 0) + 1);
        rmSync(path);
      }
    }
    for (const k of outcomes.keys()) expect(['read', 'unknown format', 'RPMDB_MALFORMED', 'RPMDB_UNREADABLE']).toContain(k);
    expect(outcomes.get('RPMDB_MALFORMED')).toBeGreaterThan(10);
  });

  it('images: an Amazon Linux 2 style Berkeley DB and a SUSE style ndb database are scanned, not skipped', async () => {
    const layout = join(work, 'layout');
    await writeOciLayout(layout, [
      {
        layers: [
          {
            files: [
              { path: 'etc/os-release', content: 'NAME="Amazon Linux"\nID="amzn"\nVERSION_ID="2"\n' },
              { path: 'var/lib/rpm/Packages', content: readFileSync(join(work, 'bdb-4096', 'Packages')) },
            ],
          },
        ],
        architecture: 'amd64',
      },
      {
        layers: [
          {
            files: [
              { path: 'etc/os-release', content: 'NAME="openSUSE Leap"\nID="opensuse-leap"\nVERSION_ID="15.5"\n' },
              { path: 'usr/lib/sysimage/rpm/Packages.db', content: readFileSync(join(work, 'Packages.db')) },
            ],
          },
        ],
        architecture: 'arm64',
      },
    ]);
    const local = await openOciLayout(layout, '/');
    const images = await resolveImages(local.reader!);
    expect(images.map((i) => i.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    const [amzn, suse] = await Promise.all(images.map((img) => scanImage(img)));
    expect(amzn!.notes).toEqual([]);
    expect(amzn!.graphs.map((g) => g.format)).toEqual(['rpmdb (Berkeley DB)']);
    expect(amzn!.graphs[0]!.components).toHaveLength(N + 1);
    expect(amzn!.graphs[0]!.components[0]!.purl).toMatch(/^pkg:rpm\/amzn\/custody-base@1\.2\.3-4\.el8\?arch=noarch&distro=amzn-2&epoch=2$/);
    expect(suse!.graphs.map((g) => g.format)).toEqual(['rpmdb (ndb)']);
    expect(suse!.graphs[0]!.components).toHaveLength(N + 1);
  });
});

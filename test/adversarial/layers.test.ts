/**
 * Hostile inputs to `custody sbom`: image layouts and layers built to hang or exhaust it (symlinks to /dev/zero,
 * FIFOs, gzip and zstd decompression bombs, nested jar bombs, tar entry floods, path traversal, oversized and
 * over-deep documents) and lockfiles of the same kind. Each case runs the built CLI as a real process
 * (runCliMeasured: `npm run build` first) and asserts the outcome (exit 2 with the code that names the limit or the
 * refusal, no stack trace, nothing written) and the cost: peak RSS under 300 MB and wall time under 30 s.
 * Images are built here with packages/testing's image builder; limits are lowered through their environment
 * variables where the default would make a test slow, as a user would.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, createGzip, createZstdCompress } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tarHeader, writeOciLayout, zipArchive, type BuiltLayer } from '@custody/testing';
import { CLI_BIN, runCliMeasured, type MeasuredRun } from '../support/measure.js';

const MAX_RSS_MIB = 300;
const MAX_WALL_MS = 30_000;

let work: string;
const figures: Array<{ name: string; code: number | null; rssMiB: number | undefined; wallMs: number }> = [];

beforeAll(() => {
  if (!existsSync(CLI_BIN) || !existsSync(join(CLI_BIN, '..', '..', 'build'))) {
    throw new Error('the built CLI is missing: run `npm run build` before this suite (it spawns bin/custody.js)');
  }
  work = mkdtempSync(join(tmpdir(), 'custody-adversarial-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  // The figures for the record (visible with --reporter=verbose and in CI logs).
  process.stdout.write(
    `\nadversarial figures (peak RSS MiB, wall ms):\n${figures.map((f) => `  ${f.name}: exit ${f.code}, ${f.rssMiB?.toFixed(0)} MiB, ${f.wallMs.toFixed(0)} ms`).join('\n')}\n`,
  );
});

const ENV = { ...process.env, SOURCE_DATE_EPOCH: '0', CUSTODY_DEBUG: '' };

async function sbom(name: string, target: string, env: Record<string, string> = {}): Promise<MeasuredRun> {
  const out = join(work, `${name.replace(/\W+/g, '-')}.cdx.json`);
  const run = await runCliMeasured(['sbom', target, '--output', out], { cwd: work, env: { ...ENV, ...env }, timeoutMs: 60_000 });
  figures.push({ name, code: run.code, rssMiB: run.maxRssMiB, wallMs: run.wallMs });
  expect(run.signal, `${name}: killed (hung?) after ${run.wallMs} ms; stderr: ${run.stderr}`).toBeNull();
  expect(run.maxRssMiB, `${name}: peak RSS`).toBeLessThan(MAX_RSS_MIB);
  expect(run.wallMs, `${name}: wall time`).toBeLessThan(MAX_WALL_MS);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
  if (run.code !== 0) expect(existsSync(out), `${name}: nothing is written on failure`).toBe(false);
  return run;
}

function refused(run: MeasuredRun, code: string): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toContain(`[${code}]`);
}

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A layer whose bytes are given (e.g. a bomb), as the image builder takes it. */
function rawLayer(bytes: Buffer, mediaType: string): BuiltLayer {
  return { mediaType, digest: sha(bytes), size: bytes.length, diffId: sha('not checked for layouts'), bytes };
}

/** Compresses a tar holding one file of `size` zero bytes, streamed (never held whole). */
async function zeroBomb(size: number, kind: 'gzip' | 'zstd'): Promise<Buffer> {
  const z = kind === 'gzip' ? createGzip({ level: 9 }) : createZstdCompress({ params: { [constants.ZSTD_c_compressionLevel]: 19 } });
  const parts: Buffer[] = [];
  z.on('data', (c: Buffer) => parts.push(c));
  const ended = once(z, 'end');
  const write = async (b: Buffer) => {
    if (!z.write(b)) await once(z, 'drain');
  };
  await write(tarHeader('data/zeros', size, '0'));
  const chunk = Buffer.alloc(1 << 20);
  for (let left = size; left > 0; left -= chunk.length) await write(left >= chunk.length ? chunk : chunk.subarray(0, left));
  await write(Buffer.alloc(1024));
  z.end();
  await ended;
  return Buffer.concat(parts);
}

const DPKG = 'Package: base-files\nStatus: install ok installed\nArchitecture: amd64\nVersion: 12.4\n\n';

async function layout(
  name: string,
  layers: Array<
    | BuiltLayer
    | {
        files: Array<{ path: string; content?: string | Buffer; type?: 'file' | 'dir' | 'symlink'; linkname?: string }>;
        compression?: 'gzip' | 'zstd' | 'none';
      }
  >,
): Promise<{ dir: string; blob: (digest: string) => string; layers: string[] }> {
  const dir = join(work, name);
  const res = await writeOciLayout(dir, { layers: layers as never });
  const img = res.images[0]!;
  return { dir, blob: (d) => join(dir, 'blobs', 'sha256', d.slice(7)), layers: img.layers.map((l) => l.digest) };
}

describe('hostile image layouts', () => {
  it('a layer blob that is a symlink to /dev/zero is refused at once (IMAGE_BLOB_NOT_A_FILE)', async () => {
    const l = await layout('devzero', [{ files: [{ path: 'var/lib/dpkg/status', content: DPKG }], compression: 'none' }]);
    unlinkSync(l.blob(l.layers[0]!));
    symlinkSync('/dev/zero', l.blob(l.layers[0]!));
    refused(await sbom('layer blob -> /dev/zero', `oci-layout:${l.dir}`), 'IMAGE_BLOB_NOT_A_FILE');
  });

  it('a layer blob that is a FIFO nobody writes to is refused, not waited on', async () => {
    const l = await layout('fifo', [{ files: [{ path: 'var/lib/dpkg/status', content: DPKG }] }]);
    unlinkSync(l.blob(l.layers[0]!));
    execFileSync('mkfifo', [l.blob(l.layers[0]!)]);
    refused(await sbom('layer blob is a FIFO', `oci-layout:${l.dir}`), 'IMAGE_BLOB_NOT_A_FILE');
  });

  it('index.json and the manifest as symlinks to /dev/zero are refused', async () => {
    const a = await layout('index-zero', [{ files: [{ path: 'etc/hostname', content: 'x\n' }] }]);
    unlinkSync(join(a.dir, 'index.json'));
    symlinkSync('/dev/zero', join(a.dir, 'index.json'));
    refused(await sbom('index.json -> /dev/zero', `oci-layout:${a.dir}`), 'IMAGE_BLOB_NOT_A_FILE');
    const b = await layout('manifest-zero', [{ files: [{ path: 'etc/hostname', content: 'x\n' }] }]);
    const index = JSON.parse(readFileSync(join(b.dir, 'index.json'), 'utf8'));
    unlinkSync(b.blob(index.manifests[0].digest));
    symlinkSync('/dev/zero', b.blob(index.manifests[0].digest));
    refused(await sbom('manifest -> /dev/zero', `oci-layout:${b.dir}`), 'IMAGE_BLOB_NOT_A_FILE');
  });

  it('a blob longer than its descriptor says stops at the stated size (an endless blob cannot run on)', async () => {
    const l = await layout('longer', [{ files: [{ path: 'var/lib/dpkg/status', content: DPKG }], compression: 'none' }]);
    const blob = l.blob(l.layers[0]!);
    // 64 MiB of end-of-archive zeros appended: same name, more bytes than the manifest says.
    truncateSync(blob, statSync(blob).size + 64 * 1024 * 1024);
    const run = await sbom('blob longer than its descriptor', `oci-layout:${l.dir}`);
    refused(run, 'IMAGE_DIGEST_MISMATCH');
    // Stopped at the stated size, not after hashing the whole (possibly endless) stream.
    expect(run.stderr).toMatch(/the blob is larger than the \d+ bytes its descriptor says/);
  });

  it('a gzip bomb (256 KiB expanding to 256 MiB) stops at CUSTODY_MAX_LAYER_BYTES', async () => {
    const bomb = await zeroBomb(256 * 1024 * 1024, 'gzip');
    expect(bomb.length).toBeLessThan(512 * 1024);
    const l = await layout('gzip-bomb', [rawLayer(bomb, 'application/vnd.oci.image.layer.v1.tar+gzip')]);
    const run = await sbom('gzip bomb 256 KiB -> 256 MiB', `oci-layout:${l.dir}`, { CUSTODY_MAX_LAYER_BYTES: '32M' });
    refused(run, 'LIMIT_LAYER_BYTES');
    expect(run.stderr).toContain('decompresses to more than 32 MiB');
    expect(run.stderr).toContain('CUSTODY_MAX_LAYER_BYTES');
  });

  it('a zstd bomb (a few KB expanding to 1 GiB) stops at CUSTODY_MAX_LAYER_BYTES', async () => {
    const bomb = await zeroBomb(1024 * 1024 * 1024, 'zstd');
    expect(bomb.length).toBeLessThan(64 * 1024);
    const l = await layout('zstd-bomb', [rawLayer(bomb, 'application/vnd.oci.image.layer.v1.tar+zstd')]);
    refused(
      await sbom(`zstd bomb ${Math.round(bomb.length / 1024)} KiB -> 1 GiB`, `oci-layout:${l.dir}`, { CUSTODY_MAX_LAYER_BYTES: '32M' }),
      'LIMIT_LAYER_BYTES',
    );
  });

  it('a layer with more entries than CUSTODY_MAX_ARCHIVE_ENTRIES stops (LIMIT_ARCHIVE_ENTRIES)', async () => {
    const files = Array.from({ length: 30_000 }, (_, i) => ({ path: `e/${i}`, content: '' }));
    const l = await layout('entries', [{ files }]);
    refused(
      await sbom('30,000 tar entries, limit 20,000', `oci-layout:${l.dir}`, { CUSTODY_MAX_ARCHIVE_ENTRIES: '20000' }),
      'LIMIT_ARCHIVE_ENTRIES',
    );
  });

  it('jars nested deeper than CUSTODY_MAX_ARCHIVE_DEPTH stop (LIMIT_ARCHIVE_DEPTH)', async () => {
    let jar = zipArchive([{ name: 'META-INF/maven/g/a/pom.properties', content: 'groupId=g\nartifactId=a\nversion=1\n' }]);
    for (let i = 0; i < 8; i++) jar = zipArchive([{ name: `lib/level${i}.jar`, content: jar }]);
    const l = await layout('deep-jar', [{ files: [{ path: 'app/app.jar', content: jar }] }]);
    const run = await sbom('jar nested 8 deep', `oci-layout:${l.dir}`);
    refused(run, 'LIMIT_ARCHIVE_DEPTH');
    expect(run.stderr).toContain('jars are nested more than 4 deep');
  });

  it('a wide nested jar bomb (16 x 16 x 16 jars) stops at the entry budget of the whole tree', async () => {
    let jar = zipArchive(Array.from({ length: 16 }, (_, i) => ({ name: `f${i}.txt`, content: 'x' })));
    for (let level = 0; level < 3; level++)
      jar = zipArchive(Array.from({ length: 16 }, (_, i) => ({ name: `lib/j${level}-${i}.jar`, content: jar })));
    const l = await layout('wide-jar', [{ files: [{ path: 'app/bomb.jar', content: jar }] }]);
    refused(
      await sbom('jar bomb 16^4 entries, limit 10,000', `oci-layout:${l.dir}`, { CUSTODY_MAX_ARCHIVE_ENTRIES: '10000' }),
      'LIMIT_ARCHIVE_ENTRIES',
    );
  });

  it('nested jars inflating past the limit stop (each inner jar is 15 MiB of zeros, deflated to ~15 KiB)', async () => {
    const zeros = Buffer.alloc(15 * 1024 * 1024);
    const jar = zipArchive(Array.from({ length: 12 }, (_, i) => ({ name: `lib/z${i}.jar`, content: zeros })));
    expect(jar.length).toBeLessThan(1024 * 1024);
    const l = await layout('inflate-jar', [{ files: [{ path: 'app/inflate.jar', content: jar }] }]);
    refused(
      await sbom('jar inflating 180 MiB, limit 64 MiB', `oci-layout:${l.dir}`, { CUSTODY_MAX_LAYER_BYTES: '64M' }),
      'LIMIT_LAYER_BYTES',
    );
  });

  it('an rpm database spooled past CUSTODY_MAX_TEMP_BYTES stops (LIMIT_TEMP_BYTES)', async () => {
    const l = await layout('temp', [{ files: [{ path: 'var/lib/rpm/rpmdb.sqlite', content: Buffer.alloc(24 * 1024 * 1024) }] }]);
    refused(await sbom('24 MiB spooled, limit 8 MiB', `oci-layout:${l.dir}`, { CUSTODY_MAX_TEMP_BYTES: '8M' }), 'LIMIT_TEMP_BYTES');
  });

  // A guard more than a fix: layers are never extracted to disk (spooled files get generated names), so `..` in an
  // entry cannot escape; this keeps it so, and checks that such entries are read as the runtime reads them.
  it('path traversal entries write nothing outside and are read as paths inside the image root', async () => {
    const escaped = join(work, 'escaped');
    const rel = `../../../../../../..${escaped}/pwned`;
    const l = await layout('traversal', [
      {
        files: [
          { path: rel, content: 'owned' },
          { path: '../../var/lib/dpkg/status', content: DPKG },
          { path: '/etc/../../etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
          { path: '../../../tmp/custody-link', type: 'symlink' as const, linkname: '/etc/shadow' },
        ],
      },
    ]);
    const run = await sbom('path traversal entries', `oci-layout:${l.dir}`);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(escaped)).toBe(false);
    const bom = JSON.parse(readFileSync(join(work, 'path-traversal-entries.cdx.json'), 'utf8'));
    expect(bom.components.map((c: { purl: string }) => c.purl)).toEqual(['pkg:deb/debian/base-files@12.4?arch=amd64&distro=debian-12']);
  });

  it('an OCI index nested 100,000 deep is LIMIT_JSON_DEPTH; a manifest over CUSTODY_MAX_OCI_JSON_BYTES is LIMIT_OCI_JSON_BYTES', async () => {
    const a = await layout('deep-index', [{ files: [{ path: 'etc/hostname', content: 'x\n' }] }]);
    writeFileSync(join(a.dir, 'index.json'), `{"schemaVersion":2,"manifests":[],"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    refused(await sbom('index.json 100,000 deep', `oci-layout:${a.dir}`), 'LIMIT_JSON_DEPTH');
    const b = await layout('big-manifest', [{ files: [{ path: 'etc/hostname', content: 'x\n' }] }]);
    const index = JSON.parse(readFileSync(join(b.dir, 'index.json'), 'utf8'));
    const path = b.blob(index.manifests[0].digest);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/}$/, `,"pad":"${'x'.repeat(6 * 1024 * 1024)}"}`));
    refused(await sbom('manifest of 6 MiB, limit 4 MiB', `oci-layout:${b.dir}`), 'LIMIT_OCI_JSON_BYTES');
  });

  it('a node_modules package.json nested 100,000 deep in a layer is LIMIT_JSON_DEPTH', async () => {
    const deep = `{"name":"x","version":"1.0.0","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const l = await layout('deep-pkg', [{ files: [{ path: 'app/node_modules/x/package.json', content: deep }] }]);
    refused(await sbom('image package.json 100,000 deep', `oci-layout:${l.dir}`), 'LIMIT_JSON_DEPTH');
  });
});

describe('hostile lockfiles', () => {
  it('a sparse 3 GiB package-lock.json is refused before a byte is read (LIMIT_LOCKFILE_BYTES)', async () => {
    const dir = join(work, 'huge-lock');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package-lock.json'), '');
    truncateSync(join(dir, 'package-lock.json'), 3 * 1024 ** 3);
    refused(await sbom('sparse 3 GiB lockfile', dir), 'LIMIT_LOCKFILE_BYTES');
  });

  it('a 200 MiB yarn.lock under a 64 MiB limit is refused before it is read (LIMIT_LOCKFILE_BYTES)', async () => {
    const dir = join(work, 'big-yarn');
    mkdirSync(dir);
    const out = createWriteStream(join(dir, 'yarn.lock'));
    const entry = Buffer.from(
      '"a@^1.0.0":\n  version "1.0.0"\n  resolved "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz"\n\n'.repeat(10_000),
    );
    for (let n = 0; n < (200 * 1024 * 1024) / entry.length; n++) if (!out.write(entry)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    refused(await sbom('200 MiB yarn.lock, limit 64 MiB', dir, { CUSTODY_MAX_LOCKFILE_BYTES: '64M' }), 'LIMIT_LOCKFILE_BYTES');
  });

  it('a lockfile PATH that is /dev/zero, a FIFO or a symlink to one returns at once (SBOM_INPUT_NOT_A_FILE)', async () => {
    refused(await sbom('PATH /dev/zero', '/dev/zero'), 'SBOM_INPUT_NOT_A_FILE');
    const fifo = join(work, 'yarn.lock');
    execFileSync('mkfifo', [fifo]);
    refused(await sbom('PATH is a FIFO', fifo), 'SBOM_INPUT_NOT_A_FILE');
    const link = join(work, 'package-lock.json');
    symlinkSync('/dev/zero', link);
    refused(await sbom('PATH -> /dev/zero', link), 'SBOM_INPUT_NOT_A_FILE');
  });

  it('a package-lock.json nested 1,000,000 deep is LIMIT_JSON_DEPTH', async () => {
    const dir = join(work, 'deep-lock');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'package-lock.json'),
      `{"lockfileVersion":3,"packages":{"":{"x":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}}}`,
    );
    refused(await sbom('package-lock.json 1,000,000 deep', dir), 'LIMIT_JSON_DEPTH');
  });

  it('a directory of lockfiles linked to /dev/zero and FIFOs completes and names each as a gap', async () => {
    const dir = join(work, 'traps');
    mkdirSync(join(dir, 'a'), { recursive: true });
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'requirements.txt'), 'requests==2.31.0\n');
    symlinkSync('/dev/zero', join(dir, 'a', 'package-lock.json'));
    execFileSync('mkfifo', [join(dir, 'b', 'poetry.lock')]);
    const run = await sbom('directory with /dev/zero and FIFO lockfiles', dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('not covered: a/package-lock.json: symbolic link to a file outside the target: not read');
    expect(run.stderr).toContain('not covered: b/poetry.lock: a FIFO (named pipe), not a regular file: not read');
    const bom = JSON.parse(readFileSync(join(work, 'directory-with-dev-zero-and-FIFO-lockfiles.cdx.json'), 'utf8'));
    expect(bom.metadata.properties.map((p: { value: string }) => p.value)).toEqual([
      'a/package-lock.json: symbolic link to a file outside the target: not read',
      'b/poetry.lock: a FIFO (named pipe), not a regular file: not read',
    ]);
  });
});

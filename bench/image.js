#!/usr/bin/env node
/**
 * Image-SBOM benchmark (issue 7, must-show 3): generates an OCI layout of >= 500 MB of gzip layers (mostly
 * incompressible filler plus package files), scans it with `custody sbom`'s collectImage in a child process and
 * reports peak RSS (target < 300 MB), seconds per 100 MB of compressed layers, and the floor of only
 * decompressing the same layers with `zcat`, as a ratio. Run after `npx tsc -b` (imports build/ and dist/).
 *
 *   node bench/image.js [--mb 520] [--keep DIR] [--zstd]
 *
 * --zstd writes zstd layers instead and compares with `zstd -dc` as the floor.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const targetMB = Number(arg('mb', '520'));
const keep = arg('keep', undefined);
const zstd = args.includes('--zstd');
const compression = zstd ? 'zstd' : 'gzip';

const { writeLayerFile, writeOciLayoutFromFiles, zipArchive, fakeGoBinary } = await import(
  join(root, 'packages/testing/dist/image-builder.js')
);

/** Filler: random bytes with some repeated text so gzip has a little to do ("incompressible-ish"). */
function filler(size) {
  const rnd = randomBytes(Math.floor(size * 0.85));
  const text = Buffer.from('lorem ipsum dolor sit amet '.repeat(Math.ceil((size - rnd.length) / 27))).subarray(0, size - rnd.length);
  return Buffer.concat([rnd, text]);
}

async function* layerEntries(index, bytes) {
  // Package files first: a dpkg status, node_modules, python dist-info, a jar, a Go binary.
  if (index === 0) {
    yield { path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' };
    let status = '';
    for (let i = 0; i < 400; i++)
      status += `Package: pkg${i}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.${i}-1\nDepends: pkg${(i + 1) % 400}\nDescription: bench\n filler ${'x'.repeat(200)}\n\n`;
    yield { path: 'var/lib/dpkg/status', content: status };
  }
  for (let i = 0; i < 500; i++)
    yield {
      path: `usr/lib/node_modules/m${index}-${i}/package.json`,
      content: JSON.stringify({ name: `m${index}-${i}`, version: `1.0.${i}`, license: 'MIT' }),
    };
  for (let i = 0; i < 50; i++)
    yield {
      path: `usr/lib/python3/dist-packages/p${index}_${i}-1.0.dist-info/METADATA`,
      content: `Metadata-Version: 2.1\nName: p${index}-${i}\nVersion: 1.0\n\n${'d'.repeat(2000)}`,
    };
  yield {
    path: `opt/app${index}.jar`,
    content: zipArchive([
      { name: `META-INF/maven/org.bench/a${index}/pom.properties`, content: `groupId=org.bench\nartifactId=a${index}\nversion=1.0\n` },
      { name: 'blob.bin', content: filler(2 << 20) },
    ]),
  };
  yield {
    path: `usr/local/bin/tool${index}`,
    mode: 0o755,
    content: Buffer.concat([
      fakeGoBinary(
        'go1.22.0',
        `path\tbench/tool${index}\nmod\tbench/tool${index}\tv1.0.0\t\ndep\tgithub.com/bench/dep${index}\tv0.${index}.0\th1:x=\n`,
        1 << 20,
      ),
      filler(6 << 20),
    ]),
  };
  // Then filler files of 4 MB until the layer's raw size is reached (some executable, so the Go scanner runs).
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const b = filler(4 << 20);
    written += b.length;
    yield { path: `data/layer${index}/blob${i}.bin`, content: b, mode: i % 3 === 0 ? 0o755 : 0o644 };
  }
}

function run(cmd, argv, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'], ...opts });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => {
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} exited ${code}`));
      else resolve({ secs, out });
    });
  });
}

const dir = keep ?? (await mkdtemp(join(tmpdir(), 'custody-bench-image-')));
try {
  const layoutDir = join(dir, 'layout');
  let blobs;
  if (
    keep &&
    (await stat(join(layoutDir, 'index.json')).then(
      () => true,
      () => false,
    ))
  ) {
    console.error(`reusing ${layoutDir}`);
  } else {
    const layers = 6;
    const per = Math.ceil((targetMB * 1e6) / layers / 0.9);
    const written = [];
    const t0 = Date.now();
    for (let i = 0; i < layers; i++)
      written.push(await writeLayerFile(join(dir, `layer${i}.tar.${zstd ? 'zst' : 'gz'}`), layerEntries(i, per), compression));
    await writeOciLayoutFromFiles(layoutDir, written);
    console.error(`generated ${layers} layers in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const blobDir = join(layoutDir, 'blobs', 'sha256');
  blobs = [];
  let compressed = 0;
  for (const f of await readdir(blobDir)) {
    const s = await stat(join(blobDir, f));
    if (s.size > 1 << 20) {
      blobs.push(join(blobDir, f));
      compressed += s.size;
    }
  }

  // The scan, in a child process so its peak RSS is its own.
  const child = `
    const { collectImage } = await import(${JSON.stringify(join(root, 'build/src/commands/sbom-image.js'))});
    const { silentLogger } = await import('@custody/core');
    const t0 = process.hrtime.bigint();
    const res = await collectImage({ target: 'oci-layout:' + ${JSON.stringify(layoutDir)}, cwd: process.cwd(), env: {}, logger: silentLogger, isTTY: false });
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const components = res[0].input.graphs.reduce((n, g) => n + g.components.length, 0);
    console.log(JSON.stringify({ secs, components, maxRssKB: process.resourceUsage().maxRSS }));
  `;
  const scan = await run(process.execPath, ['--input-type=module', '-e', child], { cwd: root });
  const r = JSON.parse(scan.out.trim().split('\n').pop());
  const floorTool = zstd ? 'zstd -dcq' : 'zcat';
  const floor = await run('sh', ['-c', `${floorTool} ${blobs.map((b) => `'${b}'`).join(' ')} > /dev/null`]);

  const mb = compressed / 1e6;
  const per100 = (s) => (s / mb) * 100;
  const rssMB = r.maxRssKB / 1024;
  console.log('image SBOM benchmark (bench/image.js)');
  console.log(`  layers: ${blobs.length} ${compression} blobs, ${mb.toFixed(0)} MB compressed; ${r.components} components found`);
  console.log(
    `  custody scan:  ${r.secs.toFixed(2)} s (${per100(r.secs).toFixed(2)} s per 100 MB compressed), process wall ${scan.secs.toFixed(2)} s`,
  );
  console.log(`  ${floorTool} floor: ${floor.secs.toFixed(2)} s (${per100(floor.secs).toFixed(2)} s per 100 MB compressed)`);
  console.log(`  ratio custody/${floorTool.split(' ')[0]}: ${(r.secs / floor.secs).toFixed(2)}x`);
  console.log(`  peak RSS: ${rssMB.toFixed(0)} MB (target < 300 MB): ${rssMB < 300 ? 'OK' : 'OVER'}`);
  if (rssMB >= 300) process.exitCode = 1;
} finally {
  if (!keep) await rm(dir, { recursive: true, force: true });
}

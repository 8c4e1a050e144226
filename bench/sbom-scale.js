#!/usr/bin/env node
// SBOM scaling benchmark (issue 16): custody's lockfile SBOM against its floor at 1k, 10k, 50k and 100k entries.
//
// The lockfiles are synthetic npm lockfileVersion 3 files generated here (deterministic, not committed): nested
// node_modules paths (about one entry in five installed below another package), integrity, resolved URLs,
// dev/optional/devOptional flags, licenses, dependency maps resolving as Node resolves them, a few scoped names.
//
// The floor: what any tool must do for that input, `node` that reads the same lockfile, JSON.parses it and writes
// a JSON of the same size (the parsed lockfile stringified with two-space indentation, padded or cut to the byte
// size of custody's CycloneDX output for that lockfile). Each size runs custody and the floor alternated
// (BENCH_RUNS times, default 3); CPU is user + system of the finished child (/usr/bin/time), wall is measured here,
// peak RSS is /usr/bin/time's %M. Ratios are medians of the pairwise ratios custody / floor.
// Targets (issue 16): CPU at most 2.5x the floor at 1k and 100k entries, peak RSS under 300 MB at 100k.
//
// custody is timed as users run it: the packaged CLI (the npm package's and actions/setup's bundle,
// scripts/lib/bundle-cli.js: bin/custody.js with the Node version check and Node's compile cache, then dist/cli.js and
// the lazy chunks of the sbom verb), bundled afresh into a temp dir from build/ (npm run bench builds first), or the
// one in BENCH_CLI_DIR. The repository's unbundled bin/custody.js (build/ through node_modules links, as `npx custody`
// runs it inside this repository) resolves and loads about 80 files: about 90 ms more at every size, which is start-up
// of a development checkout, not of the SBOM pipeline.
//
// BENCH_SIZES=1000,10000 picks sizes, BENCH_RUNS the alternated runs, BENCH_REPS the processes per run below 50k
// entries (default 10: /usr/bin/time counts in 10 ms steps, a 1k run takes tens of ms; the shell loop that repeats
// them adds about a millisecond per process to both sides). The module count row shows how many modules an
// npm-only run loads.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from '../scripts/lib/bundle-cli.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'build', 'src', 'cli.js');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const sizes = (process.env.BENCH_SIZES ?? '1000,10000,50000,100000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const node = process.execPath;
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
if (!existsSync(cli)) {
  process.stderr.write('bench/sbom-scale: build/src/cli.js is missing; run `npm run build` (npm run bench does).\n');
  process.exit(2);
}
if (!timeBin) {
  process.stderr.write('bench/sbom-scale: /usr/bin/time is needed for CPU and peak RSS (apt-get install time).\n');
  process.exit(2);
}

/** A deterministic pseudo-random sequence (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A package-lock.json v3 with `n` installed entries. */
export function syntheticLockfile(n) {
  const rand = rng(n);
  const pick = (k) => Math.floor(rand() * k);
  const names = [];
  const distinct = Math.max(10, Math.floor(n * 0.8));
  for (let i = 0; i < distinct; i++) names.push(i % 7 === 0 ? `@scope${i % 97}/pkg-${i.toString(36)}` : `pkg-${i.toString(36)}`);
  const packages = {};
  const topLevel = [];
  const entry = (name) => {
    const version = `${1 + pick(9)}.${pick(30)}.${pick(20)}`;
    const base = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
    const integrity = `sha512-${createHash('sha512').update(`${name}@${version}`).digest('base64')}`;
    const e = { version, resolved: `https://registry.npmjs.org/${name}/-/${base}-${version}.tgz`, integrity };
    const r = rand();
    if (r < 0.35) e.dev = true;
    else if (r < 0.4) e.optional = true;
    else if (r < 0.43) e.devOptional = true;
    e.license = ['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause', '(MIT OR Apache-2.0)'][pick(5)];
    return e;
  };
  let count = 0;
  // Top-level installs first, then nested copies (another version below a top-level package).
  const nTop = Math.min(distinct, Math.ceil(n * 0.8));
  for (let i = 0; i < nTop && count < n; i++, count++) {
    const path = `node_modules/${names[i]}`;
    packages[path] = entry(names[i]);
    topLevel.push(names[i]);
  }
  while (count < n) {
    const parent = topLevel[pick(topLevel.length)];
    const child = names[pick(names.length)];
    const path = `node_modules/${parent}/node_modules/${child}`;
    if (packages[path] || child === parent) continue;
    packages[path] = entry(child);
    count++;
  }
  // Dependencies: each entry requires a few names; they resolve to nested copies or to the top level.
  for (const [path, e] of Object.entries(packages)) {
    const k = pick(5);
    if (!k) continue;
    const deps = {};
    for (let j = 0; j < k; j++) deps[topLevel[pick(topLevel.length)]] = `^${1 + pick(9)}.0.0`;
    e.dependencies = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    void path;
  }
  const direct = {};
  const devDirect = {};
  for (let i = 0; i < Math.min(40, topLevel.length); i++)
    (i % 3 ? direct : devDirect)[topLevel[i * Math.floor(topLevel.length / 40 || 1)] ?? topLevel[i]] = '*';
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    name: `synthetic-${n}`,
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: `synthetic-${n}`, version: '1.0.0', dependencies: direct, devDependencies: devDirect }, ...sorted },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

async function main() {
  // custody as users run it: the packaged CLI's bin/custody.js. The first run of each size fills Node's compile
  // cache; the timed runs after it use it, as every run after a user's first.
  let cliDir = process.env.BENCH_CLI_DIR ? resolve(process.env.BENCH_CLI_DIR) : undefined;
  let cliTemp;
  if (!cliDir) {
    cliTemp = mkdtempSync(join(tmpdir(), 'custody-bench-scale-cli-'));
    cliDir = join(cliTemp, 'custody');
    await bundleCli(cliDir);
    // As in the package: package.json says the bundle's .js files are ES modules.
    writeFileSync(join(cliDir, 'package.json'), '{ "type": "module" }\n');
  }
  const bin = join(cliDir, 'bin', 'custody.js');
  if (!existsSync(bin)) {
    process.stderr.write(`bench/sbom-scale: ${bin} is missing (BENCH_CLI_DIR must hold bin/custody.js and dist/)\n`);
    process.exit(2);
  }

  const floorScript = `const fs = require('node:fs');
  const text = fs.readFileSync(process.argv[1], 'utf8');
  const data = JSON.parse(text);
  let out = JSON.stringify(data, null, 2);
  const size = Number(process.argv[3]);
  out = out.length >= size ? out.slice(0, size) : out + ' '.repeat(size - out.length);
  fs.writeFileSync(process.argv[2], out);`;

  // Small runs take tens of ms, and /usr/bin/time counts CPU in 10 ms steps: below 50k entries each measurement runs
  // the command `reps` times in a row (one shell loop, timed as a whole) and reports the mean per run.
  function timed(argv, cwd, reps = 1) {
    const loop = ['sh', '-c', `i=0; while [ $i -lt ${reps} ]; do "$@" >/dev/null || exit $?; i=$((i+1)); done`, 'sh'];
    const start = process.hrtime.bigint();
    const r = spawnSync(timeBin, ['-f', '__TIME__=%U %S %M', ...(reps > 1 ? loop : []), ...argv], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
    });
    const wall = Number(process.hrtime.bigint() - start) / 1e6 / reps;
    const m = /__TIME__=([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
    if (r.status !== 0 || !m)
      throw new Error(
        `${argv.slice(0, 3).join(' ')} failed (${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n').slice(-4).join(' | ')}`,
      );
    return { cpu: ((Number(m[1]) + Number(m[2])) * 1000) / reps, wall, rssMb: Number(m[3]) / 1024 };
  }

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };

  const work = mkdtempSync(join(tmpdir(), 'custody-bench-scale-'));
  const rows = [
    [
      'entries',
      'lockfile',
      'custody CPU',
      'floor CPU',
      'CPU ratio',
      'custody wall',
      'floor wall',
      'wall ratio',
      'custody peak RSS',
      'floor peak RSS',
    ],
  ];
  const verdicts = [];
  try {
    // Modules an npm-only run loads (the CLI entry point, one npm lockfile).
    {
      const dir = join(work, 'modules');
      mkdirSync(dir);
      writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(syntheticLockfile(50), null, 2));
      const probe = `process.on('exit', () => process.stderr.write('__MODULES__=' + process.moduleLoadList.length + ' ' + Object.keys(require('node:module')._cache ?? {}).length + '\\n'));`;
      const hook = join(dir, 'probe.cjs');
      writeFileSync(hook, probe);
      const esmProbe = `import { registerHooks } from 'node:module';
  let n = 0; const seen = new Set();
  registerHooks({ load(url, ctx, next) { if (!url.startsWith('node:') && !seen.has(url)) { seen.add(url); n++; } return next(url, ctx); } });
  process.on('exit', () => { process.stderr.write('__FILES__=' + n + ' ' + [...seen].filter((u) => /[\\\\/](yaml|js-yaml|smol-toml)[\\\\/]/.test(u)).length + '\\n'); });`;
      writeFileSync(join(dir, 'probe.mjs'), esmProbe);
      const r = spawnSync(node, ['--import', join(dir, 'probe.mjs'), cli, 'sbom', dir, '--output', join(dir, 'bom.json')], {
        encoding: 'utf8',
      });
      // The same run through the packaged bin/custody.js, untimed: it fills Node's compile cache for the timed runs.
      spawnSync(node, [bin, 'sbom', dir, '--output', join(dir, 'bom.json')], { encoding: 'utf8' });
      const files = /__FILES__=(\d+) (\d+)/.exec(r.stderr ?? '');
      process.stdout.write(
        files
          ? `modules an npm-only \`custody sbom\` run of the unbundled build/ loads: ${files[1]} files (YAML/TOML parser files among them: ${files[2]})\n\n`
          : `module count failed: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}\n\n`,
      );
    }
    for (const n of sizes) {
      const dir = join(work, String(n));
      mkdirSync(dir);
      const lockPath = join(dir, 'package-lock.json');
      writeFileSync(lockPath, `${JSON.stringify(syntheticLockfile(n), null, 2)}\n`);
      const lockBytes = statSync(lockPath).size;
      // Outputs beside the scanned directory, not in it: the floor's output is a lockfile-shaped JSON that custody
      // would otherwise find and read as a second lockfile.
      const out = join(work, `bom-${n}.json`);
      const floorOut = join(work, `floor-${n}.json`);
      const mine = [];
      const floor = [];
      const reps = Number(process.env.BENCH_REPS ?? (n < 50000 ? 10 : 1));
      for (let i = 0; i < runs; i++) {
        const a = () => mine.push(timed([node, bin, 'sbom', dir, '--output', out], dir, reps));
        const b = () => floor.push(timed([node, '-e', floorScript, lockPath, floorOut, String(statSync(out).size)], dir, reps));
        if (i === 0)
          a(); // the floor writes as many bytes as custody's output: custody first, once
        else if (i % 2) b(), a();
        else a(), b();
        if (i === 0) b();
      }
      const ratio = (k) => median(mine.map((m, i) => m[k] / floor[i][k]));
      const cpuRatio = ratio('cpu');
      const peak = Math.max(...mine.map((m) => m.rssMb));
      rows.push([
        String(n),
        `${(lockBytes / 1e6).toFixed(1)} MB`,
        `${median(mine.map((m) => m.cpu)).toFixed(0)} ms`,
        `${median(floor.map((m) => m.cpu)).toFixed(0)} ms`,
        `${cpuRatio.toFixed(2)}x`,
        `${median(mine.map((m) => m.wall)).toFixed(0)} ms`,
        `${median(floor.map((m) => m.wall)).toFixed(0)} ms`,
        `${ratio('wall').toFixed(2)}x`,
        `${peak.toFixed(0)} MB`,
        `${Math.max(...floor.map((m) => m.rssMb)).toFixed(0)} MB`,
      ]);
      if (n === 1000 || n === 100000)
        verdicts.push(`target CPU <= 2.5x the floor at ${n}: ${cpuRatio.toFixed(2)}x (${cpuRatio <= 2.5 ? 'met' : 'missed'})`);
      if (n === 100000) verdicts.push(`target peak RSS < 300 MB at 100k: ${peak.toFixed(0)} MB (${peak < 300 ? 'met' : 'missed'})`);
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (cliTemp) rmSync(cliTemp, { recursive: true, force: true });
  }
  process.stdout.write(
    `SBOM scaling: synthetic npm lockfiles (v3), the packaged custody CLI vs floor (JSON.parse + same-size JSON write), ${runs} runs each (below 50k entries each run is the mean of ${process.env.BENCH_REPS ?? 10} back-to-back processes), node ${process.versions.node}\n\n`,
  );
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) process.stdout.write(`${r.map((c, i) => String(c).padEnd(widths[i])).join('  ')}\n`);
  process.stdout.write(`\n${verdicts.join('\n')}\n`);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  process.stdout.write(`(load average after the run: ${load}; CPU ratios are pairwise medians)\n`);
}

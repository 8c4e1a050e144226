#!/usr/bin/env node
// SBOM benchmark: custody vs @cyclonedx/cyclonedx-npm (--package-lock-only) vs @cyclonedx/cdxgen on a real npm
// lockfile of 2,120 entries (bench/fixtures/npm-2k, produced once with `npm install --package-lock-only
// --ignore-scripts` of the fixed list in its package.json). Each tool runs BENCH_RUNS times (default 5),
// interleaved, in its own copy of the fixture; wall time (median and best) and peak RSS (/usr/bin/time %M) are
// printed with the ratios. Target (issue 2): custody >= 10x faster than cyclonedx-npm, peak RSS < 150 MB.
//
// Peers: /tmp/peers/node_modules/.bin when present, else bench/.peers (installed on demand:
// npm install --prefix bench/.peers @cyclonedx/cyclonedx-npm@6.0.1 @cyclonedx/cdxgen@12.8.4).
//
// custody is timed as users run it: the packaged CLI (the npm package's and actions/setup's bundle,
// scripts/lib/bundle-cli.js), bundled afresh into a temp dir from build/, or the one in BENCH_CLI_DIR. The
// repository's unbundled checkout (build/ through node_modules links, as `npx custody` runs inside this repository)
// is a diagnostic row: it resolves and loads about 90 files more.
import { existsSync, mkdtempSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from '../scripts/lib/bundle-cli.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = join(root, 'bench', 'fixtures', 'npm-2k');
const cli = join(root, 'build', 'src', 'cli.js');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const node = process.execPath;
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

if (!existsSync(cli)) {
  process.stderr.write('bench/sbom: build/src/cli.js is missing; run `npm run build` (npm run bench does).\n');
  process.exit(2);
}

function peersBin() {
  const candidates = [join('/tmp', 'peers', 'node_modules', '.bin'), join(root, 'bench', '.peers', 'node_modules', '.bin')];
  const ok = (d) => existsSync(join(d, 'cyclonedx-npm')) && existsSync(join(d, 'cdxgen'));
  const found = candidates.find(ok);
  if (found) return found;
  process.stdout.write('installing peers into bench/.peers (once) ...\n');
  const r = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      join(root, 'bench', '.peers'),
      '--no-audit',
      '--no-fund',
      '@cyclonedx/cyclonedx-npm@6.0.1',
      '@cyclonedx/cdxgen@12.8.4',
    ],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0 || !ok(candidates[1])) {
    process.stderr.write('bench/sbom: could not install the peers; running custody alone.\n');
    return undefined;
  }
  return candidates[1];
}

const bin = peersBin();
// The project's Node 24 first on PATH: cyclonedx-npm runs `npm ls`, which runs on whatever node PATH gives.
const env = {
  ...process.env,
  PATH: `${dirname(node)}:${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
  SOURCE_DATE_EPOCH: '1700000000',
};

// Diagnostic row: the sbom command module alone (build/src/commands/sbom.js), without the CLI entry point, which
// today also loads every other verb's implementation (signing, registry, verification) before running sbom.
const direct = `const { generateSbom } = await import(${JSON.stringify(join(root, 'build', 'src', 'commands', 'sbom.js'))});
const { silentLogger } = await import(${JSON.stringify(join(root, 'packages', 'core', 'dist', 'index.js'))});
const [doc] = await generateSbom({ target: process.argv[1], cwd: process.cwd(), env: process.env, logger: silentLogger });
(await import('node:fs')).writeFileSync(process.argv[2], doc.text);`;

let cliDir = process.env.BENCH_CLI_DIR ? resolve(process.env.BENCH_CLI_DIR) : undefined;
let cliTemp;
if (!cliDir) {
  cliTemp = mkdtempSync(join(tmpdir(), 'custody-bench-sbom-cli-'));
  cliDir = join(cliTemp, 'custody');
  await bundleCli(cliDir);
  // As in the package: package.json says the bundle's .js files are ES modules.
  writeFileSync(join(cliDir, 'package.json'), '{ "type": "module" }\n');
}
const packaged = join(cliDir, 'bin', 'custody.js');
process.on('exit', () => {
  if (cliTemp) rmSync(cliTemp, { recursive: true, force: true });
});

const tools = [
  { name: 'custody', cmd: (dir, out) => [node, packaged, 'sbom', dir, '--output', out] },
  { name: 'custody (repository checkout)', cmd: (dir, out) => [node, cli, 'sbom', dir, '--output', out] },
  { name: 'custody (sbom module only)', cmd: (dir, out) => [node, '--input-type=module', '-e', direct, dir, out] },
  ...(bin
    ? [
        {
          name: 'cyclonedx-npm',
          cmd: (dir, out) => [
            join(bin, 'cyclonedx-npm'),
            '--package-lock-only',
            '--short-PURLs',
            '--output-file',
            out,
            join(dir, 'package.json'),
          ],
        },
        { name: 'cdxgen', cmd: (dir, out) => [join(bin, 'cdxgen'), '-t', 'npm', '--no-recurse', '--no-install-deps', '-o', out, dir] },
      ]
    : []),
];

function runOnce(tool) {
  const dir = mkdtempSync(join(tmpdir(), `custody-bench-${tool.name}-`));
  try {
    cpSync(fixture, dir, { recursive: true });
    const out = join(dir, 'bom.json');
    const argv = tool.cmd(dir, out);
    const full = timeBin ? [timeBin, '-f', '__RSS_KB__=%M', ...argv] : argv;
    const start = process.hrtime.bigint();
    const r = spawnSync(full[0], full.slice(1), { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 << 20 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const rss = /__RSS_KB__=(\d+)/.exec(r.stderr ?? '')?.[1];
    if (r.status !== 0 || !existsSync(out)) {
      throw new Error(`${tool.name} failed (${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`);
    }
    const bom = JSON.parse(readFileSync(out, 'utf8'));
    const purls = new Set();
    const walk = (cs) => {
      for (const c of cs ?? []) {
        if (c.purl) purls.add(c.purl.split('?')[0]);
        walk(c.components);
      }
    };
    walk(bom.components);
    return { ms, rssMb: rss ? Number(rss) / 1024 : undefined, purls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = new Map(tools.map((t) => [t.name, { ms: [], rss: [], purls: undefined, error: undefined }]));
for (let i = 0; i < runs; i++) {
  for (const tool of i % 2 ? [...tools].reverse() : tools) {
    const r = results.get(tool.name);
    if (r.error) continue;
    try {
      const one = runOnce(tool);
      r.ms.push(one.ms);
      if (one.rssMb !== undefined) r.rss.push(one.rssMb);
      r.purls = one.purls;
    } catch (err) {
      r.error = err.message;
    }
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const lock = JSON.parse(readFileSync(join(fixture, 'package-lock.json'), 'utf8'));
process.stdout.write(
  `SBOM of bench/fixtures/npm-2k (lockfileVersion ${lock.lockfileVersion}, ${Object.keys(lock.packages).length - 1} entries), ${runs} runs each, node ${process.versions.node}\n\n`,
);
const mine = results.get('custody');
const mineMedian = mine.ms.length ? median(mine.ms) : NaN;
const rows = [['tool', 'median wall', 'best wall', 'peak RSS', 'unique purls', 'vs custody (median)']];
for (const [name, r] of results) {
  if (r.error) {
    rows.push([name, 'failed', '', '', '', r.error.slice(0, 120)]);
    continue;
  }
  const med = median(r.ms);
  rows.push([
    name,
    `${(med / 1000).toFixed(3)} s`,
    `${(Math.min(...r.ms) / 1000).toFixed(3)} s`,
    r.rss.length ? `${Math.max(...r.rss).toFixed(1)} MB` : 'n/a',
    String(r.purls?.size ?? ''),
    name === 'custody'
      ? '1.0x'
      : med < mineMedian
        ? `${(mineMedian / med).toFixed(1)}x faster`
        : `${(med / mineMedian).toFixed(1)}x slower`,
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
for (const r of rows) process.stdout.write(`${r.map((c, i) => String(c).padEnd(widths[i])).join('  ')}\n`);

const peer = results.get('cyclonedx-npm');
process.stdout.write('\n');
if (peer && !peer.error && mine.purls && peer.purls) {
  const same = mine.purls.size === peer.purls.size && [...mine.purls].every((p) => peer.purls.has(p));
  process.stdout.write(`purl sets custody vs cyclonedx-npm: ${same ? 'identical' : 'DIFFERENT'}\n`);
  const ratio = median(peer.ms) / mineMedian;
  process.stdout.write(`target >= 10x faster than cyclonedx-npm: ${ratio.toFixed(1)}x (${ratio >= 10 ? 'met' : 'missed'})\n`);
  const only = results.get('custody (sbom module only)');
  if (only && !only.error && only.ms.length)
    process.stdout.write(`  sbom module only vs cyclonedx-npm: ${(median(peer.ms) / median(only.ms)).toFixed(1)}x\n`);
}
const cdxgen = results.get('cdxgen');
if (cdxgen && !cdxgen.error && mine.purls && cdxgen.purls) {
  const same = mine.purls.size === cdxgen.purls.size && [...mine.purls].every((p) => cdxgen.purls.has(p));
  process.stdout.write(`purl sets custody vs cdxgen: ${same ? 'identical' : 'DIFFERENT'}\n`);
}
if (mine.rss.length) {
  const peak = Math.max(...mine.rss);
  process.stdout.write(`target peak RSS < 150 MB: ${peak.toFixed(1)} MB (${peak < 150 ? 'met' : 'missed'})\n`);
}
// YAML lockfiles (issue 16: at least 15x faster than cdxgen): the shared pnpm 9 and yarn berry v4 fixtures, each
// alone in a directory under its real name, custody vs cdxgen alternated, median wall times.
const sharedLockfiles = join(root, '..', 'shared', 'fixtures', 'lockfiles');
if (cdxgen && !cdxgen.error && existsSync(sharedLockfiles)) {
  process.stdout.write(`\nYAML lockfiles, custody vs cdxgen (median wall of ${runs} alternated runs):\n`);
  const yamlRows = [['fixture', 'custody', 'cdxgen', 'custody faster by', 'components (custody / cdxgen)']];
  for (const [fixtureName, fileName] of [
    ['pnpm-lock9b.yaml', 'pnpm-lock.yaml'],
    ['yarn-berry-v4.lock', 'yarn.lock'],
  ]) {
    const pair = [tools[0], tools.find((t) => t.name === 'cdxgen')];
    const ms = new Map(pair.map((t) => [t.name, []]));
    const counts = new Map();
    let failed;
    for (let i = 0; i < runs && !failed; i++) {
      for (const tool of i % 2 ? [...pair].reverse() : pair) {
        const dir = mkdtempSync(join(tmpdir(), `custody-bench-yaml-${tool.name}-`));
        try {
          cpSync(join(sharedLockfiles, fixtureName), join(dir, fileName));
          writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-yaml', version: '1.0.0' }));
          const out = join(dir, 'bom.json');
          const argv = tool.cmd(dir, out).map((a) => (a === 'npm' && tool.name === 'cdxgen' ? 'js' : a));
          const start = process.hrtime.bigint();
          const r = spawnSync(argv[0], argv.slice(1), { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 << 20 });
          const took = Number(process.hrtime.bigint() - start) / 1e6;
          if (r.status !== 0 || !existsSync(out)) {
            failed = `${tool.name} failed on ${fixtureName}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`;
            break;
          }
          ms.get(tool.name).push(took);
          counts.set(tool.name, JSON.parse(readFileSync(out, 'utf8')).components?.length ?? 0);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    if (failed) {
      yamlRows.push([fixtureName, 'failed', '', '', failed.slice(0, 120)]);
      continue;
    }
    const a = median(ms.get('custody'));
    const b = median(ms.get('cdxgen'));
    yamlRows.push([
      fixtureName,
      `${(a / 1000).toFixed(3)} s`,
      `${(b / 1000).toFixed(3)} s`,
      `${(b / a).toFixed(1)}x${b / a >= 15 ? ' (target >= 15x met)' : ' (target >= 15x missed)'}`,
      `${counts.get('custody')} / ${counts.get('cdxgen')}`,
    ]);
  }
  const w = yamlRows[0].map((_, i) => Math.max(...yamlRows.map((r) => String(r[i]).length)));
  for (const r of yamlRows) process.stdout.write(`${r.map((c, i) => String(c).padEnd(w[i])).join('  ')}\n`);
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
process.stdout.write(`(load average during the run: ${load}; wall times on a busy machine vary, compare the ratios)\n`);
if (mine.error) process.exit(1);

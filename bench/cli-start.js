#!/usr/bin/env node
// Benchmark: how long `custody --help` takes to start, next to Node's own start (`node -e 0`), in the same run.
//   The CLI is the one users run: the bundle of the npm package and of actions/setup (scripts/lib/bundle-cli.js:
//   bin/custody.js, the Node version check, then dist/cli.js with its lazy chunks), bundled afresh into a temp dir
//   from build/ (npm run bench builds first), or the one in BENCH_CLI_DIR (e.g. actions/setup/dist/cli).
//   The commands run in turn (A B A B …, so that a drift in the machine's speed hits both), BENCH_CLI_RUNS (21) times
//   each after one warm-up; wall time from spawn to exit and to the first byte on stdout. Printed: the medians, the
//   ratio of the medians and the median of the pairwise ratios; the target is `custody --help` within 1.5x of
//   `node -e 0` (bin/custody.js prints dist/help.txt, written when the CLI was bundled, without loading the CLI).
//   Also: `custody sbom --help` (the CLI loaded: the verbs' option tables, not their code), with Node's compile
//   cache (bin/custody.js turns it on, in the OS temp dir; the warm-up fills it, as a user's first run does) and
//   without (NODE_DISABLE_COMPILE_CACHE=1, a first run's cost); and the repository's bin/custody.js (the unbundled
//   build/, as `npx custody` runs it in this repository).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bundleCli } from '../scripts/lib/bundle-cli.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 21);
const TARGET = 1.5;

let dir = process.env.BENCH_CLI_DIR ? resolve(process.env.BENCH_CLI_DIR) : undefined;
let temp;
if (!dir) {
  temp = mkdtempSync(join(tmpdir(), 'custody-bench-cli-'));
  dir = join(temp, 'custody');
  await bundleCli(dir);
  // As in the package: package.json says the bundle's .js files are ES modules.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
}
const bin = join(dir, 'bin', 'custody.js');
if (!existsSync(bin)) {
  process.stderr.write(`bench cli-start: ${bin} is missing (BENCH_CLI_DIR must hold bin/custody.js and dist/)\n`);
  process.exit(2);
}

/** One run: ms from spawn to the first byte on stdout and to exit; the exit code. */
function runOnce(args, env = {}) {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let first;
    const mark = () => {
      if (first === undefined) first = performance.now() - t0;
    };
    child.stdout.on('data', mark);
    child.stderr.on('data', () => {});
    child.on('close', (code) => done({ first: first ?? performance.now() - t0, total: performance.now() - t0, code }));
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A against `node -e 0`, alternated; medians and ratios. */
async function pair(label, args, env) {
  const node = ['-e', '0'];
  await runOnce(args, env);
  await runOnce(node);
  const a = [];
  const b = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await runOnce(args, env));
    b.push(await runOnce(node));
  }
  const bad = a.find((r) => r.code !== 0);
  if (bad) throw new Error(`${label} exited with ${bad.code}`);
  const exitA = median(a.map((r) => r.total));
  const exitB = median(b.map((r) => r.total));
  return {
    label,
    first: median(a.map((r) => r.first)),
    exit: exitA,
    node: exitB,
    ratio: exitA / exitB,
    pairwise: median(a.map((r, i) => r.total / b[i].total)),
  };
}

try {
  const rows = [
    await pair('custody --help', [bin, '--help']),
    await pair('custody sbom --help', [bin, 'sbom', '--help']),
    await pair('custody sbom --help, no compile cache', [bin, 'sbom', '--help'], { NODE_DISABLE_COMPILE_CACHE: '1' }),
    await pair('bin/custody.js --help (repository, unbundled)', [join(root, 'bin', 'custody.js'), '--help']),
  ];
  process.stdout.write(
    `bench cli-start: node ${process.version}, ${RUNS} alternated runs each, wall ms (median); CLI ${temp ? 'bundled afresh' : dir}\n\n`,
  );
  const header = [
    'command',
    'first byte ms',
    'exit ms',
    'node -e 0 ms',
    'ratio of medians',
    'pairwise ratio (median)',
    `within ${TARGET}x`,
  ];
  const table = rows.map((r) => [
    r.label,
    r.first.toFixed(0),
    r.exit.toFixed(0),
    r.node.toFixed(0),
    `${r.ratio.toFixed(2)}x`,
    `${r.pairwise.toFixed(2)}x`,
    r.pairwise <= TARGET ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const fmt = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${table.map(fmt).join('\n')}\n`);
} finally {
  if (temp) rmSync(temp, { recursive: true, force: true });
}

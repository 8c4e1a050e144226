#!/usr/bin/env node
// Benchmark: each action bundle's size and cold start, the way a GitHub runner starts it.
//   For every action (actions/*/action.yml and the root action.yml), runs its runs.main (dist/index.js) with
//   `node` and the runner's conventions: INPUT_* variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_ENV /
//   GITHUB_STATE / GITHUB_PATH files, RUNNER_TEMP and GITHUB_WORKSPACE (a temp dir). Inputs are minimal: enough for
//   the action to print its first line quickly (a tiny lockfile for sbom), or to fail fast on a missing input.
//   Cold start = process spawn to the first byte on stdout or stderr; median of BENCH_ACTIONS_RUNS (5) runs, each
//   alternated with a run of the baseline.
//   Baseline: bare `node -e` printing one line (Node's own start), to show what the bundle adds. Target: the first
//   byte within 100 ms (src/actions-runtime/start.ts prints the first line before the action's chunks load).
// Size: index.js and the whole dist/ (ncc splits lazily loaded chunks into N.index.js files), in KiB.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_ACTIONS_RUNS ?? 5);
const TIMEOUT_MS = 60_000;
const TARGET_MS = 100;

/** Every action: name, the directory of its action.yml, and its runs.main. */
function actions() {
  const found = [];
  const add = (name, dir) => {
    const file = join(dir, 'action.yml');
    if (!existsSync(file)) return;
    const main = parse(readFileSync(file, 'utf8'))?.runs?.main;
    if (typeof main === 'string') found.push({ name, dir, main: join(dir, main) });
  };
  add('custody (root)', root);
  for (const n of readdirSync(join(root, 'actions')).sort()) add(n, join(root, 'actions', n));
  return found;
}

function kib(bytes) {
  return (bytes / 1024).toFixed(0);
}

function dirBytes(dir) {
  let n = 0;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    const s = statSync(p);
    n += s.isDirectory() ? dirBytes(p) : s.size;
  }
  return n;
}

/** Minimal inputs per action, in a fresh workspace. Returns the INPUT_* map. */
function inputsFor(name, workspace) {
  if (name === 'sbom') {
    mkdirSync(join(workspace, 'proj'), { recursive: true });
    writeFileSync(
      join(workspace, 'proj', 'package-lock.json'),
      JSON.stringify({
        name: 'bench-app',
        version: '1.0.0',
        lockfileVersion: 3,
        packages: { '': { name: 'bench-app', version: '1.0.0', dependencies: { ms: '2.1.3' } }, 'node_modules/ms': { version: '2.1.3' } },
      }),
    );
    return { path: 'proj', output: 'sbom.cdx.json' };
  }
  if (name === 'capture') return { output: 'capture.json' };
  // attest, verify and the root action: no subject given -> they fail fast with a usage error.
  return {};
}

function runOnce(main, name) {
  const ws = mkdtempSync(join(tmpdir(), 'custody-bench-action-'));
  const files = {};
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_STATE', 'GITHUB_PATH']) {
    files[f] = join(ws, `.${f.toLowerCase()}`);
    writeFileSync(files[f], '');
  }
  const inputs = main ? inputsFor(name, ws) : {};
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? ws,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: ws,
    GITHUB_WORKSPACE: ws,
    SOURCE_DATE_EPOCH: '1700000000',
    ...files,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  const args = main ? [main] : ['-e', 'console.log("hello")'];
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let first;
    let firstLine = '';
    let out = '';
    const onData = (d) => {
      if (first === undefined) first = performance.now() - t0;
      if (!firstLine) {
        out += d.toString();
        const nl = out.indexOf('\n');
        if (nl !== -1) firstLine = out.slice(0, nl);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const total = performance.now() - t0;
      rmSync(ws, { recursive: true, force: true });
      resolve({ first: first ?? total, total, code, firstLine: firstLine || out.split('\n')[0] || '' });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** RUNS runs of `main`, each after one of bare node (A B A B …: a drift in the machine's speed hits both). */
async function measure(main, name) {
  const runs = [];
  const bare = [];
  for (let i = 0; i < RUNS; i++) {
    if (main) bare.push((await runOnce(undefined, 'node')).first);
    runs.push(await runOnce(main, name));
  }
  return {
    bare: bare.length ? median(bare) : undefined,
    first: median(runs.map((r) => r.first)),
    min: Math.min(...runs.map((r) => r.first)),
    total: median(runs.map((r) => r.total)),
    code: runs[runs.length - 1].code,
    firstLine: runs[runs.length - 1].firstLine,
  };
}

const list = actions();
if (!list.length) {
  process.stderr.write('bench actions: no action.yml found\n');
  process.exit(2);
}
await runOnce(undefined, 'warm-up'); // the first spawn pays for the page cache of the node binary
const base = await measure(undefined, 'node');
process.stdout.write(`bench actions: node ${process.version}, ${RUNS} runs each, cold start = spawn to first byte on stdout/stderr\n`);
process.stdout.write(`baseline: bare node printing one line: median ${base.first.toFixed(0)} ms\n\n`);

const rows = [];
for (const a of list) {
  if (!existsSync(a.main)) {
    rows.push([a.name, '-', '-', 'dist missing', '', '', '', '', '', '', `${relative(root, a.main)} not built (npm run package)`]);
    continue;
  }
  const m = await measure(a.main, a.name);
  rows.push([
    a.name,
    kib(statSync(a.main).size),
    kib(dirBytes(dirname(a.main))),
    m.first.toFixed(0),
    m.min.toFixed(0),
    m.bare.toFixed(0),
    `${(m.first / m.bare).toFixed(1)}x`,
    m.first < TARGET_MS ? 'yes' : 'NO',
    m.total.toFixed(0),
    String(m.code),
    m.firstLine.replace(/\s+/g, ' ').slice(0, 60),
  ]);
}
const header = [
  'action',
  'index.js KiB',
  'dist KiB',
  'first byte ms (median)',
  'min ms',
  'bare node ms',
  'vs bare node',
  `under ${TARGET_MS} ms`,
  'exit ms (median)',
  'exit',
  'first line',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const fmt = (r) =>
  r.map((c, i) => (i === 0 || i === r.length - 1 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
process.stdout.write(`${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(fmt).join('\n')}\n`);

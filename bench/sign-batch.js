#!/usr/bin/env node
/**
 * Batch signing benchmark (issue 16, must-show 2): 100 statements (a file subject + a 50-component CycloneDX SBOM
 * each) signed with a key, as whole processes, wall time:
 *   A. `custody attest --batch FILE --key KEY`: one process;
 *   B. the plain sigstore-js loop (bench/fixtures/sign-plain-loop.mjs: DSSEBundleBuilder + a key Signer, the same
 *      reading, hashing, statements and bundle files): one process;
 *   C. `custody attest --subject … --sbom … --key KEY` once per statement, for the first BENCH_SIGN_PROCESSES
 *      statements (default 20), scaled to 100.
 * A and B run in turn (A B A B …), BENCH_SIGN_RUNS times (default 5); medians of wall time and of the CPU time
 * each process reports on exit (bench/fixtures/report-cpu.mjs, preloaded into both). Target: A/B under 2.
 * Needs `npm run build` (runs bin/custody.js).
 *
 *   node bench/sign-batch.js
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = 100;
const RUNS = Number(process.env.BENCH_SIGN_RUNS ?? 5);
const PROCESSES = Math.min(N, Number(process.env.BENCH_SIGN_PROCESSES ?? 20));
const cli = join(root, 'bin', 'custody.js');
const plain = join(root, 'bench', 'fixtures', 'sign-plain-loop.mjs');

const dir = mkdtempSync(join(tmpdir(), 'custody-bench-sign-batch-'));
const cpuFile = join(dir, 'cpu.txt');
const env = { PATH: process.env.PATH, HOME: process.env.HOME, CUSTODY_BENCH_CPU_FILE: cpuFile };
const preload = ['--import', pathToFileURL(join(root, 'bench', 'fixtures', 'report-cpu.mjs')).href];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall ms of one process, and its CPU ms as it reported them on exit. */
function run(args, what) {
  writeFileSync(cpuFile, '');
  const t = performance.now();
  const r = spawnSync(process.execPath, [...preload, ...args], { cwd: dir, env, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}: ${r.stderr}`);
  return { ms, cpu: Number(readFileSync(cpuFile, 'utf8').trim()) };
}

try {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(join(dir, 'k.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const sbom = (i) => ({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    components: Array.from({ length: 50 }, (_, j) => ({
      type: 'library',
      name: `pkg-${i}-${j}`,
      version: '1.0.0',
      purl: `pkg:npm/pkg-${i}-${j}@1.0.0`,
    })),
  });
  const custodyLines = [];
  const plainLines = [];
  for (let i = 0; i < N; i++) {
    writeFileSync(join(dir, `a${i}.tgz`), `artifact ${i}\n`.repeat(64));
    writeFileSync(join(dir, `a${i}.cdx.json`), JSON.stringify(sbom(i)));
    custodyLines.push(JSON.stringify({ subject: [`a${i}.tgz`], sbom: `a${i}.cdx.json`, bundle: `out-batch/a${i}.sigstore.json` }));
    plainLines.push(JSON.stringify({ subject: [`a${i}.tgz`], sbom: `a${i}.cdx.json`, bundle: `out-plain/a${i}.sigstore.json` }));
  }
  writeFileSync(join(dir, 'custody.jsonl'), `${custodyLines.join('\n')}\n`);
  writeFileSync(join(dir, 'plain.jsonl'), `${plainLines.join('\n')}\n`);
  mkdirSync(join(dir, 'out-procs'));

  const batchArgs = [cli, 'attest', '--batch', 'custody.jsonl', '--key', 'k.pem'];
  const plainArgs = [plain, 'plain.jsonl', 'k.pem'];
  run(batchArgs, 'custody attest --batch'); // warm-up (file cache, compile cache)
  run(plainArgs, 'the plain loop');
  const a = [];
  const b = [];
  const ratios = [];
  const cpuRatios = [];
  for (let r = 0; r < RUNS; r++) {
    const x = run(batchArgs, 'custody attest --batch');
    const y = run(plainArgs, 'the plain loop');
    a.push(x);
    b.push(y);
    ratios.push(x.ms / y.ms);
    cpuRatios.push(x.cpu / y.cpu);
  }
  for (const [d, want] of [
    ['out-batch', N],
    ['out-plain', N],
  ]) {
    const got = readdirSync(join(dir, d)).length;
    if (got !== want) throw new Error(`${d} holds ${got} bundles, not ${want}`);
  }

  let procWall = 0;
  let procCpu = 0;
  for (let i = 0; i < PROCESSES; i++) {
    const p = run(
      [cli, 'attest', '--subject', `a${i}.tgz`, '--sbom', `a${i}.cdx.json`, '--key', 'k.pem', '--bundle', `out-procs/a${i}.sigstore.json`],
      'custody attest',
    );
    procWall += p.ms;
    procCpu += p.cpu;
  }
  const perProcess = procWall / PROCESSES;
  const perProcessCpu = procCpu / PROCESSES;

  const fmt = (ms) => `${ms.toFixed(0).padStart(7)} ms`;
  const A = median(a.map((x) => x.ms));
  const B = median(b.map((x) => x.ms));
  const Acpu = median(a.map((x) => x.cpu));
  const Bcpu = median(b.map((x) => x.cpu));
  console.log(`bench/sign-batch.js: ${N} statements (file subject + 50-component CycloneDX SBOM), ECDSA P-256 key, whole processes,`);
  console.log(`${RUNS} alternated runs, medians; node ${process.versions.node}`);
  console.log(`${''.padEnd(46)}${'wall'.padStart(10)}${'cpu'.padStart(11)}`);
  console.log(`A  custody attest --batch (1 process)          ${fmt(A)}  ${fmt(Acpu)}   ${(A / N).toFixed(2)} ms/statement`);
  console.log(`B  plain sigstore-js loop (1 process)          ${fmt(B)}  ${fmt(Bcpu)}   ${(B / N).toFixed(2)} ms/statement`);
  console.log(
    `C  custody attest, 1 process per statement     ${fmt(perProcess * N)}  ${fmt(perProcessCpu * N)}   ${perProcess.toFixed(2)} ms/statement (${PROCESSES} run, scaled to ${N})`,
  );
  const spread = (xs) => `median of per-pair ratios; min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)}`;
  console.log(`ratio A/B wall (target < 2): ${median(ratios).toFixed(2)}x (${spread(ratios)})`);
  console.log(`ratio A/B cpu: ${median(cpuRatios).toFixed(2)}x (${spread(cpuRatios)})`);
  console.log(`ratio C/A: ${((perProcess * N) / A).toFixed(1)}x (processes per statement against one batch)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

#!/usr/bin/env node
// Runs the benchmarks: every bench/*.js except this file, one after another (or only the ones named:
// `node bench/run.js sbom`). Each prints its own figures. Build first (`npm run bench` does).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here)
  .filter((f) => f.endsWith('.js') && f !== 'run.js')
  .sort();
const wanted = process.argv.slice(2).map((a) => (a.endsWith('.js') ? a : `${a}.js`));
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  process.stderr.write(`bench: no benchmark named ${unknown.join(', ')}; available: ${all.map((f) => f.slice(0, -3)).join(', ')}\n`);
  process.exit(2);
}
const selected = wanted.length ? all.filter((f) => wanted.includes(f)) : all;
let failed = 0;
for (const file of selected) {
  process.stdout.write(`\n=== bench/${file} ===\n`);
  const r = spawnSync(process.execPath, [join(here, file)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`bench: ${file} exited with ${r.status ?? r.signal}\n`);
  }
}
process.exit(failed ? 1 : 0);

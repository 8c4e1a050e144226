#!/usr/bin/env node
/**
 * Provenance benchmark (issue 3): subject resolution and capture.
 *  - hashing 1,024 subject files (64 KiB each) via --subject GLOB, against coreutils `sha256sum` on the same files
 *    (the usual way CI scripts make subject lists) as the peer;
 *  - parsing a 4,096-line sha256sum checksum file;
 *  - a whole capture (git facts, node/npm/git --version, environment redaction);
 *  - `custody provenance` end to end as a process with 1,024 subjects.
 * Run after `npx tsc -b` (imports packages/*\/dist and build/).
 *
 *   node bench/provenance.js [--n 5]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, createHash } from 'node:crypto';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const N = (() => {
  const i = args.indexOf('--n');
  return i >= 0 ? Number(args[i + 1]) : 5;
})();
const prov = await import(join(root, 'packages/provenance/dist/index.js'));
const core = await import(join(root, 'packages/core/dist/index.js'));

const dir = mkdtempSync(join(tmpdir(), 'custody-bench-prov-'));
mkdirSync(join(dir, 'dist'));
for (let i = 0; i < 1024; i++) writeFileSync(join(dir, 'dist', `f${String(i).padStart(4, '0')}.bin`), randomBytes(64 * 1024));
const sums = Array.from({ length: 4096 }, (_, i) => `${createHash('sha256').update(String(i)).digest('hex')}  file-${i}.bin`).join('\n');
writeFileSync(join(dir, 'SHA256SUMS'), `${sums}\n`);

async function time(fn) {
  const runs = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await fn();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)];
}

const files = readdirSync(join(dir, 'dist')).map((f) => join('dist', f));
const hasSha256sum = spawnSync('sha256sum', ['--version']).status === 0;
const custodyHash = await time(() => prov.resolveSubjects(['dist/*.bin'], undefined, dir));
const peerHash = hasSha256sum ? await time(() => execFileSync('sha256sum', files, { cwd: dir, maxBuffer: 64 << 20 })) : NaN;
const checksums = await time(() => prov.resolveSubjects([], 'SHA256SUMS', dir));
const capture = await time(() =>
  prov.collectCapture({
    cwd: root,
    env: process.env,
    clock: core.systemClock,
    ci: { platform: 'local', pipeline: {}, runner: { kind: 'self-hosted' }, event: { name: 'manual', isPullRequest: false }, extra: {} },
  }),
);
const cli = await time(() => {
  const r = spawnSync(process.execPath, [join(root, 'bin/custody.js'), 'provenance', '--subject', 'dist/*.bin', '--output', 'p.json'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  if (r.status !== 0) throw new Error(String(r.stderr));
});
rmSync(dir, { recursive: true, force: true });

const ms = (v) => `${v.toFixed(1)} ms`;
console.log(`provenance benchmark (median of ${N})`);
console.log(`  1,024 subjects x 64 KiB, custody resolveSubjects: ${ms(custodyHash)}`);
if (hasSha256sum)
  console.log(
    `  same files, sha256sum (peer):                    ${ms(peerHash)}  ratio custody/peer ${(custodyHash / peerHash).toFixed(2)}`,
  );
console.log(`  4,096-line checksum file:                        ${ms(checksums)}`);
console.log(`  capture (git, node/npm/git --version, env):      ${ms(capture)}`);
console.log(`  custody provenance process, 1,024 subjects:      ${ms(cli)}`);

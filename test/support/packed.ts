/**
 * The releasable CLI package (`npm run pack` -> custody-<version>.tgz), built once per state of build/ and shared by
 * every test file that installs it (test files run in parallel processes: a lock directory keeps it to one pack).
 * `CUSTODY_TARBALL=/path/custody-x.y.z.tgz` uses a given tarball instead (e.g. the one a release built).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './measure.js';

const run = promisify(execFile);

/** A key for the current build: the size and mtime of every compiled file. */
function buildKey(): string {
  const build = join(REPO_ROOT, 'build');
  if (!existsSync(join(build, 'src', 'cli.js'))) {
    throw new Error('build/src/cli.js is missing: run `npm run build` (npm test does) before the package tests.');
  }
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (dir === build && (name === 'pack' || name === 'pack-cache')) continue;
      const p = join(dir, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (name.endsWith('.js')) hash.update(`${p}\0${s.size}\0${s.mtimeMs}\n`);
    }
  };
  walk(build);
  hash.update(statSync(join(REPO_ROOT, 'scripts', 'pack.js')).mtimeMs.toString());
  hash.update(statSync(join(REPO_ROOT, 'packaging', 'bin.js')).mtimeMs.toString());
  hash.update(statSync(join(REPO_ROOT, 'scripts', 'lib', 'bundle-cli.js')).mtimeMs.toString());
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Path of custody-<version>.tgz for the current build; packs it on first use. */
export async function packedTarball(): Promise<string> {
  const given = process.env.CUSTODY_TARBALL;
  if (given) {
    if (!existsSync(given)) throw new Error(`CUSTODY_TARBALL=${given} does not exist.`);
    return given;
  }
  const dir = join(REPO_ROOT, 'build', 'pack-cache', buildKey());
  const done = join(dir, 'done');
  const lock = join(REPO_ROOT, 'build', 'pack-cache', `${buildKey()}.lock`);
  mkdirSync(join(REPO_ROOT, 'build', 'pack-cache'), { recursive: true });
  for (let waited = 0; !existsSync(done); waited += 250) {
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      /* another test file is packing */
    }
    if (mine) {
      try {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        await run(process.execPath, [join(REPO_ROOT, 'scripts', 'pack.js'), '--out', dir], { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
        mkdirSync(done);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      break;
    }
    if (waited > 180_000) throw new Error(`timed out waiting for another process to pack into ${dir} (remove ${lock} if stale)`);
    await sleep(250);
  }
  const tgz = readdirSync(dir).find((f) => /^custody-.+\.tgz$/.test(f));
  if (!tgz) throw new Error(`no custody-*.tgz in ${dir}`);
  return join(dir, tgz);
}

/** Installs the tarball into `project` (which has its own package.json) with npm; returns the install time. */
export async function installTarball(project: string, tarball: string, env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  await run('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: project, env, maxBuffer: 16 << 20 });
  return performance.now() - start;
}

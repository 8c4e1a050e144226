/**
 * The YAML and TOML parsers load only when a lockfile needs them (issue 16): reading an npm lockfile in a fresh
 * process loads neither, reading a pnpm lockfile loads the YAML parser and not the TOML one. Measured with a
 * module loader hook in a child process, so that other tests' imports cannot hide a regression.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

function parsersLoaded(file: string, text: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'custody-lazy-'));
  writeFileSync(join(dir, file), text);
  const script = `
import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({ load(url, ctx, next) { const m = /node_modules\\/(yaml|smol-toml|js-yaml)\\//.exec(url); if (m) seen.add(m[1]); return next(url, ctx); } });
const { readLockfiles, readers } = await import(${JSON.stringify(dist)});
const graphs = await readLockfiles(${JSON.stringify(dir)}, readers);
process.stdout.write(JSON.stringify({ components: graphs[0].components.length, seen: [...seen].sort() }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { components: number; seen: string[] };
  expect(out.components).toBeGreaterThan(0);
  return out.seen;
}

describe('parsers load on demand', () => {
  it('an npm lockfile loads no YAML or TOML parser', () => {
    const lock = {
      name: 'p',
      version: '1.0.0',
      lockfileVersion: 3,
      packages: { '': { dependencies: { a: '1' } }, 'node_modules/a': { version: '1.0.0' } },
    };
    expect(parsersLoaded('package-lock.json', JSON.stringify(lock))).toEqual([]);
  });

  it('a pnpm lockfile loads the YAML parser (js-yaml) only', () => {
    const text =
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a:\n        specifier: ^1.0.0\n        version: 1.0.0\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-AAAA}\nsnapshots:\n  a@1.0.0: {}\n";
    expect(parsersLoaded('pnpm-lock.yaml', text)).toEqual(['js-yaml']);
  });

  it('a Cargo.lock loads the TOML parser only', () => {
    const text =
      'version = 3\n\n[[package]]\nname = "a"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n';
    expect(parsersLoaded('Cargo.lock', text)).toEqual(['smol-toml']);
  });
});

#!/usr/bin/env node
// Bundles every action (actions/<name>/src/index.ts, compiled by `npm run build` to build/actions/<name>/src/index.js)
// into actions/<name>/dist/index.js with @vercel/ncc, its lazy chunks (N.index.js) minified too (lib/minify-chunks.js).
// The bundles are committed; CI rebuilds them and fails on a diff.
// actions/setup also carries the CLI itself, in actions/setup/dist/cli/: the same bundle as the npm package
// (scripts/lib/bundle-cli.js, shared with scripts/pack.js), so that the action installs `custody` with no network.
import { existsSync, readdirSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { bundleCli } from './lib/bundle-cli.js';
import { minifyChunks } from './lib/minify-chunks.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ncc = createRequire(import.meta.url)('@vercel/ncc');
const only = process.argv.slice(2);

// actions/<name>/action.yml, plus actions/custody: the one-step action whose action.yml is the repository root's.
const names = readdirSync(join(root, 'actions')).filter(
  (n) =>
    (existsSync(join(root, 'actions', n, 'action.yml')) || (n === 'custody' && existsSync(join(root, 'action.yml')))) &&
    (only.length === 0 || only.includes(n)),
);
for (const name of names) {
  // The bootstrap (src/index.ts) calls run() of src/main.ts, which only exports it (as @github/local-action expects).
  const entry = join(root, 'build', 'actions', name, 'src', 'index.js');
  if (!existsSync(entry)) {
    process.stderr.write(`package-actions: ${entry} is missing; run npm run build first.\n`);
    process.exit(2);
  }
  const out = join(root, 'actions', name, 'dist');
  const { code, assets } = await ncc(entry, { minify: true, sourceMap: false, quiet: true, target: 'es2023', cache: false });
  const chunks = await minifyChunks(assets);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'index.js'), code);
  for (const [file, asset] of Object.entries(assets ?? {})) {
    const target = join(out, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, asset.source);
  }
  process.stdout.write(
    `packaged actions/${name}/dist/index.js (${(Buffer.byteLength(code) / 1024).toFixed(0)} KiB; lazy chunks ${(chunks.after / 1024).toFixed(0)} KiB` +
      `${chunks.kept.length ? `, not minified: ${chunks.kept.join(', ')}` : ''})\n`,
  );
  if (name === 'setup') {
    const bytes = await bundleCli(join(out, 'cli'));
    process.stdout.write(`packaged actions/setup/dist/cli/ (the custody CLI, ${(bytes / 1024).toFixed(0)} KiB)\n`);
  }
}

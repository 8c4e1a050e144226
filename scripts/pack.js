#!/usr/bin/env node
// Builds the releasable CLI package: `npm run pack` writes custody-<version>.tgz at the repository root.
// The CLI bundle (scripts/lib/bundle-cli.js: build/src/cli.js and everything it imports, bundled with @vercel/ncc
// into dist/, with packaging/bin.js as bin/custody.js) is the whole package: no runtime dependencies. The same
// bundle ships in actions/setup/dist/cli/. Staged in build/pack/, packed with `npm pack`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCli, cliEntry as entry, root } from './lib/bundle-cli.js';

const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (!existsSync(entry)) {
  process.stderr.write(`pack: ${entry} is missing; run npm run build first (npm run pack does).\n`);
  process.exit(2);
}
const outDir = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : root;
const stage = join(root, 'build', 'pack', 'custody');
rmSync(stage, { recursive: true, force: true });
await bundleCli(stage);
const repository = rootPkg.repository?.url ?? 'https://github.com/custody-dev/custody';
writeFileSync(
  join(stage, 'README.md'),
  readFileSync(join(root, 'packaging', 'README.md'), 'utf8')
    .replaceAll('VERSION', rootPkg.version)
    .replaceAll('REPOSITORY_URL', repository.replace(/^git\+/, '').replace(/\.git$/, '')),
);
if (existsSync(join(root, 'LICENSE'))) copyFileSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
const pkg = {
  name: 'custody',
  version: rootPkg.version,
  description: rootPkg.description,
  license: rootPkg.license,
  type: 'module',
  bin: { custody: 'bin/custody.js' },
  files: ['bin', 'dist'],
  engines: { node: '>=22.22' },
  repository: rootPkg.repository ?? { type: 'git', url: 'git+https://github.com/custody-dev/custody.git' },
  keywords: ['sbom', 'slsa', 'provenance', 'sigstore', 'in-toto', 'attestation', 'cyclonedx', 'spdx', 'oci', 'supply-chain'],
};
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

const unpacked = (dir) =>
  readdirSync(dir).reduce((n, f) => {
    const p = join(dir, f);
    const s = statSync(p);
    return n + (s.isDirectory() ? unpacked(p) : s.size);
  }, 0);
const json = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
  cwd: stage,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [info] = JSON.parse(json);
const file = join(outDir, info.filename);
const size = unpacked(stage);
const limit = 5 * 1024 * 1024;
process.stdout.write(
  `pack: ${file}\npack: ${info.entryCount} files, ${(statSync(file).size / 1024 / 1024).toFixed(2)} MB packed, ${(size / 1024 / 1024).toFixed(2)} MB unpacked, integrity ${info.integrity}\n`,
);
if (size > limit) {
  process.stderr.write(`pack: the package is ${size} bytes unpacked, over the 5 MB budget; look at what the bundle pulls in.\n`);
  process.exit(1);
}

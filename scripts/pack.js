#!/usr/bin/env node
// Builds the releasable CLI package: `npm run pack` writes custody-<version>.tgz at the repository root.
// The CLI (build/src/cli.js, from `npm run build`) and the code of every @custody/* package and third-party
// dependency are bundled with @vercel/ncc into dist/ (lazy chunks kept, so each verb loads only its own code);
// the package has no runtime dependencies. Staged in build/pack/, packed with `npm pack`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entry = join(root, 'build', 'src', 'cli.js');
if (!existsSync(entry)) {
  process.stderr.write(`pack: ${entry} is missing; run npm run build first (npm run pack does).\n`);
  process.exit(2);
}
const outDir = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : root;
const stage = join(root, 'build', 'pack', 'custody');
rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'dist'), { recursive: true });
mkdirSync(join(stage, 'bin'), { recursive: true });

const ncc = createRequire(import.meta.url)('@vercel/ncc');
const { code, assets } = await ncc(entry, { minify: true, sourceMap: false, quiet: true, target: 'es2023', cache: false });
writeFileSync(join(stage, 'dist', 'cli.js'), code);
for (const [file, asset] of Object.entries(assets ?? {})) {
  const target = join(stage, 'dist', file);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, asset.source);
}
copyFileSync(join(root, 'packaging', 'bin.js'), join(stage, 'bin', 'custody.js'));
chmodSync(join(stage, 'bin', 'custody.js'), 0o755);
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

const unpacked = (dir) => readdirSync(dir).reduce((n, f) => {
  const p = join(dir, f);
  const s = statSync(p);
  return n + (s.isDirectory() ? unpacked(p) : s.size);
}, 0);
const json = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
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

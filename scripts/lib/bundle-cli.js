// The CLI bundle, shared by scripts/pack.js (the npm package) and scripts/package-actions.js (actions/setup/dist/cli):
// build/src/cli.js (from `npm run build`) and the code of every @custody/* package and third-party dependency bundled
// with @vercel/ncc into <dir>/dist/cli.js (lazy chunks kept as dist/N.index.js, minified by minify-chunks.js, so each
// verb loads only its own code), with packaging/bin.js as <dir>/bin/custody.js (the Node version check, then
// dist/cli.js's run(); `custody --help` alone prints dist/help.txt, the CLI's help written here).
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { minifyChunks } from './minify-chunks.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliEntry = join(root, 'build', 'src', 'cli.js');

const ncc = createRequire(import.meta.url)('@vercel/ncc');

/** Writes the bundled CLI into `dir` (dist/ and bin/); returns the bytes written. Throws when the build is missing. */
export async function bundleCli(dir) {
  if (!existsSync(cliEntry)) throw new Error(`${cliEntry} is missing; run npm run build first.`);
  const { code, assets } = await ncc(cliEntry, { minify: true, sourceMap: false, quiet: true, target: 'es2023', cache: false });
  await minifyChunks(assets);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  mkdirSync(join(dir, 'bin'), { recursive: true });
  let bytes = 0;
  const write = (target, data) => {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
    bytes += Buffer.byteLength(data);
  };
  write(join(dir, 'dist', 'cli.js'), code);
  for (const [file, asset] of Object.entries(assets ?? {})) write(join(dir, 'dist', file), asset.source);
  // `custody --help` as the CLI prints it, for packaging/bin.js to print without loading the CLI.
  const { main } = await import(pathToFileURL(cliEntry).href);
  let help = '';
  const io = { stdout: (t) => (help += t), stderr: () => {}, env: {}, cwd: root, logger: undefined, isTTY: false };
  if ((await main(['--help'], io)) !== 0 || !help) throw new Error('custody --help printed no help');
  write(join(dir, 'dist', 'help.txt'), help);
  copyFileSync(join(root, 'packaging', 'bin.js'), join(dir, 'bin', 'custody.js'));
  chmodSync(join(dir, 'bin', 'custody.js'), 0o755);
  return bytes;
}

#!/usr/bin/env node
// The custody CLI. Runs the compiled application in build/ (npm run build).
const [major, minor, patch] = process.versions.node.split('.').map(Number);
// The range sigstore-js declares: ^22.22.2 || ^24.15.0 || >=26.
if (
  major < 22 ||
  (major === 22 && (minor < 22 || (minor === 22 && patch < 2))) ||
  (major === 24 && minor < 15) ||
  major === 23 ||
  major === 25
) {
  process.stderr.write(
    `custody: Node ${process.versions.node} is too old; Custody needs Node 24.15+ (or 22.22.2+). ` +
      'From the repository root, `npx custody` and npm scripts use the Node 24 installed by `npm ci`. [NODE_VERSION]\n',
  );
  process.exit(2);
}
// Node's on-disk compile cache (in the OS temp directory) makes every start after the first one faster.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
try {
  const { run } = await import('../build/src/cli.js');
  await run();
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('build/src/cli.js')) {
    process.stderr.write('custody: the CLI is not built yet. Run `npm run build` in the repository root first. [NOT_BUILT]\n');
    process.exit(2);
  }
  throw err;
}

#!/usr/bin/env node
// custody, the installed package: checks the Node version, then runs the bundled CLI (dist/cli.js); `custody --help`
// alone prints dist/help.txt instead, so that it starts about as fast as Node itself (bench/cli-start.js).
// Kept to syntax every Node since 12 parses, so that an old Node reaches the message instead of a SyntaxError.
var parts = process.versions.node.split('.').map(Number);
var major = parts[0];
var minor = parts[1];
var patch = parts[2];
// The range sigstore-js declares: ^22.22.2 || ^24.15.0 || >=26.
if (
  major < 22 ||
  (major === 22 && (minor < 22 || (minor === 22 && patch < 2))) ||
  major === 23 ||
  (major === 24 && minor < 15) ||
  major === 25
) {
  process.stderr.write(
    'custody: Node ' +
      process.versions.node +
      ' is too old; Custody needs Node 24.15+ (or 22.22.2+, or 26+). ' +
      'Run it on Node 24 without changing the system Node: npx -y -p node@24 -p custody custody --help ' +
      '(or, with custody installed in the project: npx -y -p node@24 -c "custody --help"). [NODE_VERSION]\n',
  );
  process.exit(2);
}
var args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  // `custody --help` alone: the text the CLI printed when it was bundled (dist/help.txt, scripts/lib/bundle-cli.js),
  // without loading the CLI; when it cannot be read, the CLI itself answers.
  Promise.all([import('node:fs'), import('node:path')])
    .then((m) => {
      var fs = m[0];
      var path = m[1];
      process.stdout.write(fs.readFileSync(path.join(path.dirname(fs.realpathSync(process.argv[1])), '..', 'dist', 'help.txt'), 'utf8'));
    })
    .catch(runCli);
} else {
  runCli();
}

function runCli() {
  import('node:module')
    .then((m) => {
      // Node's on-disk compile cache makes every start after the first one faster.
      if (m.enableCompileCache) m.enableCompileCache();
      return import('../dist/cli.js');
    })
    .then((cli) => cli.run())
    .catch((err) => {
      process.stderr.write(
        `custody: internal error: ${err?.message ? err.message : String(err)}. This is a bug in Custody; please report it.\n`,
      );
      process.exit(2);
    });
}

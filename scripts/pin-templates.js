#!/usr/bin/env node
// Pins the Custody version and the integrity of its published tarball in every CI template.
//
//   node scripts/pin-templates.js VERSION INTEGRITY [--dir DIR]
//
// VERSION    the published version, e.g. 0.2.0 (semver, no leading v)
// INTEGRITY  the sha512 SRI of that version's tarball as the npm registry serves it: `sha512-<base64>`, e.g.
//            `npm view custody@0.2.0 dist.integrity`, or `npm pack --json` of the tarball that was published
// --dir DIR  the templates directory (default: templates/ of this repository)
//
// Rewrites every `CUSTODY_VERSION` / `CUSTODY_INTEGRITY` assignment the templates use — YAML (`NAME: "value"`),
// Groovy (`NAME = 'value'`) and shell (`NAME="value"`) — and nothing else. Every template must hold both pins at
// least once; a template without them, or an argument that does not look like a version or a sha512 SRI, stops the
// script with exit 2 before any file is written. Prints the files it changed. Exit 0 on success.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fail = (msg) => {
  process.stderr.write(`pin-templates: ${msg}\n`);
  process.exit(2);
};
const args = process.argv.slice(2);
let dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');
const at = args.indexOf('--dir');
if (at !== -1) {
  if (!args[at + 1]) fail('--dir needs a directory');
  dir = args[at + 1];
  args.splice(at, 2);
}
if (args.length !== 2) fail('usage: node scripts/pin-templates.js VERSION INTEGRITY [--dir DIR]');
const [version, integrity] = args;
if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version))
  fail(`"${version}" is not a version (MAJOR.MINOR.PATCH[-PRE])`);
if (!/^sha512-[A-Za-z0-9+/]{86}==$/.test(integrity)) fail(`"${integrity}" is not a sha512 SRI (sha512-<88 base64 characters>)`);

// NAME, then `: `, ` = ` or `=`, then a value in double or single quotes.
const pin = (name) => new RegExp(`(\\b${name}\\s*(?::|=)\\s*)(["'])([^"'\\n]*)\\2`, 'g');
const files = readdirSync(dir)
  .map((f) => join(dir, f))
  .filter((p) => statSync(p).isFile());
const changes = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  let versions = 0;
  let integrities = 0;
  const out = text
    .replace(pin('CUSTODY_VERSION'), (_m, lead, q) => (versions++, `${lead}${q}${version}${q}`))
    .replace(pin('CUSTODY_INTEGRITY'), (_m, lead, q) => (integrities++, `${lead}${q}${integrity}${q}`));
  if (!versions || !integrities) fail(`${file} has no CUSTODY_VERSION / CUSTODY_INTEGRITY pin (found ${versions} / ${integrities})`);
  changes.push({ file, out, changed: out !== text });
}
if (!changes.length) fail(`no templates in ${dir}`);
for (const c of changes) {
  if (!c.changed) continue;
  writeFileSync(c.file, c.out);
  process.stdout.write(`${c.file}\n`);
}

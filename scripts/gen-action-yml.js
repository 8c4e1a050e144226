#!/usr/bin/env node
// Rewrites the inputs: and outputs: blocks of every action.yml from the action definitions (each action's
// src/main.ts: the verb specs' options with an `input`, and the action's own inputs). Run `npm run build` first;
// `npm run docs` does both, and writes docs/cli.md too. The input tables of docs/actions.md are written as well. test/action-specs.test.ts fails when a file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionLocations } from '../build/src/actions-runtime/catalog.js';
import { renderActionYml, renderActionsDoc } from '../build/src/actions-runtime/render.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docFile = join(root, 'docs', 'actions.md');
let doc = readFileSync(docFile, 'utf8');
for (const { name, yml } of actionLocations) {
  const { action } = await import(`../build/actions/${name}/src/main.js`);
  const file = join(root, yml);
  const before = readFileSync(file, 'utf8');
  const after = renderActionYml(before, action);
  if (after !== before) writeFileSync(file, after);
  process.stdout.write(`${after === before ? 'unchanged' : 'wrote'} ${yml}\n`);
  doc = renderActionsDoc(doc, name, action);
}
writeFileSync(docFile, doc);
process.stdout.write('wrote the input and output tables of docs/actions.md\n');

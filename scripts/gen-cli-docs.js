#!/usr/bin/env node
// Rewrites docs/cli.md from the command definitions (run `npm run build` first; `npm run docs` does both).
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from '../build/src/cli/commands.js';
import { renderCliReference } from '../build/src/cli/reference.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'cli.md');
writeFileSync(target, renderCliReference(commands));
process.stdout.write(`wrote ${target}\n`);

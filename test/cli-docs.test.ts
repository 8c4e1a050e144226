import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/cli/commands.js';
import { renderCliReference } from '../src/cli/reference.js';

describe('docs/cli.md', () => {
  it('is generated from the command definitions and up to date (run `npm run docs` to refresh)', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', 'docs', 'cli.md'), 'utf8');
    expect(committed).toBe(renderCliReference(commands));
  });

  it('documents every command with a usage line and at least one example', () => {
    for (const c of commands) {
      expect(c.usage.length, c.name).toBeGreaterThan(0);
      expect(c.examples.length, `custody ${c.name} has no example`).toBeGreaterThan(0);
      for (const [name, o] of Object.entries(c.options)) expect(o.description.length, `${c.name} --${name}`).toBeGreaterThan(3);
    }
  });
});

/**
 * The YAML lockfile parser's safety bounds (js-yaml since issue 16): alias uses are bounded (an aliased map
 * cannot multiply the readers' work), block nesting deeper than the JSON depth limit is LIMIT_JSON_DEPTH before it
 * can exhaust the stack, and flow nesting is refused by the pre-scan as before.
 */
import { describe, expect, it } from 'vitest';
import { type CustodyError, limits } from '@custody/core';
import { yarnReader } from '../readers/group-js.js';
import { MAX_YAML_ALIASES } from '../readers/js-util.js';
import { pnpmReader } from '../readers/pnpm.js';

function thrown(fn: () => unknown): CustodyError {
  try {
    fn();
  } catch (err) {
    return err as CustodyError;
  }
  throw new Error('expected an error');
}

describe('YAML lockfile limits', () => {
  it(`more than ${MAX_YAML_ALIASES} alias uses is LOCKFILE_MALFORMED`, () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `    k${i}: v`).join('\n');
    const uses = Array.from({ length: MAX_YAML_ALIASES + 1 }, (_, i) => `  p${i}@1.0.0: *big`).join('\n');
    const text = `lockfileVersion: '9.0'\nx: &big\n${keys.replace(/^ {4}/gm, '  ')}\npackages:\n${uses}\n`;
    const e = thrown(() => pnpmReader.read(text, 'pnpm-lock.yaml'));
    expect(e.code).toBe('LOCKFILE_MALFORMED');
    expect(e.message).toContain(`${MAX_YAML_ALIASES + 1} YAML aliases`);
  });

  it('a few aliases are read (shared, not copied)', () => {
    const text =
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a:\n        specifier: ^1.0.0\n        version: 1.0.0\npackages:\n  a@1.0.0: &meta\n    resolution: {integrity: sha512-AAAA}\n  b@1.0.0: *meta\nsnapshots:\n  a@1.0.0: {}\n  b@1.0.0: {}\n";
    expect(pnpmReader.read(text, 'pnpm-lock.yaml').components.map((c) => c.purl)).toEqual(['pkg:npm/a@1.0.0', 'pkg:npm/b@1.0.0']);
  });

  it('block nesting deeper than the JSON depth limit is LIMIT_JSON_DEPTH', () => {
    const depth = limits().jsonDepth + 5;
    let text = '__metadata:\n  version: 8\nx:\n';
    for (let i = 1; i <= depth; i++) text += `${' '.repeat(i)}k:\n`;
    const e = thrown(() => yarnReader.read(text, 'yarn.lock'));
    expect(e.code).toBe('LIMIT_JSON_DEPTH');
  });

  it('quoted strings and comments do not count as aliases', () => {
    const lines = Array.from({ length: MAX_YAML_ALIASES + 5 }, (_, i) => `  k${i}: "a *b" # *c`).join('\n');
    const text = `lockfileVersion: '9.0'\nx:\n${lines}\npackages: {}\n`;
    expect(pnpmReader.read(text, 'pnpm-lock.yaml').components).toEqual([]);
  });
});

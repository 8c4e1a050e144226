/**
 * The YAML guards: alias uses counted where YAML reads an alias (after a line start, a space, a tab or a flow
 * indicator), not inside quoted scalars or comments, with the native no-alias shortcut agreeing with the scan; flow
 * nesting refused past the JSON depth limit.
 */
import { describe, expect, it } from 'vitest';
import { checkYamlFlowDepth, countYamlAliases, DEFAULT_LIMITS } from '@custody/core';

describe('countYamlAliases', () => {
  it.each([
    ['*a', 1],
    ['x: *a\ny: *b\n', 2],
    ['x: [*a, *b]\ny: {k: *c}\n', 3],
    ['x:\t*a', 1],
    ['x: "*a"\ny: \'*b\'\n', 0],
    ['x: 1 # *a\n', 0],
    ["x: '*'\ny: *\nz: a*b\n", 0],
    ['lockfileVersion: 9.0\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-x}\n', 0],
    ['', 0],
  ])('%j has %i', (text, n) => {
    expect(countYamlAliases(text)).toBe(n);
  });

  it('a pnpm-like text of many entries and no alias: 0, and one alias among them: 1', () => {
    const entries = Array.from(
      { length: 2000 },
      (_, i) => `  pkg${i}@1.0.${i}:\n    resolution: {integrity: sha512-abc}\n    engines: {node: '*'}\n`,
    ).join('');
    expect(countYamlAliases(`packages:\n${entries}`)).toBe(0);
    expect(countYamlAliases(`packages:\n${entries}  x: *anchor\n`)).toBe(1);
  });
});

describe('checkYamlFlowDepth', () => {
  it('accepts nesting up to the limit and refuses past it', () => {
    const max = DEFAULT_LIMITS.jsonDepth;
    expect(() => checkYamlFlowDepth(`x: ${'['.repeat(max)}${']'.repeat(max)}\n`, 'the file', 'f.yaml')).not.toThrow();
    expect(() => checkYamlFlowDepth(`x: ${'['.repeat(max + 1)}${']'.repeat(max + 1)}\n`, 'the file', 'f.yaml')).toThrow(
      expect.objectContaining({ code: 'LIMIT_JSON_DEPTH' }),
    );
    expect(() => checkYamlFlowDepth(`x: "${'['.repeat(max + 1)}"\n`, 'the file', 'f.yaml')).not.toThrow();
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  LIMIT_SPECS,
  LimitError,
  configureLimits,
  formatLimit,
  jsonDepth,
  parseJsonBounded,
  resolveLimits,
  type LimitName,
} from '../limits.js';

describe('resource limits', () => {
  it('reads overrides from the environment, with K/M/G suffixes, and refuses nonsense', () => {
    const l = resolveLimits({ CUSTODY_MAX_BUNDLE_BYTES: '2M', CUSTODY_MAX_JSON_DEPTH: '10' });
    expect(l.bundleBytes).toBe(2 * 1024 * 1024);
    expect(l.jsonDepth).toBe(10);
    expect(l.ociJsonBytes).toBe(DEFAULT_LIMITS.ociJsonBytes);
    for (const bad of ['-1', '0', 'lots', '1.5M']) {
      expect(() => resolveLimits({ CUSTODY_MAX_BUNDLE_BYTES: bad })).toThrow(/CUSTODY_MAX_BUNDLE_BYTES/);
    }
  });

  it('bounds JSON by size and by depth before parsing, and names the variable to raise', () => {
    configureLimits({ CUSTODY_MAX_JSON_DEPTH: '8', CUSTODY_MAX_BUNDLE_BYTES: '1K' });
    try {
      expect(parseJsonBounded('{"a":[[1]]}', { what: 'bundle' })).toEqual({ a: [[1]] });
      const deep = `${'['.repeat(9)}${']'.repeat(9)}`;
      let err: unknown;
      try {
        parseJsonBounded(deep, { what: 'bundle', location: 'x.json' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LimitError);
      expect((err as LimitError).code).toBe('LIMIT_JSON_DEPTH');
      expect((err as LimitError).describe()).toMatch(/^x\.json: .*CUSTODY_MAX_JSON_DEPTH/);
      expect(() => parseJsonBounded(`"${'x'.repeat(2000)}"`, { what: 'bundle' })).toThrow(/over the limit of 1 KiB/);
      // Brackets inside strings do not count.
      expect(jsonDepth('{"a":"[[[[[[[[[[[[","b":"\\"[["}')).toBe(1);
    } finally {
      configureLimits({});
    }
  });

  it('docs/limits.md lists every limit with its variable, default and code', () => {
    const doc = readFileSync(new URL('../../../../docs/limits.md', import.meta.url), 'utf8');
    for (const [name, spec] of Object.entries(LIMIT_SPECS)) {
      const row = doc.split('\n').find((l) => l.includes(`\`${spec.env}\``));
      expect(row, `docs/limits.md has no row for ${spec.env}`).toBeDefined();
      expect(row).toContain(`| ${formatLimit(name as LimitName, spec.default)} |`);
      expect(row).toContain(`\`${spec.code}\``);
    }
  });
});

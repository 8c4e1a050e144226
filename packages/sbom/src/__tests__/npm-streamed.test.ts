/**
 * The streamed npm read (readers/json-scan.ts) against JSON.parse: on the real lockfiles of ../shared it must give the
 * very graph the ordinary read gives, and on anything it does not read exactly as JSON.parse would (malformed text,
 * duplicate keys, nesting past the limit, odd shapes) it must give up, so that the ordinary read answers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requireSharedFile } from '@custody/testing';
import { scanJsonObject } from '../readers/json-scan.js';
import { readNpmLockfile, readParsed } from '../readers/npm.js';

/** What the scan hands out, or false. */
function scan(text: string, maxDepth = 256): { top: Record<string, unknown>; entries: Array<[string, unknown]> } | false {
  const top: Record<string, unknown> = {};
  const entries: Array<[string, unknown]> = [];
  const seen = new Set<string>();
  const ok = scanJsonObject(
    text,
    'packages',
    maxDepth,
    (k, v) => {
      top[k] = v;
    },
    (k, v) => {
      if (seen.has(k)) return false;
      seen.add(k);
      entries.push([k, v]);
      return true;
    },
  );
  return ok ? { top, entries } : false;
}

describe('streamed npm read', () => {
  for (const name of ['package-lock-v2.json', 'package-lock-v2-workspace.json', 'package-lock-v3.json']) {
    it(`${name}: the same graph as JSON.parse of the whole file, and the same entries`, () => {
      const file = requireSharedFile(`fixtures/lockfiles/${name}`);
      const text = readFileSync(file, 'utf8');
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const got = scan(text);
      expect(got).not.toBe(false);
      if (got === false) return;
      expect(Object.fromEntries(got.entries)).toEqual(parsed.packages);
      expect(got.entries.map(([k]) => k)).toEqual(Object.keys(parsed.packages as object));
      const { packages: _p, ...rest } = parsed;
      expect(got.top).toEqual(rest);
      const streamed = readNpmLockfile(text, name);
      expect(streamed.components.length).toBeGreaterThan(10);
      expect(streamed).toEqual(readParsed(text, name));
    });
  }

  const good = '{"lockfileVersion": 3, "packages": {"": {"name": "p"}, "node_modules/a": {"version": "1.0.0", "x": [1, {"y": "a\\"}b"}]}}}';
  it('reads well-formed text, escapes in keys and strings included', () => {
    expect(scan(good)).toEqual({
      top: { lockfileVersion: 3 },
      entries: [
        ['', { name: 'p' }],
        ['node_modules/a', { version: '1.0.0', x: [1, { y: 'a"}b' }] }],
      ],
    });
    const escaped = scan('{"packages":{"node_modules/\\u0061":{"version":"1"}},"lockfileVersion":2}');
    expect(escaped !== false && escaped.entries[0]![0]).toBe('node_modules/a');
  });

  it.each([
    ['a trailing comma', good.replace('}}}', '},}}')],
    ['a missing comma between entries', good.replace(', "node_modules/a"', ' "node_modules/a"')],
    ['a missing colon', good.replace('"packages":', '"packages"')],
    ['text after the end', `${good} x`],
    ['a second document', `${good}{}`],
    ['a malformed value inside an entry', good.replace('[1, {', '[1 {')],
    ['a malformed top-level value', good.replace('3,', '3x,')],
    ['an unterminated string', good.slice(0, 60)],
    ['a duplicate top-level key', good.replace('{"lockfileVersion": 3,', '{"lockfileVersion": 3, "lockfileVersion": 1,')],
    [
      'a duplicate path',
      good.replace('"node_modules/a": {"version": "1.0.0"', '"node_modules/a": {}, "node_modules/a": {"version": "1.0.0"'),
    ],
    ['packages that is not an object', '{"lockfileVersion": 3, "packages": []}'],
    ['no packages member', '{"lockfileVersion": 3}'],
    ['a top level that is not an object', '[{"packages": {}}]'],
    ['a single quote', good.replace('"p"', "'p'")],
  ])('gives up on %s (the ordinary read answers)', (_what, text) => {
    expect(scan(text)).toBe(false);
  });

  it('gives up past the depth limit, counting the levels above the entry', () => {
    const nested = (n: number) => `{"packages":{"node_modules/a":{"x":${'['.repeat(n)}${']'.repeat(n)}}}}`;
    // Levels: the top object 1, packages 2, the entry 3, then n arrays.
    expect(scan(nested(5), 8)).not.toBe(false);
    expect(scan(nested(6), 8)).toBe(false);
  });

  it('a duplicate path reads as JSON.parse reads it (the last one wins), through the ordinary read', () => {
    const text =
      '{"lockfileVersion":3,"packages":{"":{"dependencies":{"a":"*"}},"node_modules/a":{"version":"1.0.0"},"node_modules/a":{"version":"2.0.0"}}}';
    expect(readNpmLockfile(text, 'package-lock.json').components.map((c) => c.purl)).toEqual(['pkg:npm/a@2.0.0']);
  });
});

/**
 * The streamed npm read (readers/json-scan.ts) against JSON.parse: on the real lockfiles of ../shared it must give the
 * very graph the ordinary read gives, and on anything it does not read exactly as JSON.parse would (malformed text,
 * duplicate keys, nesting past the limit, odd shapes) it must give up, so that the ordinary read answers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requireSharedFile } from '@custody/testing';
import { scanJsonObject } from '../readers/json-scan.js';
import { readEntryFacts } from '../readers/npm-entry.js';
import { readNpmLockfile, readParsed, readStreamed, STREAMED_READ_FROM } from '../readers/npm.js';

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
      // Read streamed whatever its size (readNpmLockfile streams only big files), entries in place.
      const streamed = readStreamed(text, name);
      expect(streamed).toBeDefined();
      expect(streamed!.components.length).toBeGreaterThan(10);
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
    expect(readStreamed(text, 'package-lock.json')).toBeUndefined();
    expect(readNpmLockfile(text, 'package-lock.json').components.map((c) => c.purl)).toEqual(['pkg:npm/a@2.0.0']);
  });
});

describe('entries read in place (npm-entry.ts)', () => {
  /** readEntryFacts over a whole text. */
  const facts = (json: string, maxDepth = 256) => {
    const f = readEntryFacts(json, 0, 2, maxDepth);
    // An entry read in place ends where its text does.
    if (f) expect(f.end).toBe(json.length);
    return f;
  };

  it('reads what JSON.parse reads: the last of a repeated key, truthiness as JavaScript has it, escapes', () => {
    const f = facts(
      '{"version": "1.0.0", "name": "a\\u0062c", "version": "2.0.0", "dev": "yes", "optional": 0, "devOptional": [], "inBundle": null, "link": false,' +
        ' "engines": {"node": ">=8", "x": [1, 2.5e3, true, null, {"y": "\\n"}]}, "dependencies": {"b": "^1", "c\\u0064": "*"},' +
        ' "peerDependencies": {"e": "*"}, "optionalDependencies": {"f": "*"}, "license": "MIT", "resolved": "https://r/a.tgz", "integrity": "sha512-AA=="}',
    );
    expect(f).toMatchObject({
      name: 'abc',
      version: '2.0.0',
      dev: true,
      optional: false,
      devOptional: true,
      inBundle: false,
      link: false,
      license: 'MIT',
      resolved: 'https://r/a.tgz',
      integrity: 'sha512-AA==',
      requires: ['b', 'cd', 'f', 'e'],
    });
  });

  it('does not answer past the depth limit (the scan then finds it too deep: LIMIT_JSON_DEPTH)', () => {
    // The map is at depth 2, the entry 3, engines 4, then the arrays.
    expect(facts('{"engines": {"a": [[1]]}}', 6)).toBeDefined();
    expect(facts('{"engines": {"a": [[[1]]]}}', 6)).toBeUndefined();
    expect(facts(`{"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`)).toBeUndefined();
  });

  it('a lockfile nested past the limit inside an installed entry is LIMIT_JSON_DEPTH, not a stack overflow', () => {
    const deep = `{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.0","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`;
    expect(readStreamed(deep, 'package-lock.json')).toBeUndefined();
    expect(() => readNpmLockfile(deep, 'package-lock.json')).toThrow(expect.objectContaining({ code: 'LIMIT_JSON_DEPTH' }));
  });

  it('takes a value of the wrong type as absent, as the reader treats it', () => {
    expect(facts('{"version": 3, "name": {"x": 1}, "dependencies": []}')).toMatchObject({
      version: undefined,
      name: undefined,
      requires: undefined,
    });
  });

  it.each([
    ['a missing comma', '{"version": "1" "name": "a"}'],
    ['a trailing comma', '{"version": "1",}'],
    ['a bad literal', '{"dev": tru}'],
    ['a bad number', '{"x": 01}'],
    ['a raw newline in a string', '{"version": "1\n0"}'],
    ['a bad escape in a value nobody reads', '{"description": "a\\qb"}'],
    ['a malformed nested value', '{"engines": {"node" ">=8"}}'],
    ['a repeated dependency map (JSON.parse keeps the last)', '{"dependencies": {"a": "1"}, "dependencies": {"b": "1"}}'],
    ['a license object (JSON.parse reads it)', '{"license": {"type": "MIT"}}'],
    ['an escape in a key', '{"vers\\u0069on": "1"}'],
  ])('does not answer for %s (JSON.parse then reads it or says what is wrong)', (_what, json) => {
    expect(facts(json)).toBeUndefined();
  });

  it('the streamed read of a big lockfile gives the graph of the ordinary read (entries in place, a few by JSON.parse)', () => {
    const packages: Record<string, unknown> = {
      '': { name: 'p', dependencies: { a0: '*', w: '*' } },
      'node_modules/w': { resolved: 'pkgs/w', link: true },
      'pkgs/w': { name: 'w', version: '1.0.0', dependencies: { a1: '*' } },
    };
    for (let i = 0; i < 30000; i++) {
      packages[`node_modules/a${i}`] = {
        version: `1.0.${i % 7}`,
        resolved: `https://registry.npmjs.org/a${i}/-/a${i}-1.0.${i % 7}.tgz`,
        integrity: 'sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUR8cfpBpOxLFJcTlA==',
        license: i % 3 ? 'MIT' : { type: 'ISC' },
        ...(i % 5 === 0 ? { dev: true } : {}),
        dependencies: { [`a${(i + 1) % 30000}`]: '*', [`a${(i + 7) % 30000}`]: '^1' },
      };
    }
    const text = JSON.stringify({ name: 'p', lockfileVersion: 3, packages }, null, 2);
    expect(text.length).toBeGreaterThan(STREAMED_READ_FROM);
    const streamed = readStreamed(text, 'package-lock.json');
    expect(streamed).toBeDefined();
    expect(streamed).toEqual(readParsed(text, 'package-lock.json'));
    expect(readNpmLockfile(text, 'package-lock.json')).toEqual(streamed);
  });
});

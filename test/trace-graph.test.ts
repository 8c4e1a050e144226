/**
 * custody trace's pure parts: the --contains query (purl and version range), version comparison, dependency paths,
 * the reading of SLSA v0.2 and SPDX statements, and the escaping of the DOT and HTML renderers over hostile text.
 * The end-to-end trace against a real registry and the local Sigstore stack is test/trace.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CustodyError } from '@custody/core';
import { dotString, html } from '../src/commands/trace-format.js';
import {
  compareVersions,
  componentMatches,
  dependencyPath,
  parsePackageQuery,
  readProvenance,
  readSbom,
  versionInRange,
} from '../src/commands/trace-graph.js';

const signer = { kind: 'key' as const, identity: '--key k.pub' };

describe('--contains query', () => {
  it('parses type, namespace, name and range', () => {
    expect(parsePackageQuery('pkg:npm/lodash@<4.17.21')).toMatchObject({
      type: 'npm',
      name: 'lodash',
      range: [[{ op: '<', version: '4.17.21' }]],
    });
    expect(parsePackageQuery('pkg:npm/%40babel/core@>=7.0.0 <7.24.0')).toMatchObject({
      namespace: '@babel',
      name: 'core',
      range: [
        [
          { op: '>=', version: '7.0.0' },
          { op: '<', version: '7.24.0' },
        ],
      ],
    });
    expect(parsePackageQuery('pkg:deb/debian/openssl').range).toEqual([]);
    expect(parsePackageQuery('pkg:npm/x@^1.2.3').range).toEqual([
      [
        { op: '>=', version: '1.2.3' },
        { op: '<', version: '2.0.0' },
      ],
    ]);
    expect(parsePackageQuery('pkg:npm/x@~1.2.3').range[0]![1]).toEqual({ op: '<', version: '1.3.0' });
    expect(parsePackageQuery('pkg:npm/x@<1 || >=2').range).toHaveLength(2);
  });

  it('refuses what is not a purl or a range, with TRACE_CONTAINS_INVALID', () => {
    for (const bad of ['lodash', 'pkg:/x', 'pkg:npm/x@<<1', 'pkg:npm/x@^a.b']) {
      let err: unknown;
      try {
        parsePackageQuery(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(CustodyError);
      expect((err as CustodyError).code).toBe('TRACE_CONTAINS_INVALID');
    }
  });

  it('compares versions numerically, pre-releases first, epochs first', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBe(1);
    expect(compareVersions('4.17.20', '4.17.21')).toBe(-1);
    expect(compareVersions('1.0.0-rc1', '1.0.0')).toBe(-1);
    expect(compareVersions('2:1.0', '1:9.9')).toBe(1);
    expect(compareVersions('v2.0', '2.0')).toBe(0);
    expect(versionInRange('4.17.20', parsePackageQuery('pkg:npm/l@<4.17.21').range)).toBe(true);
    expect(versionInRange('4.17.21', parsePackageQuery('pkg:npm/l@<4.17.21').range)).toBe(false);
    expect(versionInRange(undefined, parsePackageQuery('pkg:npm/l@<4.17.21').range)).toBe(false);
  });

  it('matches components by type, namespace and name', () => {
    const q = parsePackageQuery('pkg:npm/lodash@<4.17.21');
    expect(componentMatches({ purl: 'pkg:npm/lodash@4.17.20' }, q)).toBe(true);
    expect(componentMatches({ purl: 'pkg:npm/lodash@4.17.21' }, q)).toBe(false);
    expect(componentMatches({ purl: 'pkg:npm/%40evil/lodash@1.0.0' }, q)).toBe(false);
    expect(componentMatches({ purl: 'pkg:pypi/lodash@1.0.0' }, q)).toBe(false);
    expect(componentMatches({ name: 'lodash', version: '1.0.0' }, q)).toBe(false);
    expect(componentMatches({ purl: 'pkg:deb/debian/libc6@2.36?arch=amd64' }, parsePackageQuery('pkg:deb/libc6@<2.37'))).toBe(true);
  });

  it('finds the shortest dependency path from the root, and none without edges', () => {
    const edges = new Map([
      ['app', ['a', 'b']],
      ['a', ['c']],
      ['b', ['c', 'd']],
      ['d', ['app']],
    ]);
    expect(dependencyPath(edges, 'app', 'c')).toEqual(['app', 'a', 'c']);
    expect(dependencyPath(edges, 'app', 'd')).toEqual(['app', 'b', 'd']);
    expect(dependencyPath(edges, 'app', 'zzz')).toBeUndefined();
    expect(dependencyPath(new Map(), 'app', 'c')).toBeUndefined();
  });
});

describe('reading statements', () => {
  it('SLSA v0.2: builder, configSource at its commit, invocation id, materials', () => {
    const p = readProvenance(
      {
        _type: 'https://in-toto.io/Statement/v0.1',
        subject: [],
        predicateType: 'https://slsa.dev/provenance/v0.2',
        predicate: {
          builder: { id: 'https://builder.example' },
          buildType: 'https://bt.example',
          invocation: {
            configSource: { uri: 'git+https://github.com/o/r@refs/tags/v1', digest: { sha1: 'abc' }, entryPoint: 'build.yml' },
          },
          metadata: { buildInvocationId: 'run-7' },
          materials: [{ uri: 'pkg:npm/x@1', digest: { sha256: 'ff' } }, 'junk'],
        },
      },
      'a.json',
      signer,
    );
    expect(p).toMatchObject({
      builder: 'https://builder.example',
      source: { repository: 'https://github.com/o/r', ref: 'refs/tags/v1', commit: 'abc' },
      workflow: { path: 'build.yml' },
      run: { invocationId: 'run-7' },
      materials: [{ uri: 'pkg:npm/x@1', digest: { sha256: 'ff' } }],
    });
  });

  it('SPDX: packages counted per purl type', () => {
    const s = readSbom(
      {
        _type: 'https://in-toto.io/Statement/v1',
        subject: [],
        predicateType: 'https://spdx.dev/Document/v2.3',
        predicate: {
          spdxVersion: 'SPDX-2.3',
          packages: [
            { name: 'a', externalRefs: [{ referenceType: 'purl', referenceLocator: 'pkg:npm/a@1' }] },
            { name: 'b', externalRefs: [{ referenceType: 'purl', referenceLocator: 'pkg:golang/b@1' }] },
            { name: 'c' },
          ],
        },
      },
      's.json',
      signer,
    );
    expect(s).toMatchObject({ format: 'spdx', components: 3, ecosystems: { npm: 1, golang: 1, '(none)': 1 } });
  });
});

describe('escaping', () => {
  it('HTML escapes markup and both quotes, and makes control characters visible', () => {
    expect(html(`<script>"x"'y'&\u001b[2J`)).toBe('&lt;script&gt;&quot;x&quot;&#39;y&#39;&amp;\\x1b[2J');
  });
  it('DOT strings keep quotes, backslashes and newlines as text', () => {
    expect(dotString('a"b\\N\nc')).toBe('"a\\"b\\\\N\\\\nc"');
  });
});

import { describe, expect, it } from 'vitest';
import { makeStatement, PREDICATE_CYCLONEDX, PREDICATE_SLSA_PROVENANCE_V1, PREDICATE_SPDX_23 } from '@custody/core';
import { parseDuration, parsePolicy } from '../policy.js';
import { policyChecks, type CompiledPolicy } from '../policy-eval.js';
import type { ParsedStatement } from '../statement.js';

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as { code: string; exitCode: number; location?: string; message: string };
  }
  throw new Error('did not throw');
};

const prov = makeStatement([{ name: 'a', digest: { sha256: 'a'.repeat(64) } }], PREDICATE_SLSA_PROVENANCE_V1, {
  buildDefinition: { externalParameters: { workflow: { ref: 'refs/heads/main', repository: 'https://github.com/o/r' } } },
  runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' } },
}) as unknown as ParsedStatement;

const ctx = (statement: ParsedStatement, signedAt = [new Date('2026-01-01T00:00:00Z')], now = new Date('2026-01-10T00:00:00Z')) => ({
  statement,
  signer: {
    identity: 'https://github.com/o/r/.github/workflows/release.yml@refs/heads/main',
    extensions: { runnerEnvironment: 'github-hosted' },
  },
  signedAt,
  now,
});

describe('policy files', () => {
  it('parses YAML and JSON into the same policy', () => {
    const yaml = parsePolicy('version: 1\nrequiredPredicateTypes: [https://slsa.dev/provenance/v1]\nmaxAge: 30d\n', 'p.yaml');
    const json = parsePolicy('{"version": 1, "requiredPredicateTypes": ["https://slsa.dev/provenance/v1"], "maxAge": "30d"}', 'p.json');
    expect(yaml.requiredPredicateTypes).toEqual(json.requiredPredicateTypes);
    expect(yaml.maxAgeSeconds).toBe(30 * 86400);
  });

  it('names file:line for bad YAML, unknown keys, bad identities and CEL that does not compile (exit 2)', () => {
    const bad = thrown(() => parsePolicy('version: 1\nmaxAge: [30d\n', 'p.yaml'));
    expect(bad).toMatchObject({ code: 'VERIFY_POLICY_INVALID', exitCode: 2 });
    expect(bad.location).toMatch(/^p\.yaml:\d+:\d+$/);
    const unknown = thrown(() => parsePolicy('version: 1\npredicates:\n  https://slsa.dev/provenance/v1:\n    expresions: []\n', 'p.yaml'));
    expect(unknown.location).toBe('p.yaml:4:5');
    expect(unknown.message).toContain('unknown key "expresions"');
    const cel = thrown(() =>
      parsePolicy(
        'predicates:\n  https://slsa.dev/provenance/v1:\n    expressions:\n      - name: main\n        expr: predicate.buildDefinition ==\n',
        'p.yaml',
      ),
    );
    expect(cel.location).toBe('p.yaml:5:15');
    expect(cel.message).toContain('does not compile');
    const type = thrown(() => parsePolicy('expressions: ["predicateType + 1"]\n', 'p.yaml'));
    expect(type.message).toContain('does not compile');
    const noIssuer = thrown(() => parsePolicy('identities:\n  - identity: x@example.com\n', 'p.yaml'));
    expect(noIssuer.message).toContain('without an issuer');
    const badDuration = thrown(() => parsePolicy('maxAge: soon\n', 'p.yaml'));
    expect(badDuration.location).toBe('p.yaml:1:9');
  });

  it('durations', () => {
    expect(parseDuration('12h')).toBe(43200);
    expect(parseDuration('P1DT1H')).toBe(90000);
    expect(parseDuration('P')).toBeUndefined();
    expect(parseDuration('1y')).toBeUndefined();
  });

  it('CEL expressions over the statement and signer: each its own check, true passes, false and errors fail', () => {
    const p = parsePolicy(
      [
        'predicates:',
        '  https://slsa.dev/provenance/v1:',
        '    expressions:',
        '      - name: main branch',
        '        expr: predicate.buildDefinition.externalParameters.workflow.ref == "refs/heads/main"',
        '      - name: hosted',
        '        expr: signer.extensions.runnerEnvironment == "github-hosted" && subject.size() == 1',
        '      - name: tagged',
        '        expr: predicate.buildDefinition.externalParameters.workflow.ref.startsWith("refs/tags/")',
        '      - name: missing field',
        '        expr: predicate.nothing.here == 1',
      ].join('\n'),
      'p.yaml',
    );
    const checks = policyChecks(p, ctx(prov));
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['policy.cel:main branch', 'pass'],
      ['policy.cel:hosted', 'pass'],
      ['policy.cel:tagged', 'fail'],
      ['policy.cel:missing field', 'fail'],
    ]);
    expect(checks[3]!.reason).toContain('cannot be evaluated');
  });

  it('maximum age uses the verified signing time, and fails closed without one', () => {
    const p: CompiledPolicy = parsePolicy('maxAge: 7d\n', 'p.yaml');
    expect(policyChecks(p, ctx(prov))[0]).toMatchObject({ id: 'policy.max-age', status: 'fail' });
    expect(policyChecks(p, ctx(prov, [new Date('2026-01-08T00:00:00Z')]))[0]).toMatchObject({ status: 'pass' });
    expect(policyChecks(p, ctx(prov, []))[0]).toMatchObject({ status: 'fail' });
  });

  it('SBOM rules over CycloneDX (nested components, expressions) and SPDX', () => {
    const p = parsePolicy(
      'sbom:\n  deniedLicenses: ["GPL-3.0-*", AGPL-3.0-only]\n  deniedPurls: ["pkg:npm/event-stream@3.3.6", "pkg:npm/colors@1.4.*"]\n',
      'p.yaml',
    );
    const cdx = makeStatement([{ name: 'a', digest: { sha256: 'a'.repeat(64) } }], PREDICATE_CYCLONEDX, {
      bomFormat: 'CycloneDX',
      components: [
        { name: 'ok', purl: 'pkg:npm/ok@1.0.0', licenses: [{ license: { id: 'MIT' } }] },
        {
          name: 'gpl',
          purl: 'pkg:npm/gpl@1.0.0',
          licenses: [{ expression: 'MIT AND GPL-3.0-or-later' }],
          components: [{ name: 'colors', purl: 'pkg:npm/colors@1.4.44', licenses: [{ license: { id: 'MIT' } }] }],
        },
      ],
    }) as unknown as ParsedStatement;
    const c = policyChecks(p, ctx(cdx));
    expect(c.map((x) => [x.id, x.status])).toEqual([
      ['policy.sbom.licenses', 'fail'],
      ['policy.sbom.purls', 'fail'],
    ]);
    expect(c[0]!.reason).toContain('gpl: GPL-3.0-or-later (denied)');
    expect(c[1]!.reason).toContain('pkg:npm/colors@1.4.44');
    const spdx = makeStatement([{ name: 'a', digest: { sha256: 'a'.repeat(64) } }], PREDICATE_SPDX_23, {
      spdxVersion: 'SPDX-2.3',
      packages: [
        { name: 'x', licenseConcluded: 'Apache-2.0', externalRefs: [{ referenceType: 'purl', referenceLocator: 'pkg:npm/x@1.0.0' }] },
      ],
    }) as unknown as ParsedStatement;
    expect(policyChecks(p, ctx(spdx)).map((x) => x.status)).toEqual(['pass', 'pass']);
    // Not an SBOM: SBOM rules do not apply.
    expect(policyChecks(p, ctx(prov))).toEqual([]);
  });
  it('an identity naming only a signer workflow or signer repo is refused (it would accept any source repository)', () => {
    for (const key of ['signerRepo: slsa-framework/slsa-github-generator', 'signerWorkflow: o/r/.github/workflows/release.yml']) {
      const e = thrown(() => parsePolicy(`identities:\n  - ${key}\n`, 'p.yaml'));
      expect(e).toMatchObject({ code: 'VERIFY_POLICY_INVALID', exitCode: 2, location: 'p.yaml:2:5' });
      expect(e.message).toMatch(/not the source/);
    }
    // With the source repository (or owner) next to it, it is accepted.
    expect(
      parsePolicy('identities:\n  - signerRepo: slsa-framework/slsa-github-generator\n    repo: o/r\n', 'p.yaml').identities,
    ).toHaveLength(1);
    expect(
      parsePolicy('identities:\n  - signerRepo: slsa-framework/slsa-github-generator\n    owner: o\n', 'p.yaml').identities,
    ).toHaveLength(1);
  });

  it('"*" and other wildcard predicate keys are refused with file:line (they would be ignored)', () => {
    for (const key of ['"*"', '"https://slsa.dev/*"']) {
      const e = thrown(() => parsePolicy(`predicates:\n  ${key}:\n    maxAge: 1s\n`, 'p.yaml'));
      expect(e).toMatchObject({ code: 'VERIFY_POLICY_INVALID', exitCode: 2, location: 'p.yaml:2:3' });
      expect(e.message).toContain('wildcards are not supported');
    }
  });

  it('SBOM rules on a predicate in no SBOM shape fail (unreadable is not empty)', () => {
    const p = parsePolicy('sbom:\n  deniedLicenses: ["GPL-*"]\n  deniedPurls: ["pkg:npm/evil@*"]\n', 'p.yaml');
    const odd = (predicate: unknown, type = PREDICATE_CYCLONEDX) =>
      makeStatement(
        [{ name: 'a', digest: { sha256: 'a'.repeat(64) } }],
        type,
        predicate as Record<string, unknown>,
      ) as unknown as ParsedStatement;
    for (const st of [
      odd({ bom: { bomFormat: 'CycloneDX', components: [] } }),
      odd({ bomFormat: 'CycloneDX', components: { x: 1 } }),
      odd({ spdxVersion: 'SPDX-3.0' }, PREDICATE_SPDX_23),
      odd({ packages: [] }, PREDICATE_SPDX_23),
    ]) {
      const c = policyChecks(p, ctx(st));
      expect(c.map((x) => [x.id, x.status])).toEqual([
        ['policy.sbom.licenses', 'fail'],
        ['policy.sbom.purls', 'fail'],
      ]);
      expect(c[0]!.reason).toMatch(/cannot be read/);
    }
  });

  it('without a statement (message signatures): maxAge still applies, CEL and SBOM rules fail', () => {
    const p = parsePolicy('maxAge: 30d\nexpressions: ["true"]\nsbom:\n  deniedLicenses: ["GPL-*"]\n', 'p.yaml');
    const { statement: _omit, ...noStatement } = ctx(prov);
    void _omit;
    expect(policyChecks(p, noStatement).map((x) => [x.id, x.status])).toEqual([
      ['policy.max-age', 'pass'],
      ['policy.cel:expressions[0]', 'fail'],
      ['policy.sbom', 'fail'],
    ]);
    expect(policyChecks(p, { ...noStatement, signedAt: [] })[0]).toMatchObject({ id: 'policy.max-age', status: 'fail' });
  });
});

// SBOM rules through the policy file (parsePolicy -> policyChecks): purl rules over CycloneDX and SPDX (PURL
// external references), component purls that cannot be parsed, license rules as SPDX expressions, and what a
// component without license data means (unknownLicenses, default deny) with the counts in the check.
import { describe, expect, it } from 'vitest';
import { makeStatement, PREDICATE_CYCLONEDX, PREDICATE_SPDX_23 } from '@custody/core';
import { parsePolicy } from '../policy.js';
import { policyChecks } from '../policy-eval.js';
import type { ParsedStatement } from '../statement.js';
import type { Check } from '../report.js';

const subject = [{ name: 'app.tgz', digest: { sha256: 'a'.repeat(64) } }];
type Comp = { name: string; purl?: string; licenses?: unknown[]; components?: Comp[] };
const cdx = (components: Comp[], metadata?: Comp) =>
  makeStatement(subject, PREDICATE_CYCLONEDX, {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    ...(metadata ? { metadata: { component: metadata } } : {}),
    components,
  }) as unknown as ParsedStatement;
const spdx = (packages: unknown[], extra: Record<string, unknown> = {}) =>
  makeStatement(subject, PREDICATE_SPDX_23, {
    spdxVersion: 'SPDX-2.3',
    SPDXID: 'SPDXRef-DOCUMENT',
    packages,
    ...extra,
  }) as unknown as ParsedStatement;
const lic = (id: string) => [{ license: { id } }];
const expr = (expression: string) => [{ expression }];

const run = (policy: string, statement: ParsedStatement): Check[] =>
  policyChecks(parsePolicy(policy, 'p.yaml'), { statement, signer: {}, signedAt: [], now: new Date('2026-01-01T00:00:00Z') });
const one = (policy: string, statement: ParsedStatement, id: string) => {
  const c = run(policy, statement).find((x) => x.id === id);
  if (!c) throw new Error(`no ${id} check`);
  return c;
};
const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as { code: string; exitCode: number; location?: string; message: string; hint?: string };
  }
  throw new Error('did not throw');
};

describe('purl rules over SBOMs', () => {
  it('deniedPurls in the other spelling fails the check (CycloneDX, nested components)', () => {
    const sbom = cdx([
      { name: 'ok', purl: 'pkg:npm/ok@1.0.0', licenses: lic('MIT') },
      {
        name: 'parent',
        purl: 'pkg:npm/parent@1.0.0',
        licenses: lic('MIT'),
        components: [{ name: 'traverse', purl: 'pkg:npm/%40babel/traverse@7.21.4', licenses: lic('MIT') }],
      },
      { name: 'wasi', purl: 'pkg:cargo/wasi@0.9.0%2Bwasi-snapshot-preview1', licenses: lic('MIT') },
    ]);
    for (const rule of ['pkg:npm/@babel/traverse@7.21.4', 'pkg:npm/@babel/traverse', 'pkg:cargo/wasi@0.9.0+wasi-snapshot-preview1']) {
      const c = one(`sbom:\n  deniedPurls: ["${rule}"]\n`, sbom, 'policy.sbom.purls');
      expect(c.status, rule).toBe('fail');
      expect(c.reason).toContain(`(${rule})`);
      expect(c.sbom).toMatchObject({ components: 4, malformedPurls: 0 });
    }
    expect(one('sbom:\n  deniedPurls: ["pkg:npm/@babel/traverse@7.21.5"]\n', sbom, 'policy.sbom.purls').status).toBe('pass');
  });

  it('reads SPDX purl external references: PACKAGE-MANAGER and PACKAGE_MANAGER, referenceType in any case, every one of them', () => {
    const doc = spdx([
      {
        SPDXID: 'SPDXRef-a',
        name: 'a',
        licenseConcluded: 'MIT',
        externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/%40acme/a@1.0.0' }],
      },
      {
        SPDXID: 'SPDXRef-b',
        name: 'b',
        licenseConcluded: 'MIT',
        externalRefs: [{ referenceCategory: 'PACKAGE_MANAGER', referenceType: 'PURL', referenceLocator: 'pkg:pypi/jupyter-client@8.0.3' }],
      },
      {
        SPDXID: 'SPDXRef-c',
        name: 'c',
        licenseConcluded: 'MIT',
        externalRefs: [
          { referenceCategory: 'SECURITY', referenceType: 'cpe23Type', referenceLocator: 'cpe:2.3:a:c:c:1:*:*:*:*:*:*:*' },
          { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:github/c-org/c@v1' },
          { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/c@1.0.0' },
        ],
      },
    ]);
    expect(one('sbom:\n  deniedPurls: ["pkg:npm/@acme/a"]\n', doc, 'policy.sbom.purls').status).toBe('fail');
    expect(one('sbom:\n  deniedPurls: ["pkg:pypi/Jupyter_Client@8.0.3"]\n', doc, 'policy.sbom.purls').status).toBe('fail');
    expect(one('sbom:\n  deniedPurls: ["pkg:npm/c"]\n', doc, 'policy.sbom.purls').status).toBe('fail'); // the second purl of c
    const passing = one('sbom:\n  deniedPurls: ["pkg:npm/d"]\n', doc, 'policy.sbom.purls');
    expect(passing).toMatchObject({ status: 'pass', sbom: { components: 3, withoutPurl: 0 } });
  });

  it('a component purl that cannot be parsed fails the purl rules and is counted (it could be the denied one)', () => {
    const sbom = cdx([
      { name: 'left-pad', purl: 'npm/left-pad@1.3.0', licenses: lic('MIT') },
      { name: 'ok', purl: 'pkg:npm/ok@1.0.0', licenses: lic('MIT') },
    ]);
    const c = one('sbom:\n  deniedPurls: ["pkg:npm/event-stream"]\n', sbom, 'policy.sbom.purls');
    expect(c.status).toBe('fail');
    expect(c.reason).toMatch(/1 component purl\(s\) cannot be parsed.*left-pad: "npm\/left-pad@1.3.0" \(it does not start with "pkg:"\)/);
    expect(c.sbom).toEqual({ components: 2, withoutPurl: 0, malformedPurls: 1 });
    // Whitespace around a purl is not part of it.
    const padded = cdx([{ name: 'es', purl: ' pkg:npm/event-stream@3.3.6\n', licenses: lic('MIT') }]);
    expect(one('sbom:\n  deniedPurls: ["pkg:npm/event-stream"]\n', padded, 'policy.sbom.purls')).toMatchObject({
      status: 'fail',
      sbom: { malformedPurls: 0 },
    });
  });

  it('allowedPurls: every component but the SBOM subject must match one entry; no purl is not allowed', () => {
    const root: Comp = { name: 'my-app' }; // the subject: no purl, no license
    const sbom = cdx(
      [
        { name: 'a', purl: 'pkg:npm/%40acme/a@1.0.0', licenses: lic('MIT') },
        { name: 'b', purl: 'pkg:npm/b@2.0.0?repository_url=https://npm.acme.example', licenses: lic('MIT') },
      ],
      root,
    );
    expect(one('sbom:\n  allowedPurls: ["pkg:npm/@acme/*", "pkg:npm/b@2.0.0"]\n', sbom, 'policy.sbom.purls')).toMatchObject({
      status: 'pass',
      sbom: { components: 3, withoutPurl: 1 },
    });
    const c = one('sbom:\n  allowedPurls: ["pkg:npm/@acme/*"]\n', sbom, 'policy.sbom.purls');
    expect(c.status).toBe('fail');
    expect(c.reason).toContain('1 package(s) not in allowedPurls: pkg:npm/b@2.0.0?repository_url=https://npm.acme.example');
    const noPurl = cdx([{ name: 'mystery', licenses: lic('MIT') }], root);
    expect(one('sbom:\n  allowedPurls: ["pkg:npm/@acme/*"]\n', noPurl, 'policy.sbom.purls').reason).toMatch(
      /1 component\(s\) without a purl cannot be matched against allowedPurls: mystery/,
    );
    // A deny rule cannot name a component without a purl: it passes, and the check says how many there were.
    expect(one('sbom:\n  deniedPurls: ["pkg:npm/x"]\n', noPurl, 'policy.sbom.purls')).toMatchObject({
      status: 'pass',
      sbom: { withoutPurl: 2 },
    });
  });
});

describe('license rules', () => {
  const with1 = (licenses: unknown[]) => cdx([{ name: 'x', purl: 'pkg:npm/x@1.0.0', licenses }]);
  const verdict = (rules: string, licenses: unknown[]) => one(`sbom:\n${rules}`, with1(licenses), 'policy.sbom.licenses');

  it('OR is a choice, AND needs both, parentheses group', () => {
    const deny = '  deniedLicenses: ["GPL-*"]\n';
    expect(verdict(deny, expr('MIT OR GPL-3.0-only')).status).toBe('pass');
    expect(verdict(deny, expr('MIT AND GPL-3.0-only'))).toMatchObject({
      status: 'fail',
      reason: expect.stringContaining('x: GPL-3.0-only (denied)'),
    });
    expect(verdict(deny, expr('GPL-2.0-only OR GPL-3.0-only')).status).toBe('fail');
    const allow = '  allowedLicenses: [MIT, BSD-3-Clause]\n';
    expect(verdict(allow, expr('(MIT OR Apache-2.0) AND BSD-3-Clause')).status).toBe('pass');
    expect(verdict(allow, expr('(MIT OR Apache-2.0) AND ISC'))).toMatchObject({
      status: 'fail',
      reason: expect.stringContaining('ISC (not in allowedLicenses)'),
    });
    // Operators in lower case, as some tools write them.
    expect(verdict(deny, expr('mit or gpl-3.0-only')).status).toBe('pass');
    // Several CycloneDX license entries all apply.
    expect(verdict(deny, [...lic('MIT'), ...lic('GPL-3.0-only')]).status).toBe('fail');
  });

  it('license ids compare case-insensitively, deprecated GNU ids as their current ones, X+ as X', () => {
    expect(verdict('  allowedLicenses: [MIT]\n', lic('mit')).status).toBe('pass');
    expect(verdict('  deniedLicenses: [apache-2.0]\n', lic('Apache-2.0')).status).toBe('fail');
    expect(verdict('  deniedLicenses: [GPL-3.0-only]\n', lic('GPL-3.0')).status).toBe('fail');
    expect(verdict('  deniedLicenses: [GPL-2.0-or-later]\n', expr('GPL-2.0+')).status).toBe('fail');
    expect(verdict('  deniedLicenses: [LGPL-2.1-only]\n', expr('LGPL-2.1+')).status).toBe('pass'); // "or later" is another license
    expect(verdict('  deniedLicenses: [MPL-1.1]\n', expr('MPL-1.1+')).status).toBe('fail');
  });

  it('WITH: a deny entry covers the license with any exception; an allow entry allows it with any exception; an entry naming the exception matches only that', () => {
    const classpath = expr('GPL-2.0-only WITH Classpath-exception-2.0');
    expect(verdict('  deniedLicenses: [GPL-2.0-only]\n', classpath).status).toBe('fail');
    expect(verdict('  allowedLicenses: [GPL-2.0-only]\n', classpath).status).toBe('pass');
    expect(verdict('  allowedLicenses: ["GPL-2.0-only WITH Classpath-exception-2.0"]\n', classpath).status).toBe('pass');
    expect(verdict('  allowedLicenses: ["GPL-2.0-only WITH Classpath-exception-2.0"]\n', lic('GPL-2.0-only')).status).toBe('fail');
    expect(verdict('  deniedLicenses: ["GPL-2.0-only WITH Classpath-exception-2.0"]\n', lic('GPL-2.0-only')).status).toBe('pass');
  });

  it('LicenseRef- and license names are licenses like any other', () => {
    expect(verdict('  deniedLicenses: [LicenseRef-acme-*]\n', expr('MIT AND LicenseRef-acme-proprietary')).status).toBe('fail');
    expect(verdict('  allowedLicenses: [MIT]\n', expr('DocumentRef-ext:LicenseRef-custom')).status).toBe('fail');
    expect(verdict('  allowedLicenses: ["The MIT License"]\n', [{ license: { name: 'The MIT License' } }]).status).toBe('pass');
    // Text that is not an expression: every id-like word in it is a license (none is ignored).
    expect(verdict('  deniedLicenses: [GPL-3.0-only]\n', expr('MIT OR GPL-3.0-only OR')).status).toBe('fail');
  });

  it('SPDX: licenseConcluded and licenseDeclared both apply; NOASSERTION and NONE are no license data', () => {
    const doc = spdx([
      { SPDXID: 'SPDXRef-a', name: 'a', licenseConcluded: 'MIT', licenseDeclared: 'GPL-3.0-only' },
      { SPDXID: 'SPDXRef-b', name: 'b', licenseConcluded: 'NOASSERTION', licenseDeclared: 'NONE' },
    ]);
    const c = one('sbom:\n  deniedLicenses: [GPL-3.0-only]\n  unknownLicenses: allow\n', doc, 'policy.sbom.licenses');
    expect(c).toMatchObject({ status: 'fail', sbom: { components: 2, withoutLicense: 1 } });
    expect(c.reason).toContain('a: GPL-3.0-only (denied)');
  });
});

describe('components without license data (unknownLicenses)', () => {
  // Like an SBOM from an npm v3 lockfile: purls, no licenses.
  const bare = cdx(
    [
      { name: 'a', purl: 'pkg:npm/a@1.0.0' },
      { name: 'b', purl: 'pkg:npm/b@1.0.0', licenses: [{ expression: 'NOASSERTION' }] },
      { name: 'c', purl: 'pkg:npm/c@1.0.0', licenses: lic('MIT') },
    ],
    { name: 'my-app', purl: 'pkg:npm/my-app@1.0.0' },
  );

  it('default deny: a license rule fails on components without license data, and says how to accept them', () => {
    const c = one('sbom:\n  deniedLicenses: ["GPL-*"]\n', bare, 'policy.sbom.licenses');
    expect(c.status).toBe('fail');
    expect(c.reason).toContain('2 of 4 component(s) have no license data (a, b); unknownLicenses is deny (the default)');
    expect(c.reason).toContain('unknownLicenses: allow');
    expect(c.sbom).toEqual({ components: 4, withoutLicense: 2 });
  });

  it('explicit deny is the same; allow passes and still counts them', () => {
    expect(one('sbom:\n  deniedLicenses: ["GPL-*"]\n  unknownLicenses: deny\n', bare, 'policy.sbom.licenses').status).toBe('fail');
    const c = one('sbom:\n  deniedLicenses: ["GPL-*"]\n  unknownLicenses: allow\n', bare, 'policy.sbom.licenses');
    expect(c.status).toBe('pass');
    expect(c.reason).toContain('2 of 4 component(s) have no license data, accepted by unknownLicenses: allow');
    expect(c.sbom).toEqual({ components: 4, withoutLicense: 2 });
  });

  it('an allow list with unknownLicenses: allow still fails a known license outside it', () => {
    const c = one('sbom:\n  allowedLicenses: [Apache-2.0]\n  unknownLicenses: allow\n', bare, 'policy.sbom.licenses');
    expect(c).toMatchObject({ status: 'fail', reason: expect.stringContaining('c: MIT (not in allowedLicenses)') });
  });

  it('unknownLicenses alone is a rule: every component must carry license data', () => {
    expect(one('sbom:\n  unknownLicenses: deny\n', bare, 'policy.sbom.licenses').status).toBe('fail');
    expect(one('sbom:\n  unknownLicenses: allow\n', bare, 'policy.sbom.licenses')).toMatchObject({
      status: 'pass',
      sbom: { withoutLicense: 2 },
    });
    const full = cdx([{ name: 'c', purl: 'pkg:npm/c@1.0.0', licenses: lic('MIT') }]);
    expect(one('sbom:\n  unknownLicenses: deny\n', full, 'policy.sbom.licenses')).toMatchObject({
      status: 'pass',
      sbom: { withoutLicense: 0 },
    });
  });

  it('the SBOM subject without license data is not counted (CycloneDX metadata.component, SPDX described package)', () => {
    const doc = spdx(
      [
        { SPDXID: 'SPDXRef-root', name: 'my-app', licenseConcluded: 'NOASSERTION', licenseDeclared: 'NOASSERTION' },
        { SPDXID: 'SPDXRef-dep', name: 'dep', licenseConcluded: 'NOASSERTION', licenseDeclared: 'MIT' },
      ],
      { relationships: [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-root' }] },
    );
    expect(one('sbom:\n  deniedLicenses: ["GPL-*"]\n', doc, 'policy.sbom.licenses')).toMatchObject({
      status: 'pass',
      sbom: { components: 2, withoutLicense: 0 },
    });
    // ... but a license it does carry is checked like any other.
    const gplRoot = cdx([{ name: 'c', purl: 'pkg:npm/c@1.0.0', licenses: lic('MIT') }], { name: 'my-app', licenses: lic('GPL-3.0-only') });
    expect(one('sbom:\n  deniedLicenses: ["GPL-*"]\n', gplRoot, 'policy.sbom.licenses').status).toBe('fail');
  });
});

describe('SBOM rules in the policy file', () => {
  it('a purl that is not one stops the run: exit 2, FILE:LINE:COLUMN of the entry, and how to write one', () => {
    for (const [text, line, col, why] of [
      ['sbom:\n  deniedPurls:\n    - pkg:npm/ok\n    - npm/left-pad@1.3.0\n', 4, 7, /does not start with "pkg:"/],
      ['sbom:\n  allowedPurls: ["pkg:npm/a@"]\n', 2, 18, /version after "@" is empty/],
      ['predicates:\n  https://cyclonedx.org/bom:\n    sbom:\n      deniedPurls: ["pkg:npm/a b"]\n', 4, 21, /whitespace/],
    ] as const) {
      const e = thrown(() => parsePolicy(text, 'p.yaml'));
      expect(e).toMatchObject({ code: 'VERIFY_POLICY_INVALID', exitCode: 2, location: `p.yaml:${line}:${col}` });
      expect(e.message).toMatch(/is not a package URL/);
      expect(e.message).toMatch(why);
      expect(e.hint).toMatch(/pkg:TYPE\/NAMESPACE\/NAME@VERSION/);
    }
  });

  it('license entries are one license each; unknownLicenses is allow or deny; allow lists are not empty', () => {
    const bad = thrown(() => parsePolicy('sbom:\n  deniedLicenses: [MIT, "GPL-2.0-only OR GPL-3.0-only"]\n', 'p.yaml'));
    expect(bad).toMatchObject({ code: 'VERIFY_POLICY_INVALID', exitCode: 2, location: 'p.yaml:2:25' });
    expect(bad.message).toMatch(/is not one license: it is an expression/);
    expect(thrown(() => parsePolicy('sbom:\n  allowedLicenses: ["GPL-2.0-only WITH"]\n', 'p.yaml')).message).toMatch(
      /WITH must stand between/,
    );
    const unknown = thrown(() => parsePolicy('sbom:\n  unknownLicenses: maybe\n', 'p.yaml'));
    expect(unknown).toMatchObject({ code: 'VERIFY_POLICY_INVALID', location: 'p.yaml:2:20' });
    expect(unknown.message).toContain('allow or deny');
    expect(thrown(() => parsePolicy('sbom:\n  allowedPurls: []\n', 'p.yaml')).message).toContain('is empty');
    expect(thrown(() => parsePolicy('sbom:\n  allowedLicences: [MIT]\n', 'p.yaml')).message).toContain('unknown key "allowedLicences"');
  });
});

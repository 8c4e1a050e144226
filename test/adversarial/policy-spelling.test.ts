/**
 * Adversarial: SBOM spellings that a deny rule must not be escaped by (docs/policy.md, "Package URLs" and
 * "Licenses"). Each case was a bypass: the signed SBOM named the denied package or license, the gate passed.
 */
import { describe, expect, it } from 'vitest';
import { makeStatement, PREDICATE_CYCLONEDX } from '@custody/core';
import { parsePolicy } from '../../packages/verify/src/policy.js';
import { policyChecks } from '../../packages/verify/src/policy-eval.js';
import { purlMatches } from '../../packages/verify/src/purl.js';
import type { ParsedStatement } from '../../packages/verify/src/statement.js';

const subject = [{ name: 'app.tgz', digest: { sha256: 'a'.repeat(64) } }];
const sbom = (components: unknown[]) =>
  makeStatement(subject, PREDICATE_CYCLONEDX, { bomFormat: 'CycloneDX', specVersion: '1.6', components }) as unknown as ParsedStatement;
const check = (policy: string, statement: ParsedStatement, id: string) =>
  policyChecks(parsePolicy(policy, 'p.yaml'), { statement, signer: {}, signedAt: [], now: new Date('2026-01-01T00:00:00Z') }).find(
    (c) => c.id === id,
  )!;

describe('deniedPurls: an encoded slash does not move the name out of its namespace', () => {
  it.each(['pkg:npm/%40scope%2Fx@1.0.0', 'pkg:npm/%40scope%2fx@1.0.0', 'pkg:npm/@scope%2Fx@1.0.0'])(
    '%s is pkg:npm/@scope/x',
    (component) => {
      expect(purlMatches('pkg:npm/@scope/x@1.0.0', component)).toBe(true);
      expect(purlMatches('pkg:npm/@scope/*', component)).toBe(true);
      const c = check(
        'sbom:\n  deniedPurls: ["pkg:npm/@scope/x"]\n',
        sbom([{ name: 'x', purl: component, licenses: [{ license: { id: 'MIT' } }] }]),
        'policy.sbom.purls',
      );
      expect(c.status).toBe('fail');
    },
  );

  it('a rule written with %2F means the same package', () => {
    expect(purlMatches('pkg:npm/%40scope%2Fx', 'pkg:npm/@scope/x@1.0.0')).toBe(true);
    expect(purlMatches('pkg:npm/@scope/x', 'pkg:npm/@scope/y@1.0.0')).toBe(false);
    expect(purlMatches('pkg:npm/x', 'pkg:npm/%40scope%2Fx@1.0.0')).toBe(false);
  });
});

describe('deniedLicenses: punctuation and look-alike characters around an id do not hide it', () => {
  it.each([
    'GPL-3.0-only;',
    'GPL-3.0-only, MIT',
    'MIT/GPL-3.0-only',
    '"GPL-3.0-only"',
    'GPL\u20103.0-only',
    'GPL\u22123.0-only',
    '\uFF27\uFF30\uFF2C-3.0-only',
  ])('%j is denied by GPL-3.0-only', (text) => {
    const c = check(
      'sbom:\n  deniedLicenses: [GPL-3.0-only]\n',
      sbom([{ name: 'x', licenses: [{ expression: text }] }]),
      'policy.sbom.licenses',
    );
    expect(c.status).toBe('fail');
  });

  it('a denied license in the place of a WITH exception is denied', () => {
    const c = check(
      'sbom:\n  deniedLicenses: [GPL-3.0-only]\n',
      sbom([{ name: 'x', licenses: [{ expression: 'MIT WITH GPL-3.0-only' }] }]),
      'policy.sbom.licenses',
    );
    expect(c.status).toBe('fail');
    const ok = check(
      'sbom:\n  deniedLicenses: [GPL-3.0-only]\n',
      sbom([{ name: 'x', licenses: [{ expression: 'GPL-2.0-only WITH Classpath-exception-2.0' }] }]),
      'policy.sbom.licenses',
    );
    expect(ok.status).toBe('pass');
  });

  it('an allow list still needs every id in such text to be allowed', () => {
    const allow = 'sbom:\n  allowedLicenses: [MIT]\n';
    expect(check(allow, sbom([{ name: 'x', licenses: [{ expression: 'MIT;' }] }]), 'policy.sbom.licenses').status).toBe('pass');
    expect(check(allow, sbom([{ name: 'x', licenses: [{ expression: 'MIT, GPL-3.0-only' }] }]), 'policy.sbom.licenses').status).toBe(
      'fail',
    );
    expect(check(allow, sbom([{ name: 'x', licenses: [{ expression: '\u2014' }] }]), 'policy.sbom.licenses').status).toBe('fail');
  });
});

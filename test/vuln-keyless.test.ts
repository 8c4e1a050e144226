// VEX from keyless signers, on the local Sigstore stack (real Fulcio, Rekor and TSA processes from @custody/testing):
// the scan is signed by the build's repository, the VEX by a security team's repository. The VEX counts only when
// its signer is the run's identity or one of the policy's vulnerabilities.vexSigners; a VEX from any other
// repository is ignored, and the report names it. Findings come from a real report (test/fixtures/vuln).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeStatement, systemClock, type Statement } from '@custody/core';
import { githubWorkflowClaims, startSigstoreStack, type SigstoreStack } from '@custody/testing';
import { resolveInstance, signStatement } from '@custody/sign';
import {
  buildTrust,
  buildVulnsPredicate,
  createOpenVex,
  loadPolicyParser,
  makeStatement as vexStatement,
  parseTrustedRoot,
  PREDICATE_OPENVEX,
  PREDICATE_VULNS_V01,
  readScanReport,
  verifyTarget,
  type Trust,
  type VerifyReport,
} from '@custody/verify';

const ARTIFACT = createHash('sha256').update('the image').digest('hex');
const BUILD = 'custody-test/app';
const SECURITY = 'custody-test/security';
const report = readScanReport(
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'vuln', 'grype-image.json'), 'utf8')),
  'grype-image.json',
);

describe('VEX signers (keyless, local Sigstore stack)', () => {
  let stack: SigstoreStack;
  let trust: Trust;
  const bundles: Record<string, unknown> = {};
  const subject = [{ name: 'app', digest: { sha256: ARTIFACT } }];

  beforeAll(async () => {
    stack = await startSigstoreStack();
    trust = buildTrust({ root: parseTrustedRoot(stack.trustedRoot, 'stack trusted_root.json'), source: 'local stack' });
    const instance = resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
    const sign = async (repo: string, st: Statement) =>
      (await signStatement(st, { identityToken: stack.issuer.mint(githubWorkflowClaims(repo)), instance })).bundle;
    const now = new Date();
    const vex = createOpenVex({
      author: 'security team',
      now,
      statements: [
        vexStatement({
          vulnerability: 'CVE-1999-0002',
          products: ['pkg:deb/package-2@2.2.2'],
          status: 'not_affected',
          justification: 'vulnerable_code_not_present',
          now,
        }),
      ],
    });
    bundles.scan = await sign(BUILD, makeStatement(subject, PREDICATE_VULNS_V01, buildVulnsPredicate(report, now)));
    bundles.vexSecurity = await sign(SECURITY, makeStatement(subject, PREDICATE_OPENVEX, vex));
    bundles.vexEvil = await sign('evil-org/app', makeStatement(subject, PREDICATE_OPENVEX, vex));
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  const verify = async (policyText: string, names: string[]): Promise<VerifyReport> => {
    const { parsePolicy } = await loadPolicyParser();
    return verifyTarget(
      { name: 'app', digests: { sha256: ARTIFACT } },
      names.map((n) => ({ source: n, json: bundles[n], size: JSON.stringify(bundles[n]).length })),
      { trust, clock: systemClock, policy: parsePolicy(policyText, 'policy.yaml') },
    );
  };
  const base = `requiredPredicateTypes: [${PREDICATE_VULNS_V01}]\nidentities:\n  - repo: ${BUILD}\n    issuer: ISSUER\nvulnerabilities:\n  maxSeverity: high\n`;
  const policy = (extra = '') => base.replaceAll('ISSUER', stack.issuer.url) + extra;
  const check = (r: VerifyReport, id: string) => r.checks.find((c) => c.id === id);

  it('VEX from a vexSigners identity suppresses the critical finding', async () => {
    const r = await verify(policy(`  vexSigners:\n    - repo: ${SECURITY}\n      issuer: ${stack.issuer.url}\n`), ['scan', 'vexSecurity']);
    expect(r.passed, JSON.stringify(r.checks)).toBe(true);
    const sev = check(r, 'policy.vulnerabilities.max-severity')!;
    expect(sev.findings?.find((f) => f.id === 'CVE-1999-0002')?.vex).toMatchObject({
      status: 'not_affected',
      source: 'vexSecurity',
      signer: expect.stringContaining(SECURITY),
    });
  });

  it('the same VEX without vexSigners, or from another repository, is ignored and named', async () => {
    const without = await verify(policy(), ['scan', 'vexSecurity']);
    expect(without.passed).toBe(false);
    expect(check(without, 'policy.vulnerabilities.max-severity')?.status).toBe('fail');
    expect(check(without, 'policy.vulnerabilities.vex')?.reason).toMatch(/1 VEX attestation\(s\) ignored.*vexSecurity: identity/);

    const evil = await verify(policy(`  vexSigners:\n    - repo: ${SECURITY}\n      issuer: ${stack.issuer.url}\n`), ['scan', 'vexEvil']);
    expect(evil.passed).toBe(false);
    expect(check(evil, 'policy.vulnerabilities.vex')?.reason).toContain('vexEvil: identity');
    expect(evil.notes.some((n) => n.startsWith('VEX ignored: vexEvil'))).toBe(true);
  });
});

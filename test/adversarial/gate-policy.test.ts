/**
 * Adversarial: policy rules that a gate must not let slide. Before the fix, an SBOM signed by the trusted key for the
 * target that named a denied package was only "ignored" (its predicate type was not required), and the run passed;
 * rules for a predicate type (`predicates: {T: …}`) passed when no attestation of T was there at all (deleted from
 * the registry). Key-based bundles (real signatures, generated keys): nothing here needs the network.
 */
import { createPublicKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeStatement, PREDICATE_CYCLONEDX, PREDICATE_SLSA_PROVENANCE_V1, systemClock, type Statement } from '@custody/core';
import { generateSigningKey, loadSigningKey, resolveInstance, signStatement } from '@custody/sign';
import {
  buildTrust,
  embeddedPublicGoodRootJson,
  loadPolicyParser,
  parseTrustedRoot,
  verifyTarget,
  type AttestationInput,
  type Trust,
  type VerifyReport,
} from '@custody/verify';

const ARTIFACT = 'a'.repeat(64);
const subject = [{ name: 'app.tgz', digest: { sha256: ARTIFACT } }];
const provenance = makeStatement(subject, PREDICATE_SLSA_PROVENANCE_V1, { buildDefinition: { buildType: 'x' } });
const sbom = (purl: string) =>
  makeStatement(subject, PREDICATE_CYCLONEDX, {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    components: [{ name: 'c', purl, licenses: [{ license: { id: 'MIT' } }] }],
  });

describe('gate: SBOM rules and rules for a predicate type', () => {
  let trust: Trust;
  let sign: (st: Statement) => Promise<unknown>;
  let parsePolicy: (text: string, file: string) => ReturnType<Awaited<ReturnType<typeof loadPolicyParser>>['parsePolicy']>;
  beforeAll(async () => {
    const gen = generateSigningKey();
    const key = loadSigningKey(gen.privateKeyPem);
    trust = buildTrust({
      root: parseTrustedRoot(embeddedPublicGoodRootJson(), 'public-good'),
      source: 'public-good',
      keys: [{ source: '--key k.pub', key: createPublicKey(gen.publicKeyPem) }],
    });
    sign = async (st) =>
      JSON.parse((await signStatement(st, { key, instance: resolveInstance({ keyBased: true }) })).bundleJson) as unknown;
    parsePolicy = (await loadPolicyParser()).parsePolicy;
  });
  const verify = (bundles: unknown[], policy: string): VerifyReport =>
    verifyTarget(
      { name: 'app.tgz', digests: { sha256: ARTIFACT } },
      bundles.map((json, i): AttestationInput => ({ source: `b${i}.json`, json, size: 1 })),
      {
        trust,
        clock: systemClock,
        policy: parsePolicy(policy, 'p.yaml'),
      },
    );

  it('a verified SBOM of the target that names a denied package fails the run, though no SBOM type is required', async () => {
    const r = verify(
      [await sign(provenance), await sign(sbom('pkg:npm/event-stream@3.3.6'))],
      'sbom:\n  deniedPurls: ["pkg:npm/event-stream"]\n',
    );
    expect(r.exitCode).toBe(1);
    expect(r.checks.find((c) => c.id === 'policy.sbom')).toMatchObject({ status: 'fail', reason: expect.stringContaining('event-stream') });
  });

  it('…and beside another verified SBOM that passes the rules', async () => {
    const r = verify(
      [await sign(provenance), await sign(sbom('pkg:npm/ok@1.0.0')), await sign(sbom('pkg:npm/event-stream@3.3.6'))],
      'requiredPredicateTypes: [https://cyclonedx.org/bom]\nsbom:\n  deniedPurls: ["pkg:npm/event-stream"]\n',
    );
    expect(r.exitCode).toBe(1);
    expect(r.checks.find((c) => c.id === 'policy.sbom')?.status).toBe('fail');
  });

  it('rules for a predicate type make it required: deleting its attestations does not pass the gate', async () => {
    const policy = 'predicates:\n  https://cyclonedx.org/bom:\n    sbom:\n      deniedPurls: ["pkg:npm/event-stream"]\n';
    const r = verify([await sign(provenance)], policy);
    expect(r.exitCode).toBe(1);
    expect(r.checks.find((c) => c.id === `required:${PREDICATE_CYCLONEDX}`)?.status).toBe('fail');
    // The default requirement (SLSA provenance) still applies next to it.
    expect(
      verify([await sign(sbom('pkg:npm/ok@1.0.0'))], policy).checks.find((c) => c.id === `required:${PREDICATE_SLSA_PROVENANCE_V1}`)
        ?.status,
    ).toBe('fail');
    expect(verify([await sign(provenance), await sign(sbom('pkg:npm/ok@1.0.0'))], policy).exitCode).toBe(0);
  });

  it('still passes with the SBOM that meets the rules, and an SBOM signed by another key is still only ignored', async () => {
    const other = generateSigningKey();
    const foreign = JSON.parse(
      (
        await signStatement(sbom('pkg:npm/event-stream@3.3.6'), {
          key: loadSigningKey(other.privateKeyPem),
          instance: resolveInstance({ keyBased: true }),
        })
      ).bundleJson,
    ) as unknown;
    const r = verify(
      [await sign(provenance), await sign(sbom('pkg:npm/ok@1.0.0')), foreign],
      'requiredPredicateTypes: [https://cyclonedx.org/bom]\nsbom:\n  deniedPurls: ["pkg:npm/event-stream"]\n',
    );
    expect(r.exitCode).toBe(0);
    expect(r.ignored.find((i) => i.source === 'b2.json')?.reason).toContain('signature');
    expect(r.attestations.find((a) => a.source === 'b1.json')?.outcome).toBe('used');
  });

  it('an unanchored identity regular expression is reported in the notes (it matches any identity containing it)', async () => {
    const r = verifyTarget(
      { name: 'app.tgz', digests: { sha256: ARTIFACT } },
      [{ source: 'b.json', json: await sign(provenance), size: 1 }],
      {
        trust,
        clock: systemClock,
        identity: { sanRegexp: 'https://github\\.com/acme/app/', issuer: 'https://token.actions.githubusercontent.com' },
      },
    );
    expect(r.notes.join('\n')).toContain('--certificate-identity-regexp /https://github\\.com/acme/app// is not anchored');
    const anchored = verifyTarget(
      { name: 'app.tgz', digests: { sha256: ARTIFACT } },
      [{ source: 'b.json', json: await sign(provenance), size: 1 }],
      {
        trust,
        clock: systemClock,
        identity: { sanRegexp: '^https://github\\.com/acme/app/.*$', issuer: 'https://token.actions.githubusercontent.com' },
      },
    );
    expect(anchored.notes.filter((n) => n.includes('anchored'))).toEqual([]);
  });
});

// createStatementSigner against the local Sigstore stack (real HTTP Fulcio / Rekor / TSA): many statements with one
// set of credentials. Keyless: one certificate while it is valid, a new one when the batch outlasts it (the
// signer's clock is a test clock, advanced between signatures; the services' clock is the stack's own).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { makeStatement, PREDICATE_CYCLONEDX } from '@custody/core';
import { startSigstoreStack, verifyBundleWithRoot, type SigstoreStack } from '@custody/testing';
import { createStatementSigner, generateSigningKey, loadSigningKey, resolveInstance, type RetryPolicy } from './helpers.js';

const statement = (i: number) =>
  makeStatement([{ name: `a${i}.tgz`, digest: { sha256: i.toString(16).padStart(64, '0') } }], PREDICATE_CYCLONEDX, {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
  });
const SAN = 'https://example.test/batch';

describe('createStatementSigner: many statements, one set of credentials', () => {
  let stack: SigstoreStack;
  const retry: Partial<RetryPolicy> = { baseDelayMs: 1, maxDelayMs: 4, timeoutMs: 400 };
  const full = () => resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
  const certOf = (b: { verificationMaterial: { certificate?: { rawBytes: string } } }) => b.verificationMaterial.certificate!.rawBytes;

  beforeAll(async () => {
    stack = await startSigstoreStack();
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => stack.faults.reset());

  it('keyless, concurrent signatures: one certificate request, one certificate in every bundle, each bundle verifies', async () => {
    const signer = createStatementSigner({ identityToken: stack.issuer.mint({ sub: SAN }), instance: full(), retry });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => signer.signStatement(statement(i))));
    expect(signer.certificates).toBe(1);
    expect(stack.faults.count('fulcio', 'POST')).toBe(1);
    expect(stack.faults.count('rekor', 'POST')).toBe(8);
    expect(new Set(results.map((r) => certOf(r.bundle))).size).toBe(1);
    const signatures = new Set(results.map((r) => r.bundle.dsseEnvelope!.signatures[0]!.sig));
    expect(signatures.size).toBe(8);
    for (const [i, r] of results.entries()) {
      verifyBundleWithRoot(r.bundle, stack.trustedRoot, { tlogThreshold: 1, timestampThreshold: 2, subjectAlternativeName: SAN });
      expect(JSON.parse(Buffer.from(r.bundle.dsseEnvelope!.payload, 'base64').toString())).toEqual(statement(i));
      expect(r.identity).toEqual({ san: SAN, issuer: stack.issuer.url });
    }
  });

  it('keyless, a batch that outlasts the certificate: a new key and certificate (and a fresh token) when it is about to expire', async () => {
    let now = Date.now();
    const tokens: string[] = [];
    const signer = createStatementSigner({
      identityToken: async () => {
        tokens.push(stack.issuer.mint({ sub: SAN }));
        return tokens.at(-1)!;
      },
      instance: full(),
      retry,
      certificate: { now: () => now },
    });
    const first = await signer.signStatement(statement(0));
    const validity = (() => {
      const c = new X509Certificate(Buffer.from(certOf(first.bundle), 'base64'));
      return Date.parse(c.validTo) - Date.parse(c.validFrom);
    })();
    expect(validity).toBe(10 * 60_000); // Fulcio's 10 minutes; renewed 60 s before the end
    now += validity - 61_000;
    const second = await signer.signStatement(statement(1));
    expect(signer.certificates).toBe(1);
    expect(certOf(second.bundle)).toBe(certOf(first.bundle));
    now += 2_000;
    const third = await signer.signStatement(statement(2));
    expect(signer.certificates).toBe(2);
    expect(stack.faults.count('fulcio', 'POST')).toBe(2);
    expect(tokens).toHaveLength(2);
    expect(certOf(third.bundle)).not.toBe(certOf(first.bundle));
    for (const r of [first, second, third])
      verifyBundleWithRoot(r.bundle, stack.trustedRoot, { tlogThreshold: 1, timestampThreshold: 2, subjectAlternativeName: SAN });
  });

  it('with a key: N signatures and no service', async () => {
    const key = loadSigningKey(generateSigningKey('ed25519').privateKeyPem);
    const signer = createStatementSigner({ key, instance: resolveInstance({ keyBased: true }) });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => signer.signStatement(statement(i))));
    expect(signer.certificates).toBe(0);
    expect(stack.faults.requests).toHaveLength(0);
    for (const r of results) {
      expect(r.keyId).toBe(key.keyId);
      expect(r.bundle.verificationMaterial.publicKey?.hint).toBe(key.keyId);
    }
  });
});

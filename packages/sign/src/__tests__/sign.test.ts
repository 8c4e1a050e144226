import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { makeStatement, mask, PREDICATE_CYCLONEDX } from '@custody/core';
import { sanForClaims, startSigstoreStack, verifyBundleWithRoot, type SigstoreStack } from '@custody/testing';
import {
  type CustodyErrorLike,
  generateSigningKey,
  loadSigningKey,
  resolveInstance,
  signStatement,
  SigningServiceError,
  type RetryPolicy,
  type SignResult,
} from './helpers.js';

const statement = makeStatement([{ name: 'app.tgz', digest: { sha256: 'a'.repeat(64) } }], PREDICATE_CYCLONEDX, {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
});

describe('packages/sign against the local Sigstore stack', () => {
  let stack: SigstoreStack;
  const delays: number[] = [];
  const retry: Partial<RetryPolicy> = { baseDelayMs: 1, maxDelayMs: 4, timeoutMs: 400, sleep: async (ms) => void delays.push(ms) };
  const full = () => resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });

  beforeAll(async () => {
    stack = await startSigstoreStack();
  });
  afterAll(async () => {
    await stack.close();
  });
  beforeEach(() => {
    stack.faults.reset();
    delays.length = 0;
  });

  const token = (
    claims: Record<string, unknown> = {
      sub: 'repo:custody-test/app:ref:refs/heads/main',
      job_workflow_ref: 'custody-test/app/.github/workflows/release.yml@refs/heads/main',
    },
  ) => stack.issuer.mint(claims);

  it('keyless with Rekor and TSA: verifies with @sigstore/verify, carries a dsse tlog entry and a timestamp', async () => {
    const res = await signStatement(statement, { identityToken: token(), instance: full(), retry });
    const san = 'https://github.com/custody-test/app/.github/workflows/release.yml@refs/heads/main';
    expect(res.identity).toEqual({ san, issuer: stack.issuer.url });
    expect(res.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(res.bundle.dsseEnvelope?.payloadType).toBe('application/vnd.in-toto+json');
    expect(JSON.parse(Buffer.from(res.bundle.dsseEnvelope!.payload, 'base64').toString())).toEqual(statement);
    expect(res.bundle.verificationMaterial.tlogEntries).toHaveLength(1);
    expect(res.bundle.verificationMaterial.tlogEntries[0]!.kindVersion).toEqual({ kind: 'dsse', version: '0.0.1' });
    expect(res.bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
    expect(res.tlogEntries[0]!.logIndex).toBe(res.bundle.verificationMaterial.tlogEntries[0]!.logIndex);
    const signer = verifyBundleWithRoot(res.bundle, stack.trustedRoot, {
      tlogThreshold: 1,
      timestampThreshold: 2,
      subjectAlternativeName: san,
    });
    expect(signer.identity?.subjectAlternativeName).toBe(san);
    expect(res.bundleJson.endsWith('\n')).toBe(true);
    expect(JSON.parse(res.bundleJson)).toEqual(res.bundle);
  });

  it('keyless with Rekor only and with TSA only carry exactly the configured evidence', async () => {
    const tlogOnly = await signStatement(statement, {
      identityToken: token(),
      instance: resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl }),
      retry,
    });
    expect(tlogOnly.bundle.verificationMaterial.tlogEntries).toHaveLength(1);
    expect(tlogOnly.bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? []).toHaveLength(0);
    verifyBundleWithRoot(tlogOnly.bundle, stack.trustedRoot, { tlogThreshold: 1, timestampThreshold: 1 });

    const tsaOnly = await signStatement(statement, {
      identityToken: token(),
      instance: resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, tsaUrl: stack.tsaUrl }),
      retry,
    });
    expect(tsaOnly.bundle.verificationMaterial.tlogEntries ?? []).toHaveLength(0);
    expect(tsaOnly.timestamps).toBe(1);
    verifyBundleWithRoot(tsaOnly.bundle, stack.trustedRoot, { tlogThreshold: 0, timestampThreshold: 1 });
    // Without the timestamp the certificate (valid minutes) cannot be checked: verification must fail.
    expect(() => verifyBundleWithRoot(tsaOnly.bundle, stack.trustedRoot, { tlogThreshold: 1, timestampThreshold: 1 })).toThrow();
  });

  it('uses the signing_config.json the stack wrote', async () => {
    const { readFile } = await import('node:fs/promises');
    const json = JSON.parse(await readFile(stack.signingConfigPath, 'utf8'));
    const instance = resolveInstance({ keyBased: false, signingConfig: { json, location: stack.signingConfigPath } });
    expect(instance).toMatchObject({ fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: `${stack.tsaUrl}/api/v1/timestamp` });
    const res = await signStatement(statement, { identityToken: token(), instance, retry });
    verifyBundleWithRoot(res.bundle, stack.trustedRoot, { tlogThreshold: 1, timestampThreshold: 2 });
  });

  const flip = (b64: string, at?: number) => {
    const buf = Buffer.from(b64, 'base64');
    const i = at ?? Math.floor(buf.length / 2);
    buf[i] = buf[i]! ^ 0x01;
    return buf.toString('base64');
  };
  /** The @sigstore/verify error a verification throws (its code and message), or undefined when it verifies. */
  const verifyError = (...args: Parameters<typeof verifyBundleWithRoot>) => {
    try {
      verifyBundleWithRoot(...args);
      return undefined;
    } catch (e) {
      return { name: (e as Error).name, code: (e as { code?: string }).code, message: (e as Error).message };
    }
  };

  it('a one-byte change to payload, signature or certificate fails verification, each at the stage that binds it', async () => {
    const res = await signStatement(statement, { identityToken: token(), instance: full(), retry });
    const opts = { tlogThreshold: 1, timestampThreshold: 2 };
    expect(verifyError(res.bundle, stack.trustedRoot, opts)).toBeUndefined();
    // The payload: the log entry records its hash.
    const payload = structuredClone(res.bundle);
    payload.dsseEnvelope!.payload = flip(payload.dsseEnvelope!.payload);
    expect(verifyError(payload, stack.trustedRoot, opts)).toMatchObject({
      name: 'VerificationError',
      code: 'TLOG_BODY_ERROR',
      message: expect.stringMatching(/payload hash mismatch/),
    });
    // The signature: the TSA's token is over the signature bytes, so the timestamp is the first thing to break.
    const sig = structuredClone(res.bundle);
    sig.dsseEnvelope!.signatures[0]!.sig = flip(sig.dsseEnvelope!.signatures[0]!.sig, 10);
    expect(verifyError(sig, stack.trustedRoot, opts)).toMatchObject({ name: 'VerificationError', code: 'TIMESTAMP_ERROR' });
    // The certificate: it no longer chains to the stack's Fulcio CA.
    const cert = structuredClone(res.bundle);
    const vm = cert.verificationMaterial as { certificate?: { rawBytes: string } };
    vm.certificate!.rawBytes = flip(vm.certificate!.rawBytes);
    expect(verifyError(cert, stack.trustedRoot, opts)).toMatchObject({
      name: 'VerificationError',
      code: 'CERTIFICATE_ERROR',
      message: expect.stringMatching(/certificate chain/),
    });
  });

  it("a one-byte change to a key-based bundle's signature fails the signature check (ECDSA P-256 and Ed25519)", async () => {
    for (const algorithm of ['ecdsa-p256', 'ed25519'] as const) {
      const gen = generateSigningKey(algorithm);
      const res = await signStatement(statement, {
        key: loadSigningKey(gen.privateKeyPem),
        instance: resolveInstance({ keyBased: true }),
        retry,
      });
      const opts = { keys: { [gen.keyId]: gen.publicKeyPem }, tlogThreshold: 0, timestampThreshold: 0 };
      expect(verifyError(res.bundle, stack.trustedRoot, opts)).toBeUndefined();
      const sig = structuredClone(res.bundle);
      sig.dsseEnvelope!.signatures[0]!.sig = flip(sig.dsseEnvelope!.signatures[0]!.sig, 10);
      expect(verifyError(sig, stack.trustedRoot, opts), algorithm).toMatchObject({
        name: 'VerificationError',
        code: 'SIGNATURE_ERROR',
        message: 'signature verification failed',
      });
    }
  });

  describe('key-based', () => {
    for (const algorithm of ['ecdsa-p256', 'ed25519'] as const) {
      it(`${algorithm}: offline (no services), then with Rekor + TSA; the bundle carries the key hint`, async () => {
        const gen = generateSigningKey(algorithm);
        const key = loadSigningKey(gen.privateKeyPem, { location: 'test.key' });
        expect(key.keyId).toBe(gen.keyId);
        const offline = await signStatement(statement, { key, instance: resolveInstance({ keyBased: true }), retry });
        expect(offline.bundle.verificationMaterial.publicKey?.hint).toBe(gen.keyId);
        expect(offline.bundle.dsseEnvelope!.signatures[0]!.keyid).toBe(gen.keyId);
        expect(offline.bundle.verificationMaterial.tlogEntries ?? []).toHaveLength(0);
        expect(stack.faults.requests).toHaveLength(0); // nothing contacted
        verifyBundleWithRoot(offline.bundle, stack.trustedRoot, {
          keys: { [gen.keyId]: gen.publicKeyPem },
          tlogThreshold: 0,
          timestampThreshold: 0,
        });
        // Another key with the same hint must not verify it.
        const other = generateSigningKey(algorithm);
        expect(
          verifyError(offline.bundle, stack.trustedRoot, {
            keys: { [gen.keyId]: other.publicKeyPem },
            tlogThreshold: 0,
            timestampThreshold: 0,
          }),
        ).toMatchObject({ code: 'SIGNATURE_ERROR' });

        const witnessed = await signStatement(statement, {
          key,
          instance: resolveInstance({ keyBased: true, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl }),
          retry,
        });
        expect(witnessed.bundle.verificationMaterial.tlogEntries).toHaveLength(1);
        verifyBundleWithRoot(witnessed.bundle, stack.trustedRoot, {
          keys: { [gen.keyId]: gen.publicKeyPem },
          tlogThreshold: 1,
          timestampThreshold: 2,
        });
        const tampered = structuredClone(witnessed.bundle);
        const p = Buffer.from(tampered.dsseEnvelope!.payload, 'base64');
        p[5] = p[5]! ^ 0x20;
        tampered.dsseEnvelope!.payload = p.toString('base64');
        expect(
          verifyError(tampered, stack.trustedRoot, { keys: { [gen.keyId]: gen.publicKeyPem }, tlogThreshold: 1, timestampThreshold: 2 }),
        ).toMatchObject({ code: 'TLOG_BODY_ERROR' });
      });
    }

    it('encrypted PKCS#8: signs with the right passphrase; missing or wrong passphrase is exit 2 with the fix', async () => {
      const pass = 'correct horse battery staple';
      const gen = generateSigningKey('ecdsa-p256', pass);
      expect(gen.privateKeyPem).toContain('ENCRYPTED PRIVATE KEY');
      const key = loadSigningKey(gen.privateKeyPem, { passphrase: pass });
      const res = await signStatement(statement, { key, instance: resolveInstance({ keyBased: true, tsaUrl: stack.tsaUrl }), retry });
      verifyBundleWithRoot(res.bundle, stack.trustedRoot, { keys: { [gen.keyId]: gen.publicKeyPem }, timestampThreshold: 1 });
      const missing = catchErr(() => loadSigningKey(gen.privateKeyPem, { location: 'k.pem' }));
      expect(missing).toMatchObject({ code: 'SIGN_KEY_PASSPHRASE_MISSING', exitCode: 2 });
      expect(missing.describe()).toMatch(/CUSTODY_KEY_PASSWORD/);
      const wrong = catchErr(() => loadSigningKey(gen.privateKeyPem, { passphrase: 'not it', location: 'k.pem' }));
      expect(wrong).toMatchObject({ code: 'SIGN_KEY_PASSPHRASE_WRONG', exitCode: 2 });
      expect(wrong.describe()).toMatch(/CUSTODY_KEY_PASSWORD/);
      // The passphrase is registered as a secret: masked wherever the logger prints it.
      expect(mask(`pass=${pass}`)).toBe('pass=***');
    });

    it('refuses unsupported keys with the fix', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const pub = generateSigningKey().publicKeyPem;
      const generate = /custody keys generate/;
      for (const [pem, re, fix] of [
        [rsa, /RSA, not ECDSA P-256 or Ed25519/, generate],
        [p384, /curve secp384r1, not P-256/, generate],
        [pub, /public key, not a private key/, /--key takes the private key/],
        ['not a key at all', /not PEM/, /converted to PEM/],
        [
          '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nabc\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n',
          /cosign-encrypted/,
          /PKCS#8/,
        ],
      ] as const) {
        const err = catchErr(() => loadSigningKey(pem, { location: 'bad.pem' }));
        expect(err.code).toBe('SIGN_KEY_UNSUPPORTED');
        expect(err.exitCode).toBe(2);
        expect(err.describe()).toMatch(re);
        expect(err.describe()).toMatch(fix);
      }
    });
  });

  describe('identity tokens', () => {
    it('an expired or malformed token is refused before Fulcio is contacted; the token is not in the message', async () => {
      const expired = stack.issuer.mint({ sub: 'x' }, { expiresIn: -600 });
      const e1 = await signStatement(statement, { identityToken: expired, instance: full(), retry }).catch((e) => e);
      expect(e1).toMatchObject({ code: 'SIGN_TOKEN_EXPIRED', exitCode: 2 });
      expect(e1.describe()).toMatch(/fresh/);
      expect(e1.describe()).not.toContain(expired);
      const e2 = await signStatement(statement, { identityToken: 'not-a-jwt', instance: full(), retry }).catch((e) => e);
      expect(e2).toMatchObject({ code: 'SIGN_TOKEN_MALFORMED', exitCode: 2 });
      expect(stack.faults.count('fulcio')).toBe(0);
    });

    it('a forged token (not signed by the issuer) is refused by Fulcio: exit 2, names Fulcio, no token in the message', async () => {
      const forged = stack.issuer.mint({ sub: 'mallory' }, { forge: true });
      const err = await signStatement(statement, { identityToken: forged, instance: full(), retry }).catch((e) => e);
      expect(err).toMatchObject({ code: 'SIGN_TOKEN_REFUSED', exitCode: 2 });
      expect(err.describe()).toContain(stack.fulcioUrl);
      expect(err.describe()).not.toContain(forged);
      expect(stack.faults.count('fulcio')).toBe(1); // a 401 is not retried
    });

    it('the SAN follows the token type (Fulcio rules, as the stack implements them)', async () => {
      const claims = {
        sub: 'project_path:grp/proj:ref_type:branch:ref:main',
        ci_config_ref_uri: 'gitlab.com/grp/proj//.gitlab-ci.yml@refs/heads/main',
      };
      const res = await signStatement(statement, { identityToken: stack.issuer.mint(claims), instance: full(), retry });
      expect(res.identity?.san).toBe(sanForClaims(claims));
    });
  });

  describe('transient faults', () => {
    it('retries 5xx, 429 (honouring Retry-After), timeouts and resets, then succeeds', async () => {
      stack.faults
        .inject('fulcio', { kind: 'status', status: 503 }, 2)
        .inject('tsa', { kind: 'rate-limit', retryAfter: 2 })
        .inject('rekor', { kind: 'hang' })
        .inject('rekor', { kind: 'reset' });
      const res = await signStatement(statement, { identityToken: token(), instance: full(), retry });
      verifyBundleWithRoot(res.bundle, stack.trustedRoot, { tlogThreshold: 1, timestampThreshold: 2 });
      expect(stack.faults.count('fulcio')).toBe(3);
      expect(stack.faults.count('tsa')).toBe(2);
      expect(stack.faults.count('rekor')).toBe(3);
      expect(delays).toContain(2000); // Retry-After: 2
      expect(Math.max(...delays.filter((d) => d !== 2000))).toBeLessThanOrEqual(4); // bounded backoff
    });

    it("Rekor's 409 is resolved by fetching the existing entry", async () => {
      stack.faults.inject('rekor', { kind: 'conflict' });
      const res = await signStatement(statement, { identityToken: token(), instance: full(), retry });
      expect(res.tlogEntries[0]!.existing).toBe(true);
      expect(stack.faults.requests.filter((r) => r.service === 'rekor').map((r) => `${r.method} ${r.outcome}`)).toEqual([
        'POST 409',
        'GET 200',
      ]);
      verifyBundleWithRoot(res.bundle, stack.trustedRoot, { tlogThreshold: 1, timestampThreshold: 2 });
    });

    for (const [service, name, url] of [
      ['fulcio', 'Fulcio', () => `${stack.fulcioUrl}/api/v2/signingCert`],
      ['rekor', 'Rekor', () => `${stack.rekorUrl}/api/v1/log/entries`],
      ['tsa', 'TSA', () => `${stack.tsaUrl}/api/v1/timestamp`],
    ] as const) {
      it(`a ${name} that keeps failing ends with an error naming ${name} and its URL (exit 2)`, async () => {
        stack.faults.inject(service, { kind: 'status', status: 502 }, 10);
        const err = await signStatement(statement, { identityToken: token(), instance: full(), retry }).catch((e) => e);
        expect(err).toBeInstanceOf(SigningServiceError);
        expect(err).toMatchObject({ service: name, url: url(), exitCode: 2, code: 'SIGN_SERVICE_UNAVAILABLE' });
        expect(err.describe()).toContain(url());
        expect(err.describe()).toMatch(/4 attempts: HTTP 502/);
        expect(stack.faults.count(service)).toBe(4);
      });
    }

    it('a Retry-After beyond the limit stops at once', async () => {
      stack.faults.inject('tsa', { kind: 'rate-limit', retryAfter: 3600 });
      const err = await signStatement(statement, { identityToken: token(), instance: full(), retry }).catch((e) => e);
      expect(err).toMatchObject({ service: 'TSA', code: 'SIGN_SERVICE_UNAVAILABLE' });
      expect(err.message).toMatch(/retry after 3600 s/);
      expect(stack.faults.count('tsa')).toBe(1);
    });

    it('hangs end in a timeout error after the bounded retries', async () => {
      stack.faults.inject('tsa', { kind: 'hang' }, 4);
      const err = await signStatement(statement, {
        identityToken: token(),
        instance: full(),
        retry: { ...retry, retries: 1, timeoutMs: 150 },
      }).catch((e) => e);
      expect(err).toMatchObject({ service: 'TSA' });
      expect(err.message).toMatch(/timeout/);
      stack.faults.reset();
    });
  });
});

function catchErr(fn: () => unknown): CustodyErrorLike {
  try {
    fn();
  } catch (e) {
    return e as CustodyErrorLike;
  }
  throw new Error('expected an error');
}
export type { SignResult };

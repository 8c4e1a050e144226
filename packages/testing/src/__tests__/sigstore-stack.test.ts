import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { bundleToJSON } from '@sigstore/bundle';
import { DSSEBundleBuilder, FulcioSigner, RekorWitness, TSAWitness } from '@sigstore/sign';
import { startSigstoreStack, verifyBundleWithRoot, type SigstoreStack } from '../sigstore/index.js';

// The stack is checked with sigstore-js's own signer (independent of Custody's packages/sign): what it signs
// against the local services must verify with @sigstore/verify against the stack's trusted root.
describe('local Sigstore stack', () => {
  let stack: SigstoreStack;
  let startMs = 0;
  beforeAll(async () => {
    const t0 = performance.now();
    stack = await startSigstoreStack();
    startMs = performance.now() - t0;
  });
  afterAll(async () => {
    await stack.close();
  });

  const sign = (token: string) =>
    new DSSEBundleBuilder({
      signer: new FulcioSigner({ fulcioBaseURL: stack.fulcioUrl, identityProvider: { getToken: async () => token }, retry: 0 }),
      witnesses: [new RekorWitness({ rekorBaseURL: stack.rekorUrl, retry: 0 }), new TSAWitness({ tsaBaseURL: stack.tsaUrl, retry: 0 })],
    }).create({ data: Buffer.from('{"hello":"world"}'), type: 'application/vnd.in-toto+json' });

  it('starts, and writes trusted_root.json and signing_config.json', async () => {
    expect(startMs).toBeGreaterThan(0);
    const root = JSON.parse(await readFile(stack.trustedRootPath, 'utf8'));
    expect(root.tlogs[0].baseUrl).toBe(stack.rekorUrl);
    const cfg = JSON.parse(await readFile(stack.signingConfigPath, 'utf8'));
    expect(cfg.mediaType).toBe('application/vnd.dev.sigstore.signingconfig.v0.2+json');
    expect(cfg.caUrls[0].url).toBe(stack.fulcioUrl);
    // The fixed clock has milliseconds without a trailing zero (TSA time encoding pitfall).
    expect(stack.clock.getMilliseconds() % 10).not.toBe(0);
  });

  it('signs with sigstore-js and verifies with @sigstore/verify (tlog + TSA + SCT)', async () => {
    const token = stack.issuer.mint({ sub: 'https://example.test/alice' });
    const bundle = bundleToJSON(await sign(token));
    const signer = verifyBundleWithRoot(bundle, stack.trustedRoot, {
      tlogThreshold: 1,
      timestampThreshold: 2,
      subjectAlternativeName: 'https://example.test/alice',
    });
    expect(signer.identity?.subjectAlternativeName).toBe('https://example.test/alice');
    // Rekor stored the dsse entry in its stored form, not the proposal.
    const body = JSON.parse(Buffer.from(bundle.verificationMaterial!.tlogEntries[0]!.canonicalizedBody, 'base64').toString());
    expect(Object.keys(body.spec).sort()).toEqual(['envelopeHash', 'payloadHash', 'signatures']);
  });

  it('Fulcio refuses forged and expired tokens', async () => {
    await expect(sign(stack.issuer.mint({}, { forge: true }))).rejects.toThrow(/401|certificate/);
    await expect(sign(stack.issuer.mint({}, { expiresIn: -60 }))).rejects.toThrow(/401|certificate/);
    const last = stack.faults.requests.filter((r) => r.service === 'fulcio').at(-1);
    expect(last?.outcome).toBe(401);
    // A token properly signed by another issuer (its own JWKS) is not trusted either.
    const { startOidcIssuer } = await import('../oidc-issuer.js');
    const other = await startOidcIssuer();
    try {
      await expect(sign(other.mint({ sub: 'x' }))).rejects.toThrow(/401|certificate/);
    } finally {
      await other.close();
    }
  });

  it('Rekor refuses a dsse entry whose signature does not verify (400, nothing logged)', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const pub = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const envelope = JSON.stringify({
      payloadType: 'application/vnd.in-toto+json',
      payload: Buffer.from('{}').toString('base64'),
      signatures: [{ sig: Buffer.alloc(64, 7).toString('base64'), keyid: '' }],
    });
    const before = stack.rekorEntries.size;
    const res = await fetch(`${stack.rekorUrl}/api/v1/log/entries`, {
      method: 'POST',
      body: JSON.stringify({
        apiVersion: '0.0.1',
        kind: 'dsse',
        spec: { proposedContent: { envelope, verifiers: [Buffer.from(pub).toString('base64')] } },
      }),
    });
    expect(res.status).toBe(400);
    expect(stack.rekorEntries.size).toBe(before);
  });

  it('injects faults: 500, 429 with Retry-After, reset, and Rekor 409 with the entry retrievable', async () => {
    stack.faults.inject('fulcio', { kind: 'status', status: 503 });
    let res = await fetch(`${stack.fulcioUrl}/api/v2/signingCert`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(503);
    stack.faults.inject('tsa', { kind: 'rate-limit', retryAfter: 7 });
    res = await fetch(`${stack.tsaUrl}/api/v1/timestamp`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    stack.faults.inject('rekor', { kind: 'reset' });
    await expect(fetch(`${stack.rekorUrl}/api/v1/log/entries`, { method: 'POST', body: '{}' })).rejects.toThrow();
    stack.faults.inject('rekor', { kind: 'hang' });
    await expect(
      fetch(`${stack.rekorUrl}/api/v1/log/entries`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    // sigstore-js follows the Location of a 409 and gets the entry the lost attempt created.
    stack.faults.inject('rekor', { kind: 'conflict' });
    const bundle = bundleToJSON(await sign(stack.issuer.mint({ sub: 'https://example.test/bob' })));
    verifyBundleWithRoot(bundle, stack.trustedRoot, { tlogThreshold: 1, timestampThreshold: 2 });
    const rekorReqs = stack.faults.requests.filter((r) => r.service === 'rekor').slice(-2);
    expect(rekorReqs.map((r) => `${r.method} ${r.outcome}`)).toEqual(['POST 409', 'GET 200']);
  });
});

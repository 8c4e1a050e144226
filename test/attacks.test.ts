// Must-show 3: the attack matrix. Bundles are made for real by packages/sign against the local Sigstore stack
// (@custody/testing startSigstoreStack: Fulcio, Rekor, TSA and an OIDC issuer on loopback, with its own trusted
// root), then tampered with; @custody/verify must reject each and name the check that caught it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { makeStatement, PREDICATE_CYCLONEDX, PREDICATE_SLSA_PROVENANCE_V1, systemClock, type Statement } from '@custody/core';
import { githubWorkflowClaims, startSigstoreStack, type SigstoreStack } from '@custody/testing';
import { loadSigningKey, resolveInstance, signStatement } from '@custody/sign';
import {
  buildTrust,
  embeddedPublicGoodRootJson,
  MAX_BUNDLE_BYTES,
  MAX_BUNDLE_FILE_BYTES,
  parseAttestationDocument,
  parseTrustedRoot,
  verifyTarget,
  type Trust,
  type VerifyReport,
} from '@custody/verify';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const ARTIFACT = sha('the real artifact');
const OTHER = sha('another artifact');
const REPO = 'custody-test/app';

type Json = Record<string, any>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('attack matrix (local Sigstore stack)', () => {
  let stack: SigstoreStack;
  let trust: Trust;
  let good: Json; // keyless provenance for ARTIFACT, with Rekor entry and TSA timestamp
  let other: Json; // keyless provenance for OTHER
  let sbom: Json; // keyless SBOM for ARTIFACT
  let empty: Json; // keyless statement with no subjects
  let identity: { repo: string; issuer: string };
  const prov = (digest: string): Statement => makeStatement([{ name: 'app.tgz', digest: { sha256: digest } }], PREDICATE_SLSA_PROVENANCE_V1, { buildDefinition: { buildType: 'x' } });

  beforeAll(async () => {
    stack = await startSigstoreStack();
    identity = { repo: REPO, issuer: stack.issuer.url };
    trust = buildTrust({ root: parseTrustedRoot(stack.trustedRoot, 'stack trusted_root.json'), source: 'local stack' });
    const instance = resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
    const sign = async (st: Statement) =>
      (await signStatement(st, { identityToken: stack.issuer.mint(githubWorkflowClaims(REPO)), instance })).bundle as unknown as Json;
    good = await sign(prov(ARTIFACT));
    other = await sign(prov(OTHER));
    sbom = await sign(makeStatement([{ name: 'app.tgz', digest: { sha256: ARTIFACT } }], PREDICATE_CYCLONEDX, { bomFormat: 'CycloneDX', components: [] }));
    empty = await sign({ ...prov(ARTIFACT), subject: [] });
  }, 60_000);
  afterAll(async () => stack?.close());

  const run = (bundle: unknown, target = ARTIFACT, t: Trust = trust, extra: Partial<Parameters<typeof verifyTarget>[2]> = {}): VerifyReport =>
    verifyTarget({ name: 'app.tgz', digests: { sha256: target } }, [{ source: 'bundle.json', json: bundle, size: JSON.stringify(bundle).length }], {
      trust: t,
      clock: systemClock,
      identity,
      ...extra,
    });
  const failed = (r: VerifyReport) => [...r.attestations.flatMap((a) => a.checks.filter((c) => c.status === 'fail').map((c) => c.id)), ...r.checks.filter((c) => c.status === 'fail').map((c) => c.id)];
  const payload = (b: Json): Json => JSON.parse(Buffer.from(b.dsseEnvelope.payload, 'base64').toString());
  const withPayload = (b: Json, st: Json): Json => {
    const c = clone(b);
    c.dsseEnvelope.payload = Buffer.from(JSON.stringify(st)).toString('base64');
    return c;
  };

  it('the untampered bundle verifies (the baseline every attack starts from)', () => {
    const r = run(good);
    expect(failed(r)).toEqual([]);
    expect(r.passed).toBe(true);
    expect(r.attestations[0]!.signer?.extensions?.sourceRepositoryURI).toBe(`https://github.com/${REPO}`);
  });

  it('payload byte changed: signature and log entry no longer match', () => {
    const c = clone(good);
    const bytes = Buffer.from(c.dsseEnvelope.payload, 'base64');
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 0x01;
    c.dsseEnvelope.payload = bytes.toString('base64');
    const f = failed(run(c));
    expect(f).toContain('signature.value');
    expect(f).toContain('signature.tlog');
  });

  it('signature changed', () => {
    const c = clone(good);
    const sig = Buffer.from(c.dsseEnvelope.signatures[0].sig, 'base64');
    sig[10] = sig[10]! ^ 0xff;
    c.dsseEnvelope.signatures[0].sig = sig.toString('base64');
    expect(failed(run(c))).toContain('signature.value');
  });

  it('certificate swapped for another valid one from the same CA', () => {
    const c = clone(good);
    c.verificationMaterial.certificate = clone(other.verificationMaterial.certificate);
    const f = failed(run(c));
    // The certificate itself is valid and trusted: it is the signature that does not verify with its key.
    expect(f).toContain('signature.value');
    expect(f).not.toContain('signature.certificate');
  });

  it('subject digest swapped to the attacker\'s artifact inside the signed payload', () => {
    const st = payload(other);
    st.subject[0].digest.sha256 = ARTIFACT;
    expect(failed(run(withPayload(other, st)))).toContain('signature.value');
  });

  it('predicate type swapped inside the signed payload', () => {
    const st = payload(sbom);
    st.predicateType = PREDICATE_SLSA_PROVENANCE_V1;
    expect(failed(run(withPayload(sbom, st)))).toContain('signature.value');
  });

  it('a validly signed attestation of another predicate type offered as provenance', () => {
    const r = run(sbom);
    expect(failed(r)).toEqual([`required:${PREDICATE_SLSA_PROVENANCE_V1}`]);
  });

  it('a valid bundle replayed for another artifact: only the subject binding catches it', () => {
    const r = run(good, OTHER);
    expect(failed(r)).toContain('subject');
    expect(failed(r).filter((id) => id.startsWith('signature') || id.startsWith('identity'))).toEqual([]);
  });

  it('an (expired) certificate with no timestamp: no trusted time, the certificate is not accepted', () => {
    const c = clone(good);
    delete c.verificationMaterial.timestampVerificationData;
    for (const e of c.verificationMaterial.tlogEntries) delete e.inclusionPromise;
    const r = run(c);
    expect(failed(r)).toContain('signature.timestamps');
    expect(r.attestations[0]!.checks.find((k) => k.id === 'signature.certificate')!.status).not.toBe('pass');
  });

  it('an untrusted CA: the same bundle against a root whose CA is public-good\'s, not the stack\'s', () => {
    const mixed = clone(stack.trustedRoot) as Json;
    mixed.certificateAuthorities = (embeddedPublicGoodRootJson() as Json).certificateAuthorities;
    const t = buildTrust({ root: parseTrustedRoot(mixed, 'mixed'), source: 'mixed' });
    const f = failed(run(good, ARTIFACT, t));
    expect(f).toContain('signature.certificate');
  });

  it('a log entry for another artifact grafted into the bundle', () => {
    const c = clone(good);
    c.verificationMaterial.tlogEntries = clone(other.verificationMaterial.tlogEntries);
    expect(failed(run(c))).toContain('signature.tlog');
  });

  it('a statement with no subjects', () => {
    const f = failed(run(empty));
    expect(f).toContain('statement');
    expect(f).not.toContain('signature.value');
  });

  it('a bundle of an unknown version', () => {
    const c = clone(good);
    c.mediaType = 'application/vnd.dev.sigstore.bundle.v0.9+json';
    expect(failed(run(c))).toEqual(expect.arrayContaining(['bundle', 'attestations']));
  });

  it('malformed JSON: cannot run (exit 2), location named', () => {
    const err = (() => {
      try {
        parseAttestationDocument('{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",\n  "verificationMaterial": {', 'bad.json');
      } catch (e) {
        return e as { code: string; exitCode: number; location: string };
      }
    })();
    expect(err).toMatchObject({ code: 'VERIFY_BUNDLE_MALFORMED', exitCode: 2 });
    expect(err!.location).toMatch(/^bad\.json:2:/);
  });

  it(`oversized input: files over ${MAX_BUNDLE_FILE_BYTES} bytes refused, single bundles over ${MAX_BUNDLE_BYTES} bytes fail`, () => {
    expect(() => parseAttestationDocument(Buffer.alloc(MAX_BUNDLE_FILE_BYTES + 1, 0x20), 'big.json')).toThrow(/limit/);
    const big = clone(good);
    big.padding = 'x'.repeat(MAX_BUNDLE_BYTES);
    const docs = parseAttestationDocument(`${JSON.stringify(good)}\n${JSON.stringify(big)}\n`, 'two.jsonl');
    expect(docs.map((d) => d.source)).toEqual(['two.jsonl:1', 'two.jsonl:2']);
    const r = verifyTarget({ name: 'app.tgz', digests: { sha256: ARTIFACT } }, docs, { trust, clock: systemClock, identity });
    expect(r.attestations[0]!.passed).toBe(true);
    expect(r.attestations[1]!.checks.find((c) => c.id === 'bundle')).toMatchObject({ status: 'fail' });
    expect(r.passed).toBe(false);
  });

  it('wrong identity: each shorthand that does not match is its own failed check', () => {
    const r = run(good, ARTIFACT, trust, { identity: { owner: 'evil-org', sourceRef: 'refs/tags/v9', denySelfHostedRunners: true, issuer: 'https://evil.example' } });
    const f = failed(r);
    expect(f).toEqual(expect.arrayContaining(['identity.owner', 'identity.source-ref', 'identity.issuer']));
    expect(f).not.toContain('identity.runner'); // the stack's claims say github-hosted
  });

  it('key-based bundles: verify with the right key (no timestamps: reported), fail with the wrong one', async () => {
    const kp = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = kp.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const res = await signStatement(prov(ARTIFACT), { key: loadSigningKey(pem), instance: resolveInstance({ keyBased: true }) });
    const keyed = res.bundle as unknown as Json;
    const right = buildTrust({ root: parseTrustedRoot(stack.trustedRoot, 'stack'), source: 'stack', keys: [{ source: '--key right.pub', key: kp.publicKey }] });
    const ok = run(keyed, ARTIFACT, right, { identity: {} });
    expect(failed(ok)).toEqual([]);
    expect(ok.notes.join(' ')).toMatch(/without a trusted timestamp/);
    const wrongKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const wrong = buildTrust({ root: parseTrustedRoot(stack.trustedRoot, 'stack'), source: 'stack', keys: [{ source: '--key wrong.pub', key: wrongKey }] });
    expect(failed(run(keyed, ARTIFACT, wrong, { identity: {} }))).toContain('signature.value');
    const none = buildTrust({ root: parseTrustedRoot(stack.trustedRoot, 'stack'), source: 'stack' });
    expect(failed(run(keyed, ARTIFACT, none, { identity: {} }))).toContain('signature.key');
  });

  it('insecure flags are reported, and only weaken what they name', () => {
    const c = clone(good);
    c.verificationMaterial.tlogEntries = [];
    expect(failed(run(c))).toContain('signature.tlog');
    const r = run(c, ARTIFACT, trust, { insecure: { ignoreTlog: true } });
    expect(r.insecure).toEqual(['--insecure-ignore-tlog']);
    expect(failed(r)).toEqual([]);
  });
});

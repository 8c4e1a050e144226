// Must-show 3: the attack matrix. Bundles are made for real by packages/sign against the local Sigstore stack
// (@custody/testing startSigstoreStack: Fulcio, Rekor, TSA and an OIDC issuer on loopback, with its own trusted
// root), then tampered with; @custody/verify must reject each and name the check that caught it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configureLimits,
  DEFAULT_LIMITS,
  fixedClock,
  makeStatement,
  PREDICATE_CYCLONEDX,
  PREDICATE_SLSA_PROVENANCE_V1,
  systemClock,
  type Statement,
} from '@custody/core';
import { githubWorkflowClaims, startSigstoreStack, type SigstoreStack } from '@custody/testing';
import { generateSigningKey, loadSigningKey, resolveInstance, signStatement } from '@custody/sign';
import {
  buildTrust,
  embeddedPublicGoodRootJson,
  loadPolicyParser,
  parseAttestationDocument,
  parseTrustedRoot,
  readAttestationBlob,
  PREDICATE_NPM_PUBLISH_V01,
  verifyTarget,
  type AttestationInput,
  type Trust,
  type TrustedKey,
  type VerifyReport,
} from '@custody/verify';
import { runCli } from './support/cli.js';

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
  let reusableEvil: Json; // keyless provenance built in evil-org/app by calling REPO's (reusable) release workflow
  let sbomOdd: Json; // keyless CycloneDX-typed statement whose predicate is not a CycloneDX document
  let identity: { repo: string; issuer: string };
  let dir: string;
  const prov = (digest: string): Statement =>
    makeStatement([{ name: 'app.tgz', digest: { sha256: digest } }], PREDICATE_SLSA_PROVENANCE_V1, { buildDefinition: { buildType: 'x' } });

  beforeAll(async () => {
    stack = await startSigstoreStack();
    identity = { repo: REPO, issuer: stack.issuer.url };
    trust = buildTrust({ root: parseTrustedRoot(stack.trustedRoot, 'stack trusted_root.json'), source: 'local stack' });
    const instance = resolveInstance({ keyBased: false, fulcioUrl: stack.fulcioUrl, rekorUrl: stack.rekorUrl, tsaUrl: stack.tsaUrl });
    const sign = async (st: Statement) =>
      (await signStatement(st, { identityToken: stack.issuer.mint(githubWorkflowClaims(REPO)), instance })).bundle as unknown as Json;
    good = await sign(prov(ARTIFACT));
    other = await sign(prov(OTHER));
    sbom = await sign(
      makeStatement([{ name: 'app.tgz', digest: { sha256: ARTIFACT } }], PREDICATE_CYCLONEDX, { bomFormat: 'CycloneDX', components: [] }),
    );
    empty = await sign({ ...prov(ARTIFACT), subject: [] });
    // The SAN is REPO's workflow (the signer), the source repository is evil-org/app.
    reusableEvil = (
      await signStatement(prov(ARTIFACT), {
        identityToken: stack.issuer.mint({
          ...githubWorkflowClaims('evil-org/app'),
          job_workflow_ref: `${REPO}/.github/workflows/release.yml@refs/heads/main`,
        }),
        instance,
      })
    ).bundle as unknown as Json;
    sbomOdd = await sign(
      makeStatement([{ name: 'app.tgz', digest: { sha256: ARTIFACT } }], PREDICATE_CYCLONEDX, {
        bom: {
          bomFormat: 'CycloneDX',
          components: [{ name: 'x', purl: 'pkg:npm/evil@1.0.0', licenses: [{ license: { id: 'GPL-3.0-only' } }] }],
        },
      }),
    );
    dir = await mkdtemp(join(tmpdir(), 'custody-attacks-'));
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Writes a file into the test's directory; returns its path. */
  const file = async (name: string, value: unknown) => {
    const p = join(dir, name);
    await writeFile(p, typeof value === 'string' ? value : JSON.stringify(value));
    return p;
  };
  /** `custody verify sha256:ARTIFACT` through the CLI, against the stack's trusted root: exit code and failed check ids. */
  const cli = async (args: string[]) => {
    const r = await runCli(['verify', `sha256:${ARTIFACT}`, '--trusted-root', stack.trustedRootPath, '--format', 'json', ...args]);
    return { ...r, failed: r.code === 1 ? failed(JSON.parse(r.stdout) as VerifyReport) : [] };
  };

  const run = (
    bundle: unknown,
    target = ARTIFACT,
    t: Trust = trust,
    extra: Partial<Parameters<typeof verifyTarget>[2]> = {},
  ): VerifyReport =>
    verifyTarget(
      { name: 'app.tgz', digests: { sha256: target } },
      [{ source: 'bundle.json', json: bundle, size: JSON.stringify(bundle).length }],
      {
        trust: t,
        clock: systemClock,
        identity,
        ...extra,
      },
    );
  const failed = (r: VerifyReport) => [
    ...r.attestations.flatMap((a) => a.checks.filter((c) => c.status === 'fail').map((c) => c.id)),
    ...r.checks.filter((c) => c.status === 'fail').map((c) => c.id),
  ];
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

  it("subject digest swapped to the attacker's artifact inside the signed payload", () => {
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

  it('an expired certificate with no timestamp: no trusted time, the certificate is not accepted', () => {
    // Verified a day after the certificate's notAfter: the certificate really is expired at the verification time.
    const notAfter = new X509Certificate(Buffer.from(good.verificationMaterial.certificate.rawBytes, 'base64')).validTo;
    const later = fixedClock(new Date(notAfter).getTime() + 86_400_000);
    expect(later.now().getTime()).toBeGreaterThan(Date.now());
    // With its trusted times the expired certificate still verifies: it was valid when it signed.
    expect(failed(run(good, ARTIFACT, trust, { clock: later }))).toEqual([]);
    const c = clone(good);
    delete c.verificationMaterial.timestampVerificationData;
    for (const e of c.verificationMaterial.tlogEntries) delete e.inclusionPromise;
    const r = run(c, ARTIFACT, trust, { clock: later });
    expect(r.exitCode).toBe(1);
    expect(failed(r)).toContain('signature.timestamps');
    expect(r.attestations[0]!.checks.find((k) => k.id === 'signature.certificate')!.status).not.toBe('pass');
  });

  it("an untrusted CA: the same bundle against a root whose CA is public-good's, not the stack's", () => {
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

  it('oversized input: a file over the bundle limit cannot run (LIMIT_BUNDLE_BYTES, exit 2); one oversized bundle among good ones is ignored', () => {
    const max = DEFAULT_LIMITS.bundleBytes;
    expect(() => parseAttestationDocument(Buffer.alloc(max + 1, 0x20), 'big.json')).toThrow(
      expect.objectContaining({ code: 'LIMIT_BUNDLE_BYTES', exitCode: 2 }),
    );
    // A blob found next to an image is read all the same: over the limit (set lower here, from the environment as the
    // CLI does) it is one ignored attestation, and the valid one beside it still passes the run.
    configureLimits({ CUSTODY_MAX_BUNDLE_BYTES: String(3 * JSON.stringify(good).length) });
    try {
      const big = clone(good);
      big.padding = 'x'.repeat(3 * JSON.stringify(good).length);
      const docs = [
        ...readAttestationBlob(Buffer.from(JSON.stringify(good)), 'oci://r/app@sha256:1'),
        ...readAttestationBlob(Buffer.from(JSON.stringify(big)), 'oci://r/app@sha256:2'),
      ];
      expect(docs[1]!.unreadable).toMatch(/^LIMIT_BUNDLE_BYTES: /);
      const r = verifyTarget({ name: 'app.tgz', digests: { sha256: ARTIFACT } }, docs, { trust, clock: systemClock, identity });
      expect(r.attestations[0]!.outcome).toBe('used');
      expect(r.attestations[1]!.checks.find((c) => c.id === 'bundle')).toMatchObject({
        status: 'fail',
        reason: expect.stringContaining('LIMIT_BUNDLE_BYTES'),
      });
      expect(r.ignored.map((i) => i.source)).toEqual(['oci://r/app@sha256:2']);
      expect(r.passed).toBe(true);
    } finally {
      configureLimits({});
    }
  });

  it('nesting: a bundle file nested deeper than the limit cannot run (LIMIT_JSON_DEPTH, exit 2), checked before parsing', () => {
    const deep = `${'['.repeat(DEFAULT_LIMITS.jsonDepth + 1)}${']'.repeat(DEFAULT_LIMITS.jsonDepth + 1)}`;
    expect(() => parseAttestationDocument(deep, 'deep.json')).toThrow(expect.objectContaining({ code: 'LIMIT_JSON_DEPTH', exitCode: 2 }));
    expect(() => parseAttestationDocument(`${JSON.stringify(good)}\n{"a":${deep}}\n`, 'deep.jsonl')).toThrow(
      expect.objectContaining({ code: 'LIMIT_JSON_DEPTH', location: 'deep.jsonl:2' }),
    );
  });

  it('gate semantics: a forged and a foreign-identity provenance beside the valid one are ignored; alone they FAIL naming why', () => {
    const forged = withPayload(good, { ...payload(good), predicate: { buildDefinition: { buildType: 'forged' } } });
    const inputs = (list: Json[]) => list.map((json, i) => ({ source: `b${i}.json`, json, size: JSON.stringify(json).length }));
    const ok = verifyTarget({ name: 'app.tgz', digests: { sha256: ARTIFACT } }, inputs([forged, reusableEvil, good]), {
      trust,
      clock: systemClock,
      identity,
    });
    expect(ok.exitCode).toBe(0);
    expect(ok.attestations.map((a) => a.outcome)).toEqual(['ignored', 'ignored', 'used']);
    expect(ok.ignored.map((i) => i.source)).toEqual(['b0.json', 'b1.json']);
    expect(ok.ignored[0]!.reason).toMatch(/signature\.value/);
    expect(ok.ignored[1]!.reason).toMatch(/identity\.repo/);
    const bad = verifyTarget({ name: 'app.tgz', digests: { sha256: ARTIFACT } }, inputs([forged, reusableEvil]), {
      trust,
      clock: systemClock,
      identity,
    });
    expect(bad.exitCode).toBe(1);
    const req = bad.checks.find((c) => c.id === `required:${PREDICATE_SLSA_PROVENANCE_V1}`)!;
    expect(req.status).toBe('fail');
    expect(req.reason).toMatch(
      new RegExp(`^no attestation of type ${PREDICATE_SLSA_PROVENANCE_V1.replace(/[./]/g, '\\$&')} verified: 2 ignored \\(`),
    );
    expect(req.reason).toMatch(/b0\.json: signature\.tlog: [^|]*signature\.value: /);
    expect(req.reason).toContain('b1.json: identity.repo');
  });

  it('policy rules run only on verified statements: a forged statement never reaches CEL', async () => {
    const { parsePolicy } = await loadPolicyParser();
    const policy = parsePolicy('expressions: ["predicate.buildDefinition.buildType == \'x\'"]\n', 'p.yaml');
    const forged = withPayload(good, { ...payload(good), predicate: { buildDefinition: { buildType: 'x', forged: true } } });
    const r = run(forged, ARTIFACT, trust, { policy });
    expect(r.exitCode).toBe(1);
    const checks = r.attestations[0]!.checks;
    expect(checks.some((c) => c.id.startsWith('policy.cel'))).toBe(false);
    expect(checks.find((c) => c.id === 'policy')).toMatchObject({ status: 'skip', reason: expect.stringContaining('did not verify') });
    // The genuine statement is evaluated.
    expect(run(good, ARTIFACT, trust, { policy }).attestations[0]!.checks.find((c) => c.id.startsWith('policy.cel'))).toMatchObject({
      status: 'pass',
    });
  });

  it('wrong identity: each shorthand that does not match is its own failed check', () => {
    const r = run(good, ARTIFACT, trust, {
      identity: { owner: 'evil-org', sourceRef: 'refs/tags/v9', denySelfHostedRunners: true, issuer: 'https://evil.example' },
    });
    const f = failed(r);
    expect(f).toEqual(expect.arrayContaining(['identity.owner', 'identity.source-ref', 'identity.issuer']));
    expect(f).not.toContain('identity.runner'); // the stack's claims say github-hosted
  });

  it('key-based bundles: verify with the right key (no timestamps: reported), fail with the wrong one', async () => {
    const kp = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = kp.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const res = await signStatement(prov(ARTIFACT), { key: loadSigningKey(pem), instance: resolveInstance({ keyBased: true }) });
    const keyed = res.bundle as unknown as Json;
    const right = buildTrust({
      root: parseTrustedRoot(stack.trustedRoot, 'stack'),
      source: 'stack',
      keys: [{ source: '--key right.pub', key: kp.publicKey }],
    });
    const ok = run(keyed, ARTIFACT, right, { identity: {} });
    expect(failed(ok)).toEqual([]);
    expect(ok.notes.join(' ')).toMatch(/without a trusted timestamp/);
    const wrongKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const wrong = buildTrust({
      root: parseTrustedRoot(stack.trustedRoot, 'stack'),
      source: 'stack',
      keys: [{ source: '--key wrong.pub', key: wrongKey }],
    });
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
  // ---- Fail-open holes found in review: each attack passed before its fix. ----

  it('--signer-repo / --signer-workflow alone cannot run (exit 2): they accept any repository calling that workflow', async () => {
    const b = await file('reusable-evil.json', reusableEvil);
    const issuer = ['--certificate-oidc-issuer', stack.issuer.url];
    for (const flags of [
      ['--signer-repo', REPO],
      ['--signer-workflow', `${REPO}/.github/workflows/release.yml`],
    ]) {
      const r = await cli(['--bundle', b, ...issuer, ...flags]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('[VERIFY_IDENTITY_REQUIRED]');
      expect(r.stderr).toMatch(/--owner ORG or --repo ORG\/REPO/);
    }
    // Named with its source repository, the evil-org build is refused on identity.repo; REPO's own build passes.
    const evil = await cli(['--bundle', b, ...issuer, '--repo', REPO, '--signer-repo', REPO]);
    expect(evil.code).toBe(1);
    expect(evil.failed).toContain('identity.repo');
    expect((await cli(['--bundle', await file('good.json', good), ...issuer, '--repo', REPO, '--signer-repo', REPO])).code).toBe(0);
  });

  it('a policy identity with only signerRepo / signerWorkflow is refused (exit 2, VERIFY_POLICY_INVALID, file:line)', async () => {
    const b = await file('reusable-evil.json', reusableEvil);
    for (const [name, key] of [
      ['signer-repo.yaml', `signerRepo: ${REPO}`],
      ['signer-workflow.yaml', `signerWorkflow: ${REPO}/.github/workflows/release.yml`],
    ] as const) {
      const p = await file(name, `identities:\n  - ${key}\n    issuer: ${stack.issuer.url}\n`);
      const r = await cli(['--bundle', b, '--policy', p]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('[VERIFY_POLICY_INVALID]');
      expect(r.stderr).toContain(`${p}:2:`);
    }
  });

  /** A stand-in for an npm registry key (npm holds the real private halves): marked like embeddedNpmKeys() marks them. */
  const npmLikeKey = (validFor?: TrustedKey['validFor']) => {
    const gen = generateSigningKey();
    const tk: TrustedKey = {
      source: `npm registry key ${gen.keyId}`,
      keyId: gen.keyId,
      key: createPublicKey(gen.publicKeyPem),
      usage: 'npm:attestations',
      ...(validFor ? { validFor } : {}),
    };
    return {
      signing: loadSigningKey(gen.privateKeyPem),
      trust: buildTrust({ root: parseTrustedRoot(stack.trustedRoot, 'stack'), source: 'stack', keys: [tk] }),
    };
  };
  const publishStatement = () =>
    makeStatement([{ name: 'pkg:npm/app@1.0.0', digest: { sha256: ARTIFACT } }], PREDICATE_NPM_PUBLISH_V01, {
      name: 'app',
      version: '1.0.0',
      registry: 'registry.npmjs.org',
    });
  const fromNpmDoc = (json: unknown, i = 0): AttestationInput => ({
    source: `app.tgz.json#attestations[${i}]`,
    json,
    size: JSON.stringify(json).length,
    origin: 'npm-attestations',
  });
  const verifyInputs = (inputs: AttestationInput[], t: Trust, extra: Partial<Parameters<typeof verifyTarget>[2]> = {}) =>
    verifyTarget({ name: 'app.tgz', digests: { sha256: ARTIFACT } }, inputs, {
      trust: t,
      clock: systemClock,
      requiredPredicateTypes: [],
      ...extra,
    });

  it('npm registry keys: only npm publish attestations, only from an npm attestations document; never satisfy an identity alone', async () => {
    const npm = npmLikeKey();
    const withLog = resolveInstance({ keyBased: true, rekorUrl: stack.rekorUrl });
    const publish = (await signStatement(publishStatement(), { key: npm.signing, instance: withLog })).bundle as unknown as Json;
    const provByNpmKey = (await signStatement(prov(ARTIFACT), { key: npm.signing, instance: withLog })).bundle as unknown as Json;
    // Baseline: a publish attestation in an npm document verifies through the key.
    expect(failed(verifyInputs([fromNpmDoc(publish)], npm.trust))).toEqual([]);
    // The same bundle as a file of its own, and another predicate type signed by the key, even inside an npm document.
    for (const input of [{ source: 'publish.sigstore.json', json: publish, size: 1 }, fromNpmDoc(provByNpmKey)]) {
      const r = verifyInputs([input], npm.trust);
      expect(r.exitCode).toBe(1);
      expect(failed(r)).toContain('signature.key');
    }
    // With an expected identity, a publish attestation alone does not satisfy it: its identity is skipped, the run fails.
    const alone = verifyInputs([fromNpmDoc(publish)], npm.trust, { identity });
    expect(alone.exitCode).toBe(1);
    expect(failed(alone)).toEqual(['identity']);
    expect(alone.attestations[0]!.checks.find((c) => c.id === 'identity')).toMatchObject({
      status: 'skip',
      reason: expect.stringContaining('npm registry'),
    });
    // Next to the keyless provenance with the right identity, it passes.
    expect(failed(verifyInputs([fromNpmDoc(publish), fromNpmDoc(good, 1)], npm.trust, { identity }))).toEqual([]);
  });

  it("a key with a validity window (npm's rotate and retire) needs a trusted time inside that window", async () => {
    const retired = npmLikeKey({ start: new Date('2020-01-01T00:00:00Z'), end: new Date('2025-01-29T00:00:00Z') });
    const offline = (await signStatement(publishStatement(), { key: retired.signing, instance: resolveInstance({ keyBased: true }) }))
      .bundle as unknown as Json;
    const r = verifyInputs([fromNpmDoc(offline)], retired.trust);
    expect(r.exitCode).toBe(1);
    expect(failed(r)).toContain('signature.key');
    expect(r.attestations[0]!.checks.find((c) => c.id === 'signature.key')!.reason).toMatch(/no verified signing time/);
    // A log entry gives the time, and now is after the window: still refused.
    const logged = (
      await signStatement(publishStatement(), {
        key: retired.signing,
        instance: resolveInstance({ keyBased: true, rekorUrl: stack.rekorUrl }),
      })
    ).bundle as unknown as Json;
    expect(failed(verifyInputs([fromNpmDoc(logged)], retired.trust))).toContain('signature.key');
    // A current key with the log entry verifies.
    const current = npmLikeKey({ start: new Date('2020-01-01T00:00:00Z') });
    const ok = (
      await signStatement(publishStatement(), {
        key: current.signing,
        instance: resolveInstance({ keyBased: true, rekorUrl: stack.rekorUrl }),
      })
    ).bundle as unknown as Json;
    expect(failed(verifyInputs([fromNpmDoc(ok)], current.trust))).toEqual([]);
  });

  it('SBOM rules fail on a predicate that is not recognisably CycloneDX or SPDX (it is not an empty SBOM)', async () => {
    const { parsePolicy } = await loadPolicyParser();
    const policy = parsePolicy('sbom:\n  deniedLicenses: ["GPL-*"]\n  deniedPurls: ["pkg:npm/evil@*"]\n', 'p.yaml');
    const r = run(sbomOdd, ARTIFACT, trust, { policy, requiredPredicateTypes: [] });
    expect(r.exitCode).toBe(1);
    expect(failed(r)).toEqual(expect.arrayContaining(['policy.sbom.licenses', 'policy.sbom.purls']));
    expect(r.attestations[0]!.checks.find((c) => c.id === 'policy.sbom.licenses')!.reason).toMatch(/cannot be read/);
    // A readable (empty) CycloneDX SBOM passes the same rules.
    expect(failed(run(sbom, ARTIFACT, trust, { policy, requiredPredicateTypes: [] }))).toEqual([]);
  });

  it('a message signature is held to the policy: maxAge applies, CEL and SBOM rules fail without a statement', async () => {
    const { parsePolicy } = await loadPolicyParser();
    // packages/sign makes DSSE bundles only: this key-based message-signature bundle is built here (a real signature).
    const kp = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const artifact = Buffer.from('the real artifact');
    const { sign: cryptoSign } = await import('node:crypto');
    const bundle = {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { publicKey: { hint: 'k' }, tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } },
      messageSignature: {
        messageDigest: { algorithm: 'SHA2_256', digest: Buffer.from(ARTIFACT, 'hex').toString('base64') },
        signature: cryptoSign('sha256', artifact, kp.privateKey).toString('base64'),
      },
    };
    const keyed = buildTrust({
      root: parseTrustedRoot(stack.trustedRoot, 'stack'),
      source: 'stack',
      keys: [{ source: '--key k.pub', key: kp.publicKey }],
    });
    const target = { name: 'artifact', digests: { sha256: ARTIFACT }, bytes: artifact };
    const verifyWith = (text: string) =>
      verifyTarget(target, [{ source: 'm.sigstore.json', json: bundle, size: 1 }], {
        trust: keyed,
        clock: systemClock,
        policy: parsePolicy(text, 'p.yaml'),
      });
    expect(failed(verifyWith('version: 1\n'))).toEqual([]);
    const cases: Array<[string, string]> = [
      ['maxAge: 3650d\n', 'policy.max-age'],
      ['expressions: ["true"]\n', 'policy.cel:expressions[0]'],
      ['sbom:\n  deniedLicenses: ["GPL-*"]\n', 'policy.sbom'],
    ];
    for (const [text, id] of cases) {
      const r = verifyWith(text);
      expect(r.exitCode).toBe(1);
      expect(failed(r)).toContain(id);
    }
  });

  it("a root certificate inside a v0.2 bundle's chain is refused (the bundle check), even one the trusted root has", () => {
    const root = (stack.trustedRoot as Json).certificateAuthorities[0].certChain.certificates.at(-1).rawBytes as string;
    const c = clone(good);
    c.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.2';
    c.verificationMaterial.x509CertificateChain = { certificates: [c.verificationMaterial.certificate, { rawBytes: root }] };
    delete c.verificationMaterial.certificate;
    const r = run(c);
    expect(r.exitCode).toBe(1);
    expect(failed(r)).toContain('bundle');
    expect(r.attestations[0]!.checks[0]!.reason).toMatch(/root \(self-signed\) certificate/);
    // Without the root the same v0.2 bundle verifies.
    c.verificationMaterial.x509CertificateChain.certificates.pop();
    expect(failed(run(c))).toEqual([]);
  });

  it('an inclusion proof without its checkpoint fails signature.tlog with a reason, not a JavaScript error', () => {
    // A v0.1 bundle (v0.2+ require the checkpoint in their schema): the same content, the certificate as a chain.
    const c = clone(good);
    c.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.1';
    c.verificationMaterial.x509CertificateChain = { certificates: [c.verificationMaterial.certificate] };
    delete c.verificationMaterial.certificate;
    expect(failed(run(c))).toEqual([]);
    delete c.verificationMaterial.tlogEntries[0].inclusionProof.checkpoint;
    const r = run(c);
    expect(r.exitCode).toBe(1);
    const tlog = r.attestations[0]!.checks.find((k) => k.id === 'signature.tlog')!;
    expect(tlog.status).toBe('fail');
    expect(tlog.reason).toMatch(/without a checkpoint/);
  });
});

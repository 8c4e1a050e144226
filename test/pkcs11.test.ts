// PKCS#11 end to end with a real token: SoftHSM2 (test/support/softhsm.ts) holds the keys; `custody attest --key
// pkcs11:…` (in-process CLI) signs through it against the local Sigstore stack; the bundle verifies with
// @sigstore/verify and with `custody verify --key` (the URI, and the PEM `custody keys public-key` exported). Wrong
// PIN, missing token/object/module, a key that may not sign, a secret key and a PIN in the URI are each exit 2 with
// their code; the PIN never appears in the output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSigstoreStack, verifyBundleWithRoot, type SigstoreStack } from '@custody/testing';
import { rsaPssPublicKey } from '../packages/sign/src/kms/algorithms.js';
import { ecdsaRawToDer, parsePkcs11Uri } from '../packages/sign/src/pkcs11.js';
import { runCli, type CliRun } from './support/cli.js';
import { makeSoftHsmToken, SOFTHSM_MODULE, type SoftHsmToken } from './support/softhsm.js';

describe('pkcs11: keys in a SoftHSM2 token', () => {
  let stack: SigstoreStack;
  let token: SoftHsmToken;
  let dir: string;
  const uri = (object: string, extra = '&pin-source=file:pin.txt', tokenLabel = token.label) =>
    `pkcs11:token=${tokenLabel};object=${object}?module-path=${SOFTHSM_MODULE}${extra}`;
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...extra });
  const attest = (key: string, more: string[] = [], extraEnv: Record<string, string> = {}) =>
    runCli(
      [
        'attest',
        '--subject',
        'app.tgz',
        '--predicate-type',
        'https://example.com/t/v1',
        '--predicate',
        'result.json',
        '--key',
        key,
        ...more,
      ],
      {
        cwd: dir,
        env: env(extraEnv),
      },
    );
  const noPin = (run: CliRun) => {
    expect(run.stdout).not.toContain(token.pin);
    expect(run.stderr).not.toContain(token.pin);
  };
  const fails = (run: CliRun, code: string) => {
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(code);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    noPin(run);
  };

  beforeAll(async () => {
    stack = await startSigstoreStack();
    token = await makeSoftHsmToken([
      { label: 'release', id: 1, kind: 'ec-sign' },
      { label: 'verify-only', id: 2, kind: 'ec-no-sign' },
      { label: 'aes', id: 3, kind: 'aes' },
      { label: 'ed', id: 4, kind: 'ed25519-sign' },
      { label: 'p384', id: 5, kind: 'ec-p384-sign' },
      { label: 'rsa', id: 6, kind: 'rsa-sign' },
      { label: 'rsa-pss', id: 7, kind: 'rsa-pss-only' },
    ]);
    dir = await mkdtemp(join(tmpdir(), 'custody-pkcs11-'));
    await writeFile(join(dir, 'app.tgz'), 'the artifact\n');
    await writeFile(join(dir, 'result.json'), JSON.stringify({ passed: 1 }));
    await writeFile(join(dir, 'pin.txt'), `${token.pin}\n`, { mode: 0o600 });
    await writeFile(join(dir, 'wrong-pin.txt'), '0000-wrong\n', { mode: 0o600 });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await token?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('attest signs through the token; @sigstore/verify and custody verify --key (URI and exported PEM) accept the bundle', async () => {
    const run = await attest(uri('release'), ['--rekor-url', stack.rekorUrl, '--tsa-url', stack.tsaUrl]);
    expect(run.code, run.stderr).toBe(0);
    noPin(run);
    const bundle = JSON.parse(await readFile(join(dir, 'app.tgz.sigstore.json'), 'utf8'));

    const pub = await runCli(['keys', 'public-key', '--key', uri('release', ''), '--format', 'json'], { cwd: dir, env: env() });
    expect(pub.code, pub.stderr).toBe(0);
    const exported = JSON.parse(pub.stdout) as { publicKeyPem: string; keyId: string; algorithm: string };
    expect(exported.algorithm).toBe('ecdsa-p256');
    expect(exported.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(bundle.verificationMaterial.publicKey.hint).toBe(exported.keyId);
    expect(run.stdout).toContain(exported.keyId);
    verifyBundleWithRoot(bundle, stack.trustedRoot, {
      keys: { [exported.keyId]: exported.publicKeyPem },
      tlogThreshold: 1,
      timestampThreshold: 2,
    });

    // The DSSE signature is DER (as a PEM key's is), not the token's raw r||s.
    const sig = Buffer.from(bundle.dsseEnvelope.signatures[0].sig, 'base64');
    expect(sig[0]).toBe(0x30);
    expect(sig[1]).toBe(sig.length - 2);

    // A bundle signed by another key of the same shape does not verify with this one: the check can fail.
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(() =>
      verifyBundleWithRoot(bundle, stack.trustedRoot, { keys: { [exported.keyId]: other }, tlogThreshold: 1, timestampThreshold: 2 }),
    ).toThrow();

    await writeFile(join(dir, 'release.pub'), exported.publicKeyPem);
    const text = await runCli(['keys', 'public-key', '--key', uri('release', '')], { cwd: dir, env: env() });
    expect(text.stdout).toBe(exported.publicKeyPem);
    const root = join(dir, 'root.json');
    await writeFile(root, JSON.stringify(stack.trustedRoot));
    for (const key of [uri('release', ''), 'release.pub']) {
      const v = await runCli(
        [
          'verify',
          'app.tgz',
          '--bundle',
          'app.tgz.sigstore.json',
          '--key',
          key,
          '--trusted-root',
          root,
          '--predicate-type',
          'https://example.com/t/v1',
        ],
        { cwd: dir, env: env() },
      );
      expect(v.code, `${key}: ${v.stderr} ${v.stdout}`).toBe(0);
    }
  }, 60_000);

  it('the PIN from CUSTODY_PKCS11_PIN (offline, no services) when the URI has no pin-source', async () => {
    const run = await attest(uri('release', ''), ['--bundle', 'env.sigstore.json'], { CUSTODY_PKCS11_PIN: token.pin });
    expect(run.code, run.stderr).toBe(0);
    noPin(run);
    const bundle = JSON.parse(await readFile(join(dir, 'env.sigstore.json'), 'utf8'));
    const v = await runCli(
      ['verify', 'app.tgz', '--bundle', 'env.sigstore.json', '--key', 'release.pub', '--predicate-type', 'https://example.com/t/v1'],
      { cwd: dir, env: env() },
    );
    expect(v.code, v.stderr).toBe(0);
    expect(bundle.verificationMaterial.tlogEntries ?? []).toHaveLength(0);
  }, 30_000);

  it('an Ed25519 key made in the token (CKK_EC_EDWARDS) signs with CKM_EDDSA; verify --key (URI and exported PEM) accepts it, another key not', async () => {
    const run = await attest(uri('ed'), ['--bundle', 'ed.sigstore.json']);
    expect(run.code, run.stderr).toBe(0);
    noPin(run);
    const pub = await runCli(['keys', 'public-key', '--key', uri('ed', ''), '--format', 'json'], { cwd: dir, env: env() });
    expect(pub.code, pub.stderr).toBe(0);
    const exported = JSON.parse(pub.stdout) as { publicKeyPem: string; keyId: string; algorithm: string };
    expect(exported.algorithm).toBe('ed25519');
    const bundle = JSON.parse(await readFile(join(dir, 'ed.sigstore.json'), 'utf8'));
    expect(bundle.verificationMaterial.publicKey.hint).toBe(exported.keyId);
    // PureEdDSA over the DSSE pre-authentication encoding: a 64-byte signature node:crypto verifies.
    const dsse = bundle.dsseEnvelope;
    const payload = Buffer.from(dsse.payload, 'base64');
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${dsse.payloadType.length} ${dsse.payloadType} ${payload.length} `), payload]);
    const sig = Buffer.from(dsse.signatures[0].sig, 'base64');
    expect(sig.length).toBe(64);
    expect(verify(null, pae, exported.publicKeyPem, sig)).toBe(true);
    await writeFile(join(dir, 'ed.pub'), exported.publicKeyPem);
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    await writeFile(join(dir, 'other-ed.pub'), other);
    const check = (key: string) =>
      runCli(['verify', 'app.tgz', '--bundle', 'ed.sigstore.json', '--key', key, '--predicate-type', 'https://example.com/t/v1'], {
        cwd: dir,
        env: env(),
      });
    for (const key of [uri('ed', ''), 'ed.pub']) {
      const v = await check(key);
      expect(v.code, `${key}: ${v.stderr} ${v.stdout}`).toBe(0);
    }
    const wrong = await check('other-ed.pub');
    expect(wrong.code).not.toBe(0);
  }, 30_000);

  it.each([
    ['a P-384 key: CKM_ECDSA over the 32-byte SHA-256 (ECDSA P-384 with SHA-256)', 'p384', 'ecdsa-p384', 'ec'],
    ['an RSA key: CKM_SHA256_RSA_PKCS', 'rsa', 'rsa-pkcs1-sha256', 'rsa'],
    ['an RSA key allowed only CKM_SHA256_RSA_PKCS_PSS: PSS salt 32, an RSASSA-PSS public key', 'rsa-pss', 'rsa-pss-sha256', 'rsa-pss'],
  ])(
    '%s; @sigstore/verify and verify --key (URI and PEM) accept the bundle',
    async (_what, object, algorithm, keyType) => {
      const name = `${object}.sigstore.json`;
      const run = await attest(uri(object), ['--bundle', name]);
      expect(run.code, run.stderr).toBe(0);
      noPin(run);
      const pub = await runCli(['keys', 'public-key', '--key', uri(object, ''), '--format', 'json'], { cwd: dir, env: env() });
      expect(pub.code, pub.stderr).toBe(0);
      const exported = JSON.parse(pub.stdout) as { publicKeyPem: string; keyId: string; algorithm: string };
      expect(exported.algorithm).toBe(algorithm);
      expect(createPublicKey(exported.publicKeyPem).asymmetricKeyType).toBe(keyType);
      const bundle = JSON.parse(await readFile(join(dir, name), 'utf8'));
      expect(bundle.verificationMaterial.publicKey.hint).toBe(exported.keyId);
      const empty = {
        mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
        tlogs: [],
        certificateAuthorities: [],
        ctlogs: [],
        timestampAuthorities: [],
      };
      verifyBundleWithRoot(bundle, empty, { keys: { [exported.keyId]: exported.publicKeyPem }, timestampThreshold: 0 });
      const dsse = bundle.dsseEnvelope;
      const payload = Buffer.from(dsse.payload, 'base64');
      const pae = Buffer.concat([Buffer.from(`DSSEv1 ${dsse.payloadType.length} ${dsse.payloadType} ${payload.length} `), payload]);
      const sig = Buffer.from(dsse.signatures[0].sig, 'base64');
      expect(verify(undefined, pae, exported.publicKeyPem, sig)).toBe(true);
      if (keyType === 'rsa-pss') {
        // The same RSA key without its PSS parameters checks PKCS#1 v1.5: the PSS signature fails there.
        // SPKI: SEQUENCE (4-byte header) { AlgorithmIdentifier (67 bytes), BIT STRING (4-byte header, 0 unused) { RSAPublicKey } }.
        const spki = createPublicKey(exported.publicKeyPem).export({ format: 'der', type: 'spki' });
        const plain = createPublicKey({ key: spki.subarray(4 + 67 + 5), format: 'der', type: 'pkcs1' });
        expect(plain.asymmetricKeyType).toBe('rsa');
        const pkcs1 = plain.export({ format: 'pem', type: 'spki' }).toString();
        expect(() => verifyBundleWithRoot(bundle, empty, { keys: { [exported.keyId]: pkcs1 }, timestampThreshold: 0 })).toThrow();
      }
      if (keyType === 'rsa') {
        // Vice versa: the PKCS#1 v1.5 signature presented against the same key as RSASSA-PSS fails.
        const pss = rsaPssPublicKey(createPublicKey(exported.publicKeyPem)).export({ format: 'pem', type: 'spki' }).toString();
        expect(() => verifyBundleWithRoot(bundle, empty, { keys: { [exported.keyId]: pss }, timestampThreshold: 0 })).toThrow();
      }
      await writeFile(join(dir, `${object}.pub`), exported.publicKeyPem);
      for (const key of [uri(object, ''), `${object}.pub`]) {
        const v = await runCli(['verify', 'app.tgz', '--bundle', name, '--key', key, '--predicate-type', 'https://example.com/t/v1'], {
          cwd: dir,
          env: env(),
        });
        expect(v.code, `${key}: ${v.stderr} ${v.stdout}`).toBe(0);
      }
    },
    60_000,
  );

  it('wrong PIN, no PIN, missing object, token or module: exit 2 naming what is wrong', async () => {
    const wrong = await attest(uri('release', '&pin-source=file:wrong-pin.txt'));
    fails(wrong, 'SIGN_PKCS11_PIN_WRONG');
    expect(wrong.stderr).toContain(`token "${token.label}"`);

    fails(await attest(uri('release', '')), 'SIGN_PKCS11_PIN_MISSING');

    const object = await attest(uri('no-such-key'));
    fails(object, 'SIGN_PKCS11_OBJECT_NOT_FOUND');
    expect(object.stderr).toContain('object "no-such-key"');

    const tok = await attest(uri('release', '&pin-source=file:pin.txt', 'no-such-token'));
    fails(tok, 'SIGN_PKCS11_TOKEN_NOT_FOUND');
    expect(tok.stderr).toContain(`"${token.label}"`); // lists the tokens present

    const mod = await attest(`pkcs11:token=${token.label};object=release?module-path=/nonexistent/libpkcs11.so&pin-source=file:pin.txt`);
    fails(mod, 'SIGN_PKCS11_MODULE_MISSING');
    expect(mod.stderr).toContain('/nonexistent/libpkcs11.so');
  }, 30_000);

  it('a key without CKA_SIGN and a secret key are refused: SIGN_PKCS11_KEY_NOT_SIGNING', async () => {
    const noSign = await attest(uri('verify-only'));
    fails(noSign, 'SIGN_PKCS11_KEY_NOT_SIGNING');
    expect(noSign.stderr).toMatch(/object "verify-only".*CKA_SIGN/);
    const aes = await attest(uri('aes'));
    fails(aes, 'SIGN_PKCS11_KEY_NOT_SIGNING');
    expect(aes.stderr).toMatch(/object "aes".*secret/);
  }, 30_000);

  it('a PIN written into the URI (pin-value) is refused and not echoed', async () => {
    const run = await attest(uri('release', `&pin-value=${token.pin}`));
    fails(run, 'SIGN_PKCS11_PIN_IN_URI');
    const pub = await runCli(['keys', 'public-key', '--key', uri('release', `&pin-value=${token.pin}`)], { cwd: dir, env: env() });
    fails(pub, 'SIGN_PKCS11_PIN_IN_URI');
  });
});

describe('pkcs11 helpers', () => {
  it('raw r||s -> DER, leading zeros dropped and a sign byte added where the high bit is set', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 64; i++) {
      const data = Buffer.from(`message ${i}`);
      const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const der = ecdsaRawToDer(raw);
      expect(verify('sha256', data, publicKey, der)).toBe(true);
      expect(der.equals(Buffer.from(ecdsaRawToDer(raw)))).toBe(true);
    }
    const highBit = ecdsaRawToDer(Buffer.concat([Buffer.alloc(32, 0x80), Buffer.concat([Buffer.alloc(31, 0), Buffer.from([1])])]));
    expect(highBit.toString('hex')).toBe(`3026022100${'80'.repeat(32)}020101`);
  });

  it('RFC 7512 URIs: attributes %-decoded, id as bytes; unknown attributes, module-name and a missing module refused', () => {
    expect(parsePkcs11Uri('pkcs11:token=My%20Token;id=%01%ff?module-path=/m.so&pin-source=file:/p')).toEqual({
      token: 'My Token',
      id: Buffer.from([1, 0xff]),
      modulePath: '/m.so',
      pinSource: 'file:/p',
    });
    expect(() => parsePkcs11Uri('pkcs11:token=a;object=b;colour=red?module-path=/m.so')).toThrow(/colour/);
    expect(() => parsePkcs11Uri('pkcs11:token=a;object=b?module-name=softhsm2')).toThrow(/module-name is not supported/);
    expect(() => parsePkcs11Uri('pkcs11:token=a;object=b')).toThrow(/no module-path/);
    expect(() => parsePkcs11Uri('pkcs11:token=a?module-path=/m.so')).toThrow(/neither object= nor id=/);
  });
});

// The two schemes keys outside Custody sign with besides P-256/Ed25519/PKCS#1, proved with node:crypto and
// @sigstore/verify before any service is involved (packages/sign/src/kms/algorithms.ts):
// - ECDSA P-384 with SHA-256: what a service makes when it is given SHA-256 padded to 48 bytes as a "SHA-384"
//   digest (signed here with ECDSA over that digest, as the services do) is what crypto.verify('sha256') and
//   @sigstore/verify accept, and a signature node:crypto makes with SHA-256 verifies as ECDSA over the padded digest;
// - RSA-PSS (SHA-256, MGF1-SHA-256, salt 32): the RSASSA-PSS SPKI built around an RSA key reads back as an 'rsa-pss'
//   key with those parameters; with it PSS verifies and PKCS#1 v1.5 (and another salt) does not, and the other way
//   round with the plain RSA key: the attack of presenting one scheme's signature for the other's key fails.
import { describe, expect, it } from 'vitest';
import { constants, createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { verifyBundleWithRoot } from '@custody/testing';
import { p384Sha256Digest, rsaPssPublicKey, verifiesAsSigstore } from '../packages/sign/src/kms/algorithms.js';
import { KeyServiceError } from '../packages/sign/src/kms/errors.js';
import { type KeyServiceModule, openServiceKey, type RemoteKeyAlgorithm } from '../packages/sign/src/kms/signer.js';
import { verifyPrehashed } from '../packages/verify/src/prehash.js';
import { signDigestP384, signDigestPss } from './support/ecdsa-prehash.js';

const pae = (payloadType: string, payload: Buffer) =>
  Buffer.concat([Buffer.from(`DSSEv1 ${payloadType.length} ${payloadType} ${payload.length} `), payload]);

/** A key-signed DSSE bundle over `payload`, with `sig` as its signature, for @sigstore/verify. */
function bundleOf(payload: Buffer, sig: Buffer, hint: string) {
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint }, tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } },
    dsseEnvelope: {
      payload: payload.toString('base64'),
      payloadType: 'application/vnd.in-toto+json',
      signatures: [{ sig: sig.toString('base64'), keyid: '' }],
    },
  };
}
const emptyRoot = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};
const statement = Buffer.from(
  JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'app.bin', digest: { sha256: createHash('sha256').update('the artifact').digest('hex') } }],
    predicateType: 'https://example.com/t/v1',
    predicate: { ok: true },
  }),
);
const sigstoreAccepts = (sig: Buffer, publicKeyPem: string) => {
  try {
    verifyBundleWithRoot(bundleOf(statement, sig, 'k'), emptyRoot, { keys: { k: publicKeyPem }, timestampThreshold: 0 });
    return true;
  } catch {
    return false;
  }
};

describe('ECDSA P-384 with SHA-256 through a 48-byte digest', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const data = pae('application/vnd.in-toto+json', statement);

  it('the padded digest is 16 zero bytes and the SHA-256', () => {
    const d = p384Sha256Digest(data);
    expect(d.length).toBe(48);
    expect(d.subarray(0, 16).equals(Buffer.alloc(16))).toBe(true);
    expect(d.subarray(16).equals(createHash('sha256').update(data).digest())).toBe(true);
  });

  it("a signature over the padded digest (as a service's ECDSA_SHA_384 makes it) verifies as P-384/SHA-256, in node:crypto and @sigstore/verify", () => {
    for (let i = 0; i < 4; i++) {
      const sig = signDigestP384(p384Sha256Digest(data), privateKey);
      expect(verify('sha256', data, publicKey, sig)).toBe(true);
      expect(verifiesAsSigstore(data, publicKey, sig)).toBe(true);
      // What cosign would check (SHA-384 of the data) does not hold: these bundles are for @sigstore/verify's rule.
      expect(verify('sha384', data, publicKey, sig)).toBe(false);
    }
    expect(sigstoreAccepts(signDigestP384(p384Sha256Digest(pae('application/vnd.in-toto+json', statement)), privateKey), pem)).toBe(true);
    // A signature over the unpadded SHA-384 of the data is another signature: refused.
    const sha384 = createHash('sha384').update(data).digest();
    expect(sigstoreAccepts(signDigestP384(sha384, privateKey), pem)).toBe(false);
  });

  it('the other way round: node:crypto P-384/SHA-256 verifies as ECDSA over the padded digest (independent prehash verifier)', () => {
    const sig = sign('sha256', data, privateKey);
    expect(verifyPrehashed(publicKey, 'sha384', p384Sha256Digest(data), sig).ok).toBe(true);
    const other = Buffer.from(p384Sha256Digest(data));
    other[47]! ^= 1;
    expect(verifyPrehashed(publicKey, 'sha384', other, sig).ok).toBe(false);
  });
});

describe('RSA-PSS (SHA-256, MGF1-SHA-256, salt 32) through an RSASSA-PSS SPKI', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pss = rsaPssPublicKey(publicKey);
  const pssPem = pss.export({ format: 'pem', type: 'spki' }).toString();
  const rsaPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const data = pae('application/vnd.in-toto+json', statement);
  const digest = createHash('sha256').update(data).digest();

  it("reads back (from its PEM) as an 'rsa-pss' key with the parameters, the same modulus, and OpenSSL's own encoding", () => {
    const back = createPublicKey(pssPem);
    expect(back.asymmetricKeyType).toBe('rsa-pss');
    expect(back.asymmetricKeyDetails).toMatchObject({ hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 });
    // The same RSAPublicKey (modulus, exponent) in its BIT STRING.
    const rsaPublicKey = publicKey.export({ format: 'der', type: 'pkcs1' });
    const spki = back.export({ format: 'der', type: 'spki' });
    expect(spki.subarray(spki.length - rsaPublicKey.length).equals(rsaPublicKey)).toBe(true);
    // OpenSSL writes the same AlgorithmIdentifier for a key generated as RSA-PSS with these parameters.
    const made = generateKeyPairSync('rsa-pss', {
      modulusLength: 2048,
      hashAlgorithm: 'sha256',
      mgf1HashAlgorithm: 'sha256',
      saltLength: 32,
    });
    const alg = (der: Buffer) => der.subarray(4, 4 + 2 + der[5]!);
    expect(alg(pss.export({ format: 'der', type: 'spki' })).toString('hex')).toBe(
      alg(made.publicKey.export({ format: 'der', type: 'spki' })).toString('hex'),
    );
  });

  it('a PSS signature over the SHA-256 digest (as the services make it) verifies with the PSS key; PKCS#1 v1.5 and salt 20 do not', () => {
    const sig = signDigestPss(digest, privateKey);
    expect(verifiesAsSigstore(data, pss, sig)).toBe(true);
    expect(sigstoreAccepts(sig, pssPem)).toBe(true);
    expect(verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig)).toBe(true);
    // Attack: a PKCS#1 v1.5 signature by the same key, presented against the PSS key.
    const v15 = sign('sha256', data, privateKey);
    expect(verifiesAsSigstore(data, pss, v15)).toBe(false);
    expect(sigstoreAccepts(v15, pssPem)).toBe(false);
    // Another salt length than the key's parameters say.
    expect(sigstoreAccepts(signDigestPss(digest, privateKey, 20), pssPem)).toBe(false);
  });

  it('and vice versa: the PSS signature presented against the plain RSA key (PKCS#1 v1.5) fails; PKCS#1 passes there', () => {
    const sig = signDigestPss(digest, privateKey);
    expect(verifiesAsSigstore(data, publicKey, sig)).toBe(false);
    expect(sigstoreAccepts(sig, rsaPem)).toBe(false);
    expect(sigstoreAccepts(sign('sha256', data, privateKey), rsaPem)).toBe(true);
  });
});

// Red team: keys a service hands back that are not what its metadata says, and a P-384 signature made over SHA-384.
// The service is an in-process DOUBLE of the ServiceKey interface (no key service can run here): it reports an
// algorithm and returns a real node:crypto public key of another kind; openServiceKey must refuse before signing.
describe('a key service whose public key does not fit its algorithm', () => {
  const service = (algorithm: RemoteKeyAlgorithm, publicKey: KeyObject): KeyServiceModule => ({
    open: (uri) => ({
      service: 'HashiCorp Vault',
      uri,
      algorithm,
      publicKey: async () => publicKey,
      sign: async () => {
        throw new Error('must not be asked to sign');
      },
    }),
    create: async () => {
      throw new Error('not used');
    },
  });
  const open = (algorithm: RemoteKeyAlgorithm, publicKey: KeyObject) =>
    openServiceKey(service(algorithm, publicKey), 'hashivault://k', { env: {}, cwd: '.' });
  const ec = (namedCurve: string) => generateKeyPairSync('ec', { namedCurve }).publicKey;
  const rsa = (modulusLength: number) => generateKeyPairSync('rsa', { modulusLength }).publicKey;

  it('(was a hole) an EC key on another curve (P-384, secp256k1) presented with a P-256 algorithm is refused', async () => {
    for (const curve of ['secp384r1', 'secp256k1']) {
      const err = await open('ecdsa-p256-sha256', ec(curve)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KeyServiceError);
      expect((err as KeyServiceError).code).toBe('SIGN_KMS_KEY_ALGORITHM');
      expect((err as Error).message).toContain(`it reports ECDSA P-256, but its public key is ec on ${curve}`);
    }
    await expect(open('ecdsa-p384-sha256', ec('prime256v1'))).rejects.toThrow('it reports ECDSA P-384');
    await expect(open('ed25519', ec('prime256v1'))).rejects.toThrow('it reports Ed25519');
    await expect(open('ecdsa-p256-sha256', rsa(2048))).rejects.toThrow('its public key is rsa of 2048 bits');
    // The fitting keys open.
    expect((await open('ecdsa-p256-sha256', ec('prime256v1'))).algorithm).toBe('ecdsa-p256');
    expect((await open('ecdsa-p384-sha256', ec('secp384r1'))).algorithm).toBe('ecdsa-p384');
  });

  it('(was a hole) an RSA key below 2048 bits from a service is refused, for PKCS#1 v1.5 and PSS alike', { timeout: 60_000 }, async () => {
    for (const algorithm of ['rsa-pkcs1-sha256', 'rsa-pss-sha256'] as const) {
      const err = await open(algorithm, rsa(1024)).catch((e: unknown) => e);
      expect((err as KeyServiceError).code).toBe('SIGN_KMS_KEY_ALGORITHM');
      expect((err as Error).message).toContain('its public key is RSA of 1024 bits, below the 2048 bits Custody signs with');
    }
    expect((await open('rsa-pss-sha256', rsa(2048))).publicKey.asymmetricKeyType).toBe('rsa-pss');
  });

  it('a P-384 signature made over SHA-384 does not verify as the P-384/SHA-256 scheme (nor with @sigstore/verify)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const sha384 = sign('sha384', statement, privateKey);
    const p = pae('application/vnd.in-toto+json', statement);
    expect(verifiesAsSigstore(p, publicKey, sign('sha384', p, privateKey))).toBe(false);
    expect(verifiesAsSigstore(p, publicKey, sign('sha256', p, privateKey))).toBe(true);
    expect(sigstoreAccepts(sha384, publicKey.export({ format: 'pem', type: 'spki' }).toString())).toBe(false);
  });
});

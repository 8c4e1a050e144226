// The two schemes keys outside Custody sign with besides P-256/Ed25519/PKCS#1, proved with node:crypto and
// @sigstore/verify before any service is involved (packages/sign/src/kms/algorithms.ts):
// - ECDSA P-384 with SHA-256: what a service makes when it is given SHA-256 padded to 48 bytes as a "SHA-384"
//   digest (signed here with ECDSA over that digest, as the services do) is what crypto.verify('sha256') and
//   @sigstore/verify accept, and a signature node:crypto makes with SHA-256 verifies as ECDSA over the padded digest;
// - RSA-PSS (SHA-256, MGF1-SHA-256, salt 32): the RSASSA-PSS SPKI built around an RSA key reads back as an 'rsa-pss'
//   key with those parameters; with it PSS verifies and PKCS#1 v1.5 (and another salt) does not, and the other way
//   round with the plain RSA key: the attack of presenting one scheme's signature for the other's key fails.
import { describe, expect, it } from 'vitest';
import { constants, createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { verifyBundleWithRoot } from '@custody/testing';
import { p384Sha256Digest, rsaPssPublicKey, verifiesAsSigstore } from '../packages/sign/src/kms/algorithms.js';
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

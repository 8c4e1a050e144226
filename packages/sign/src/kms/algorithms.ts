/**
 * The signature schemes of keys Custody never holds (PKCS#11 tokens, key services), fitted to how @sigstore/verify
 * checks a key-signed DSSE envelope: `crypto.verify(undefined, PAE, publicKey, signature)`, i.e. SHA-256 for EC
 * keys (whatever the curve), PKCS#1 v1.5 SHA-256 for an 'rsa' key, and for an 'rsa-pss' key the PSS parameters its
 * SPKI carries. Imported only on the key-URI path (kms/signer.ts, pkcs11.ts).
 *
 * - ECDSA P-384 with SHA-256: ECDSA's bits2int reads the hash as an integer, so the 48-byte digest of 16 zero bytes
 *   followed by the 32-byte SHA-256 yields exactly the P-384/SHA-256 signature. Services that only take a 48-byte
 *   digest for P-384 (AWS ECDSA_SHA_384, Google EC_SIGN_P384_SHA384, Azure ES384) are given that digest. cosign
 *   verifies P-384 keys with SHA-384, so such bundles are for verifiers that follow @sigstore/verify (Custody,
 *   sigstore-js).
 * - RSA-PSS with SHA-256, MGF1-SHA-256, salt 32 (the salt every service uses with SHA-256): the public key is
 *   published as an RSASSA-PSS SPKI (id-RSASSA-PSS with those parameters), which node:crypto reads as an 'rsa-pss'
 *   key, so @sigstore/verify checks PSS with exactly these parameters and refuses a PKCS#1 v1.5 signature.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

/** The 48-byte digest a P-384 key signs for ECDSA P-384 with SHA-256: 16 zero bytes, then SHA-256 of `data`. */
export function p384Sha256Digest(data: Buffer): Buffer {
  return Buffer.concat([Buffer.alloc(16), createHash('sha256').update(data).digest()]);
}

/** DER tag + length + value. */
function der(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}

/**
 * AlgorithmIdentifier { id-RSASSA-PSS (1.2.840.113549.1.1.10), RSASSA-PSS-params { hashAlgorithm sha256,
 * maskGenAlgorithm mgf1(sha256), saltLength 32 } } (RFC 4055), as OpenSSL writes it for such a key.
 */
const RSASSA_PSS_SHA256_ALGORITHM = Buffer.from(
  '304106092a864886f70d01010a3034' +
    'a00f300d06096086480165030402010500' + // [0] hashAlgorithm: sha256, NULL parameters
    'a11c301a06092a864886f70d010108300d06096086480165030402010500' + // [1] maskGenAlgorithm: mgf1(sha256)
    'a203020120', // [2] saltLength: 32
  'hex',
);

/** The RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32) public key of an RSA public key: same modulus and exponent. */
export function rsaPssPublicKey(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType === 'rsa-pss') return key;
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`an RSA-PSS key needs an RSA public key, not ${key.asymmetricKeyType}`);
  const rsaPublicKey = key.export({ format: 'der', type: 'pkcs1' });
  const spki = der(0x30, Buffer.concat([RSASSA_PSS_SHA256_ALGORITHM, der(0x03, Buffer.concat([Buffer.from([0]), rsaPublicKey]))]));
  return createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

/** True when `signature` over `data` verifies with `key` exactly as @sigstore/verify checks a DSSE signature. */
export function verifiesAsSigstore(data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    return verify(undefined, data, key, signature);
  } catch {
    return false;
  }
}

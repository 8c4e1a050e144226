/**
 * Signing over a digest the caller already computed, for the test doubles of key services (AWS KMS MessageType
 * DIGEST, Vault prehashed, Cloud KMS digest, Key Vault sign): Node's crypto.sign always hashes the message itself,
 * so ECDSA's curve arithmetic (P-256, P-384) and RSA-PSS's EMSA-PSS encoding (RFC 8017 9.1.1, then the raw RSA
 * operation) are written out, as the services apply them to the digest they are sent (test-only; not constant
 * time). ECDSA returns a DER signature.
 */
import { constants, createHash, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';

interface Curve {
  p: bigint;
  n: bigint;
  G: [bigint, bigint];
}
const P256: Curve = {
  p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  G: [
    0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
  ],
};
const P384: Curve = {
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
  n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  G: [
    0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
  ],
};
let p = P256.p;
let a = p - 3n;
const mod = (x: bigint, m: bigint) => ((x % m) + m) % m;
function inv(x: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(x, m), m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return mod(s0, m);
}
type Pt = [bigint, bigint] | null;
function add(P: Pt, Q: Pt): Pt {
  if (!P) return Q;
  if (!Q) return P;
  if (P[0] === Q[0] && mod(P[1] + Q[1], p) === 0n) return null;
  const l =
    P[0] === Q[0] && P[1] === Q[1] ? mod((3n * P[0] * P[0] + a) * inv(2n * P[1], p), p) : mod((Q[1] - P[1]) * inv(Q[0] - P[0], p), p);
  const x = mod(l * l - P[0] - Q[0], p);
  return [x, mod(l * (P[0] - x) - P[1], p)];
}
function mul(k: bigint, P: Pt): Pt {
  let R: Pt = null;
  for (let Q = P; k > 0n; k >>= 1n, Q = add(Q, Q)) if (k & 1n) R = add(R, Q);
  return R;
}
const big = (b: Buffer) => BigInt(`0x${b.toString('hex') || '0'}`);
function derInt(x: bigint): Buffer {
  let h = x.toString(16);
  if (h.length % 2) h = `0${h}`;
  let b = Buffer.from(h, 'hex');
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return Buffer.concat([Buffer.from([0x02, b.length]), b]);
}

export function signDigestP256(digest: Buffer, privateKey: KeyObject): Buffer {
  return signDigestEc(P256, digest.subarray(0, 32), privateKey);
}

/** ECDSA P-384 over a 48-byte digest, as AWS ECDSA_SHA_384, Cloud KMS EC_SIGN_P384_SHA384 and Key Vault ES384 do. */
export function signDigestP384(digest: Buffer, privateKey: KeyObject): Buffer {
  return signDigestEc(P384, digest.subarray(0, 48), privateKey);
}

function signDigestEc(curve: Curve, digest: Buffer, privateKey: KeyObject): Buffer {
  p = curve.p;
  a = p - 3n;
  const { n, G } = curve;
  const d = big(Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url'));
  const e = big(digest);
  for (;;) {
    const k = mod(big(randomBytes(64)), n - 1n) + 1n;
    const r = mod(mul(k, G)![0], n);
    const s = mod(inv(k, n) * (e + r * d), n);
    if (r && s) {
      const body = Buffer.concat([derInt(r), derInt(s)]);
      return Buffer.concat([Buffer.from([0x30, body.length]), body]);
    }
  }
}

/** RSASSA-PSS over a SHA-256 digest (MGF1-SHA-256, salt `saltLength`), as AWS RSASSA_PSS_SHA_256 and Cloud KMS do. */
export function signDigestPss(digest: Buffer, privateKey: KeyObject, saltLength = 32): Buffer {
  const modBits = privateKey.asymmetricKeyDetails!.modulusLength!;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = 32;
  const salt = randomBytes(saltLength);
  const H = createHash('sha256')
    .update(Buffer.concat([Buffer.alloc(8), digest, salt]))
    .digest();
  const db = Buffer.concat([Buffer.alloc(emLen - saltLength - hLen - 2), Buffer.from([1]), salt]);
  const mask = Buffer.alloc(db.length);
  for (let c = 0, off = 0; off < db.length; c++, off += hLen) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(c);
    createHash('sha256').update(H).update(counter).digest().copy(mask, off);
  }
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const em = Buffer.concat([db, H, Buffer.from([0xbc])]);
  const k = Math.ceil(modBits / 8);
  return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, Buffer.concat([Buffer.alloc(k - em.length), em]));
}

/**
 * ECDSA P-256 signing over a digest the caller already computed, for the test doubles of key services (AWS KMS
 * MessageType DIGEST, Vault prehashed): Node's crypto.sign always hashes the message itself, so the curve
 * arithmetic is written out (test-only; not constant time). Returns a DER signature.
 */
import { randomBytes, type KeyObject } from 'node:crypto';

const p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const a = p - 3n;
const G: [bigint, bigint] = [
  0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
];
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
  const d = big(Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url'));
  const e = big(digest.subarray(0, 32));
  for (;;) {
    const k = mod(big(randomBytes(40)), n - 1n) + 1n;
    const r = mod(mul(k, G)![0], n);
    const s = mod(inv(k, n) * (e + r * d), n);
    if (r && s) {
      const body = Buffer.concat([derInt(r), derInt(s)]);
      return Buffer.concat([Buffer.from([0x30, body.length]), body]);
    }
  }
}

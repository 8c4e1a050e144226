/**
 * Per-trust caches that let @sigstore/verify's own chain building run at the cost of its signature checks. Its
 * algorithm is kept as it is (same path building, same checks, same errors); only recomputation is removed:
 *
 * - a certificate's DER encoding, public key and extensions are computed once per parsed certificate (the library
 *   re-encodes the whole certificate on every `equals`, which is most of a keyless verification's time);
 * - the result of checking a certificate's signature with an issuer's key (`verify(issuer)`) is kept per trust,
 *   keyed by the bytes of both (the certificate's DER and the issuer's public key DER), so the links inside the
 *   trusted root (intermediate <- root, a TSA's chain) are checked once per run instead of once per bundle;
 * - certificates parsed from bundles are kept per trust, keyed by their DER bytes (parsed once per run).
 *
 * Everything lives in the Trust it was made for (buildTrust makes one TrustCache per trust): nothing is shared
 * between two trust roots, and nothing outlives the run that holds the Trust. What is cached is a pure function of
 * the bytes it is keyed by; anything that depends on time or on the trusted root's validity windows is computed on
 * every call by @sigstore/verify as before. Exceptions are never cached.
 */
import { createHash } from 'node:crypto';
import { crypto as score, X509Certificate, type ASN1Obj } from '@sigstore/core';
import type { TrustMaterial } from '@sigstore/verify';

/** Bounds on what one trust keeps (a run over many bundles stays within these; the least recently used go first). */
const MAX_LINKS = 4096;
const MAX_PARSED = 1024;

export interface TrustCache {
  /** Issuer-signature results: `sha256(cert DER) sha256(issuer SPKI DER)` -> verified. */
  readonly links: Map<string, boolean>;
  /** Certificates parsed from bundles, by sha256 of their DER. */
  readonly parsed: Map<string, CachedCertificate>;
  /** How often a cached link result was used instead of a signature check (for tests and the benchmark). */
  hits: number;
}

export function newTrustCache(): TrustCache {
  return { links: new Map(), parsed: new Map(), hits: 0 };
}

function sha256hex(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

function boundedSet<K, V>(m: Map<K, V>, k: K, v: V, max: number): void {
  if (m.size >= max) m.delete(m.keys().next().value as K);
  m.set(k, v);
}

function derOf(c: X509Certificate): Buffer {
  return c instanceof CachedCertificate ? c.der : c.root.toDER();
}

function derLength(n: number): Uint8Array {
  if (n < 128) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/**
 * The bytes ASN1Obj.toDER() returns, built the same way (tag byte, minimal length, the children's encodings or the
 * value) in one concatenation per node instead of two 1 KiB zero-filled buffers per node. Checked against toDER()
 * over real certificates in cache.test.ts.
 */
export function encodeDer(obj: ASN1Obj): Buffer {
  const value = obj.subs.length > 0 ? Buffer.concat(obj.subs.map(encodeDer)) : obj.value;
  return Buffer.concat([Uint8Array.of(obj.tag.toDER()), derLength(value.length), value]);
}

/**
 * An X509Certificate whose derived values are computed once. The ASN.1 tree of a parsed certificate is never
 * changed after parsing (X509Certificate has no setters; `clone()` parses a new one), so each memoized value is the
 * one the library would compute again.
 */
export class CachedCertificate extends X509Certificate {
  private memo = new Map<string, unknown>();
  private _der?: Buffer;
  private _digest?: string;
  constructor(
    source: X509Certificate,
    private readonly cache: TrustCache,
  ) {
    super(source.root);
  }
  get der(): Buffer {
    this._der ??= encodeDer(this.root);
    return this._der;
  }
  get derDigest(): string {
    this._digest ??= sha256hex(this.der);
    return this._digest;
  }
  private once<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = compute();
    this.memo.set(key, v);
    return v;
  }
  override get publicKey(): Buffer {
    return this.once('publicKey', () => super.publicKey);
  }
  override get issuer(): Buffer {
    return this.once('issuer', () => super.issuer);
  }
  override get subject(): Buffer {
    return this.once('subject', () => super.subject);
  }
  override get notBefore(): Date {
    return this.once('notBefore', () => super.notBefore);
  }
  override get notAfter(): Date {
    return this.once('notAfter', () => super.notAfter);
  }
  override get extBasicConstraints() {
    return this.once('extBasicConstraints', () => super.extBasicConstraints);
  }
  override get extKeyUsage() {
    return this.once('extKeyUsage', () => super.extKeyUsage);
  }
  override get extAuthorityKeyID() {
    return this.once('extAuthorityKeyID', () => super.extAuthorityKeyID);
  }
  override get extSubjectKeyID() {
    return this.once('extSubjectKeyID', () => super.extSubjectKeyID);
  }
  override get isCA(): boolean {
    return this.once('isCA', () => super.isCA);
  }
  /** As the library's clone (a new certificate parsed from a copy of the DER), from the DER computed once. */
  override clone(): X509Certificate {
    return X509Certificate.parse(Buffer.from(this.der));
  }
  override equals(other: X509Certificate): boolean {
    return this === other || this.der.equals(derOf(other));
  }
  /** The library's check (the issuer's key over this certificate's TBS), its result kept per (cert, issuer key). */
  override verify(issuerCertificate?: X509Certificate): boolean {
    const issuerKey = issuerCertificate?.publicKey || this.publicKey;
    const key = `${this.derDigest} ${sha256hex(issuerKey)}`;
    const known = this.cache.links.get(key);
    if (known !== undefined) {
      // Kept as the most recently used: the trusted root's own links stay while bundles' leaves come and go.
      this.cache.links.delete(key);
      this.cache.links.set(key, known);
      this.cache.hits++;
      return known;
    }
    // X509Certificate.verify, with the TBS encoded by encodeDer.
    const ok = score.verify(encodeDer(this.tbsCertificate), score.createPublicKey(issuerKey), this.signatureValue, this.signatureAlgorithm);
    boundedSet(this.cache.links, key, ok, MAX_LINKS);
    return ok;
  }
}

/**
 * A certificate parsed from a bundle, memoizing under this trust. `rawBytes` (the bytes it was parsed from) finds
 * the one parsed earlier in the run from the same bytes, whose memoized values are then reused.
 */
export function cachedCertificate(cert: X509Certificate, cache: TrustCache, rawBytes?: Uint8Array): CachedCertificate {
  if (cert instanceof CachedCertificate && (cert as unknown as { cache: TrustCache }).cache === cache) return cert;
  const digest = rawBytes ? sha256hex(rawBytes) : undefined;
  const hit = digest ? cache.parsed.get(digest) : undefined;
  if (hit) return hit;
  const c = new CachedCertificate(cert, cache);
  if (digest) boundedSet(cache.parsed, digest, c, MAX_PARSED);
  return c;
}

/** Trust material whose CA and TSA certificates memoize (the same certificates, in the same order). */
export function withCachedCertificates(material: TrustMaterial, cache: TrustCache): TrustMaterial {
  const wrap = (cas: TrustMaterial['certificateAuthorities']) =>
    cas.map((ca) => ({ ...ca, certChain: ca.certChain.map((c) => new CachedCertificate(c, cache)) }));
  return {
    ...material,
    certificateAuthorities: wrap(material.certificateAuthorities),
    timestampAuthorities: wrap(material.timestampAuthorities),
  };
}

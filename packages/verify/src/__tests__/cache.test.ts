// The per-trust caches of cache.ts: the DER encoder gives toDER()'s bytes for every node of real certificates (the
// embedded public-good root's CAs and TSAs, and the Fulcio leaves of the real npm attestations in ../shared), the
// memoized issuer check gives X509Certificate.verify's answer, and each Trust has a cache of its own.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate, type ASN1Obj } from '@sigstore/core';
import { sharedDir } from '@custody/testing';
import { CachedCertificate, encodeDer, newTrustCache } from '../cache.js';
import { buildTrust, embeddedPublicGoodRootJson, parseTrustedRoot } from '../trust.js';

function* nodes(o: ASN1Obj): Generator<ASN1Obj> {
  yield o;
  for (const s of o.subs) yield* nodes(s);
}

function realCertificates(): X509Certificate[] {
  const root = embeddedPublicGoodRootJson() as {
    certificateAuthorities: Array<{ certChain: { certificates: Array<{ rawBytes: string }> } }>;
    timestampAuthorities: Array<{ certChain: { certificates: Array<{ rawBytes: string }> } }>;
  };
  const raw = [...root.certificateAuthorities, ...root.timestampAuthorities].flatMap((ca) =>
    ca.certChain.certificates.map((c) => c.rawBytes),
  );
  const shared = sharedDir();
  if (shared) {
    const doc = join(shared, 'fixtures', 'real-attestations', 'npm-provenance', 'provenance-npm-test-cli-v1-prega.tgz.json');
    const text = readFileSync(doc, 'utf8');
    for (const m of text.matchAll(/"rawBytes"\s*:\s*"([A-Za-z0-9+/=]{200,})"/g)) raw.push(m[1]!);
  }
  return raw.map((b) => X509Certificate.parse(Buffer.from(b, 'base64')));
}

describe('per-trust certificate caches', () => {
  const certs = realCertificates();

  it('encodeDer gives the bytes of toDER() for every node of real certificates', () => {
    expect(certs.length).toBeGreaterThan(4);
    let n = 0;
    for (const c of certs) {
      for (const node of nodes(c.root)) {
        expect(encodeDer(node).equals(node.toDER())).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThan(300);
  });

  it('the memoized issuer check answers as X509Certificate.verify, and is kept per (certificate, issuer key)', () => {
    const cache = newTrustCache();
    const wrapped = certs.map((c) => new CachedCertificate(c, cache));
    for (const [i, c] of certs.entries()) {
      for (const [j, issuer] of certs.entries()) {
        expect(wrapped[i]!.verify(wrapped[j]!)).toBe(c.verify(issuer));
      }
      expect(wrapped[i]!.verify()).toBe(c.verify());
    }
    const hits = cache.hits;
    expect(wrapped[0]!.verify(wrapped[0]!)).toBe(certs[0]!.verify(certs[0]!));
    expect(cache.hits).toBe(hits + 1);
    expect(wrapped[0]!.equals(certs[0]!)).toBe(true);
    expect(wrapped[0]!.equals(certs[1]!)).toBe(certs[0]!.equals(certs[1]!));
  });

  it('each Trust has its own cache, and its trust material certificates memoize in it', () => {
    const doc = embeddedPublicGoodRootJson();
    const a = buildTrust({ root: parseTrustedRoot(doc, 'a'), source: 'a' });
    const b = buildTrust({ root: parseTrustedRoot(doc, 'b'), source: 'b' });
    expect(a.cache).not.toBe(b.cache);
    const ca = a.material.certificateAuthorities[0]!.certChain[0]!;
    expect(ca).toBeInstanceOf(CachedCertificate);
    ca.verify();
    expect(a.cache.links.size).toBe(1);
    expect(b.cache.links.size).toBe(0);
  });
});

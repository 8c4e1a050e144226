import { describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { embeddedNpmKeys, embeddedPublicGoodRootJson, keyIdOf, parseTrustedRoot, publicGoodRoot } from '../trust.js';
import { verifyPrehashed } from '../prehash.js';
import { parseAttestationDocument } from '../documents.js';

describe('trust material', () => {
  it('decodes the public-good root from @sigstore/tuf seeds, offline', () => {
    const root = publicGoodRoot();
    expect(root.tlogs.some((t) => t.baseUrl === 'https://rekor.sigstore.dev')).toBe(true);
    expect(root.certificateAuthorities.length).toBeGreaterThan(0);
    expect(root.timestampAuthorities.length).toBeGreaterThan(0);
  });

  it('npm registry attestation keys, with the ids bundle hints use and their validity', () => {
    const keys = embeddedNpmKeys();
    expect(keys.map((k) => k.keyId)).toContain('SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA');
    const old = keys.find((k) => k.keyId === 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA')!;
    expect(old.validFor?.end?.toISOString()).toBe('2025-01-29T00:00:00.000Z');
    expect(old.key.asymmetricKeyType).toBe('ec');
    expect(keyIdOf(old.key)).toMatch(/^SHA256:/);
  });

  it('refuses trusted roots with a log key without a validity start, or of another media type', () => {
    const doc = embeddedPublicGoodRootJson() as { tlogs: Array<{ publicKey: { validFor?: unknown } }>; mediaType: string };
    const noStart = structuredClone(doc);
    delete noStart.tlogs[0]!.publicKey.validFor;
    expect(() => parseTrustedRoot(noStart, 'r.json')).toThrow(/validFor\.start/);
    expect(() => parseTrustedRoot({ ...doc, mediaType: 'application/json' }, 'r.json')).toThrow(/media type/);
  });
});

describe('prehashed signatures (sha256: targets)', () => {
  it('ECDSA P-256/P-384 and RSA verify over the digest; a wrong digest or signature fails; Ed25519 is named unsupported', () => {
    const data = Buffer.from('artifact bytes');
    for (const curve of ['P-256', 'P-384']) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const sig = sign('sha256', data, privateKey);
      const d = createHash('sha256').update(data).digest();
      expect(verifyPrehashed(publicKey, 'sha256', d, sig).ok).toBe(true);
      expect(verifyPrehashed(publicKey, 'sha256', createHash('sha256').update('other').digest(), sig).ok).toBe(false);
      const bad = Buffer.from(sig);
      bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
      expect(verifyPrehashed(publicKey, 'sha256', d, bad).ok).toBe(false);
    }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(
      verifyPrehashed(rsa.publicKey, 'sha256', createHash('sha256').update(data).digest(), sign('sha256', data, rsa.privateKey)).ok,
    ).toBe(true);
    const ed = generateKeyPairSync('ed25519');
    expect(verifyPrehashed(ed.publicKey, 'sha256', Buffer.alloc(32), sign(null, data, ed.privateKey)).unsupported).toMatch(
      /sign the message itself/,
    );
  });
});

describe('attestation documents', () => {
  it('reads a bundle, JSON Lines (sources with line numbers) and npm attestations documents', () => {
    expect(parseAttestationDocument('{"mediaType":"x"}', 'b.json').map((d) => d.source)).toEqual(['b.json']);
    expect(parseAttestationDocument('{"a":1}\n\n{"b":2}\n', 'b.jsonl').map((d) => d.source)).toEqual(['b.jsonl:1', 'b.jsonl:3']);
    const npm = parseAttestationDocument(JSON.stringify({ attestations: [{ predicateType: 'p', bundle: { mediaType: 'm' } }] }), 'n.json');
    expect(npm).toEqual([expect.objectContaining({ source: 'n.json#attestations[0]', json: { mediaType: 'm' } })]);
    expect(() => parseAttestationDocument('  ', 'e.json')).toThrow(/empty/);
  });
});

// Reading attestation files: the large-bundle path (payload taken as a slice of the text, not copied by JSON.parse)
// must give exactly what JSON.parse gives, whatever the file holds; limits and complexity are refused before parsing.
import { describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { parseAttestationDocument, readAttestationBlob, MAX_JSON_VALUES } from '../documents.js';
import { fingerprintOf, hintNames, trustedKeysForHint, type TrustedKey } from '../trust.js';

const big = 'QUJD'.repeat(600_000); // 2.4 MB of base64, over the large-text threshold
const mediaType = 'application/vnd.dev.sigstore.bundle.v0.3+json';

describe('parseAttestationDocument', () => {
  const same = (text: string) => expect(parseAttestationDocument(text, 'f.json')[0]!.json).toEqual(JSON.parse(text));

  it('a large bundle parses to what JSON.parse gives, its payload included', () => {
    same(
      JSON.stringify({
        mediaType,
        verificationMaterial: {},
        dsseEnvelope: { payload: big, payloadType: 'application/vnd.in-toto+json', signatures: [] },
      }),
    );
  });

  it('the longest "payload" somewhere else, an escaped payload, duplicate keys: still what JSON.parse gives', () => {
    same(JSON.stringify({ mediaType, x: { payload: big }, dsseEnvelope: { payload: 'AA==' } }));
    same(JSON.stringify({ mediaType, dsseEnvelope: { payload: `${big}\n` } }));
    same(`{"mediaType":"${mediaType}","dsseEnvelope":{"payload":"${big}"},"dsseEnvelope":{"payload":"AA=="}}`);
    same(`{"mediaType":"${mediaType}","dsseEnvelope":{"payload":"AA=="},"dsseEnvelope":{"payload":"${big}"}}`);
    const npmDoc = JSON.stringify({ attestations: [{ bundle: { mediaType, dsseEnvelope: { payload: big } } }] });
    expect(parseAttestationDocument(npmDoc, 'doc.json')[0]!.json).toEqual(JSON.parse(npmDoc).attestations[0].bundle);
  });

  it('a large malformed bundle is VERIFY_BUNDLE_MALFORMED, not accepted by the large path', () => {
    const bad = `{"mediaType":"${mediaType}","dsseEnvelope":{"payload":"${big}"},}`;
    expect(() => parseAttestationDocument(bad, 'bad.json')).toThrow(expect.objectContaining({ code: 'VERIFY_BUNDLE_MALFORMED' }));
  });

  it(`more than ${MAX_JSON_VALUES} JSON values: VERIFY_BUNDLE_TOO_COMPLEX before parsing; from a registry, an unreadable input`, () => {
    const text = `{"mediaType":"${mediaType}","x":[${'0,'.repeat(MAX_JSON_VALUES)}0]}`;
    expect(() => parseAttestationDocument(text, 'many.json')).toThrow(
      expect.objectContaining({ code: 'VERIFY_BUNDLE_TOO_COMPLEX', exitCode: 2 }),
    );
    const [input] = readAttestationBlob(Buffer.from(text), 'oci://r/a@sha256:1');
    expect(input!.unreadable).toMatch(/^VERIFY_BUNDLE_TOO_COMPLEX: /);
  });
});

describe('key hints', () => {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
  const fp = fingerprintOf(key);
  const raw = createHash('sha256')
    .update(key.export({ format: 'der', type: 'spki' }))
    .digest();

  it('a hint names a key as Custody (hex), cosign (base64) and npm (SHA256:base64) write it', () => {
    for (const h of [
      fp,
      raw.toString('base64'),
      raw.toString('base64').replace(/=+$/, ''),
      `SHA256:${raw.toString('base64').replace(/=+$/, '')}`,
    ])
      expect(hintNames(h, fp)).toBe(true);
    expect(hintNames('0'.repeat(64), fp)).toBe(false);
  });

  it('the named --key key is the only candidate; otherwise every --key key is', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const keys: TrustedKey[] = [
      { source: '--key other.pub', key: other, fingerprint: fingerprintOf(other) },
      { source: '--key k.pub', key, fingerprint: fp },
    ];
    expect(trustedKeysForHint(keys, fp).map((k) => k.source)).toEqual(['--key k.pub']);
    expect(trustedKeysForHint(keys, 'unknown').map((k) => k.source)).toEqual(['--key other.pub', '--key k.pub']);
    expect(trustedKeysForHint(keys, undefined)).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { instanceFromSigningConfig, parseRetryAfter, PRESETS, resolveInstance, tsaEndpoint, inspectIdentityToken } from '../index.js';

const svc = (url: string, majorApiVersion = 1, start = '2020-01-01T00:00:00Z', end?: string) => ({
  url,
  majorApiVersion,
  validFor: { start, ...(end ? { end } : {}) },
  operator: 'x',
});
const config = (over: Record<string, unknown> = {}) => ({
  mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
  caUrls: [svc('https://fulcio.example')],
  oidcUrls: [],
  rekorTlogUrls: [svc('https://rekor2.example', 2, '2025-01-01T00:00:00Z'), svc('https://rekor.example')],
  tsaUrls: [svc('https://tsa.example/api/v1/timestamp')],
  rekorTlogConfig: { selector: 'ANY' },
  tsaConfig: { selector: 'ANY' },
  ...over,
});

describe('Sigstore instance resolution', () => {
  it('defaults: public-good for keyless, no services for a key', () => {
    expect(resolveInstance({ keyBased: false })).toEqual(PRESETS['public-good']);
    expect(resolveInstance({ keyBased: true })).toEqual({ name: 'none (offline key signing)' });
    expect(resolveInstance({ keyBased: false, preset: 'github' })).toMatchObject({
      fulcioUrl: 'https://fulcio.githubapp.com',
      tsaUrl: 'https://timestamp.githubapp.com/api/v1/timestamp',
    });
    expect(resolveInstance({ keyBased: false, preset: 'github' }).rekorUrl).toBeUndefined();
  });

  it('reads signing_config.json v0.2: skips Rekor v2, ignores expired services, explicit URLs override', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const cfg = config({
      caUrls: [svc('https://old-fulcio.example', 1, '2019-01-01T00:00:00Z', '2021-01-01T00:00:00Z'), svc('https://fulcio.example')],
    });
    expect(instanceFromSigningConfig(cfg, 'sc.json', now)).toEqual({
      name: 'signing config sc.json',
      fulcioUrl: 'https://fulcio.example',
      rekorUrl: 'https://rekor.example',
      tsaUrl: 'https://tsa.example/api/v1/timestamp',
    });
    const mixed = resolveInstance({ keyBased: false, signingConfig: { json: cfg, location: 'sc.json' }, tsaUrl: 'http://127.0.0.1:9/tsa' });
    expect(mixed.tsaUrl).toBe('http://127.0.0.1:9/tsa');
  });

  it('refuses what it cannot use, with the fix', () => {
    expect(() => instanceFromSigningConfig(config({ mediaType: 'application/json' }), 'sc.json')).toThrow(
      /mediaType .* not application\/vnd\.dev\.sigstore\.signingconfig\.v0\.2\+json/,
    );
    expect(() => instanceFromSigningConfig(config({ rekorTlogUrls: [svc('https://r2', 2)] }), 'sc.json')).toThrow(/only Rekor API v2 logs/);
    expect(() => resolveInstance({ keyBased: false, preset: 'nope' })).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/public-good, github/) }),
    );
    expect(() => resolveInstance({ keyBased: false, rekorUrl: 'https://rekor.example' })).toThrow(/needs a Fulcio URL/);
    expect(() => resolveInstance({ keyBased: false, fulcioUrl: 'https://fulcio.example' })).toThrow(
      /transparency log or a timestamp authority/,
    );
    expect(() => resolveInstance({ keyBased: false, fulcioUrl: 'http://fulcio.example', tsaUrl: 'https://t' })).toThrow(/not https/);
    expect(() => resolveInstance({ keyBased: true, rekorUrl: 'not a url' })).toThrow(/is not a URL/);
  });

  it('TSA endpoint and Retry-After parsing', () => {
    expect(tsaEndpoint('https://tsa.example')).toBe('https://tsa.example/api/v1/timestamp');
    expect(tsaEndpoint('https://tsa.example/custom/path')).toBe('https://tsa.example/custom/path');
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('token inspection: subject for the proof of possession, audience warning, unverified email refused', () => {
    const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
    const exp = Math.floor(Date.now() / 1000) + 300;
    expect(inspectIdentityToken(jwt({ iss: 'https://i', sub: 's', aud: 'sigstore', exp })).subject).toBe('s');
    expect(
      inspectIdentityToken(jwt({ iss: 'https://i', sub: 's', email: 'a@b.c', email_verified: true, aud: ['sigstore'], exp })).subject,
    ).toBe('a@b.c');
    expect(inspectIdentityToken(jwt({ iss: 'https://i', sub: 's', aud: 'other', exp })).warnings[0]).toMatch(
      /audience is "other", not "sigstore"/,
    );
    expect(() =>
      inspectIdentityToken(jwt({ iss: 'https://i', sub: 's', email: 'a@b.c', email_verified: false, aud: 'sigstore', exp })),
    ).toThrow(/not verified/);
    expect(() => inspectIdentityToken(jwt({ sub: 's', aud: 'sigstore', exp }))).toThrow(/no issuer/);
  });
});

describe('wrong passphrases', () => {
  // DER helpers to build an encrypted PKCS#8 key by hand (PBES2, PBKDF2 with one iteration, AES-256-CBC).
  const der = (tag: number, body: Buffer) => {
    const len = body.length < 128 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
    return Buffer.concat([Buffer.from([tag]), len, body]);
  };
  const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
  const oid = (text: string) => {
    const [a, b, ...rest] = text.split('.').map(Number);
    const bytes = [40 * a! + b!];
    for (const n of rest) {
      const chunk = [n & 0x7f];
      for (let v = n >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
      bytes.push(...chunk);
    }
    return der(0x06, Buffer.from(bytes));
  };

  it('a passphrase that decrypts the key to garbage (valid padding by chance) is still "wrong passphrase"', async () => {
    const { createCipheriv, pbkdf2Sync, randomBytes } = await import('node:crypto');
    const { loadSigningKey } = await import('../index.js');
    const salt = randomBytes(8);
    const iv = randomBytes(16);
    const key = pbkdf2Sync('any', salt, 1, 32, 'sha256');
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    const encrypted = Buffer.concat([cipher.update(Buffer.alloc(32, 0x41)), cipher.final()]); // not a private key inside
    const info = seq(
      seq(
        oid('1.2.840.113549.1.5.13'),
        seq(
          seq(
            oid('1.2.840.113549.1.5.12'),
            seq(der(0x04, salt), der(0x02, Buffer.from([1])), seq(oid('1.2.840.113549.2.9'), Buffer.from([5, 0]))),
          ),
          seq(oid('2.16.840.1.101.3.4.1.42'), der(0x04, iv)),
        ),
      ),
      der(0x04, encrypted),
    );
    const pem = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${info.toString('base64')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
    expect(() => loadSigningKey(pem, { passphrase: 'any' })).toThrow(expect.objectContaining({ code: 'SIGN_KEY_PASSPHRASE_WRONG' }));
  });
});

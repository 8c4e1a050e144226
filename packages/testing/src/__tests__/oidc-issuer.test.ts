import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicKey, verify } from 'node:crypto';
import { decodeJwt, startOidcIssuer, type OidcIssuer } from '../oidc-issuer.js';

describe('loopback OIDC issuer', () => {
  let issuer: OidcIssuer;
  beforeAll(async () => {
    issuer = await startOidcIssuer();
  });
  afterAll(async () => {
    await issuer.close();
  });

  it('publishes discovery and a JWKS whose key verifies minted tokens', async () => {
    const conf = (await (await fetch(`${issuer.url}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(conf.issuer).toBe(issuer.url);
    const jwks = (await (await fetch(conf.jwks_uri)).json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys).toHaveLength(1);
    const jwt = issuer.mint({ sub: 'alice' });
    const { signingInput, signature, header, claims } = decodeJwt(jwt);
    expect(header.kid).toBe(jwks.keys[0]!.kid);
    expect(claims.iss).toBe(issuer.url);
    expect(claims.aud).toBe('sigstore');
    const key = createPublicKey({ key: jwks.keys[0]!, format: 'jwk' });
    expect(verify('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    expect(issuer.verify(jwt, { audience: 'sigstore' }).claims.sub).toBe('alice');
  });

  it('refuses forged, expired, tampered and wrong-audience tokens', () => {
    expect(() => issuer.verify(issuer.mint({}, { forge: true }))).toThrow(/signature/);
    expect(() => issuer.verify(issuer.mint({}, { expiresIn: -10 }))).toThrow(/expired/);
    expect(() => issuer.verify(issuer.mint({ aud: 'other' }), { audience: 'sigstore' })).toThrow(/audience/);
    const [h, , s] = issuer.mint({ sub: 'alice' }).split('.');
    const evil = Buffer.from(JSON.stringify({ iss: issuer.url, sub: 'mallory', exp: 9e9 })).toString('base64url');
    expect(() => issuer.verify(`${h}.${evil}.${s}`)).toThrow(/signature/);
    expect(() => issuer.verify('garbage')).toThrow(/not a JWT/);
  });

  it('serves GitHub-style token requests only with the request bearer token', async () => {
    const env = issuer.githubEnv();
    const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL!);
    url.searchParams.set('audience', 'sigstore');
    const denied = await fetch(url, { headers: { authorization: 'Bearer wrong' } });
    expect(denied.status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } });
    const body = (await ok.json()) as { value: string };
    const { claims } = issuer.verify(body.value, { audience: 'sigstore' });
    expect(claims.repository).toBe('custody-test/app');
    expect(issuer.tokenRequests.at(-1)).toEqual({ audience: 'sigstore', authorized: true });
  });
});

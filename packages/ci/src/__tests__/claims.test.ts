import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, generateKeyPairSync, createHmac, sign as cryptoSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubWorkflowClaims, startOidcIssuer, type OidcIssuer } from '@custody/testing';
import { applyTokenClaims, detectCi, verifyIdTokenClaims, type IdTokenError } from '../index.js';
import { github, gitlab } from './fixtures.js';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

async function rejects(p: Promise<unknown>): Promise<IdTokenError> {
  try {
    await p;
  } catch (err) {
    return err as IdTokenError;
  }
  throw new Error('expected a rejection');
}

describe('verifyIdTokenClaims against the loopback OIDC issuer (ES256, real HTTP)', () => {
  let issuer: OidcIssuer;
  beforeAll(async () => {
    issuer = await startOidcIssuer();
  });
  afterAll(() => issuer.close());

  it('returns the claims of a valid token', async () => {
    const token = issuer.mint(githubWorkflowClaims('octo-org/octo-app'), { audience: 'sigstore' });
    const claims = await verifyIdTokenClaims(token, { issuer: issuer.url, audience: 'sigstore' });
    expect(claims.repository).toBe('octo-org/octo-app');
    expect(claims.job_workflow_ref).toBe('octo-org/octo-app/.github/workflows/release.yml@refs/heads/main');
  });

  it('refuses a token signed by another key (forged)', async () => {
    const err = await rejects(verifyIdTokenClaims(issuer.mint({}, { forge: true }), { issuer: issuer.url, audience: 'sigstore' }));
    expect(err.code).toBe('OIDC_SIGNATURE_INVALID');
    expect(err.exitCode).toBe(2);
  });

  it('refuses a token with a tampered payload', async () => {
    const [h, , s] = issuer.mint({ repository: 'octo-org/octo-app' }).split('.');
    const payload = b64({ iss: issuer.url, aud: 'sigstore', exp: Math.floor(Date.now() / 1000) + 600, repository: 'evil/app' });
    const err = await rejects(verifyIdTokenClaims(`${h}.${payload}.${s}`, { issuer: issuer.url, audience: 'sigstore' }));
    expect(err.code).toBe('OIDC_SIGNATURE_INVALID');
  });

  it('refuses the wrong audience, an expired token, a future nbf and another issuer', async () => {
    expect(
      (await rejects(verifyIdTokenClaims(issuer.mint({}, { audience: 'other' }), { issuer: issuer.url, audience: 'sigstore' }))).code,
    ).toBe('OIDC_AUDIENCE_MISMATCH');
    expect(
      (await rejects(verifyIdTokenClaims(issuer.mint({}, { expiresIn: -3600 }), { issuer: issuer.url, audience: 'sigstore' }))).code,
    ).toBe('OIDC_TOKEN_EXPIRED');
    const now = Math.floor(Date.now() / 1000);
    expect((await rejects(verifyIdTokenClaims(issuer.mint({ nbf: now + 3600 }), { issuer: issuer.url, audience: 'sigstore' }))).code).toBe(
      'OIDC_TOKEN_NOT_YET_VALID',
    );
    expect(
      (await rejects(verifyIdTokenClaims(issuer.mint({ iss: 'https://evil.example' }), { issuer: issuer.url, audience: 'sigstore' }))).code,
    ).toBe('OIDC_ISSUER_MISMATCH');
  });

  it('refuses alg "none" and HS256 signed with the public key (algorithm confusion)', async () => {
    const claims = { iss: issuer.url, aud: 'sigstore', exp: Math.floor(Date.now() / 1000) + 600 };
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expect((await rejects(verifyIdTokenClaims(none, { issuer: issuer.url, audience: 'sigstore' }))).code).toBe('OIDC_TOKEN_ALGORITHM');
    const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: issuer.kid })}.${b64(claims)}`;
    const mac = createHmac('sha256', JSON.stringify(issuer.publicJwk)).update(input).digest('base64url');
    expect((await rejects(verifyIdTokenClaims(`${input}.${mac}`, { issuer: issuer.url, audience: 'sigstore' }))).code).toBe(
      'OIDC_TOKEN_ALGORITHM',
    );
  });

  it('refuses malformed tokens and plain-http issuers off loopback, and never echoes the token', async () => {
    const err = await rejects(verifyIdTokenClaims('not-a-jwt', { issuer: issuer.url, audience: 'sigstore' }));
    expect(err.code).toBe('OIDC_TOKEN_MALFORMED');
    const token = issuer.mint({});
    const insecure = await rejects(verifyIdTokenClaims(token, { issuer: 'http://issuer.example', audience: 'sigstore' }));
    expect(insecure.code).toBe('OIDC_ISSUER_INSECURE');
    expect(insecure.message).not.toContain(token);
  });

  it('applies verified GitHub claims over the environment', async () => {
    const claims = await verifyIdTokenClaims(
      issuer.mint({
        ...githubWorkflowClaims('octo-org/octo-app'),
        repository_id: '123456789',
        repository_owner_id: '987654',
        runner_environment: 'self-hosted',
        run_attempt: '3',
      }),
      { issuer: issuer.url, audience: 'sigstore' },
    );
    const ctx = applyTokenClaims(detectCi(github.push), claims);
    expect(ctx.runner.kind).toBe('self-hosted');
    expect(ctx.runAttempt).toBe('3');
    expect(ctx.extra.job_workflow_ref).toBe('octo-org/octo-app/.github/workflows/release.yml@refs/heads/main');
    expect(ctx.commit).toBe('a'.repeat(40));
  });

  it('applies verified GitLab claims (runner_environment decides hosted vs self-hosted)', async () => {
    const claims = await verifyIdTokenClaims(
      issuer.mint({
        project_path: 'acme/platform/api',
        ref: 'v2.0.0',
        ref_type: 'tag',
        sha: 'b'.repeat(40),
        pipeline_id: '77',
        runner_id: 5,
        runner_environment: 'self-hosted',
        pipeline_source: 'push',
      }),
      { issuer: issuer.url, audience: 'sigstore' },
    );
    const ctx = applyTokenClaims(detectCi(gitlab.push), claims);
    expect(ctx).toMatchObject({ ref: 'refs/tags/v2.0.0', commit: 'b'.repeat(40), runId: '77', runner: { kind: 'self-hosted' } });
    expect(ctx.extra.runner_id).toBe('5');
  });
});

describe('verifyIdTokenClaims with RS256 (a tiny RSA issuer in this test: the shared issuer signs ES256 only)', () => {
  let server: Server;
  let url = '';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 8);
  beforeAll(async () => {
    server = createServer((req, res) => {
      const body =
        req.url === '/.well-known/openid-configuration'
          ? { issuer: url, jwks_uri: `${url}/keys` }
          : req.url === '/keys'
            ? { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] }
            : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const mintRsa = (claims: object) => {
    const input = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(claims)}`;
    return `${input}.${cryptoSign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };

  it('verifies an RS256 token and refuses one whose kid is not published', async () => {
    const exp = Math.floor(Date.now() / 1000) + 300;
    const claims = await verifyIdTokenClaims(mintRsa({ iss: url, aud: 'custody', exp, project_path: 'a/b' }), {
      issuer: url,
      audience: 'custody',
    });
    expect(claims.project_path).toBe('a/b');
    const input = `${b64({ alg: 'RS256', kid: 'nope' })}.${b64({ iss: url, aud: 'custody', exp })}`;
    const token = `${input}.${cryptoSign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    expect((await rejects(verifyIdTokenClaims(token, { issuer: url, audience: 'custody' }))).code).toBe('OIDC_KEY_NOT_FOUND');
  });
});

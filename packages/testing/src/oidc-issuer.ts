/**
 * A loopback OIDC issuer for tests: a real HTTP server on 127.0.0.1 (port 0) that signs ES256 JWTs with a P-256
 * key made at start and publishes the matching JWKS. It also serves a GitHub Actions-style token endpoint so that
 * ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN can point at it.
 *
 *   GET /.well-known/openid-configuration -> { issuer, jwks_uri, ... }
 *   GET /jwks                              -> { keys: [ <public JWK with kid> ] }
 *   GET /token?audience=A  (Authorization: Bearer <requestToken>) -> { "value": "<jwt>" }   (GitHub style)
 *
 * `mint(claims, { expiresIn })` signs a token directly (for GitLab / CircleCI / Buildkite env-var paths).
 * `verify(jwt, { audience })` checks a token against the issuer's own key (the local Fulcio uses it).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign as cryptoSign,
  verify as cryptoVerify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

export interface JwtClaims {
  [claim: string]: unknown;
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  nbf?: number;
  email?: string;
  email_verified?: boolean;
}

export interface MintOptions {
  /** Seconds until `exp` (default 600). Negative gives an already-expired token. */
  expiresIn?: number;
  /** Audience when `claims.aud` is not given (default "sigstore"). */
  audience?: string;
  /** Sign with a different key than the published one (a forged token). */
  forge?: boolean;
  /** Override the clock (seconds since epoch) for iat/nbf/exp. */
  now?: number;
}

export interface OidcIssuerOptions {
  /** Bearer value the GitHub-style /token endpoint requires (default: random). */
  requestToken?: string;
  /** Claims added to tokens from the /token endpoint (default: GitHub Actions-like workflow claims). */
  defaultClaims?: JwtClaims;
  /** Seconds until expiry for tokens from the /token endpoint (default 600). */
  expiresIn?: number;
}

export interface TokenRequestRecord {
  audience: string | undefined;
  authorized: boolean;
}

export interface VerifiedToken {
  header: Record<string, unknown>;
  claims: JwtClaims;
}

export interface OidcIssuer {
  /** Issuer URL (the `iss` claim), e.g. http://127.0.0.1:PORT */
  readonly url: string;
  readonly jwksUrl: string;
  /** GitHub-style token endpoint: set ACTIONS_ID_TOKEN_REQUEST_URL to this (it already carries a query). */
  readonly tokenRequestUrl: string;
  /** The bearer value for ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly requestToken: string;
  readonly kid: string;
  readonly publicJwk: JsonWebKey;
  /** Requests seen on /token (for asserting audience). */
  readonly tokenRequests: TokenRequestRecord[];
  /** Environment variables that make a GitHub Actions step fetch tokens from this issuer. */
  githubEnv(): Record<string, string>;
  mint(claims?: JwtClaims, options?: MintOptions): string;
  /** Verifies signature (against this issuer's key), iss, exp/nbf and optionally aud. Throws with a reason. */
  verify(jwt: string, options?: { audience?: string; now?: number }): VerifiedToken;
  close(): Promise<void>;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** GitHub Actions-like claims, so certificates carry realistic extensions. */
export function githubWorkflowClaims(repo = 'custody-test/app', ref = 'refs/heads/main'): JwtClaims {
  return {
    sub: `repo:${repo}:ref:${ref}`,
    repository: repo,
    repository_owner: repo.split('/')[0],
    ref,
    sha: 'a'.repeat(40),
    workflow_ref: `${repo}/.github/workflows/release.yml@${ref}`,
    job_workflow_ref: `${repo}/.github/workflows/release.yml@${ref}`,
    event_name: 'push',
    runner_environment: 'github-hosted',
    run_id: '1',
    run_attempt: '1',
  };
}

function signJwt(key: KeyObject, kid: string, claims: JwtClaims): string {
  const header = { alg: 'ES256', typ: 'JWT', kid };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const sig = cryptoSign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${b64url(sig)}`;
}

/** Decodes a compact JWT without checking it. Throws on malformed input. */
export function decodeJwt(jwt: string): { header: Record<string, unknown>; claims: JwtClaims; signingInput: string; signature: Buffer } {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new Error('not a JWT (expected three dot-separated parts)');
  const [h, p, s] = parts as [string, string, string];
  let header: unknown;
  let claims: unknown;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    throw new Error('not a JWT (header or payload is not base64url JSON)');
  }
  if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object')
    throw new Error('not a JWT (header or payload is not an object)');
  return {
    header: header as Record<string, unknown>,
    claims: claims as JwtClaims,
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

export async function startOidcIssuer(options: OidcIssuerOptions = {}): Promise<OidcIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const forgeKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const jwk = publicKey.export({ format: 'jwk' });
  const kid = createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
  const publicJwk: JsonWebKey = { ...jwk, kid, use: 'sig', alg: 'ES256' };
  const requestToken = options.requestToken ?? randomBytes(24).toString('hex');
  const tokenRequests: TokenRequestRecord[] = [];
  let url = '';

  const mint = (claims: JwtClaims = {}, mo: MintOptions = {}): string => {
    const now = mo.now ?? Math.floor(Date.now() / 1000);
    const full: JwtClaims = {
      iss: url,
      sub: 'test-subject',
      aud: mo.audience ?? 'sigstore',
      iat: now,
      nbf: now - 5,
      exp: now + (mo.expiresIn ?? 600),
      jti: randomBytes(8).toString('hex'),
      ...claims,
    };
    return signJwt(mo.forge ? forgeKey : privateKey, kid, full);
  };

  const verify = (jwt: string, vo: { audience?: string; now?: number } = {}): VerifiedToken => {
    const { header, claims, signingInput, signature } = decodeJwt(jwt);
    if (header.alg !== 'ES256') throw new Error(`unsupported JWT algorithm ${String(header.alg)}`);
    if (header.kid !== undefined && header.kid !== kid) throw new Error(`unknown key id ${String(header.kid)}`);
    const ok = cryptoVerify('sha256', Buffer.from(signingInput), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
    if (!ok) throw new Error('JWT signature does not verify against the issuer JWKS');
    if (claims.iss !== url) throw new Error(`JWT issuer ${String(claims.iss)} is not ${url}`);
    const now = vo.now ?? Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= now) throw new Error('JWT is expired');
    if (typeof claims.nbf === 'number' && claims.nbf > now + 60) throw new Error('JWT is not valid yet');
    if (vo.audience !== undefined) {
      const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!auds.includes(vo.audience)) throw new Error(`JWT audience ${JSON.stringify(claims.aud)} does not include ${vo.audience}`);
    }
    return { header, claims };
  };

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const u = new URL(req.url ?? '/', url);
    if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' });
    if (u.pathname === '/.well-known/openid-configuration') {
      return send(res, 200, {
        issuer: url,
        jwks_uri: `${url}/jwks`,
        token_endpoint: `${url}/token`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
        claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'email', 'email_verified'],
      });
    }
    if (u.pathname === '/jwks') return send(res, 200, { keys: [publicJwk] });
    if (u.pathname === '/token') {
      const audience = u.searchParams.get('audience') ?? undefined;
      const authorized = req.headers.authorization === `Bearer ${requestToken}`;
      tokenRequests.push({ audience, authorized });
      if (!authorized) return send(res, 401, { message: 'Bad credentials' });
      const claims = { ...(options.defaultClaims ?? githubWorkflowClaims()) };
      return send(res, 200, { count: 1, value: mint(claims, { audience: audience ?? url, expiresIn: options.expiresIn ?? 600 }) });
    }
    return send(res, 404, { error: `no route ${u.pathname}` });
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  const tokenRequestUrl = `${url}/token?api-version=2.0`;

  return {
    url,
    jwksUrl: `${url}/jwks`,
    tokenRequestUrl,
    requestToken,
    kid,
    publicJwk,
    tokenRequests,
    githubEnv: () => ({ ACTIONS_ID_TOKEN_REQUEST_URL: tokenRequestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken }),
    mint,
    verify,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Re-exported for tests that need to check a JWK-published key directly. */
export function jwkToKeyObject(jwk: JsonWebKey): KeyObject {
  return createPublicKey({ key: jwk, format: 'jwk' });
}

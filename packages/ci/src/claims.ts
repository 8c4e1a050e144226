/**
 * Verifies an OIDC identity token (a JWT) before any of its claims are used: keys from the issuer's JWKS (found
 * through /.well-known/openid-configuration), RS256 or ES256 signatures through node:crypto, then iss, aud, exp and
 * nbf. Only then are claims returned. The token itself is a secret: it is registered for masking and never appears
 * in an error message.
 */
import { createPublicKey, verify as cryptoVerify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { LimitError, addSecret, describeCause } from '@custody/core';
import { fetchJsonBounded, type BoundedJsonResult } from './fetch.js';
import { IdTokenError } from './errors.js';

export type JwtClaims = Record<string, unknown> & {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
};

export interface VerifyIdTokenOptions {
  /** The issuer the token must come from, e.g. https://token.actions.githubusercontent.com */
  issuer: string;
  /** The audience the token must carry. */
  audience: string;
  /** fetch implementation (tests pass a loopback one; defaults to the global fetch). */
  fetch?: typeof fetch;
  /** Seconds since 1970, default: the system clock. */
  now?: number;
  /** Allowed clock skew in seconds for exp and nbf (default 60). */
  leewaySeconds?: number;
}

interface Jwk extends JsonWebKey {
  kid?: string;
  alg?: string;
  use?: string;
}

const SUPPORTED = new Set(['RS256', 'ES256']);

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

function checkHttps(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new IdTokenError('OIDC_ISSUER_INVALID', `the ${what} "${raw}" is not a URL.`, { hint: 'Give the issuer as an https:// URL.' });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw new IdTokenError('OIDC_ISSUER_INSECURE', `the ${what} ${raw} is not https.`, {
      hint: 'OIDC discovery and keys must be fetched over https (plain http is allowed on loopback only, for tests).',
    });
  }
  return url;
}

export function decodeJwtParts(token: string): {
  header: Record<string, unknown>;
  claims: JwtClaims;
  signingInput: string;
  signature: Buffer;
} {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) {
    throw new IdTokenError('OIDC_TOKEN_MALFORMED', 'the identity token is not a compact JWT (three base64url parts).', {
      hint: 'Pass the raw ID token from the CI platform, not a file name or a JSON wrapper.',
    });
  }
  const [h, p, s] = parts as [string, string, string];
  let header: unknown;
  let claims: unknown;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    throw new IdTokenError('OIDC_TOKEN_MALFORMED', 'the identity token header or payload is not base64url JSON.', {
      hint: 'Pass the raw ID token from the CI platform.',
    });
  }
  if (!header || typeof header !== 'object' || Array.isArray(header) || !claims || typeof claims !== 'object' || Array.isArray(claims)) {
    throw new IdTokenError('OIDC_TOKEN_MALFORMED', 'the identity token header or payload is not a JSON object.', {
      hint: 'Pass the raw ID token.',
    });
  }
  return {
    header: header as Record<string, unknown>,
    claims: claims as JwtClaims,
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

async function getJson(fetcher: typeof fetch, url: string, what: string): Promise<Record<string, unknown>> {
  let res: BoundedJsonResult;
  try {
    // Bounded in time (connect, idle, 15 s overall) and size (1 MiB): see fetch.ts.
    res = await fetchJsonBounded(fetcher, url, { headers: { accept: 'application/json' }, redirect: 'error', timeoutMs: 15_000 });
  } catch (err) {
    if (err instanceof LimitError) throw err;
    throw new IdTokenError('OIDC_DISCOVERY_FAILED', `cannot fetch the ${what} ${url}: ${describeCause(err)}.`, {
      hint: 'Check that the issuer is reachable from this machine.',
      cause: err,
    });
  }
  if (!res.ok) {
    throw new IdTokenError('OIDC_DISCOVERY_FAILED', `the ${what} ${url} answered HTTP ${res.status}.`, { hint: 'Check the issuer URL.' });
  }
  const body = res.body;
  if (!body || typeof body !== 'object') {
    throw new IdTokenError('OIDC_DISCOVERY_FAILED', `the ${what} ${url} is not a JSON object.`, { hint: 'Check the issuer URL.' });
  }
  return body as Record<string, unknown>;
}

function keyFor(jwk: Jwk): KeyObject | undefined {
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    return undefined;
  }
}

function verifySignature(alg: string, key: KeyObject, signingInput: string, signature: Buffer): boolean {
  try {
    if (alg === 'RS256') return key.asymmetricKeyType === 'rsa' && cryptoVerify('sha256', Buffer.from(signingInput), key, signature);
    if (alg === 'ES256') {
      if (key.asymmetricKeyType !== 'ec' || signature.length !== 64) return false;
      return cryptoVerify('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }, signature);
    }
  } catch {
    return false;
  }
  return false;
}

/** Verifies the token and returns its claims; throws IdTokenError (exit 2) saying which check failed. */
export async function verifyIdTokenClaims(token: string, options: VerifyIdTokenOptions): Promise<JwtClaims> {
  addSecret(token.trim());
  const fetcher = options.fetch ?? fetch;
  const issuer = options.issuer.replace(/\/+$/, '');
  checkHttps(issuer, 'OIDC issuer');
  const { header, claims, signingInput, signature } = decodeJwtParts(token);
  const alg = String(header.alg);
  if (!SUPPORTED.has(alg)) {
    throw new IdTokenError('OIDC_TOKEN_ALGORITHM', `the identity token is signed with "${alg}"; only RS256 and ES256 are accepted.`, {
      hint: 'Use a token issued by the CI platform; unsigned (alg "none") and HMAC tokens are refused.',
    });
  }
  if (claims.iss !== issuer && claims.iss !== `${issuer}/`) {
    throw new IdTokenError('OIDC_ISSUER_MISMATCH', `the identity token was issued by "${String(claims.iss)}", not by ${issuer}.`, {
      hint: 'Request the token from the CI platform the build runs on, or set the expected issuer.',
    });
  }
  const discovery = await getJson(fetcher, `${issuer}/.well-known/openid-configuration`, 'OIDC discovery document');
  const advertised = String(discovery.issuer ?? '').replace(/\/+$/, '');
  if (advertised !== issuer) {
    throw new IdTokenError('OIDC_ISSUER_MISMATCH', `the discovery document of ${issuer} names issuer "${advertised}".`, {
      hint: 'The issuer URL must match the discovery document exactly.',
    });
  }
  if (typeof discovery.jwks_uri !== 'string') {
    throw new IdTokenError('OIDC_DISCOVERY_FAILED', `the discovery document of ${issuer} has no jwks_uri.`, {
      hint: 'Check the issuer URL.',
    });
  }
  checkHttps(discovery.jwks_uri, 'JWKS URL');
  const jwks = await getJson(fetcher, discovery.jwks_uri, 'JWKS');
  const keys = (Array.isArray(jwks.keys) ? jwks.keys : []) as Jwk[];
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const kty = alg === 'RS256' ? 'RSA' : 'EC';
  const candidates = keys.filter(
    (k) => k && k.kty === kty && (kid === undefined || k.kid === kid) && (k.use === undefined || k.use === 'sig'),
  );
  if (candidates.length === 0) {
    throw new IdTokenError('OIDC_KEY_NOT_FOUND', `no ${alg} key${kid ? ` with kid "${kid}"` : ''} in the JWKS of ${issuer}.`, {
      hint: 'The token was not signed by this issuer, or its keys rotated; request a fresh token.',
    });
  }
  const ok = candidates.some((jwk) => {
    const key = keyFor(jwk);
    return key !== undefined && verifySignature(alg, key, signingInput, signature);
  });
  if (!ok) {
    throw new IdTokenError('OIDC_SIGNATURE_INVALID', `the identity token signature does not verify against the JWKS of ${issuer}.`, {
      hint: 'The token was forged or altered; request a fresh token from the CI platform.',
    });
  }
  const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!auds.includes(options.audience)) {
    throw new IdTokenError(
      'OIDC_AUDIENCE_MISMATCH',
      `the identity token audience ${JSON.stringify(claims.aud)} does not include "${options.audience}".`,
      {
        hint: `Request the token with audience "${options.audience}".`,
      },
    );
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const leeway = options.leewaySeconds ?? 60;
  if (typeof claims.exp !== 'number' || claims.exp + leeway <= now) {
    throw new IdTokenError('OIDC_TOKEN_EXPIRED', 'the identity token has expired (or has no exp claim).', {
      hint: 'Request a fresh token right before running custody; CI tokens live for minutes.',
    });
  }
  if (typeof claims.nbf === 'number' && claims.nbf - leeway > now) {
    throw new IdTokenError('OIDC_TOKEN_NOT_YET_VALID', 'the identity token is not valid yet (nbf is in the future).', {
      hint: "Check this machine's clock.",
    });
  }
  return claims;
}

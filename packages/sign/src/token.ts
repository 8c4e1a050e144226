/**
 * Local checks on an OIDC identity token before it is sent to Fulcio, so that a malformed or expired token gets a
 * clear message instead of a 401. The token is a secret: it never appears in a message. (Fulcio verifies the
 * signature; nothing here trusts the claims beyond choosing the proof-of-possession subject and printing the issuer.)
 */
import { addSecret } from '@custody/core';
import { SignInputError } from './errors.js';

export interface TokenClaims {
  iss: string;
  sub?: string;
  email?: string;
  email_verified?: boolean;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  [claim: string]: unknown;
}

export interface InspectedToken {
  claims: TokenClaims;
  /** What Fulcio expects signed as the proof of possession: the email for email tokens, else `sub`. */
  subject: string;
  issuer: string;
  expiresAt: Date | undefined;
  /** Things that may make Fulcio refuse the token (audience), for the log. */
  warnings: string[];
}

const HINT_SOURCE =
  'Pass the raw OIDC ID token (three base64url parts separated by dots) with --identity-token or SIGSTORE_ID_TOKEN, let Custody fetch one from the CI platform, or sign with --key.';

export function inspectIdentityToken(
  token: string,
  options: { now?: Date; audience?: string; leewaySeconds?: number } = {},
): InspectedToken {
  addSecret(token);
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => p === '' || !/^[A-Za-z0-9_-]+$/.test(p))) {
    throw new SignInputError('SIGN_TOKEN_MALFORMED', 'the identity token is not a JWT.', { hint: HINT_SOURCE });
  }
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    throw new SignInputError('SIGN_TOKEN_MALFORMED', 'the identity token is not a JWT: its payload is not base64url JSON.', {
      hint: HINT_SOURCE,
    });
  }
  if (!claims || typeof claims !== 'object' || typeof claims.iss !== 'string' || !claims.iss) {
    throw new SignInputError('SIGN_TOKEN_MALFORMED', 'the identity token has no issuer (iss) claim.', { hint: HINT_SOURCE });
  }
  const now = (options.now ?? new Date()).getTime() / 1000;
  const leeway = options.leewaySeconds ?? 30;
  const expiresAt = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined;
  if (typeof claims.exp === 'number' && claims.exp + leeway <= now) {
    const ago = Math.round(now - claims.exp);
    throw new SignInputError(
      'SIGN_TOKEN_EXPIRED',
      `the identity token from ${claims.iss} expired at ${expiresAt!.toISOString()} (${ago} s ago).`,
      { hint: 'OIDC tokens live minutes: request a fresh one right before signing (in CI, let Custody fetch it), or sign with --key.' },
    );
  }
  if (typeof claims.nbf === 'number' && claims.nbf - leeway > now) {
    throw new SignInputError(
      'SIGN_TOKEN_NOT_YET_VALID',
      `the identity token from ${claims.iss} is not valid before ${new Date(claims.nbf * 1000).toISOString()}.`,
      {
        hint: "Check this machine's clock.",
      },
    );
  }
  const audience = options.audience ?? 'sigstore';
  const auds = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
  const warnings: string[] = [];
  // Not an error: some issuers (CircleCI's v2 token) carry their own audience and Fulcio is configured for it.
  if (!auds.includes(audience)) {
    warnings.push(
      `the identity token's audience is ${JSON.stringify(claims.aud ?? null)}, not "${audience}"; Fulcio may refuse it (request the token with audience "${audience}").`,
    );
  }
  let subject: string | undefined;
  if (typeof claims.email === 'string' && claims.email) {
    if (claims.email_verified === false) {
      throw new SignInputError('SIGN_TOKEN_EMAIL_UNVERIFIED', `the identity token's email is not verified by ${claims.iss}.`, {
        hint: 'Verify the email address with the identity provider, or use a workload identity token.',
      });
    }
    subject = claims.email;
  } else if (typeof claims.sub === 'string' && claims.sub) subject = claims.sub;
  if (!subject)
    throw new SignInputError('SIGN_TOKEN_MALFORMED', 'the identity token has neither an email nor a sub claim.', { hint: HINT_SOURCE });
  return { claims, subject, issuer: claims.iss, expiresAt, warnings };
}

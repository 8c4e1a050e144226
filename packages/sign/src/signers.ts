/**
 * The two signers plugged into @sigstore/sign's DSSEBundleBuilder:
 * - KeySigner: a long-lived key (the bundle carries the public-key hint);
 * - FulcioKeylessSigner: an ephemeral P-256 key certified by Fulcio for the OIDC identity (proof of possession =
 *   the token subject signed with the ephemeral key). The token never appears in an error.
 */
import { X509Certificate, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import type { Logger } from '@custody/core';
import type { Signature, Signer } from '@sigstore/sign';
import { SignInputError, SigningServiceError } from './errors.js';
import { callService, type RetryPolicy } from './http.js';
import { signWithKey, type SigningKey } from './keys.js';
import { inspectIdentityToken } from './token.js';

export class KeySigner implements Signer {
  constructor(private readonly key: SigningKey) {}
  async sign(data: Buffer): Promise<Signature> {
    return {
      signature: signWithKey(this.key, data),
      key: { $case: 'publicKey', publicKey: this.key.publicKeyPem, hint: this.key.keyId },
    };
  }
}

export interface CertifiedIdentity {
  /** The certificate's subject alternative name (URI or email). */
  san: string;
  /** The OIDC issuer of the token Fulcio certified. */
  issuer: string;
  certificatePem: string;
}

function sanOf(cert: X509Certificate): string {
  const raw = cert.subjectAltName ?? '';
  const m = /(?:URI|email):([^,]+)/.exec(raw);
  return m ? m[1]!.trim() : raw;
}

export class FulcioKeylessSigner implements Signer {
  /** Set after sign(): what Fulcio certified. */
  identity: CertifiedIdentity | undefined;

  constructor(
    private readonly fulcioUrl: string,
    private readonly token: string,
    private readonly policy: RetryPolicy,
    private readonly logger?: Logger,
  ) {}

  async sign(data: Buffer): Promise<Signature> {
    const inspected = inspectIdentityToken(this.token);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const proof = cryptoSign('sha256', Buffer.from(inspected.subject), privateKey);
    const url = `${this.fulcioUrl.replace(/\/+$/, '')}/api/v2/signingCert`;
    const res = await callService(
      {
        service: 'Fulcio',
        url,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          credentials: { oidcIdentityToken: this.token },
          publicKeyRequest: { publicKey: { algorithm: 'ECDSA', content: publicPem }, proofOfPossession: proof.toString('base64') },
        }),
        explain: (status, message) =>
          status === 401 || status === 403
            ? {
                code: 'SIGN_TOKEN_REFUSED',
                message: `Fulcio at ${url} refused the identity token from ${inspected.issuer} (HTTP ${status}${message ? `: ${message}` : ''}).`,
                hint: 'The token must be fresh, have audience "sigstore", and come from an issuer this Fulcio trusts. Request a new token, check the issuer, or sign with --key.',
              }
            : undefined,
      },
      this.policy,
      this.logger,
    );
    let chain: string[] | undefined;
    try {
      const body = JSON.parse(res.body.toString('utf8')) as {
        signedCertificateEmbeddedSct?: { chain?: { certificates?: string[] } };
        signedCertificateDetachedSct?: { chain?: { certificates?: string[] } };
      };
      chain = (body.signedCertificateEmbeddedSct ?? body.signedCertificateDetachedSct)?.chain?.certificates;
    } catch {
      chain = undefined;
    }
    const leaf = chain?.[0];
    if (!leaf) {
      throw new SigningServiceError('Fulcio', url, 'SIGN_SERVICE_BAD_RESPONSE', `Fulcio at ${url} answered without a certificate chain.`, {
        hint: 'Check that the URL is a Fulcio v2 API (…/api/v2/signingCert).',
      });
    }
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(leaf);
    } catch (err) {
      throw new SigningServiceError(
        'Fulcio',
        url,
        'SIGN_SERVICE_BAD_RESPONSE',
        `Fulcio at ${url} answered with a certificate that does not parse.`,
        { cause: err },
      );
    }
    if (!cert.publicKey.equals(publicKey)) {
      throw new SigningServiceError(
        'Fulcio',
        url,
        'SIGN_SERVICE_BAD_RESPONSE',
        `Fulcio at ${url} certified a different public key than the one sent.`,
        {
          hint: 'Do not sign through this service; check the URL.',
        },
      );
    }
    this.identity = { san: sanOf(cert), issuer: inspected.issuer, certificatePem: leaf };
    return {
      signature: cryptoSign('sha256', data, privateKey),
      key: { $case: 'x509Certificate', certificate: leaf },
    };
  }
}

/** Thrown by the command layer when neither a key nor a token is available. */
export function noCredentialsError(hint: string): SignInputError {
  return new SignInputError('SIGN_NO_CREDENTIALS', 'no signing key and no OIDC identity token: nothing to sign with.', { hint });
}

/**
 * The signers plugged into @sigstore/sign's DSSEBundleBuilder:
 * - KeySigner: a long-lived key (the bundle carries the public-key hint);
 * - RemoteKeyBundleSigner: the same, with the key held by a KMS or Vault (kms/signer.ts);
 * - FulcioKeylessSigner: an ephemeral P-256 key certified by Fulcio for the OIDC identity (proof of possession =
 *   the token subject signed with the ephemeral key), reused for many signatures while the certificate is valid.
 *   The token never appears in an error.
 */
import { X509Certificate, generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import type { Logger } from '@custody/core';
import type { Signature, Signer } from '@sigstore/sign';
import { SignInputError, SigningServiceError } from './errors.js';
import { callService, type RetryPolicy } from './http.js';
import { signWithKey, type SigningKey } from './keys.js';
import type { RemoteSigningKey } from './kms/signer.js';
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

/** A key held by a service (packages/sign/src/kms): the service signs; the bundle carries the same hint as a file key's. */
export class RemoteKeyBundleSigner implements Signer {
  constructor(private readonly key: RemoteSigningKey) {}
  async sign(data: Buffer): Promise<Signature> {
    return {
      signature: await this.key.signer.sign(data),
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

/** How the keyless signer gets its token: the token itself, or a function asked at each certificate request. */
export type IdentityTokenSupply = string | (() => Promise<string>);

export interface KeylessSignerOptions {
  /** The clock that decides when the certificate must be renewed, in ms (default Date.now). */
  now?: () => number;
  /**
   * Renew this long before the certificate's validity ends, measured on the local clock from when it arrived
   * (default: 60 s, or a tenth of the validity when that is shorter), so that the log entry and the timestamps of
   * the last signature still fall within it.
   */
  renewMarginMs?: number;
}

interface HeldCertificate {
  privateKey: KeyObject;
  leaf: string;
  /** Local time (ms) from which the next signature needs a new certificate. */
  renewAt: number;
}

/**
 * Keyless signing through Fulcio, one certificate for many signatures: the first sign() generates an ephemeral
 * P-256 key and has Fulcio certify it for the token's identity; later calls sign with the same key while the
 * certificate is valid (as GitHub's actions do for many subjects), and get a new key and certificate once it is
 * about to expire. Concurrent calls share one request. The private key never leaves this object.
 */
export class FulcioKeylessSigner implements Signer {
  /** Set after sign(): what Fulcio certified. */
  identity: CertifiedIdentity | undefined;
  /** Certificates Fulcio issued to this signer so far (one per ephemeral key). */
  certificates = 0;
  private held: HeldCertificate | undefined;
  private pending: Promise<HeldCertificate> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly fulcioUrl: string,
    private readonly token: IdentityTokenSupply,
    private readonly policy: RetryPolicy,
    private readonly logger?: Logger,
    private readonly options: KeylessSignerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async sign(data: Buffer): Promise<Signature> {
    const cert = this.held && this.now() < this.held.renewAt ? this.held : await this.renew();
    return {
      signature: cryptoSign('sha256', data, cert.privateKey),
      key: { $case: 'x509Certificate', certificate: cert.leaf },
    };
  }

  /** One certificate request at a time; callers waiting on it all sign with what it brings. */
  private renew(): Promise<HeldCertificate> {
    this.pending ??= this.requestCertificate().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async requestCertificate(): Promise<HeldCertificate> {
    const token = typeof this.token === 'string' ? this.token : await this.token();
    const inspected = inspectIdentityToken(token);
    if (this.held) this.logger?.info('the signing certificate is about to expire: requesting a new one from Fulcio');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const proof = cryptoSign('sha256', Buffer.from(inspected.subject), privateKey);
    const url = `${this.fulcioUrl.replace(/\/+$/, '')}/api/v2/signingCert`;
    // The validity is counted from before the request: Fulcio's notBefore is no earlier than this moment.
    const requested = this.now();
    const res = await callService(
      {
        service: 'Fulcio',
        url,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          credentials: { oidcIdentityToken: token },
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
    // Measured on the local clock: a clock that differs from Fulcio's does not shorten or stretch the validity.
    const validityMs = Math.max(0, Date.parse(cert.validTo) - Date.parse(cert.validFrom));
    const margin = this.options.renewMarginMs ?? Math.min(60_000, validityMs / 10);
    this.held = { privateKey, leaf, renewAt: requested + validityMs - margin };
    this.certificates++;
    return this.held;
  }
}

/** Thrown by the command layer when neither a key nor a token is available. */
export function noCredentialsError(hint: string): SignInputError {
  return new SignInputError('SIGN_NO_CREDENTIALS', 'no signing key and no OIDC identity token: nothing to sign with.', { hint });
}

/**
 * Statement -> DSSE envelope (payload type application/vnd.in-toto+json) -> Sigstore bundle v0.3, through
 * @sigstore/sign's DSSEBundleBuilder with Custody's signers and witnesses (retrying, error-naming HTTP). One payload
 * (signStatement) or many with the same credentials (createStatementSigner: one key load, one keyless certificate).
 */
import { INTOTO_PAYLOAD_TYPE, MEDIA_SIGSTORE_BUNDLE_V03, canonicalJson, type Logger, type Statement } from '@custody/core';
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle';
import { DSSEBundleBuilder, type Witness } from '@sigstore/sign';
import { SignInputError } from './errors.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './http.js';
import type { SigningInstance } from './instance.js';
import type { SigningKey } from './keys.js';
import type { RemoteSigningKey } from './kms/signer.js';
import {
  FulcioKeylessSigner,
  KeySigner,
  RemoteKeyBundleSigner,
  type CertifiedIdentity,
  type IdentityTokenSupply,
  type KeylessSignerOptions,
} from './signers.js';
import { inspectIdentityToken } from './token.js';
import { RekorV1Witness, TsaWitness, type LoggedEntry } from './witnesses.js';

/** The media type of the bundles written here (@custody/core's constant). */
export const BUNDLE_MEDIA_TYPE_V03 = MEDIA_SIGSTORE_BUNDLE_V03;

export interface SignOptions {
  /** Key-based signing: a key file's key, or a key in a service (a KMS, Vault). Exactly one of key / identityToken. */
  key?: SigningKey | RemoteSigningKey;
  /**
   * Keyless signing: an OIDC token with audience "sigstore", or a function asked for one at each certificate
   * request (a batch that outlasts a certificate may need a fresh token for the next).
   */
  identityToken?: IdentityTokenSupply;
  instance: SigningInstance;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  /** Default application/vnd.in-toto+json. */
  payloadType?: string;
  /** For token expiry checks (default: now). */
  now?: Date;
  /** Keyless: when the certificate is renewed (see KeylessSignerOptions). */
  certificate?: KeylessSignerOptions;
}

export interface SignResult {
  bundle: SerializedBundle;
  /** The bundle as written to a .sigstore.json file (compact JSON, one line, trailing newline). */
  bundleJson: string;
  mediaType: string;
  /** Keyless: what Fulcio certified. */
  identity?: { san: string; issuer: string };
  /** Key-based: the key id (bundle hint). */
  keyId?: string;
  tlogEntries: LoggedEntry[];
  /** RFC 3161 timestamps in the bundle. */
  timestamps: number;
  instance: SigningInstance;
}

/**
 * Signs many payloads with one set of credentials: the key is loaded once; keyless, one ephemeral key and one
 * Fulcio certificate serve every signature while the certificate is valid (a new one when it is about to expire).
 * Each payload gets its own DSSE signature, and its own log entry and timestamps where the instance has them.
 */
export interface StatementSigner {
  signPayload(payload: Buffer): Promise<SignResult>;
  /** Signs an in-toto Statement v1 (serialized as canonical JSON). */
  signStatement(statement: Statement): Promise<SignResult>;
  /** Keyless: the certificates Fulcio issued so far (0 with a key). */
  readonly certificates: number;
}

export function createStatementSigner(options: SignOptions): StatementSigner {
  const { instance, logger } = options;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  if (options.key && options.identityToken) {
    throw new SignInputError('SIGN_CREDENTIALS_CONFLICT', 'both a signing key and an identity token were given.', {
      hint: 'Use --key for key-based signing or an OIDC token for keyless signing, not both.',
    });
  }
  let signer: KeySigner | RemoteKeyBundleSigner | FulcioKeylessSigner;
  if (options.key) signer = 'signer' in options.key ? new RemoteKeyBundleSigner(options.key) : new KeySigner(options.key);
  else if (options.identityToken) {
    if (!instance.fulcioUrl) {
      throw new SignInputError('SIGN_INSTANCE_INCOMPLETE', `keyless signing needs a Fulcio URL and ${instance.name} has none.`, {
        hint: 'Add --fulcio-url or use a signing config with caUrls.',
      });
    }
    if (typeof options.identityToken === 'string') {
      const inspected = inspectIdentityToken(options.identityToken, { ...(options.now ? { now: options.now } : {}) });
      for (const w of inspected.warnings) logger?.warn(w);
    }
    signer = new FulcioKeylessSigner(instance.fulcioUrl, options.identityToken, policy, logger, options.certificate);
  } else {
    throw new SignInputError('SIGN_NO_CREDENTIALS', 'no signing key and no OIDC identity token: nothing to sign with.', {
      hint: 'Pass --key FILE or an identity token.',
    });
  }
  const payloadType = options.payloadType ?? INTOTO_PAYLOAD_TYPE;
  const signPayload = async (payload: Buffer): Promise<SignResult> => {
    // Witnesses record what they did for one bundle: new ones per payload (the signer is shared).
    const rekor = instance.rekorUrl ? new RekorV1Witness(instance.rekorUrl, policy, logger) : undefined;
    const tsa = instance.tsaUrl ? new TsaWitness(instance.tsaUrl, policy, logger) : undefined;
    const witnesses: Witness[] = [rekor, tsa].filter((w): w is RekorV1Witness | TsaWitness => w !== undefined);
    const builder = new DSSEBundleBuilder({ signer, witnesses });
    const bundle = await builder.create({ data: payload, type: payloadType });
    const json = bundleToJSON(bundle);
    const identity: CertifiedIdentity | undefined = signer instanceof FulcioKeylessSigner ? signer.identity : undefined;
    return {
      bundle: json,
      bundleJson: `${JSON.stringify(json)}\n`,
      mediaType: json.mediaType,
      ...(identity ? { identity: { san: identity.san, issuer: identity.issuer } } : {}),
      ...(options.key ? { keyId: options.key.keyId } : {}),
      tlogEntries: rekor?.entries ?? [],
      timestamps: tsa?.timestamps.length ?? 0,
      instance,
    };
  };
  return {
    signPayload,
    signStatement: (statement) => signPayload(Buffer.from(canonicalJson(statement), 'utf8')),
    get certificates() {
      return signer instanceof FulcioKeylessSigner ? signer.certificates : 0;
    },
  };
}

/** One payload (a rejected promise, never a throw, for bad credentials). */
export async function signPayload(payload: Buffer, options: SignOptions): Promise<SignResult> {
  return createStatementSigner(options).signPayload(payload);
}

/** Signs an in-toto Statement v1 (serialized as canonical JSON). */
export function signStatement(statement: Statement, options: SignOptions): Promise<SignResult> {
  return signPayload(Buffer.from(canonicalJson(statement), 'utf8'), options);
}

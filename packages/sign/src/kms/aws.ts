/**
 * AWS KMS signer for `awskms://[ENDPOINT]/KEY_ID_OR_ARN_OR_ALIAS` (cosign's form), through the AWS SDK v3 KMS
 * client (@aws-sdk/client-kms, an optional dependency imported on use). Credentials, region and endpoint come from
 * the SDK's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profiles, instance roles; AWS_REGION or the ARN's
 * region; AWS_ENDPOINT_URL_KMS), or the URI's ENDPOINT (https). ECDSA P-256 keys sign the SHA-256 digest
 * (MessageType DIGEST, ECDSA_SHA_256); P-384 keys the SHA-256 padded to 48 bytes with ECDSA_SHA_384 (ECDSA P-384 with
 * SHA-256: algorithms.ts); RSA keys with RSASSA_PKCS1_V1_5_SHA_256, or RSASSA_PSS_SHA_256 when the key's
 * SigningAlgorithms offer PSS alone; Ed25519 keys the message (ED25519_SHA_512, RAW). Keys are created with CreateKey
 * (ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_EDWARDS25519 or RSA_3072; SIGN_VERIFY) and CreateAlias.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { addSecret } from '@custody/core';
import type * as Kms from '@aws-sdk/client-kms';
import { p384Sha256Digest } from './algorithms.js';
import { KeyServiceError } from './errors.js';
import {
  algorithmRefused,
  creationRefused,
  importSdk,
  keyIdOfPublicKey,
  type CreatedKey,
  type ServiceKey,
  type KeyServiceContext,
  type RemoteKeyAlgorithm,
} from './signer.js';

const SERVICE = 'AWS KMS';
const SDK = '@aws-sdk/client-kms';

export interface AwsKeyUri {
  endpoint: string | undefined;
  keyId: string;
  region: string | undefined;
}

/** awskms://[ENDPOINT]/KEY: a key id, an mrk- id, an alias/NAME or an ARN (key or alias). */
export function parseAwsUri(uri: string): AwsKeyUri {
  const m =
    /^awskms:\/\/([^/]*)\/((arn:aws[\w-]*:kms:([a-z0-9-]+):\d{12}:(?:key|alias)\/.+)|(alias\/[A-Za-z0-9/_-]+)|([0-9a-f-]{36})|(mrk-[0-9a-f]{32}))$/.exec(
      uri,
    );
  if (!m) {
    throw new KeyServiceError(SERVICE, uri, 'SIGN_KMS_URI_INVALID', `"${uri}" is not an AWS KMS key URI.`, {
      hint: 'Write awskms:///KEY_ID, awskms:///alias/NAME or awskms:///arn:aws:kms:REGION:ACCOUNT:key/ID (an endpoint may go between // and /).',
    });
  }
  return { endpoint: m[1] || undefined, keyId: m[2]!, region: m[4] };
}

/** Maps the SDK's errors to Custody's codes, naming the service and the key; never the request or credentials. */
function explain(err: unknown, uri: string, action: string): KeyServiceError {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? 'Error';
  const detail = (e.message ?? '').replace(/\s+/g, ' ').slice(0, 240);
  const said = `${name}${detail ? `: ${detail}` : ''}`;
  if (
    name === 'AccessDeniedException' ||
    name === 'UnrecognizedClientException' ||
    name === 'InvalidSignatureException' ||
    e.$metadata?.httpStatusCode === 403
  ) {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_PERMISSION_DENIED', `AWS KMS refused ${action} on key ${uri} (${said}).`, {
      hint: `The credentials need kms:${action} on the key (key policy or IAM policy); check the account, region and that the credentials are valid.`,
    });
  }
  if (name === 'NotFoundException') {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_KEY_NOT_FOUND', `AWS KMS has no key ${uri} (${said}).`, {
      hint: "Check the key id, alias or ARN and the region (AWS_REGION, or the ARN's), or make the key with custody keys generate --kms awskms:///alias/NAME.",
    });
  }
  if (name === 'InvalidKeyUsageException' || name === 'KMSInvalidStateException' || name === 'DisabledException') {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_KEY_USAGE', `AWS KMS key ${uri} cannot sign (${said}).`, {
      hint: 'Use an enabled asymmetric key with key usage SIGN_VERIFY (key spec ECC_NIST_P256).',
    });
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials|Region is missing/i.test(detail)) {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_CREDENTIALS_MISSING', `AWS KMS key ${uri} cannot be used: ${detail || name}.`, {
      hint: "Give the AWS SDK credentials and a region: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or a profile, or the CI's role) and AWS_REGION.",
    });
  }
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|TimeoutError|socket hang up/i.test(`${name} ${e.code ?? ''} ${detail}`)) {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_UNREACHABLE', `AWS KMS cannot be reached for key ${uri} (${said}).`, {
      hint: "Check the network, the region and any endpoint (the URI's, or AWS_ENDPOINT_URL_KMS).",
    });
  }
  return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_FAILED', `AWS KMS failed ${action} on key ${uri} (${said}).`, {
    hint: 'Retry later; if it persists, check the key in the AWS console.',
  });
}

class AwsSigner implements ServiceKey {
  readonly service = SERVICE;
  algorithm: RemoteKeyAlgorithm | undefined;
  private key: KeyObject | undefined;
  private client: Promise<{ sdk: typeof Kms; client: Kms.KMSClient }> | undefined;
  readonly parsed: AwsKeyUri;
  constructor(
    readonly uri: string,
    private readonly ctx: KeyServiceContext,
  ) {
    this.parsed = parseAwsUri(uri);
  }

  sdk(): Promise<{ sdk: typeof Kms; client: Kms.KMSClient }> {
    this.client ??= (async () => {
      // The SDK reads these itself; registered so that no log line or error of Custody's can print them.
      addSecret(this.ctx.env.AWS_SECRET_ACCESS_KEY);
      addSecret(this.ctx.env.AWS_SESSION_TOKEN);
      const sdk = await importSdk<typeof Kms>(SDK, SERVICE, this.uri, this.ctx.cwd);
      // The settings Custody was given (its env, which a test or an embedding may set apart from process.env) go
      // to the SDK; what is absent there is left to the SDK's own chain (process env, profiles, instance roles).
      const env = this.ctx.env;
      const endpoint = this.parsed.endpoint ? `https://${this.parsed.endpoint}` : env.AWS_ENDPOINT_URL_KMS || env.AWS_ENDPOINT_URL;
      const region = this.parsed.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION);
      const client = new sdk.KMSClient({
        ...(region ? { region } : {}),
        ...(endpoint ? { endpoint } : {}),
        ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
          ? {
              credentials: {
                accessKeyId: env.AWS_ACCESS_KEY_ID,
                secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
                ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
              },
            }
          : {}),
        ...(env.AWS_MAX_ATTEMPTS ? { maxAttempts: Number(env.AWS_MAX_ATTEMPTS) } : {}),
      });
      return { sdk, client };
    })();
    return this.client;
  }

  async send<T>(action: string, make: (sdk: typeof Kms) => unknown): Promise<T> {
    const { sdk, client } = await this.sdk();
    try {
      // One generic call for the few commands used here; each call site names its output type.
      return (await (client.send as (command: unknown) => Promise<unknown>).call(client, make(sdk))) as T;
    } catch (err) {
      throw explain(err, this.uri, action);
    }
  }

  async publicKey(): Promise<KeyObject> {
    if (this.key) return this.key;
    const out = await this.send<Kms.GetPublicKeyCommandOutput>(
      'GetPublicKey',
      (sdk) => new sdk.GetPublicKeyCommand({ KeyId: this.parsed.keyId }),
    );
    if (out.KeyUsage && out.KeyUsage !== 'SIGN_VERIFY') {
      throw new KeyServiceError(
        SERVICE,
        this.uri,
        'SIGN_KMS_KEY_USAGE',
        `AWS KMS key ${this.uri} has key usage ${out.KeyUsage}, not SIGN_VERIFY.`,
        {
          hint: 'Use an asymmetric key made for signing (key usage SIGN_VERIFY, key spec ECC_NIST_P256 or ECC_NIST_P384).',
        },
      );
    }
    const spec = String(out.KeySpec ?? '');
    const offered = out.SigningAlgorithms ?? [];
    if (spec === 'ECC_NIST_P256') this.algorithm = 'ecdsa-p256-sha256';
    else if (spec === 'ECC_NIST_P384') this.algorithm = 'ecdsa-p384-sha256';
    else if (spec === 'ECC_NIST_EDWARDS25519') this.algorithm = 'ed25519';
    else if (/^RSA_\d+$/.test(spec)) {
      // PKCS#1 v1.5 where the key offers it (every KMS RSA signing key does); PSS SHA-256 where that is all it offers.
      if (offered.length === 0 || offered.includes('RSASSA_PKCS1_V1_5_SHA_256')) this.algorithm = 'rsa-pkcs1-sha256';
      else if (offered.includes('RSASSA_PSS_SHA_256')) this.algorithm = 'rsa-pss-sha256';
      else throw algorithmRefused(SERVICE, this.uri, `${spec} with ${offered.join(', ')}`);
    } else throw algorithmRefused(SERVICE, this.uri, `key spec ${spec || 'unknown'}`);
    if (!out.PublicKey) throw new KeyServiceError(SERVICE, this.uri, 'SIGN_KMS_FAILED', `AWS KMS gave no public key for ${this.uri}.`);
    this.key = createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' });
    return this.key;
  }

  async sign(data: Buffer): Promise<Buffer> {
    if (!this.algorithm) await this.publicKey();
    const algorithm = this.algorithm!;
    const ed = algorithm === 'ed25519';
    const out = await this.send<Kms.SignCommandOutput>(
      'Sign',
      (sdk) =>
        new sdk.SignCommand({
          KeyId: this.parsed.keyId,
          Message: ed ? data : algorithm === 'ecdsa-p384-sha256' ? p384Sha256Digest(data) : createHash('sha256').update(data).digest(),
          MessageType: ed ? 'RAW' : 'DIGEST',
          SigningAlgorithm: SIGNING_ALGORITHMS[algorithm],
        }),
    );
    if (!out.Signature)
      throw new KeyServiceError(SERVICE, this.uri, 'SIGN_KMS_FAILED', `AWS KMS answered Sign for ${this.uri} without a signature.`);
    return Buffer.from(out.Signature);
  }
}

export function open(uri: string, ctx: KeyServiceContext): ServiceKey {
  return new AwsSigner(uri, ctx);
}

/** KMS's SigningAlgorithm for each algorithm (P-384: ECDSA_SHA_384 over the padded SHA-256, algorithms.ts). */
const SIGNING_ALGORITHMS: Record<RemoteKeyAlgorithm, Kms.SigningAlgorithmSpec> = {
  'ecdsa-p256-sha256': 'ECDSA_SHA_256',
  'ecdsa-p384-sha256': 'ECDSA_SHA_384',
  ed25519: 'ED25519_SHA_512',
  'rsa-pkcs1-sha256': 'RSASSA_PKCS1_V1_5_SHA_256',
  'rsa-pss-sha256': 'RSASSA_PSS_SHA_256',
};

const KEY_SPECS: Partial<Record<RemoteKeyAlgorithm, string>> = {
  'ecdsa-p256-sha256': 'ECC_NIST_P256',
  'ecdsa-p384-sha256': 'ECC_NIST_P384',
  ed25519: 'ECC_NIST_EDWARDS25519',
  'rsa-pkcs1-sha256': 'RSA_3072',
};

/** CreateKey + CreateAlias: the URI must name an alias (awskms:///alias/NAME), which the new key gets. */
export async function create(uri: string, ctx: KeyServiceContext, algorithm: RemoteKeyAlgorithm): Promise<CreatedKey> {
  const signer = new AwsSigner(uri, ctx);
  const alias = signer.parsed.keyId.startsWith('alias/') ? signer.parsed.keyId : undefined;
  if (!alias) {
    throw new KeyServiceError(SERVICE, uri, 'SIGN_KMS_URI_INVALID', `a new AWS KMS key needs an alias to be found by: ${uri} names none.`, {
      hint: 'Write awskms:///alias/NAME; KMS chooses the key id.',
    });
  }
  const spec = KEY_SPECS[algorithm];
  if (!spec) throw creationRefused(SERVICE, uri, algorithm, Object.keys(KEY_SPECS) as RemoteKeyAlgorithm[]);
  const made = await signer.send<Kms.CreateKeyCommandOutput>(
    'CreateKey',
    (sdk) => new sdk.CreateKeyCommand({ KeySpec: spec as Kms.KeySpec, KeyUsage: 'SIGN_VERIFY', Description: 'Custody signing key' }),
  );
  const keyId = made.KeyMetadata?.KeyId;
  if (!keyId) throw new KeyServiceError(SERVICE, uri, 'SIGN_KMS_FAILED', `AWS KMS answered CreateKey for ${uri} without a key id.`);
  await signer.send('CreateAlias', (sdk) => new sdk.CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
  const key = await signer.publicKey();
  return {
    uri,
    algorithm: signer.algorithm!,
    publicKeyPem: key.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOfPublicKey(key),
  };
}

/**
 * Azure Key Vault signer for `azurekms://VAULT_HOST/KEY[/VERSION]` (cosign's form, e.g.
 * azurekms://myvault.vault.azure.net/release), through @azure/keyvault-keys (KeyClient.getKey for the public key,
 * CryptographyClient.sign with the SHA-256 digest) and @azure/identity's DefaultAzureCredential (environment service
 * principal, workload identity as CI's azure/login sets it up, managed identity, the Azure CLI;
 * AZURE_TOKEN_CREDENTIALS narrows the chain), both optional dependencies imported on use. The vault is always
 * reached over https and the SDK's check that the vault's authentication challenge names a Key Vault resource of
 * the vault's own domain stays on. EC P-256 keys sign with ES256; EC P-384 keys with ES384 over the SHA-256 padded to
 * 48 bytes (ECDSA P-384 with SHA-256: algorithms.ts); RSA keys with RS256 (every Key Vault RSA key can, so PS256 is
 * never the only choice and is not used). Key Vault returns ECDSA signatures as r||s, which are turned into DER for
 * the DSSE envelope. `keys generate --kms azurekms://VAULT/NAME` makes an EC P-256 (or P-384) key
 * (KeyClient.createEcKey, key_ops sign and verify); Key Vault has no Ed25519 keys.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type * as Identity from '@azure/identity';
import type * as KeyVault from '@azure/keyvault-keys';
import { p384Sha256Digest } from './algorithms.js';
import { KeyServiceError } from './errors.js';
import {
  algorithmRefused,
  creationRefused,
  importSdk,
  keyIdOfPublicKey,
  type CreatedKey,
  type KeyServiceContext,
  type RemoteKeyAlgorithm,
  type ServiceKey,
} from './signer.js';

const SERVICE = 'Azure Key Vault';

export interface AzureKeyUri {
  vaultUrl: string;
  name: string;
  version: string | undefined;
}

export function parseAzureUri(uri: string): AzureKeyUri {
  const m = /^azurekms:\/\/([A-Za-z0-9.-]+(?::\d+)?)\/([A-Za-z0-9-]{1,127})(?:\/([A-Za-z0-9]{1,64}))?$/.exec(uri);
  if (!m) {
    throw new KeyServiceError(SERVICE, uri, 'SIGN_KMS_URI_INVALID', `"${uri}" is not an Azure Key Vault key URI.`, {
      hint: 'Write azurekms://VAULT.vault.azure.net/KEY (or …/KEY/VERSION).',
    });
  }
  return { vaultUrl: `https://${m[1]}`, name: m[2]!, version: m[3] };
}

/** Key Vault's ECDSA signature (r||s, JOSE form) as the DER SEQUENCE of two INTEGERs that verifiers expect. */
export function joseToDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  const int = (b: Buffer) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    let v = b.subarray(i);
    if (v[0]! & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** Maps the SDKs' errors (RestError with the HTTP status and Key Vault's error code, identity errors). */
function explain(err: unknown, uri: string, action: string): KeyServiceError {
  if (err instanceof KeyServiceError) return err;
  const e = err as { name?: string; code?: string; statusCode?: number; message?: string };
  const detail = (e.message ?? String(err)).replace(/\s+/g, ' ').slice(0, 240);
  const said = `${e.code && !detail.includes(e.code) ? `${e.code}: ` : ''}${detail}`;
  if (e.name === 'CredentialUnavailableError' || e.name === 'AggregateAuthenticationError' || e.name === 'AuthenticationError') {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_CREDENTIALS_MISSING', `Azure Key Vault key ${uri} cannot be used: ${said}.`, {
      hint: 'Give Azure credentials: AZURE_CLIENT_ID/AZURE_TENANT_ID with a secret or workload identity (azure/login in CI), a managed identity, or az login.',
    });
  }
  if (e.statusCode === 401 || e.statusCode === 403) {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_PERMISSION_DENIED', `Azure Key Vault refused ${action} on key ${uri} (${said}).`, {
      hint: 'The identity needs keys/get and keys/sign on the key (the "Key Vault Crypto User" role, or an access policy).',
    });
  }
  if (e.statusCode === 404) {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_KEY_NOT_FOUND', `Azure Key Vault has no key ${uri} (${said}).`, {
      hint: 'Check the vault host, the key name and version (az keyvault key list --vault-name VAULT).',
    });
  }
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|socket hang up/i.test(`${e.code ?? ''} ${detail}`)) {
    return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_UNREACHABLE', `Azure Key Vault cannot be reached for key ${uri} (${said}).`, {
      hint: 'Check the network and the vault host in the URI.',
    });
  }
  return new KeyServiceError(SERVICE, uri, 'SIGN_KMS_FAILED', `Azure Key Vault failed ${action} on key ${uri} (${said}).`, {
    hint: 'Retry later; if it persists, check the key in the Azure portal.',
  });
}

class AzureSigner implements ServiceKey {
  readonly service = SERVICE;
  algorithm: RemoteKeyAlgorithm | undefined;
  private key: KeyObject | undefined;
  private keyId: string | undefined;
  private loaded: Promise<{ keys: typeof KeyVault; credential: Identity.TokenCredential }> | undefined;
  readonly parsed: AzureKeyUri;
  constructor(
    readonly uri: string,
    private readonly ctx: KeyServiceContext,
  ) {
    this.parsed = parseAzureUri(uri);
  }

  sdk() {
    this.loaded ??= (async () => {
      const keys = await importSdk<typeof KeyVault>('@azure/keyvault-keys', SERVICE, this.uri, this.ctx.cwd);
      const identity = await importSdk<typeof Identity>('@azure/identity', SERVICE, this.uri, this.ctx.cwd);
      return { keys, credential: new identity.DefaultAzureCredential() };
    })();
    return this.loaded;
  }

  async call<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw explain(err, this.uri, action);
    }
  }

  async publicKey(): Promise<KeyObject> {
    if (this.key) return this.key;
    const { keys, credential } = await this.sdk();
    const client = new keys.KeyClient(this.parsed.vaultUrl, credential);
    const got = await this.call('get key', () =>
      client.getKey(this.parsed.name, this.parsed.version ? { version: this.parsed.version } : {}),
    );
    const jwk = got.key;
    if (!jwk || !got.id)
      throw new KeyServiceError(SERVICE, this.uri, 'SIGN_KMS_FAILED', `Azure Key Vault gave no key material for ${this.uri}.`);
    if (got.properties.enabled === false || (jwk.keyOps && !jwk.keyOps.includes('sign'))) {
      throw new KeyServiceError(
        SERVICE,
        this.uri,
        'SIGN_KMS_KEY_USAGE',
        `Azure Key Vault key ${this.uri} cannot sign (${got.properties.enabled === false ? 'disabled' : `operations: ${jwk.keyOps!.join(', ') || 'none'}`}).`,
        {
          hint: 'Use an enabled EC P-256 or P-384 key whose permitted operations include sign.',
        },
      );
    }
    const b64 = (v: Uint8Array | undefined) => Buffer.from(v ?? []).toString('base64url');
    const kty = String(jwk.kty ?? '').replace(/-HSM$/, '');
    if (kty === 'EC' && (jwk.crv === 'P-256' || jwk.crv === 'P-384')) {
      this.algorithm = jwk.crv === 'P-256' ? 'ecdsa-p256-sha256' : 'ecdsa-p384-sha256';
      this.key = createPublicKey({ key: { kty: 'EC', crv: jwk.crv, x: b64(jwk.x), y: b64(jwk.y) }, format: 'jwk' });
    } else if (kty === 'RSA') {
      this.algorithm = 'rsa-pkcs1-sha256';
      this.key = createPublicKey({ key: { kty: 'RSA', n: b64(jwk.n), e: b64(jwk.e) }, format: 'jwk' });
    } else {
      throw algorithmRefused(SERVICE, this.uri, `key type ${jwk.kty ?? 'unknown'}${jwk.crv ? ` ${jwk.crv}` : ''}`);
    }
    this.keyId = got.id;
    return this.key;
  }

  async sign(data: Buffer): Promise<Buffer> {
    if (!this.algorithm) await this.publicKey();
    const { keys, credential } = await this.sdk();
    // The versioned key id getKey answered: the signature is made by the key whose public key the bundle names.
    const crypto = new keys.CryptographyClient(this.keyId!, credential);
    const p384 = this.algorithm === 'ecdsa-p384-sha256';
    const ec = p384 || this.algorithm === 'ecdsa-p256-sha256';
    const digest = p384 ? p384Sha256Digest(data) : createHash('sha256').update(data).digest();
    const alg = p384 ? 'ES384' : ec ? 'ES256' : 'RS256';
    const out = await this.call('sign', () => crypto.sign(alg, digest));
    if (!out.result?.length)
      throw new KeyServiceError(SERVICE, this.uri, 'SIGN_KMS_FAILED', `Azure Key Vault answered sign for ${this.uri} without a signature.`);
    const signature = Buffer.from(out.result);
    if (!ec) return signature;
    if (signature.length !== (p384 ? 96 : 64)) {
      throw new KeyServiceError(
        SERVICE,
        this.uri,
        'SIGN_KMS_FAILED',
        `Azure Key Vault answered an ${alg} signature of ${signature.length} bytes for ${this.uri}, not ${p384 ? 96 : 64}.`,
      );
    }
    return joseToDer(signature);
  }
}

export function open(uri: string, ctx: KeyServiceContext): ServiceKey {
  return new AzureSigner(uri, ctx);
}

/** KeyClient.createEcKey (P-256 or P-384, key_ops sign and verify; Key Vault makes no Ed25519 keys) under the URI's name; then the new key as any other. */
export async function create(uri: string, ctx: KeyServiceContext, algorithm: RemoteKeyAlgorithm): Promise<CreatedKey> {
  const signer = new AzureSigner(uri, ctx);
  if (signer.parsed.version) {
    throw new KeyServiceError(
      SERVICE,
      uri,
      'SIGN_KMS_URI_INVALID',
      `a new Azure Key Vault key is named without a version: ${uri} has one.`,
      {
        hint: 'Write azurekms://VAULT.vault.azure.net/NAME; Key Vault chooses the version.',
      },
    );
  }
  if (algorithm !== 'ecdsa-p256-sha256' && algorithm !== 'ecdsa-p384-sha256')
    throw creationRefused(SERVICE, uri, algorithm, ['ecdsa-p256-sha256', 'ecdsa-p384-sha256']);
  const { keys, credential } = await signer.sdk();
  const client = new keys.KeyClient(signer.parsed.vaultUrl, credential);
  const curve = algorithm === 'ecdsa-p256-sha256' ? 'P-256' : 'P-384';
  await signer.call('create key', () => client.createEcKey(signer.parsed.name, { curve, keyOps: ['sign', 'verify'] }));
  const key = await signer.publicKey();
  return {
    uri,
    algorithm: signer.algorithm!,
    publicKeyPem: key.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOfPublicKey(key),
  };
}

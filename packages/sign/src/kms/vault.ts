/**
 * HashiCorp Vault Transit signer for `hashivault://KEY`, through Vault's HTTP API (no SDK): VAULT_ADDR, VAULT_TOKEN
 * (sent as X-Vault-Token, registered as a secret and never printed), VAULT_NAMESPACE, and the engine's mount from
 * TRANSIT_SECRET_ENGINE_PATH (default "transit"), as cosign reads them. ECDSA keys sign the SHA-256 digest
 * (prehashed, hash_algorithm sha2-256, marshaling_algorithm asn1: a DER signature; P-384 keys too, Vault lets the
 * digest be chosen), Ed25519 keys the message, RSA keys the digest with PKCS#1 v1.5 (signature_algorithm pkcs1v15:
 * Transit signs any RSA key so, so PSS, whose salt_length Vault would otherwise pick itself, is not used). Keys are created with POST /v1/MOUNT/keys/KEY.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { addSecret } from '@custody/core';
import { KeyServiceError } from './errors.js';
import {
  algorithmRefused,
  creationRefused,
  keyIdOfPublicKey,
  type CreatedKey,
  type ServiceKey,
  type KeyServiceContext,
  type RemoteKeyAlgorithm,
} from './signer.js';

const SERVICE = 'HashiCorp Vault';
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Transit key types; RSA keys sign PKCS#1 v1.5 (Transit lets any RSA key do so, so PSS is never the only choice). */
const VAULT_TYPES: Partial<Record<RemoteKeyAlgorithm, string>> = {
  'ecdsa-p256-sha256': 'ecdsa-p256',
  'ecdsa-p384-sha256': 'ecdsa-p384',
  ed25519: 'ed25519',
  'rsa-pkcs1-sha256': 'rsa-3072',
};

function algorithmOfType(type: string, uri: string): RemoteKeyAlgorithm {
  if (type === 'ecdsa-p256') return 'ecdsa-p256-sha256';
  if (type === 'ecdsa-p384') return 'ecdsa-p384-sha256';
  if (type === 'ed25519') return 'ed25519';
  if (/^rsa-\d+$/.test(type)) return 'rsa-pkcs1-sha256';
  if (type === 'ecdsa-p521') throw algorithmRefused(SERVICE, uri, 'ECDSA P-521');
  throw new KeyServiceError(SERVICE, uri, 'SIGN_KMS_KEY_USAGE', `Vault Transit key ${uri} is of type ${type}, which does not sign.`, {
    hint: 'Use a Transit key of type ecdsa-p256 (custody keys generate --kms hashivault://NAME makes one), ed25519 or rsa-*.',
  });
}

class VaultSigner implements ServiceKey {
  readonly service = SERVICE;
  algorithm: RemoteKeyAlgorithm | undefined;
  private key: KeyObject | undefined;
  private readonly name: string;
  constructor(
    readonly uri: string,
    private readonly ctx: KeyServiceContext,
  ) {
    this.name = parseVaultUri(uri);
  }

  private settings(): { addr: string; token: string; mount: string; namespace: string | undefined } {
    const env = this.ctx.env;
    const token = env.VAULT_TOKEN;
    const addr = env.VAULT_ADDR;
    if (!addr || !token) {
      throw new KeyServiceError(
        SERVICE,
        this.uri,
        'SIGN_KMS_CREDENTIALS_MISSING',
        `signing with Vault key ${this.uri} needs ${!addr ? 'VAULT_ADDR' : 'VAULT_TOKEN'}, which is not set.`,
        {
          hint: 'Set VAULT_ADDR to the Vault server (https://vault.example:8200) and VAULT_TOKEN to a token allowed to use the Transit key (from a CI secret).',
        },
      );
    }
    addSecret(token);
    const mount = (env.TRANSIT_SECRET_ENGINE_PATH || 'transit').replace(/^\/+|\/+$/g, '');
    return { addr: addr.replace(/\/+$/, ''), token, mount, namespace: env.VAULT_NAMESPACE || undefined };
  }

  /** One call to Vault's API; its errors name Vault, the key and what is missing. */
  async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, any>> {
    const s = this.settings();
    const url = `${s.addr}/v1/${s.mount}/${path}`;
    let res: Response;
    try {
      res = await (this.ctx.fetch ?? fetch)(url, {
        method,
        headers: {
          'X-Vault-Token': s.token,
          ...(s.namespace ? { 'X-Vault-Namespace': s.namespace } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (err as Error).name;
      throw new KeyServiceError(
        SERVICE,
        this.uri,
        'SIGN_KMS_UNREACHABLE',
        `Vault at ${s.addr} cannot be reached for key ${this.uri} (${reason}).`,
        {
          hint: 'Check VAULT_ADDR and that the server is up and reachable from here.',
        },
      );
    }
    const text = (await res.text()).slice(0, MAX_RESPONSE_BYTES);
    let json: Record<string, any> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, any>) : {};
    } catch {
      json = {};
    }
    if (res.ok) return json;
    const message = Array.isArray(json.errors) ? json.errors.map(String).join('; ').slice(0, 300) : '';
    const said = message ? `: ${message}` : '';
    if (res.status === 401 || res.status === 403) {
      throw new KeyServiceError(
        SERVICE,
        this.uri,
        'SIGN_KMS_PERMISSION_DENIED',
        `Vault at ${s.addr} refused ${method} ${s.mount}/${path} for key ${this.uri} (HTTP ${res.status}${said}).`,
        {
          hint: `The token (VAULT_TOKEN) needs a policy allowing "${path.startsWith('sign/') ? 'update' : method === 'GET' ? 'read' : 'create, update'}" on ${s.mount}/${path}; check it has not expired.`,
        },
      );
    }
    if (res.status === 404 || /not found|no existing key/i.test(message)) {
      throw new KeyServiceError(
        SERVICE,
        this.uri,
        'SIGN_KMS_KEY_NOT_FOUND',
        `Vault at ${s.addr} has no Transit key "${this.name}" under mount "${s.mount}" (HTTP ${res.status}${said}).`,
        {
          hint: 'Check the key name, the mount (TRANSIT_SECRET_ENGINE_PATH) and VAULT_NAMESPACE, or make the key with custody keys generate --kms.',
        },
      );
    }
    if (/does not support signing|signing is not supported/i.test(message)) {
      throw new KeyServiceError(
        SERVICE,
        this.uri,
        'SIGN_KMS_KEY_USAGE',
        `Vault Transit key ${this.uri} does not sign (HTTP ${res.status}${said}).`,
        {
          hint: 'Use an asymmetric Transit key (ecdsa-p256, ed25519 or rsa-*).',
        },
      );
    }
    throw new KeyServiceError(
      SERVICE,
      this.uri,
      'SIGN_KMS_FAILED',
      `Vault at ${s.addr} failed ${method} ${s.mount}/${path} for key ${this.uri} (HTTP ${res.status}${said}).`,
      {
        hint: 'Check the Vault server logs; retry later if it is unavailable.',
      },
    );
  }

  async publicKey(): Promise<KeyObject> {
    if (this.key) return this.key;
    const data = (await this.call('GET', `keys/${encodeURIComponent(this.name)}`)).data ?? {};
    const algorithm = algorithmOfType(String(data.type), this.uri);
    if (data.supports_signing === false) algorithmOfType('none', this.uri);
    const latest = String(data.latest_version ?? '');
    const entry = data.keys?.[latest];
    const text = typeof entry === 'object' && entry ? entry.public_key : undefined;
    if (typeof text !== 'string' || !text) {
      throw new KeyServiceError(SERVICE, this.uri, 'SIGN_KMS_FAILED', `Vault gave no public key for version ${latest} of ${this.uri}.`, {
        hint: 'Check that the key is an asymmetric Transit key.',
      });
    }
    try {
      this.key =
        algorithm === 'ed25519'
          ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(text, 'base64').toString('base64url') }, format: 'jwk' })
          : createPublicKey(text);
    } catch {
      throw new KeyServiceError(SERVICE, this.uri, 'SIGN_KMS_FAILED', `Vault's public key for ${this.uri} does not parse.`);
    }
    this.algorithm = algorithm;
    return this.key;
  }

  async sign(data: Buffer): Promise<Buffer> {
    if (!this.algorithm) await this.publicKey();
    const body =
      this.algorithm === 'ed25519'
        ? { input: data.toString('base64') }
        : {
            input: createHash('sha256').update(data).digest('base64'),
            prehashed: true,
            hash_algorithm: 'sha2-256',
            ...(this.algorithm === 'rsa-pkcs1-sha256' ? { signature_algorithm: 'pkcs1v15' } : { marshaling_algorithm: 'asn1' }),
          };
    const res = await this.call('POST', `sign/${encodeURIComponent(this.name)}`, body);
    const sig = /^vault:v\d+:([A-Za-z0-9+/=]+)$/.exec(String(res.data?.signature ?? ''));
    if (!sig)
      throw new KeyServiceError(
        SERVICE,
        this.uri,
        'SIGN_KMS_FAILED',
        `Vault answered the signing request for ${this.uri} without a signature.`,
      );
    return Buffer.from(sig[1]!, 'base64');
  }
}

/** hashivault://KEY -> KEY. */
export function parseVaultUri(uri: string): string {
  const name = uri.slice('hashivault://'.length);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new KeyServiceError(SERVICE, uri, 'SIGN_KMS_URI_INVALID', `"${uri}" is not a Vault key URI.`, {
      hint: 'Write hashivault://KEY_NAME (the Transit key; the mount comes from TRANSIT_SECRET_ENGINE_PATH, default "transit").',
    });
  }
  return name;
}

export function open(uri: string, ctx: KeyServiceContext): ServiceKey {
  return new VaultSigner(uri, ctx);
}

export async function create(uri: string, ctx: KeyServiceContext, algorithm: RemoteKeyAlgorithm): Promise<CreatedKey> {
  const signer = new VaultSigner(uri, ctx);
  const type = VAULT_TYPES[algorithm];
  if (!type) throw creationRefused(SERVICE, uri, algorithm, Object.keys(VAULT_TYPES) as RemoteKeyAlgorithm[]);
  await signer.call('POST', `keys/${encodeURIComponent(parseVaultUri(uri))}`, { type });
  const key = await signer.publicKey();
  return {
    uri,
    algorithm: signer.algorithm!,
    publicKeyPem: key.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOfPublicKey(key),
  };
}

/**
 * Signing with a key held by a key service (cloud KMS, Vault Transit): the small interface each service's signer
 * implements, the key URIs that choose one (cosign's schemes: awskms://, gcpkms://, azurekms://, hashivault://), and
 * the scheme table whose loaders import a service's module (and its SDK) only when a URI names it, so that keyless
 * and key-file users load none of it. This module is @custody/sign/kms: the package's main entry exports only its
 * types and isKeyUri (kms/uri.ts), so that the signers are not in the chunk keyless signing loads. The private key never leaves the service: a signer sends the digest (or the
 * message, for Ed25519) and gets the signature back, and fetches the public key for the bundle's key hint.
 *
 * Algorithms are those @sigstore/verify checks a key-signed DSSE envelope with (it calls crypto.verify with no
 * digest name, i.e. SHA-256 for EC and RSA, PKCS#1 v1.5 for RSA, pure Ed25519): ECDSA P-256 with SHA-256, ECDSA
 * P-384 with SHA-256 (only where the service lets the digest be chosen: Vault), Ed25519, and RSA PKCS#1 v1.5 with
 * SHA-256. RSA-PSS and ECDSA with SHA-384 are refused (SIGN_KMS_KEY_ALGORITHM): verifiers would reject them.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { KeyServiceError, SignInputError, type KeyServiceName } from '../errors.js';

/** What a remote key signs with (the digest is always SHA-256, or none for Ed25519). */
export type RemoteKeyAlgorithm = 'ecdsa-p256-sha256' | 'ecdsa-p384-sha256' | 'ed25519' | 'rsa-pkcs1-sha256';

/** One key in one service. Implementations: aws.ts, gcp.ts, azure.ts, vault.ts. */
export interface KeySigner {
  readonly service: KeyServiceName;
  /** The key URI as given (it holds no credential). */
  readonly uri: string;
  /** Asks the service for the public key (and learns the algorithm from it); cached after the first call. */
  publicKey(): Promise<KeyObject>;
  /** Known after publicKey(). */
  readonly algorithm: RemoteKeyAlgorithm | undefined;
  /** Signs the bytes (the DSSE pre-authentication encoding) through the service: DER ECDSA, raw Ed25519 or RSA. */
  sign(data: Buffer): Promise<Buffer>;
}

/** A remote key ready to sign: its public key fetched, its hint computed (the same form as a key file's). */
export interface RemoteSigningKey {
  kind: 'remote';
  signer: KeySigner;
  algorithm: RemoteKeyAlgorithm;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** Hex SHA-256 of the SPKI DER: the bundle's public-key hint, as for a key file. */
  keyId: string;
}

/** Where a signer reads its settings and credentials (VAULT_ADDR, VAULT_TOKEN, …); the SDKs read theirs too. */
export interface KeyServiceContext {
  env: Record<string, string | undefined>;
  /** Where an optional SDK is looked for when Custody's own installation lacks it (the project's node_modules). */
  cwd: string;
  /** For tests: the fetch Vault's HTTP API is called with. */
  fetch?: typeof fetch;
}

/** What `custody keys generate --kms` makes (where the service allows it). */
export interface CreatedKey {
  uri: string;
  publicKeyPem: string;
  keyId: string;
  algorithm: RemoteKeyAlgorithm;
}

export interface KeyServiceModule {
  open(uri: string, ctx: KeyServiceContext): KeySigner;
  /** Absent: the service's keys are made in its console or CLI. */
  create?(uri: string, ctx: KeyServiceContext, algorithm: RemoteKeyAlgorithm): Promise<CreatedKey>;
}

/** The scheme table: each loader imports one service's module on first use. */
export const KEY_SCHEMES: Record<string, { service: KeyServiceName; load: () => Promise<KeyServiceModule> }> = {
  'awskms://': { service: 'AWS KMS', load: () => import('./aws.js') },
  'gcpkms://': { service: 'Google Cloud KMS', load: () => import('./gcp.js') },
  'azurekms://': { service: 'Azure Key Vault', load: () => import('./azure.js') },
  'hashivault://': { service: 'HashiCorp Vault', load: () => import('./vault.js') },
};

export { isKeyUri } from './uri.js';

function schemeOf(uri: string) {
  const entry = Object.entries(KEY_SCHEMES).find(([s]) => uri.startsWith(s));
  if (!entry) {
    throw new SignInputError('SIGN_KMS_URI_INVALID', `"${uri}" is not a key URI Custody knows.`, {
      hint: `Use one of ${Object.keys(KEY_SCHEMES).join(', ')} (or a PEM file).`,
    });
  }
  return entry[1];
}

export function keyIdOfPublicKey(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ format: 'der', type: 'spki' }))
    .digest('hex');
}

/** The signer for a key URI (nothing is asked of the service yet). */
export async function keySignerFor(uri: string, ctx: KeyServiceContext): Promise<KeySigner> {
  return (await schemeOf(uri).load()).open(uri, ctx);
}

/** Opens the key and fetches its public key: what signing and the bundle's hint need. */
export async function openRemoteKey(uri: string, ctx: KeyServiceContext): Promise<RemoteSigningKey> {
  const signer = await keySignerFor(uri, ctx);
  const publicKey = await signer.publicKey();
  return {
    kind: 'remote',
    signer,
    algorithm: signer.algorithm!,
    publicKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOfPublicKey(publicKey),
  };
}

/** Creates a key in the service (Vault Transit, AWS KMS); other services refuse with SIGN_KMS_UNSUPPORTED. */
export async function createRemoteKey(
  uri: string,
  ctx: KeyServiceContext,
  algorithm: RemoteKeyAlgorithm = 'ecdsa-p256-sha256',
): Promise<CreatedKey> {
  const scheme = schemeOf(uri);
  const mod = await scheme.load();
  if (!mod.create) {
    throw new KeyServiceError(scheme.service, uri, 'SIGN_KMS_UNSUPPORTED', `Custody does not create keys in ${scheme.service}.`, {
      hint: `Create the key with the ${scheme.service} console or CLI (an asymmetric signing key, EC P-256), then pass its URI to --key.`,
    });
  }
  return mod.create(uri, ctx, algorithm);
}

/** The error for a key whose algorithm verifiers would not accept. */
export function algorithmRefused(service: KeyServiceName, uri: string, what: string): KeyServiceError {
  return new KeyServiceError(
    service,
    uri,
    'SIGN_KMS_KEY_ALGORITHM',
    `${service} key ${uri} signs with ${what}, which Sigstore verifiers do not accept for key-signed bundles.`,
    {
      hint: 'Use an ECDSA P-256 (SHA-256) key, or Ed25519 or RSA PKCS#1 v1.5 SHA-256 where the service offers them.',
    },
  );
}

/**
 * An optional SDK, imported at run time by a name the bundlers cannot see (so it is never bundled): from Custody's
 * own installation, else from the project's node_modules (ctx.cwd). Missing: SIGN_KMS_SDK_MISSING, naming the
 * package to install.
 */
export async function importSdk<T>(name: string, service: KeyServiceName, uri: string, cwd: string): Promise<T> {
  const load = (specifier: string) => import(/* webpackIgnore: true */ specifier) as Promise<T>;
  try {
    return await load(name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' && (err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND')
      throw err;
  }
  try {
    const { createRequire } = await import('node:module');
    const { pathToFileURL } = await import('node:url');
    const { join } = await import('node:path');
    const resolved = createRequire(join(cwd, 'package.json')).resolve(name);
    return await load(pathToFileURL(resolved).href);
  } catch {
    throw new KeyServiceError(
      service,
      uri,
      'SIGN_KMS_SDK_MISSING',
      `signing with ${service} needs the ${name} package, which is not installed.`,
      {
        hint: `Run \`npm install ${name}\` in the project (or \`npm install -g ${name}\` next to a global custody); Custody loads it only for ${service} keys.`,
      },
    );
  }
}

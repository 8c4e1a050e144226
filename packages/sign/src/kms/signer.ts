/**
 * The `@custody/sign/kms` entry: the scheme table that turns a key URI into a KeySigner (key-uri.ts, the one signer
 * interface), and the key services' common part. Each scheme maps to a lazy loader: `pkcs11:` (pkcs11.ts), and
 * cosign's key service schemes hashivault://, awskms://, gcpkms://, azurekms:// (vault.ts, aws.ts, gcp.ts, azure.ts),
 * whose module (and SDK) is imported only when a URI names it. The package's main entry exports only the interface,
 * its types and the URI checks (key-uri.ts), so that none of this is in the chunk keyless signing loads; the command
 * layer imports this entry only when `--key` is a URI.
 *
 * A key service's private key never leaves the service: its signer (a ServiceKey) sends the digest (or the message,
 * for Ed25519) and gets the signature back, and fetches the public key for the bundle's key hint; `openServiceKey`
 * adapts it to a KeySigner.
 *
 * Algorithms are those @sigstore/verify checks a key-signed DSSE envelope with (it calls crypto.verify with no
 * digest name: SHA-256 for EC keys of any curve, PKCS#1 v1.5 SHA-256 for an 'rsa' key, the SPKI's PSS parameters for
 * an 'rsa-pss' key, pure Ed25519): ECDSA P-256 with SHA-256, ECDSA P-384 with SHA-256 (services that want a
 * 48-byte digest get SHA-256 padded to it: algorithms.ts), Ed25519, RSA PKCS#1 v1.5 with SHA-256, and RSA-PSS with
 * SHA-256 and salt 32 where a key can do only PSS (its public key published as an RSASSA-PSS SPKI). Anything else
 * (P-521, PSS with another hash) is refused (SIGN_KMS_KEY_ALGORITHM). Each signature a service returns is checked
 * against the public key the bundle will name before it is used.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { rsaPssPublicKey, verifiesAsSigstore } from './algorithms.js';
import { KeyServiceError, KeyUriError, type KeyServiceName } from './errors.js';
import type { KeySigner, KeySignerAlgorithm, KeyUriContext, KeyUriOpener } from '../key-uri.js';

export { isKeyUri } from '../key-uri.js';
// Key-URI signing's own codes and classes live here, not on the main entry keyless runs load.
export { KEY_URI_ERROR_CODES, type KeyServiceName, KeyServiceError, type KeyUriErrorCode, KeyUriError } from './errors.js';

/**
 * The key URI schemes `--key` accepts besides a PEM file (prefixes, lower case): the keys of SCHEMES below. Here, not
 * in key-uri.ts, so that the main entry (keyless signing's chunk) carries none of this.
 */
export const KEY_URI_SCHEMES = ['pkcs11:', 'hashivault://', 'awskms://', 'gcpkms://', 'azurekms://'] as const;

/** The scheme of a key URI (`pkcs11:`, `awskms:`), or undefined for a PEM path or PEM text. */
export function keyUriScheme(value: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*:)/i.exec(value.trim());
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  // A Windows drive letter (C:\keys\a.pem) is a path, not a scheme.
  if (scheme.length === 2) return undefined;
  return scheme;
}

/** The schemes `--key` accepts besides a PEM file. */
export function keyUriSchemes(): string[] {
  return [...KEY_URI_SCHEMES];
}

/** A key URI fit for logs and errors: a pin-value (refused anyway) is replaced, query secrets never shown. */
export function redactKeyUri(uri: string): string {
  return uri.replace(/(pin-value=)[^&;]*/gi, '$1***');
}

/** What a remote key signs with (the digest is always SHA-256, or none for Ed25519). */
export type RemoteKeyAlgorithm = 'ecdsa-p256-sha256' | 'ecdsa-p384-sha256' | 'ed25519' | 'rsa-pkcs1-sha256' | 'rsa-pss-sha256';

/** The KeySigner algorithm of a service key's algorithm. */
const SIGNER_ALGORITHM: Record<RemoteKeyAlgorithm, KeySignerAlgorithm> = {
  'ecdsa-p256-sha256': 'ecdsa-p256',
  'ecdsa-p384-sha256': 'ecdsa-p384',
  ed25519: 'ed25519',
  'rsa-pkcs1-sha256': 'rsa-pkcs1-sha256',
  'rsa-pss-sha256': 'rsa-pss-sha256',
};

/** One key in one service, as the service's module speaks to it. Implementations: aws.ts, gcp.ts, azure.ts, vault.ts. */
export interface ServiceKey {
  readonly service: KeyServiceName;
  /** The key URI as given (it holds no credential). */
  readonly uri: string;
  /**
   * Asks the service for the public key (and learns the algorithm from it); cached after the first call. An RSA-PSS
   * key's plain RSA key is fine: openServiceKey publishes it as the RSASSA-PSS SPKI.
   */
  publicKey(): Promise<KeyObject>;
  /** Known after publicKey(). */
  readonly algorithm: RemoteKeyAlgorithm | undefined;
  /** Signs the bytes (the DSSE pre-authentication encoding) through the service: DER ECDSA, raw Ed25519 or RSA. */
  sign(data: Buffer): Promise<Buffer>;
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
  open(uri: string, ctx: KeyServiceContext): ServiceKey;
  /** `custody keys generate --kms`: makes the key in the service (every service here can). */
  create(uri: string, ctx: KeyServiceContext, algorithm: RemoteKeyAlgorithm): Promise<CreatedKey>;
}

/** The key services: each loader imports one service's module on first use. */
export const KEY_SERVICES: Record<string, { service: KeyServiceName; load: () => Promise<KeyServiceModule> }> = {
  'hashivault://': { service: 'HashiCorp Vault', load: () => import('./vault.js') },
  'awskms://': { service: 'AWS KMS', load: () => import('./aws.js') },
  'gcpkms://': { service: 'Google Cloud KMS', load: () => import('./gcp.js') },
  'azurekms://': { service: 'Azure Key Vault', load: () => import('./azure.js') },
};

/** A key service's opener: the service's signer, its public key fetched, as a KeySigner. */
function serviceOpener(prefix: keyof typeof KEY_SERVICES): () => Promise<KeyUriOpener> {
  return async () => {
    const mod = await KEY_SERVICES[prefix]!.load();
    return (uri, context) => openServiceKey(mod, uri, { env: context.env ?? process.env, cwd: context.cwd });
  };
}

/**
 * The scheme table: key URI prefix (lower case, as in KEY_URI_SCHEMES) -> the lazy loader of its opener.
 * Every opener returns the one KeySigner.
 */
export const SCHEMES: Record<(typeof KEY_URI_SCHEMES)[number], () => Promise<KeyUriOpener>> = {
  'pkcs11:': async () => (await import('../pkcs11.js')).openPkcs11Key,
  'hashivault://': serviceOpener('hashivault://'),
  'awskms://': serviceOpener('awskms://'),
  'gcpkms://': serviceOpener('gcpkms://'),
  'azurekms://': serviceOpener('azurekms://'),
};

/** Opens the key a URI names, loading its scheme's module on first use. */
export async function openKeyUri(uri: string, context: KeyUriContext): Promise<KeySigner> {
  const value = uri.trim();
  const prefix = (Object.keys(SCHEMES) as (keyof typeof SCHEMES)[]).find((s) => value.toLowerCase().startsWith(s));
  if (!prefix) {
    const scheme = keyUriScheme(value);
    const service = scheme && Object.keys(KEY_SERVICES).find((s) => s.startsWith(scheme));
    throw new KeyUriError(
      service ? 'SIGN_KMS_URI_INVALID' : 'SIGN_KEY_URI_UNSUPPORTED',
      service ? `"${redactKeyUri(value)}" is not a key URI Custody knows.` : `the key URI scheme ${scheme ?? '(none)'} is not supported.`,
      {
        location: redactKeyUri(value),
        hint: `--key takes a PEM file or a URI of: ${keyUriSchemes().join(', ')}.`,
      },
    );
  }
  const open = await SCHEMES[prefix]();
  return open(value, context);
}

function serviceOf(uri: string) {
  const entry = Object.entries(KEY_SERVICES).find(([s]) => uri.startsWith(s));
  if (!entry) {
    throw new KeyUriError('SIGN_KMS_URI_INVALID', `"${uri}" is not a key URI Custody knows.`, {
      hint: `Use one of ${Object.keys(KEY_SERVICES).join(', ')} (or a PEM file).`,
    });
  }
  return entry[1];
}

export function keyIdOfPublicKey(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ format: 'der', type: 'spki' }))
    .digest('hex');
}

/** The smallest RSA modulus Custody signs with (NIST SP 800-131A; every service's smallest RSA key). */
export const MIN_RSA_BITS = 2048;

/**
 * Why the public key a service returned is not a key of the algorithm it reported, or undefined when it is: the
 * bundle's hint and the verifier's scheme follow the key, so a P-256 hint over a key on another curve, an RSA key
 * below 2048 bits, or an RSA key for an EC algorithm is refused before anything is signed.
 */
export function keyMismatch(algorithm: RemoteKeyAlgorithm, key: KeyObject): string | undefined {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  const curve = details.namedCurve;
  const is = (want: string, ok: boolean) =>
    ok
      ? undefined
      : `it reports ${want}, but its public key is ${type ?? 'of unknown type'}${curve ? ` on ${curve}` : ''}${details.modulusLength ? ` of ${details.modulusLength} bits` : ''}`;
  if (algorithm === 'ecdsa-p256-sha256') return is('ECDSA P-256', type === 'ec' && (curve === 'prime256v1' || curve === 'P-256'));
  if (algorithm === 'ecdsa-p384-sha256') return is('ECDSA P-384', type === 'ec' && (curve === 'secp384r1' || curve === 'P-384'));
  if (algorithm === 'ed25519') return is('Ed25519', type === 'ed25519');
  if (type !== 'rsa' && type !== 'rsa-pss') return is('RSA', false);
  if ((details.modulusLength ?? 0) < MIN_RSA_BITS)
    return `its public key is RSA of ${details.modulusLength ?? 'unknown'} bits, below the ${MIN_RSA_BITS} bits Custody signs with`;
  return undefined;
}

/** Opens the key in its service and fetches its public key: the KeySigner that signing and the bundle's hint need. */
export async function openServiceKey(mod: KeyServiceModule, uri: string, ctx: KeyServiceContext): Promise<KeySigner> {
  const key = mod.open(uri, ctx);
  const fetched = await key.publicKey();
  const mismatch = keyMismatch(key.algorithm!, fetched);
  if (mismatch)
    throw new KeyServiceError(
      key.service,
      uri,
      'SIGN_KMS_KEY_ALGORITHM',
      `${key.service} key ${uri}: ${mismatch}; refused before signing.`,
      {
        hint: 'Use an ECDSA P-256 or P-384 key, Ed25519, or RSA of 2048 bits or more; check the key (and its version) in the service.',
      },
    );
  // A PSS-only key is published with its PSS parameters, so that verifiers check PSS (and nothing else) with it.
  const publicKey = key.algorithm === 'rsa-pss-sha256' ? rsaPssPublicKey(fetched) : fetched;
  return {
    algorithm: SIGNER_ALGORITHM[key.algorithm!],
    publicKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOfPublicKey(publicKey),
    description: uri,
    async sign(data) {
      const signature = await key.sign(data);
      // Checked as the verifier will check it: a service that signed with another scheme or salt fails here.
      if (!verifiesAsSigstore(data, publicKey, signature)) {
        throw new KeyServiceError(
          key.service,
          uri,
          'SIGN_KMS_FAILED',
          `the signature ${key.service} made with key ${uri} does not verify with its public key (${SIGNER_ALGORITHM[key.algorithm!]}).`,
          { hint: "Check the key's algorithm in the service; a key whose version changed while signing needs a new run." },
        );
      }
      return signature;
    },
  };
}

/** Creates a key in the service (Vault Transit, AWS KMS, Google Cloud KMS, Azure Key Vault). */
export async function createRemoteKey(
  uri: string,
  ctx: KeyServiceContext,
  algorithm: RemoteKeyAlgorithm = 'ecdsa-p256-sha256',
): Promise<CreatedKey> {
  const scheme = serviceOf(uri);
  const mod = await scheme.load();
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
      hint: 'Use an ECDSA P-256 or P-384 key, or Ed25519, RSA PKCS#1 v1.5 SHA-256 or RSA-PSS SHA-256 where the service offers them.',
    },
  );
}

/** The `keys generate --algorithm` name of an algorithm (ecdsa-p256, ecdsa-p384, ed25519), else its own name. */
const CREATE_NAMES: Partial<Record<RemoteKeyAlgorithm, string>> = {
  'ecdsa-p256-sha256': 'ecdsa-p256',
  'ecdsa-p384-sha256': 'ecdsa-p384',
  ed25519: 'ed25519',
};

/**
 * The error for a key the service does not make (Azure Key Vault and Ed25519): raised before any request, naming
 * what the service does make. Exit 2.
 */
export function creationRefused(
  service: KeyServiceName,
  uri: string,
  algorithm: RemoteKeyAlgorithm,
  offered: RemoteKeyAlgorithm[],
): KeyServiceError {
  const name = (a: RemoteKeyAlgorithm) => CREATE_NAMES[a] ?? a;
  return new KeyServiceError(
    service,
    uri,
    'SIGN_KMS_KEY_ALGORITHM',
    `${service} does not make ${name(algorithm)} signing keys, so ${uri} cannot be created as one.`,
    {
      hint: `With this service use --algorithm ${offered
        .map(name)
        .filter((n) => n !== name(algorithm))
        .join(' or ')}, or make a ${name(algorithm)} key in a service that offers it.`,
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

/**
 * `custody keys generate`: a signing key pair for key-based attestations (ECDSA P-256 by default, or Ed25519).
 * With CUSTODY_KEY_PASSWORD set, the private key is written as encrypted PKCS#8. The private key file is created
 * with mode 0600, atomically, and an existing one is never overwritten without `force`. `generateKeyPair` is the
 * in-memory core (the demo signs with a key that never touches the disk); `keysGenerate` writes its PEMs.
 * `keys generate --kms URI` makes the key in a service instead (Vault Transit, AWS KMS, Google Cloud KMS, Azure Key Vault;
 * ECDSA P-256, P-384 or Ed25519 where the service makes it), and `keys public-key --key
 * URI|FILE` prints the public key of a key URI (pkcs11: or any key service) or of a PEM key file; a URI loads
 * @custody/sign/kms and its scheme's module on use.
 */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError, addSecret, type Logger } from '@custody/core';
import {
  KEY_ALGORITHMS,
  generateSigningKey,
  type CreatedKey,
  type GeneratedKeyPair,
  type KeyAlgorithm,
  type KeySignerAlgorithm,
  type RemoteKeyAlgorithm,
} from '@custody/sign';
import { writeFileAtomic } from '../io/files.js';
import { AppError } from '../errors.js';

export interface KeysGenerateOptions {
  /** Private key path (default custody.key). */
  outputKey?: string;
  /** Public key path (default custody.pub). */
  outputPub?: string;
  algorithm?: string;
  /** Encrypts the private key (CUSTODY_KEY_PASSWORD). */
  passphrase?: string;
  force?: boolean;
  cwd: string;
  logger: Logger;
}

export interface KeysGenerateResult {
  privateKeyPath: string;
  publicKeyPath: string;
  algorithm: KeyAlgorithm;
  keyId: string;
  encrypted: boolean;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The algorithms `keys generate --kms` offers, and the signing algorithm each key gets in the service. */
const REMOTE_ALGORITHMS: Record<string, RemoteKeyAlgorithm> = {
  'ecdsa-p256': 'ecdsa-p256-sha256',
  'ecdsa-p384': 'ecdsa-p384-sha256',
  ed25519: 'ed25519',
};

function checkAlgorithm(value: string | undefined): KeyAlgorithm {
  const algorithm = (value ?? 'ecdsa-p256') as KeyAlgorithm;
  if (value !== undefined && value in REMOTE_ALGORITHMS && !KEY_ALGORITHMS.includes(algorithm)) {
    throw new UsageError(`--algorithm ${value} is offered for keys made in a key service only (keys generate --kms URI).`, {
      hint: `A key file is one of: ${KEY_ALGORITHMS.join(', ')}; for ${value}, make the key in a service with --kms hashivault://…, awskms://…, gcpkms://… or azurekms://….`,
    });
  }
  if (!KEY_ALGORITHMS.includes(algorithm)) {
    throw new UsageError(`--algorithm "${value}" is not supported.`, { hint: `Use one of: ${KEY_ALGORITHMS.join(', ')}.` });
  }
  return algorithm;
}

/** A key pair in memory: the PEMs (the private one encrypted with a passphrase), the algorithm and the key id. */
export function generateKeyPair(options: Pick<KeysGenerateOptions, 'algorithm' | 'passphrase'> = {}): GeneratedKeyPair {
  const algorithm = checkAlgorithm(options.algorithm);
  const passphrase = options.passphrase || undefined;
  if (passphrase) addSecret(passphrase);
  return generateSigningKey(algorithm, passphrase);
}

export async function keysGenerate(options: KeysGenerateOptions): Promise<KeysGenerateResult> {
  checkAlgorithm(options.algorithm);
  const privateKeyPath = resolve(options.cwd, options.outputKey ?? 'custody.key');
  const publicKeyPath = resolve(options.cwd, options.outputPub ?? 'custody.pub');
  if (privateKeyPath === publicKeyPath) {
    throw new UsageError('--output-key and --output-pub name the same file.', {
      hint: 'Give the public key its own file, e.g. custody.pub.',
    });
  }
  if (!options.force) {
    for (const p of [privateKeyPath, publicKeyPath]) {
      if (await exists(p)) {
        throw new AppError('KEYS_OUTPUT_EXISTS', `${p} already exists; not overwriting a key.`, {
          location: p,
          hint: 'Choose other paths with --output-key / --output-pub, or pass --force to replace it.',
        });
      }
    }
  }
  const pair = generateKeyPair(options);
  await writeFileAtomic(privateKeyPath, pair.privateKeyPem, { mode: 0o600 });
  await writeFileAtomic(publicKeyPath, pair.publicKeyPem, { mode: 0o644 });
  if (!pair.encrypted)
    options.logger.warn(
      'the private key is not encrypted: set CUSTODY_KEY_PASSWORD to encrypt it (and keep the file out of the repository).',
    );
  return { privateKeyPath, publicKeyPath, algorithm: pair.algorithm, keyId: pair.keyId, encrypted: pair.encrypted };
}

export interface KeysPublicKeyOptions {
  /** A key URI (pkcs11:…, hashivault://…, awskms://…, gcpkms://…, azurekms://…) or a PEM private key file. */
  key: string;
  /** For an encrypted PEM key (CUSTODY_KEY_PASSWORD). */
  passphrase?: string;
  /** For a pkcs11: key whose URI has no pin-source (CUSTODY_PKCS11_PIN); used only if the token needs a login. */
  pin?: string;
  cwd: string;
  /** Where a key service's signer reads its settings and credentials (VAULT_ADDR, AWS_REGION, …). */
  env?: NodeJS.ProcessEnv;
}

export interface KeysPublicKeyResult {
  /** SPKI PEM. */
  publicKeyPem: string;
  algorithm: KeySignerAlgorithm;
  keyId: string;
  /** The key, named without secrets. */
  key: string;
}

/** `custody keys public-key`: the public key of a key URI (fetched from the token or service) or of a PEM key file. */
export async function keysPublicKey(options: KeysPublicKeyOptions): Promise<KeysPublicKeyResult> {
  const { isKeyUri } = await import('@custody/sign');
  if (isKeyUri(options.key)) {
    // The scheme table and the scheme's module (a native binding, a service's SDK) are loaded only for a URI.
    const { openKeyUri, redactKeyUri } = await import('@custody/sign/kms');
    const opened = await openKeyUri(options.key, {
      cwd: options.cwd,
      purpose: 'public-key',
      ...(options.pin ? { pkcs11Pin: options.pin } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    await opened.close?.();
    return { publicKeyPem: opened.publicKeyPem, algorithm: opened.algorithm, keyId: opened.keyId, key: redactKeyUri(options.key) };
  }
  const { signingKeyFor } = await import('./attest.js');
  const key = (await signingKeyFor({
    keyFile: options.key,
    cwd: options.cwd,
    ...(options.passphrase ? { keyPassphrase: options.passphrase } : {}),
  }))!;
  return { publicKeyPem: key.publicKeyPem, algorithm: key.algorithm, keyId: key.keyId, key: key.description };
}

/**
 * Creates the key in its service (--kms URI); the private key stays there. `--algorithm` ecdsa-p256 (the default),
 * ecdsa-p384 or ed25519; a service that does not make keys of that kind (Azure Key Vault and Ed25519) refuses it
 * before any request (SIGN_KMS_KEY_ALGORITHM, exit 2).
 */
export async function keysGenerateRemote(options: {
  uri: string;
  algorithm?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Promise<CreatedKey> {
  const name = options.algorithm ?? 'ecdsa-p256';
  const algorithm = Object.hasOwn(REMOTE_ALGORITHMS, name) ? REMOTE_ALGORITHMS[name] : undefined;
  if (!algorithm) {
    throw new UsageError(`--algorithm "${options.algorithm}" is not supported with --kms.`, {
      hint: `Use one of: ${Object.keys(REMOTE_ALGORITHMS).join(', ')}.`,
    });
  }
  const { createRemoteKey } = await import('@custody/sign/kms');
  return createRemoteKey(options.uri, { env: options.env, cwd: options.cwd }, algorithm);
}

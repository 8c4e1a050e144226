/**
 * `custody keys generate`: a signing key pair for key-based attestations (ECDSA P-256 by default, or Ed25519).
 * With CUSTODY_KEY_PASSWORD set, the private key is written as encrypted PKCS#8. The private key file is created
 * with mode 0600, atomically, and an existing one is never overwritten without `force`. `generateKeyPair` is the
 * in-memory core (the demo signs with a key that never touches the disk); `keysGenerate` writes its PEMs.
 * `keys generate --kms URI` makes the key in a service instead (Vault Transit, AWS KMS), and `keys public-key --key
 * URI` prints the public key of a key in any supported service; both load @custody/sign's service module on use.
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

function checkAlgorithm(value: string | undefined): KeyAlgorithm {
  const algorithm = (value ?? 'ecdsa-p256') as KeyAlgorithm;
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

/** A key URI's public key (SPKI PEM) and key id, fetched from its service. */
export async function keysPublicKey(options: {
  key: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Promise<{ publicKeyPem: string; keyId: string; algorithm: string }> {
  const { isKeyUri, openRemoteKey } = await import('@custody/sign/kms');
  if (!isKeyUri(options.key)) {
    throw new UsageError(`--key "${options.key}" is not a key URI.`, {
      hint: "Give awskms://…, gcpkms://…, azurekms://… or hashivault://…; a key file's public key is the .pub file `custody keys generate` wrote.",
    });
  }
  const key = await openRemoteKey(options.key, { env: options.env, cwd: options.cwd });
  return { publicKeyPem: key.publicKeyPem, keyId: key.keyId, algorithm: key.algorithm };
}

const REMOTE_ALGORITHMS: Record<string, RemoteKeyAlgorithm> = { 'ecdsa-p256': 'ecdsa-p256-sha256', ed25519: 'ed25519' };

/** Creates the key in its service (--kms URI); the private key stays there. */
export async function keysGenerateRemote(options: {
  uri: string;
  algorithm?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Promise<CreatedKey> {
  checkAlgorithm(options.algorithm);
  const { createRemoteKey } = await import('@custody/sign/kms');
  return createRemoteKey(options.uri, { env: options.env, cwd: options.cwd }, REMOTE_ALGORITHMS[options.algorithm ?? 'ecdsa-p256']);
}

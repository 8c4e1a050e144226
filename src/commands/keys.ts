/**
 * `custody keys generate`: a signing key pair for key-based attestations (ECDSA P-256 by default, or Ed25519).
 * With CUSTODY_KEY_PASSWORD set, the private key is written as encrypted PKCS#8. The private key file is created
 * with mode 0600, atomically, and an existing one is never overwritten without `force`.
 */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError, addSecret, type Logger } from '@custody/core';
import { KEY_ALGORITHMS, generateSigningKey, type KeyAlgorithm } from '@custody/sign';
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

export async function keysGenerate(options: KeysGenerateOptions): Promise<KeysGenerateResult> {
  const algorithm = (options.algorithm ?? 'ecdsa-p256') as KeyAlgorithm;
  if (!KEY_ALGORITHMS.includes(algorithm)) {
    throw new UsageError(`--algorithm "${options.algorithm}" is not supported.`, { hint: `Use one of: ${KEY_ALGORITHMS.join(', ')}.` });
  }
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
  const passphrase = options.passphrase || undefined;
  if (passphrase) addSecret(passphrase);
  const pair = generateSigningKey(algorithm, passphrase);
  await writeFileAtomic(privateKeyPath, pair.privateKeyPem, { mode: 0o600 });
  await writeFileAtomic(publicKeyPath, pair.publicKeyPem, { mode: 0o644 });
  if (!pair.encrypted)
    options.logger.warn(
      'the private key is not encrypted: set CUSTODY_KEY_PASSWORD to encrypt it (and keep the file out of the repository).',
    );
  return { privateKeyPath, publicKeyPath, algorithm, keyId: pair.keyId, encrypted: pair.encrypted };
}

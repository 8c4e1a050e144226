/**
 * Signing keys for key-based signing: ECDSA P-256 and Ed25519, PEM (PKCS#8, SEC1 "EC PRIVATE KEY"), optionally
 * encrypted PKCS#8 with a passphrase. The key id (bundle public-key hint and DSSE keyid) is the hex SHA-256 of the
 * public key's SPKI DER.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { addSecret, describeCause } from '@custody/core';
import { SignInputError } from './errors.js';
import type { KeySigner } from './key-uri.js';

export type KeyAlgorithm = 'ecdsa-p256' | 'ed25519';

/** A PEM key loaded in memory: the KeySigner of a key file (or the action's key input). */
export interface SigningKey extends KeySigner {
  privateKey: KeyObject;
}

export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['ecdsa-p256', 'ed25519'];

const SUPPORTED_HINT = 'Custody signs with ECDSA P-256 or Ed25519 keys in PEM (PKCS#8 or SEC1); `custody keys generate` makes one.';

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex');
}

function algorithmOf(key: KeyObject, location: string): KeyAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1' || curve === 'P-256') return 'ecdsa-p256';
    throw new SignInputError('SIGN_KEY_UNSUPPORTED', `the key is ECDSA on curve ${curve ?? 'unknown'}, not P-256.`, {
      location,
      hint: SUPPORTED_HINT,
    });
  }
  throw new SignInputError(
    'SIGN_KEY_UNSUPPORTED',
    `the key is ${key.asymmetricKeyType?.toUpperCase() ?? 'of an unknown type'}, not ECDSA P-256 or Ed25519.`,
    {
      location,
      hint: SUPPORTED_HINT,
    },
  );
}

function fromPrivate(privateKey: KeyObject, location: string): SigningKey {
  const algorithm = algorithmOf(privateKey, location);
  const publicKey = createPublicKey(privateKey);
  return {
    algorithm,
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOf(publicKey),
    description: location,
    sign: async (data: Buffer) => signWithKey({ algorithm, privateKey }, data),
  };
}

/**
 * Loads a PEM private key. `location` names it in errors (the file path). The passphrase (for encrypted PKCS#8)
 * is registered as a secret and never printed.
 */
export function loadSigningKey(pem: string | Buffer, options: { passphrase?: string; location?: string } = {}): SigningKey {
  const location = options.location ?? 'signing key';
  const text = Buffer.isBuffer(pem) ? pem.toString('utf8') : pem;
  const passphrase = options.passphrase || undefined;
  if (passphrase) addSecret(passphrase);
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
  if (!label) {
    throw new SignInputError('SIGN_KEY_UNSUPPORTED', 'the key file is not PEM (no -----BEGIN ...----- line).', {
      location,
      hint: `${SUPPORTED_HINT} A DER or JWK key has to be converted to PEM first.`,
    });
  }
  if (label === 'PUBLIC KEY' || label === 'CERTIFICATE') {
    throw new SignInputError('SIGN_KEY_UNSUPPORTED', `the file holds a ${label.toLowerCase()}, not a private key.`, {
      location,
      hint: '--key takes the private key; the public key is what verifiers get (custody verify --key).',
    });
  }
  if (label.includes('SIGSTORE') || label.includes('COSIGN')) {
    throw new SignInputError('SIGN_KEY_UNSUPPORTED', `the key is a cosign-encrypted key (${label}), which Custody does not read.`, {
      location,
      hint: `Export it as PKCS#8 PEM first, or make a new key with custody keys generate. ${SUPPORTED_HINT}`,
    });
  }
  const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type: 4,ENCRYPTED/.test(text);
  if (encrypted && !passphrase) {
    throw new SignInputError('SIGN_KEY_PASSPHRASE_MISSING', 'the key is encrypted and no passphrase was given.', {
      location,
      hint: 'Set CUSTODY_KEY_PASSWORD to the key passphrase (from a CI secret).',
    });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem', ...(passphrase ? { passphrase } : {}) });
  } catch (err) {
    const reason = describeCause(err);
    // A wrong passphrase usually fails the padding check ("bad decrypt"), but about 1 time in 200 the padding
    // happens to be valid and the garbage then fails to decode ("unsupported"): for an encrypted key, both mean
    // the passphrase does not open it.
    if (encrypted) {
      throw new SignInputError('SIGN_KEY_PASSPHRASE_WRONG', 'the key passphrase is wrong: the encrypted key does not decrypt with it.', {
        location,
        hint: 'Set CUSTODY_KEY_PASSWORD to the passphrase the key was encrypted with.',
      });
    }
    throw new SignInputError(
      'SIGN_KEY_UNSUPPORTED',
      `the ${label} PEM could not be read as a private key (${reason.replace(/\s+/g, ' ').slice(0, 120)}).`,
      {
        location,
        hint: SUPPORTED_HINT,
        cause: err,
      },
    );
  }
  return fromPrivate(key, location);
}

export interface GeneratedKeyPair {
  algorithm: KeyAlgorithm;
  privateKeyPem: string;
  publicKeyPem: string;
  keyId: string;
  encrypted: boolean;
}

/** Makes a new key pair; with a passphrase the private key is PKCS#8 encrypted with AES-256-CBC (PBKDF2). */
export function generateSigningKey(algorithm: KeyAlgorithm = 'ecdsa-p256', passphrase?: string): GeneratedKeyPair {
  const { privateKey, publicKey } =
    algorithm === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (passphrase) addSecret(passphrase);
  const privateKeyPem = privateKey
    .export({ format: 'pem', type: 'pkcs8', ...(passphrase ? { cipher: 'aes-256-cbc', passphrase } : {}) })
    .toString();
  return {
    algorithm,
    privateKeyPem,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOf(publicKey),
    encrypted: Boolean(passphrase),
  };
}

/** Signs bytes: ECDSA P-256 with SHA-256 (DER signature), or Ed25519 (pure). */
export function signWithKey(key: Pick<SigningKey, 'algorithm' | 'privateKey'>, data: Buffer): Buffer {
  return key.algorithm === 'ed25519' ? cryptoSign(null, data, key.privateKey) : cryptoSign('sha256', data, key.privateKey);
}

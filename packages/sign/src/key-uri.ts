/**
 * The one signer interface of key-based signing, and the registry that turns a `--key` value into one.
 *
 * A `KeySigner` is a key Custody signs with but may never hold: a PEM file's key in memory (keys.ts), a key in a
 * PKCS#11 token (pkcs11.ts), or a key in a cloud KMS or Vault Transit (kms/: awskms://, gcpkms://, azurekms://,
 * hashivault://). Everything that signs with a key
 * (the DSSE bundle signer, `custody keys public-key`, `custody verify --key URI`) sees only this interface.
 *
 * A `--key` value is a key URI when it starts with `pkcs11:` or `scheme://` (`awskms://`, …); anything else is a PEM
 * file path (or, in an action, the PEM itself), read by the command layer as before. This module (in the package's
 * main entry, which keyless signing loads) holds only the interface and `isKeyUri`, one prefix test. The scheme
 * names, the scheme table mapping each scheme to a lazy loader, `openKeyUri` and the URI helpers are kms/signer.ts,
 * the `@custody/sign/kms` entry, itself imported only when a URI is given: the module that speaks to the token or
 * service (and its native binding or SDK) is imported only when a key of that scheme is opened, so keyless and PEM
 * users load none of it (start time, action bundle size).
 *
 * To add a scheme: write a module exporting a `KeyUriOpener`, add its prefix to `KEY_URI_SCHEMES` and one line to
 * `SCHEMES` in kms/signer.ts with a dynamic import of it. The opener parses its URI, refuses secrets written into it (they would be visible in argv), and throws
 * SignInputError (exit 2) naming the key and what to do.
 */
import type { KeyObject } from 'node:crypto';
import type { KeyAlgorithm } from './keys.js';

/** What a KeySigner signs with: a key file's algorithms, and those a key service may hold besides. */
export type KeySignerAlgorithm = KeyAlgorithm | 'ecdsa-p384' | 'rsa-pkcs1-sha256' | 'rsa-pss-sha256';

/** A signing key, wherever it lives. Implementations never expose the private key. */
export interface KeySigner {
  /**
   * The signature algorithm: ECDSA P-256 with SHA-256, or Ed25519 (PEM files, PKCS#11 and the services); ECDSA
   * P-384 with SHA-256, RSA PKCS#1 v1.5 with SHA-256, or RSA-PSS with SHA-256 and salt 32 for a key that can only do
   * PSS (PKCS#11 tokens and services; the public key is then an RSASSA-PSS SPKI: kms/algorithms.ts).
   */
  readonly algorithm: KeySignerAlgorithm;
  /** The public key (verifiers get it with `custody keys public-key`). */
  readonly publicKey: KeyObject;
  /** SPKI PEM of the public key. */
  readonly publicKeyPem: string;
  /** Hex SHA-256 of the SPKI DER: the bundle's public-key hint and DSSE keyid (keys.ts keyIdOf). */
  readonly keyId: string;
  /** Names the key in logs and errors: a path, or the URI without any secret (`pkcs11:token=ci;object=release`). */
  readonly description: string;
  /**
   * Signs `data` (the DSSE pre-authentication encoding) as the bundle expects: ECDSA over SHA-256 of `data`, the
   * signature DER-encoded (as node:crypto and cosign produce it); RSA over SHA-256 of `data`; Ed25519 over `data`.
   */
  sign(data: Buffer): Promise<Buffer>;
  /** Releases the session or client, if any (idempotent). */
  close?(): Promise<void>;
}

/** What an opener may need beyond the URI: where relative paths start, secrets from the environment. */
export interface KeyUriContext {
  /** Relative paths in the URI (a PIN file, a module) are resolved against it. */
  cwd: string;
  /** CUSTODY_PKCS11_PIN (read once at the face, src/settings.ts): the token PIN when the URI has no pin-source. */
  pkcs11Pin?: string;
  /**
   * `sign`: the private key must be usable (log in, check it may sign). `public-key`: only the public key is
   * needed (verify, keys public-key): no PIN is asked for when the token shows its public objects without one.
   */
  purpose: 'sign' | 'public-key';
  /**
   * Where a key service's signer reads its settings and credentials (VAULT_ADDR, VAULT_TOKEN, AWS_REGION, …; the
   * SDKs read theirs from the process too). Absent: the process environment.
   */
  env?: Record<string, string | undefined>;
}

/** Opens the key a URI names. */
export type KeyUriOpener = (uri: string, context: KeyUriContext) => Promise<KeySigner>;

/**
 * True when `--key` names a key by URI (`pkcs11:` or `scheme://`) rather than a PEM file; `C:\\` is a drive, since a
 * scheme has two letters or more. The scheme table (@custody/sign/kms) refuses schemes it does not know.
 */
export const isKeyUri = (value: string): boolean => /^\s*(?:pkcs11:|[a-z][a-z0-9+.-]+:\/\/)/i.test(value);

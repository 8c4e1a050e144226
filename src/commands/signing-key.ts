/**
 * Opens the signing key of `--key` (a PEM file, or a key URI: pkcs11:…, hashivault://, awskms://, gcpkms://,
 * azurekms://) or of the action's key input (the PEM text). Imported by attest.ts's signingKeyFor only when a key is
 * given, so that a keyless run's chunk carries none of it: neither the PEM key reader (@custody/sign keys.ts) nor the
 * key URI branch. A key URI's scheme table (@custody/sign/kms) and its module (a native binding, a service's SDK) are
 * loaded only from here, on use.
 */
import { resolve } from 'node:path';
import { CustodyError, addSecret, readBoundedFile } from '@custody/core';
import { isKeyUri, loadSigningKey, SignInputError, type KeySigner } from '@custody/sign';

export interface SigningKeyOptions {
  keyFile?: string;
  keyPem?: string;
  keyPassphrase?: string;
  keyPin?: string;
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** The key the options name (attest.ts has checked that exactly one of keyFile / keyPem is given). */
export async function openSigningKey(options: SigningKeyOptions): Promise<KeySigner> {
  if (options.keyFile && isKeyUri(options.keyFile)) {
    const { openKeyUri } = await import('@custody/sign/kms');
    return openKeyUri(options.keyFile, {
      cwd: options.cwd,
      purpose: 'sign',
      ...(options.keyPin ? { pkcs11Pin: options.keyPin } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
  }
  let pem: Buffer;
  let location = 'key input';
  if (options.keyPem) {
    addSecret(options.keyPem.trim());
    pem = Buffer.from(options.keyPem);
  } else {
    location = resolve(options.cwd, options.keyFile!);
    try {
      pem = await readBoundedFile(location, `--key ${options.keyFile}`, 'ociJsonBytes');
    } catch (err) {
      if (err instanceof CustodyError) throw err;
      throw new SignInputError('SIGN_KEY_NOT_FOUND', `--key ${options.keyFile} cannot be read.`, {
        location,
        hint: 'Check the path, or make a key with custody keys generate.',
        cause: err,
      });
    }
  }
  const passphrase = options.keyPassphrase;
  return loadSigningKey(pem, { location, ...(passphrase ? { passphrase } : {}) });
}

/**
 * Google Cloud KMS keys (`gcpkms://`): not implemented yet. The URI is recognised so that the error says so plainly (exit 2)
 * instead of treating it as a file name; the signer will use @google-cloud/kms, loaded on use as aws.ts does.
 */
import { KeyServiceError } from '../errors.js';
import type { KeySigner, KeyServiceContext } from './signer.js';

export function open(uri: string, _ctx: KeyServiceContext): KeySigner {
  throw new KeyServiceError(
    'Google Cloud KMS',
    uri,
    'SIGN_KMS_UNSUPPORTED',
    `Google Cloud KMS keys are not supported yet: ${uri} cannot be used.`,
    {
      hint: 'Sign with an AWS KMS (awskms://) or Vault Transit (hashivault://) key, or a key file, for now.',
    },
  );
}

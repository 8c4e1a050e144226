/**
 * Whether --key names a key held by a service (cosign's URI schemes) rather than a file: the one KMS check the
 * package's main entry carries, so that keyless and key-file signing load nothing of the KMS code; the signers and
 * their scheme table are @custody/sign/kms (kms/signer.ts), imported only when a URI is given.
 */
export const KEY_URI_SCHEMES = ['awskms://', 'gcpkms://', 'azurekms://', 'hashivault://'] as const;

/** True when --key names a key in a service rather than a file. */
export function isKeyUri(value: string): boolean {
  return KEY_URI_SCHEMES.some((s) => value.startsWith(s));
}

/**
 * Verifies a Sigstore bundle against a trusted_root.json (the local stack's, or any other) with @sigstore/verify.
 * Tests use it to prove that what Custody signs verifies with the reference implementation.
 */
import { createPublicKey } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { PublicKeyDetails, TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial, type Signer } from '@sigstore/verify';

export interface VerifyBundleOptions {
  /** Public keys for key-signed bundles, by the bundle's key hint. PEM (SPKI). */
  keys?: Record<string, string>;
  tlogThreshold?: number;
  timestampThreshold?: number;
  ctlogThreshold?: number;
  /** Expected certificate SAN (exact). */
  subjectAlternativeName?: string;
}

/** Throws @sigstore/verify's error when the bundle does not verify; returns the signer otherwise. */
export function verifyBundleWithRoot(bundleJson: unknown, trustedRootJson: unknown, options: VerifyBundleOptions = {}): Signer {
  const bundle = bundleFromJSON(bundleJson);
  const root = TrustedRoot.fromJSON(trustedRootJson);
  const keys = Object.fromEntries(
    Object.entries(options.keys ?? {}).map(([hint, pem]) => {
      const key = createPublicKey(pem);
      const keyDetails = key.asymmetricKeyType === 'ed25519' ? PublicKeyDetails.PKIX_ED25519 : PublicKeyDetails.PKIX_ECDSA_P256_SHA_256;
      return [hint, { rawBytes: key.export({ format: 'der', type: 'spki' }), keyDetails, validFor: undefined }];
    }),
  );
  const verifier = new Verifier(toTrustMaterial(root, keys), {
    tlogThreshold: options.tlogThreshold ?? 0,
    timestampThreshold: options.timestampThreshold ?? 1,
    ctlogThreshold: options.ctlogThreshold ?? (options.keys ? 0 : 1),
  });
  return verifier.verify(
    toSignedEntity(bundle),
    options.subjectAlternativeName ? { subjectAlternativeName: options.subjectAlternativeName } : undefined,
  );
}

/**
 * cosign's legacy attestation form (an OCI `sha256-<hex>.att` manifest whose layers are DSSE envelopes, with the
 * certificate, chain and Rekor SET in layer annotations) turned into the equivalent Sigstore bundle v0.1, so the
 * same verifier checks it: certificate at the log's integrated time (SET-verified), the SET, the log entry against
 * the envelope, the DSSE signature.
 */
import { X509Certificate } from '@sigstore/core';
import { CustodyError, parseJsonBounded } from '@custody/core';

export const COSIGN_ANNOTATION_CERTIFICATE = 'dev.sigstore.cosign/certificate';
export const COSIGN_ANNOTATION_BUNDLE = 'dev.sigstore.cosign/bundle';

function pemToDerBase64(pem: string): string {
  const b64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  // Parse to be sure it is a certificate; throws otherwise.
  X509Certificate.parse(Buffer.from(b64, 'base64'));
  return b64;
}

/** Returns the bundle JSON, or a reason why the layer cannot be one. */
export function cosignLegacyToBundle(envelope: Uint8Array, annotations: Record<string, string>): { bundle?: unknown; reason?: string } {
  let env: unknown;
  try {
    env = parseJsonBounded(Buffer.from(envelope).toString('utf8'), { what: 'the cosign layer (DSSE envelope)', maxBytes: 'bundleBytes' });
  } catch (err) {
    if (err instanceof CustodyError) return { reason: `${err.code}: ${err.message}` };
    return { reason: 'the cosign layer is not a JSON DSSE envelope' };
  }
  const cert = annotations[COSIGN_ANNOTATION_CERTIFICATE];
  const rekor = annotations[COSIGN_ANNOTATION_BUNDLE];
  if (!cert) return { reason: 'the cosign layer has no certificate annotation (key-signed legacy attestations are not supported)' };
  if (!rekor) return { reason: 'the cosign layer has no Rekor bundle annotation: no log entry and no trusted time' };
  try {
    const r = parseJsonBounded(rekor, { what: 'the cosign Rekor bundle annotation', maxBytes: 'bundleBytes' }) as {
      SignedEntryTimestamp: string;
      Payload: { body: string; integratedTime: number; logIndex: number; logID: string };
    };
    const body = parseJsonBounded(Buffer.from(r.Payload.body, 'base64').toString('utf8'), {
      what: 'the cosign Rekor entry body',
      maxBytes: 'bundleBytes',
    }) as { kind: string; apiVersion: string };
    return {
      bundle: {
        mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
        verificationMaterial: {
          x509CertificateChain: { certificates: [{ rawBytes: pemToDerBase64(cert) }] },
          tlogEntries: [
            {
              logIndex: String(r.Payload.logIndex),
              logId: { keyId: Buffer.from(r.Payload.logID, 'hex').toString('base64') },
              kindVersion: { kind: body.kind, version: body.apiVersion },
              integratedTime: String(r.Payload.integratedTime),
              inclusionPromise: { signedEntryTimestamp: r.SignedEntryTimestamp },
              canonicalizedBody: r.Payload.body,
            },
          ],
          timestampVerificationData: { rfc3161Timestamps: [] },
        },
        dsseEnvelope: env,
      },
    };
  } catch (err) {
    return { reason: `the cosign annotations cannot be read (${(err as Error).message})` };
  }
}

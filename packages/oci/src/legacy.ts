/**
 * Cosign's legacy attestation layout: one DSSE envelope per layer of `sha256-<hex>.att`, with the Fulcio
 * certificate (`dev.sigstore.cosign/certificate`, PEM) and the Rekor entry with its signed entry timestamp
 * (`dev.sigstore.cosign/bundle`) as layer annotations. `legacyToBundle` re-expresses one layer as a Sigstore bundle
 * v0.1 (certificate + tlog entry with inclusion promise + DSSE envelope), which bundle verifiers accept.
 */
import { LimitError, parseJsonBounded } from '@custody/core';
import { OciError } from './errors.js';

export const MEDIA_SIGSTORE_BUNDLE_V01 = 'application/vnd.dev.sigstore.bundle+json;version=0.1';

interface CosignRekorBundle {
  SignedEntryTimestamp?: string;
  Payload?: { body?: string; integratedTime?: number; logIndex?: number; logID?: string };
}

function pemToDer(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]!.replace(/\s+/g, ''));
}

/** One legacy layer (DSSE envelope bytes + its annotations) as a Sigstore bundle v0.1 (JSON bytes). */
export function legacyToBundle(envelope: Uint8Array, annotations: Record<string, string>, where = 'cosign attestation'): Buffer {
  let dsse: { payload?: string; payloadType?: string; signatures?: Array<{ sig?: string; keyid?: string }> };
  try {
    dsse = parseJsonBounded(Buffer.from(envelope).toString('utf8'), { what: where, maxBytes: 'bundleBytes' }) as typeof dsse;
  } catch (err) {
    if (err instanceof LimitError) throw err;
    throw new OciError('OCI_LEGACY_INVALID', `${where}: the layer is not a DSSE envelope (not JSON).`, { location: where });
  }
  const certs = pemToDer(annotations['dev.sigstore.cosign/certificate'] ?? '');
  if (!certs.length || !dsse.payload) {
    throw new OciError(
      'OCI_LEGACY_INVALID',
      `${where}: no certificate annotation or no payload; key-signed cosign attestations cannot be converted.`,
      {
        location: where,
        hint: 'Verify it with the public key (cosign verify-attestation --key).',
      },
    );
  }
  const verificationMaterial: Record<string, unknown> = {
    x509CertificateChain: { certificates: [{ rawBytes: certs[0] }] },
    tlogEntries: [],
  };
  const rekorText = annotations['dev.sigstore.cosign/bundle'];
  if (rekorText) {
    const rekor = JSON.parse(rekorText) as CosignRekorBundle;
    const p = rekor.Payload;
    if (p?.body && rekor.SignedEntryTimestamp) {
      const body = JSON.parse(Buffer.from(p.body, 'base64').toString('utf8')) as { kind?: string; apiVersion?: string };
      verificationMaterial.tlogEntries = [
        {
          logIndex: String(p.logIndex ?? 0),
          logId: { keyId: Buffer.from(p.logID ?? '', 'hex').toString('base64') },
          kindVersion: { kind: body.kind ?? 'dsse', version: body.apiVersion ?? '0.0.1' },
          integratedTime: String(p.integratedTime ?? 0),
          inclusionPromise: { signedEntryTimestamp: rekor.SignedEntryTimestamp },
          canonicalizedBody: p.body,
        },
      ];
    }
  }
  return Buffer.from(
    JSON.stringify({
      mediaType: MEDIA_SIGSTORE_BUNDLE_V01,
      verificationMaterial,
      dsseEnvelope: {
        payload: dsse.payload,
        payloadType: dsse.payloadType ?? 'application/vnd.in-toto+json',
        signatures: (dsse.signatures ?? []).map((s) => ({ sig: s.sig ?? '', keyid: s.keyid ?? '' })),
      },
    }),
  );
}

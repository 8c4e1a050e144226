// Test data: Sigstore-bundle-shaped JSON with a DSSE envelope around an in-toto statement. Nothing is signed (the
// signature bytes are random): storage only cares about the bytes, and verification is not tested here.
import { randomBytes } from 'node:crypto';

export function makeBundle(subjectDigest: string, predicateType = 'https://slsa.dev/provenance/v1', note = ''): Buffer {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'test-image', digest: { sha256: subjectDigest.replace(/^sha256:/, '') } }],
    predicateType,
    predicate: { note, nonce: randomBytes(8).toString('hex') },
  };
  const bundle = {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: 'test-key' }, tlogEntries: [], timestampVerificationData: {} },
    dsseEnvelope: {
      payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
      payloadType: 'application/vnd.in-toto+json',
      signatures: [{ sig: randomBytes(64).toString('base64'), keyid: '' }],
    },
  };
  return Buffer.from(JSON.stringify(bundle));
}

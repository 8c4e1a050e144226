import { LimitError, digestBytes, parseJsonBounded } from '@custody/core';
import { OciError } from './errors.js';
import {
  ANNOTATION_BUNDLE_CONTENT,
  ANNOTATION_BUNDLE_PREDICATE_TYPE,
  ANNOTATION_CREATED,
  ANNOTATION_TITLE,
  EMPTY_BLOB,
  MEDIA_OCI_EMPTY,
  MEDIA_OCI_MANIFEST,
  type Descriptor,
  type ImageManifest,
} from './media.js';

/** What Custody reads from a Sigstore bundle to label its OCI artifact. */
export interface BundleInfo {
  /** The bundle's own mediaType (v0.3: application/vnd.dev.sigstore.bundle.v0.3+json). */
  mediaType: string;
  content: 'dsse-envelope' | 'message-signature';
  predicateType?: string;
  /** sha256 digests (hex) named as subjects by the in-toto statement. */
  subjectDigests: string[];
  digest: string;
  size: number;
}

function bad(where: string, why: string): OciError {
  return new OciError('OCI_BUNDLE_INVALID', `${where} is not a Sigstore bundle: ${why}.`, {
    location: where,
    hint: 'Pass the .sigstore.json bundle written by custody attest, cosign (--new-bundle-format) or GitHub attestations.',
  });
}

/** Parses the parts of a bundle that label its OCI artifact. Throws OCI_BUNDLE_INVALID. */
export function readBundleInfo(bytes: Uint8Array, where = 'bundle'): BundleInfo {
  let bundle: {
    mediaType?: unknown;
    dsseEnvelope?: { payload?: string; payloadType?: string };
    messageSignature?: unknown;
  };
  try {
    bundle = parseJsonBounded(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), {
      what: where,
      location: where,
      maxBytes: 'bundleBytes',
    }) as typeof bundle;
  } catch (err) {
    if (err instanceof LimitError) throw err;
    throw bad(where, 'it is not JSON');
  }
  if (!bundle || typeof bundle !== 'object') throw bad(where, 'it is not a JSON object');
  if (typeof bundle.mediaType !== 'string' || !bundle.mediaType.startsWith('application/vnd.dev.sigstore.bundle')) {
    throw bad(where, 'its mediaType is not application/vnd.dev.sigstore.bundle...');
  }
  const info: BundleInfo = {
    mediaType: bundle.mediaType,
    content: bundle.dsseEnvelope ? 'dsse-envelope' : 'message-signature',
    subjectDigests: [],
    digest: `sha256:${digestBytes(bytes)}`,
    size: bytes.length,
  };
  if (!bundle.dsseEnvelope && !bundle.messageSignature) throw bad(where, 'it has neither dsseEnvelope nor messageSignature');
  if (bundle.dsseEnvelope?.payload) {
    try {
      const statement = parseJsonBounded(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'), {
        what: `the statement in ${where}`,
        maxBytes: 'bundleBytes',
      }) as {
        predicateType?: string;
        subject?: Array<{ digest?: Record<string, string> }>;
      };
      if (typeof statement.predicateType === 'string') info.predicateType = statement.predicateType;
      for (const s of statement.subject ?? []) if (s.digest?.sha256) info.subjectDigests.push(s.digest.sha256.toLowerCase());
    } catch (err) {
      if (err instanceof LimitError) throw err;
      /* a DSSE payload that is not an in-toto statement: stored all the same */
    }
  }
  return info;
}

/** The referrers tag schema: `sha256-<hex>` for subject `sha256:<hex>`. */
export function fallbackTag(subjectDigest: string): string {
  return subjectDigest.replace(':', '-');
}

/** Cosign's legacy attestation tag: `sha256-<hex>.att`. */
export function legacyAttestationTag(subjectDigest: string): string {
  return `${fallbackTag(subjectDigest)}.att`;
}

export const ATTESTATION_TAG_SUFFIX = '.sigstore';

/**
 * Custody's per-attestation tag: `sha256-<subject hex>.<first 16 hex of the bundle digest>.<first 16 hex of the
 * artifact manifest digest>.sigstore` (114 characters, within the 128 of the tag grammar). One tag per attestation,
 * written once and never rewritten, so concurrent writers cannot lose each other's work (see README.md).
 */
export function attestationTag(subjectDigest: string, bundleDigest: string, manifestDigest: string): string {
  const b = bundleDigest.split(':')[1]!.slice(0, 16);
  const m = manifestDigest.split(':')[1]!.slice(0, 16);
  return `${fallbackTag(subjectDigest)}.${b}.${m}${ATTESTATION_TAG_SUFFIX}`;
}

export interface ParsedAttestationTag {
  bundlePrefix: string;
  manifestPrefix: string;
}

/** Parses a tag written by `attestationTag` for this subject; undefined for any other tag. */
export function parseAttestationTag(tag: string, subjectDigest: string): ParsedAttestationTag | undefined {
  const prefix = `${fallbackTag(subjectDigest)}.`;
  if (!tag.startsWith(prefix) || !tag.endsWith(ATTESTATION_TAG_SUFFIX)) return undefined;
  const m = /^([0-9a-f]{16})\.([0-9a-f]{16})$/.exec(tag.slice(prefix.length, -ATTESTATION_TAG_SUFFIX.length));
  return m ? { bundlePrefix: m[1]!, manifestPrefix: m[2]! } : undefined;
}

export interface BundleArtifact {
  manifest: ImageManifest;
  bytes: Buffer;
  digest: string;
  annotations: Record<string, string>;
}

/**
 * The OCI artifact for a bundle, as GitHub's attest action (@sigstore/oci) and cosign v3 write it: artifactType =
 * the bundle media type, config = the empty descriptor, one layer = the bundle JSON, subject = the image,
 * annotations dev.sigstore.bundle.content / .predicateType and org.opencontainers.image.created.
 */
export function buildBundleArtifact(info: BundleInfo, subject: Descriptor, created: Date): BundleArtifact {
  const annotations: Record<string, string> = { [ANNOTATION_BUNDLE_CONTENT]: info.content };
  if (info.predicateType) annotations[ANNOTATION_BUNDLE_PREDICATE_TYPE] = info.predicateType;
  annotations[ANNOTATION_CREATED] = created.toISOString();
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_OCI_MANIFEST,
    artifactType: info.mediaType,
    config: { mediaType: MEDIA_OCI_EMPTY, digest: `sha256:${digestBytes(EMPTY_BLOB)}`, size: EMPTY_BLOB.length },
    layers: [
      {
        mediaType: info.mediaType,
        digest: info.digest,
        size: info.size,
        annotations: { [ANNOTATION_TITLE]: `${info.digest.replace(':', '-')}.sigstore.json` },
      },
    ],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations,
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  return { manifest, bytes, digest: `sha256:${digestBytes(bytes)}`, annotations };
}

export function isBundleArtifactType(t: string | undefined): boolean {
  return Boolean(t?.startsWith('application/vnd.dev.sigstore.bundle'));
}

import { systemClock, silentLogger, type Clock, type Logger } from '@custody/core';
import {
  ATTESTATION_TAG_SUFFIX,
  attestationTag,
  buildBundleArtifact,
  fallbackTag,
  isBundleArtifactType,
  parseAttestationTag,
  readBundleInfo,
} from './artifact.js';
import { OciError, OciHttpError } from './errors.js';
import { EMPTY_BLOB, MEDIA_OCI_INDEX, MEDIA_OCI_MANIFEST, isIndex, type Descriptor, type ImageIndex, type ImageManifest } from './media.js';
import { sleep } from './retry.js';
import type { OciStore } from './store.js';

export interface AttachOptions {
  clock?: Clock;
  logger?: Logger;
  /** 'auto' (default) uses the referrers API when the registry has it, the fallback tag otherwise. */
  mode?: 'auto' | 'referrers' | 'fallback';
  /** Read-modify-write rounds of the fallback index before giving up on it (default 8). */
  indexAttempts?: number;
  /** Where the bundle came from, for messages. */
  source?: string;
}

export interface AttachResult {
  subject: string;
  bundleDigest: string;
  manifestDigest: string;
  mode: 'referrers' | 'fallback';
  /** The per-attestation tag (fallback mode). */
  tag?: string;
  /** The attestation was already attached (a rerun): nothing new was written but the index repair. */
  alreadyPresent: boolean;
  /** Fallback mode: the referrers index was confirmed to list this attestation. */
  indexConfirmed?: boolean;
  indexRounds?: number;
}

/** An index entry for an artifact manifest: descriptor + artifactType + annotations (referrers tag schema). */
export function referrerEntry(digest: string, size: number, manifest: ImageManifest): Descriptor {
  const d: Descriptor = { mediaType: manifest.mediaType ?? MEDIA_OCI_MANIFEST, digest, size };
  const artifactType = manifest.artifactType ?? manifest.config?.mediaType;
  if (artifactType) d.artifactType = artifactType;
  if (manifest.annotations && Object.keys(manifest.annotations).length) d.annotations = { ...manifest.annotations };
  return d;
}

/**
 * Attaches a Sigstore bundle to `subject` in `store`.
 *
 * Referrers API present: upload the blobs and the artifact manifest (by digest); the registry indexes it.
 * Otherwise (Debian's registry, Docker Hub, layouts): the artifact manifest is pushed under its own tag
 * `sha256-<subject>.<bundle16>.<manifest16>.sigstore` (written once, never rewritten), then the `sha256-<subject>`
 * referrers index is read, merged with every tagged attestation it misses, written, and re-read until it lists
 * this attestation (bounded). A registry that ignores If-Match can lose an index update; it cannot lose a tag, and
 * discovery unions both. A rerun with the same bundle finds its tag and writes nothing new.
 */
export async function attachBundle(
  store: OciStore,
  subject: Descriptor,
  bundle: Uint8Array,
  opts: AttachOptions = {},
): Promise<AttachResult> {
  const logger = opts.logger ?? silentLogger;
  const info = readBundleInfo(bundle, opts.source);
  const mode = opts.mode ?? 'auto';
  const probe = mode === 'fallback' ? { supported: false, manifests: [] as Descriptor[] } : await store.referrers(subject.digest);
  if (mode === 'referrers' && !probe.supported) {
    throw new OciError('OCI_REFERRERS_UNSUPPORTED', `${store.name} does not implement the referrers API.`, {
      hint: 'Use the default mode, which falls back to the referrers tag.',
    });
  }

  if (probe.supported) {
    for (const d of probe.manifests) {
      if (!isBundleArtifactType(d.artifactType)) continue;
      const pt = d.annotations?.['dev.sigstore.bundle.predicateType'];
      if (pt && info.predicateType && pt !== info.predicateType) continue;
      const m = await store.getManifest(d.digest);
      if (!isIndex(m.manifest) && m.manifest.layers?.[0]?.digest === info.digest) {
        logger.info(`${store.name}: bundle ${info.digest} is already attached to ${subject.digest} as ${d.digest}`);
        return { subject: subject.digest, bundleDigest: info.digest, manifestDigest: d.digest, mode: 'referrers', alreadyPresent: true };
      }
    }
    const artifact = buildBundleArtifact(info, subject, (opts.clock ?? systemClock).now());
    const put = await uploadArtifact(
      store,
      bundle,
      artifact.bytes,
      undefined,
      probe.manifests.some((d) => isBundleArtifactType(d.artifactType)),
    );
    if (!put.subject) logger.debug(`${store.name}: no OCI-Subject header on the manifest PUT although the referrers API answered`);
    return {
      subject: subject.digest,
      bundleDigest: info.digest,
      manifestDigest: artifact.digest,
      mode: 'referrers',
      alreadyPresent: false,
    };
  }

  // Fallback: per-attestation tag + referrers tag index. The index is read (and a 404 confirmed against the tags
  // list) before anything is written: a registry whose index cannot be read reliably gets nothing from this push.
  let tags = await store.listTags();
  ({ tags } = await readIndexConfirmed(store, subject.digest, tags, logger, true));
  const bundlePrefix = info.digest.split(':')[1]!.slice(0, 16);
  const existingTag = tags.find((t) => parseAttestationTag(t, subject.digest)?.bundlePrefix === bundlePrefix);
  let entry: Descriptor;
  let tag: string;
  let alreadyPresent = false;
  if (existingTag) {
    const m = await store.getManifest(existingTag);
    entry = referrerEntry(m.digest, m.bytes.length, m.manifest as ImageManifest);
    tag = existingTag;
    alreadyPresent = true;
    logger.info(`${store.name}: bundle ${info.digest} is already attached to ${subject.digest} (tag ${existingTag})`);
  } else {
    const artifact = buildBundleArtifact(info, subject, (opts.clock ?? systemClock).now());
    tag = attestationTag(subject.digest, info.digest, artifact.digest);
    await uploadArtifact(
      store,
      bundle,
      artifact.bytes,
      tag,
      tags.some((t) => t.endsWith(ATTESTATION_TAG_SUFFIX)),
    );
    entry = referrerEntry(artifact.digest, artifact.bytes.length, artifact.manifest);
    tags.push(tag);
  }
  const { confirmed, rounds } = await ensureInFallbackIndex(store, subject.digest, entry, tags, opts.indexAttempts ?? 8, logger);
  return {
    subject: subject.digest,
    bundleDigest: info.digest,
    manifestDigest: entry.digest,
    mode: 'fallback',
    tag,
    alreadyPresent,
    indexConfirmed: confirmed,
    indexRounds: rounds,
  };
}

/**
 * Blobs, then the manifest. distribution 2.8 has a window while another writer commits the same blob (the shared
 * empty config) in which a manifest PUT is refused with MANIFEST_BLOB_UNKNOWN: upload again and retry, bounded.
 */
async function uploadArtifact(store: OciStore, bundle: Uint8Array, manifest: Uint8Array, tag?: string, emptyLikelyPresent = false) {
  for (let attempt = 0; ; attempt++) {
    // The empty config blob is shared by every artifact: when earlier artifacts exist in the repository it is
    // there, and a manifest PUT that says otherwise (MANIFEST_BLOB_UNKNOWN) leads to uploading it below.
    if (attempt > 0 || !emptyLikelyPresent) await store.putBlob(EMPTY_BLOB, { skipExisting: attempt === 0 });
    await store.putBlob(bundle, { skipExisting: false });
    try {
      return await store.putManifest(manifest, MEDIA_OCI_MANIFEST, tag);
    } catch (err) {
      const blobRace =
        err instanceof OciHttpError &&
        err.status === 400 &&
        err.registryCodes.some((c) => c === 'MANIFEST_BLOB_UNKNOWN' || c === 'BLOB_UNKNOWN');
      if (!blobRace || attempt >= 4) throw err;
      await sleep(20 * (attempt + 1) + Math.random() * 30);
    }
  }
}

/** The fallback index could not be read reliably: the registry says 404 for a tag its tags list shows. */
export class IndexUnconfirmedError extends OciError {
  constructor(store: OciStore, subjectDigest: string, reads: number, beforeUpload: boolean) {
    super(
      'OCI_INDEX_UNCONFIRMED',
      `${store.name}: the referrers index ${fallbackTag(subjectDigest)} answered 404 ${reads} times while the tags list shows that tag; starting a new index would drop the attestations it holds, so ${beforeUpload ? 'nothing was written' : 'the index was not written (the attestation itself was stored under its own tag; rerun the push to complete the index)'}.`,
      {
        location: `${store.name}:${fallbackTag(subjectDigest)}`,
        hint: 'The registry (or a proxy or cache in front of it) is inconsistent. Retry later; if it persists, check the registry and anything caching it. Discovery (custody attestations list) still finds attestations by their own tags.',
      },
    );
  }
}

/**
 * Reads the referrers tag index; a 404 is believed only when the tags list (refreshed) does not show the tag. When it
 * does, the index is read again (a few times, with a pause: a tag written a moment ago); still 404 -> OCI_INDEX_UNCONFIRMED.
 */
async function readIndexConfirmed(
  store: OciStore,
  subjectDigest: string,
  knownTags: string[] | undefined,
  logger: Logger,
  beforeUpload = false,
): Promise<{ index?: ImageIndex; foreign: boolean; tags: string[] }> {
  const tag = fallbackTag(subjectDigest);
  let tags = knownTags;
  const reads = 3;
  for (let read = 1; ; read++) {
    const got = await readFallbackIndex(store, subjectDigest);
    if (got.index || got.foreign) return { ...got, tags: tags ?? [] };
    // 404: confirm it against a tags list fetched after the read.
    tags = await store.listTags();
    if (!tags.includes(tag)) return { foreign: false, tags };
    logger.debug(`${store.name}:${tag} answered 404 but the tags list shows it (read ${read} of ${reads})`);
    if (read >= reads) throw new IndexUnconfirmedError(store, subjectDigest, reads, beforeUpload);
    await sleep(50 * read + Math.random() * 50);
  }
}

/** Reads the `sha256-<hex>` referrers tag index: `foreign` when that tag holds something else. */
export async function readFallbackIndex(store: OciStore, subjectDigest: string): Promise<{ index?: ImageIndex; foreign: boolean }> {
  try {
    const m = await store.getManifest(fallbackTag(subjectDigest));
    if (!isIndex(m.manifest)) return { foreign: true };
    return { index: m.manifest, foreign: false };
  } catch (err) {
    if (err instanceof OciError && err.code === 'OCI_NOT_FOUND') return { foreign: false };
    throw err;
  }
}

function mergeTags(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

/**
 * Read-modify-write of the referrers tag index until it lists `own` (and every tagged attestation of the subject),
 * confirmed by reading it back. Bounded: after `attempts` rounds the attestation is still discoverable by its tag.
 */
async function ensureInFallbackIndex(
  store: OciStore,
  subjectDigest: string,
  own: Descriptor,
  knownTags: string[],
  attempts: number,
  logger: Logger,
): Promise<{ confirmed: boolean; rounds: number }> {
  const entries = new Map<string, Descriptor>(); // manifest-prefix -> entry, for tagged attestations fetched so far
  let tags = knownTags;
  for (let round = 0; round < attempts; round++) {
    // A 404 is confirmed against the tags list before a new index is started (never drop what the registry holds).
    const read = await readIndexConfirmed(store, subjectDigest, undefined, logger);
    const { index: current, foreign } = read;
    tags = mergeTags(tags, read.tags);
    if (foreign) {
      logger.warn(
        `${store.name}:${fallbackTag(subjectDigest)} is not an OCI index; left as it is (the attestation is found by its own tag)`,
      );
      return { confirmed: false, rounds: round };
    }
    const index: ImageIndex = current ?? { schemaVersion: 2, mediaType: MEDIA_OCI_INDEX, manifests: [] };
    const listed = new Set(index.manifests.map((d) => d.digest));
    // After a write: when our entry survived, the tags known so far are enough. When it was lost, another writer
    // raced us: refresh the tags so this round also repairs what the other writers added.
    if (round > 0 && !listed.has(own.digest)) tags = mergeTags(tags, await store.listTags());
    const missingTags = tags.filter((t) => {
      const p = parseAttestationTag(t, subjectDigest);
      return p && ![...listed].some((d) => d.startsWith(`sha256:${p.manifestPrefix}`));
    });
    const additions: Descriptor[] = [];
    if (!listed.has(own.digest)) additions.push(own);
    await Promise.all(
      missingTags.map(async (t) => {
        const p = parseAttestationTag(t, subjectDigest)!;
        if (own.digest.startsWith(`sha256:${p.manifestPrefix}`)) return;
        let e = entries.get(p.manifestPrefix);
        if (!e) {
          try {
            const m = await store.getManifest(t);
            if (isIndex(m.manifest) || m.manifest.subject?.digest !== subjectDigest) return;
            e = referrerEntry(m.digest, m.bytes.length, m.manifest);
            entries.set(p.manifestPrefix, e);
          } catch {
            return;
          }
        }
        additions.push(e);
      }),
    );
    if (!additions.length) return { confirmed: true, rounds: round };
    index.manifests.push(...additions.sort((a, b) => (a.digest < b.digest ? -1 : 1)));
    await store.putManifest(Buffer.from(JSON.stringify(index)), MEDIA_OCI_INDEX, fallbackTag(subjectDigest));
    // Let concurrent writers' PUTs land before reading back, so a lost update is seen and repaired.
    await sleep(5 + Math.random() * 20 * (round + 1));
  }
  const last = await readFallbackIndex(store, subjectDigest);
  const confirmed = Boolean(last.index?.manifests.some((d) => d.digest === own.digest));
  if (!confirmed)
    logger.warn(
      `${store.name}: the referrers index ${fallbackTag(subjectDigest)} was rewritten concurrently ${attempts} times; the attestation stays discoverable by its tag`,
    );
  return { confirmed, rounds: attempts };
}

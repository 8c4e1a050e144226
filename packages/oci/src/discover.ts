import { checkSize, compareStrings } from '@custody/core';
import { isBundleArtifactType, legacyAttestationTag, parseAttestationTag, readBundleInfo } from './artifact.js';
import { readFallbackIndex } from './attach.js';
import { OciError } from './errors.js';
import { defaultLayoutImage } from './image.js';
import type { LayoutStore } from './layout.js';
import {
  ANNOTATION_BUNDLE_PREDICATE_TYPE,
  ANNOTATION_CREATED,
  MEDIA_DSSE_ENVELOPE,
  isIndex,
  type Descriptor,
  type ImageManifest,
} from './media.js';
import type { OciStore } from './store.js';

export type AttestationSource = 'referrers' | 'fallback-index' | 'tag' | 'cosign-legacy';

/** One attestation found for a subject. */
export interface AttestationRef {
  subject: string;
  /** `bundle`: a Sigstore bundle artifact; `cosign-dsse`: one DSSE layer of a legacy cosign `.att` manifest. */
  format: 'bundle' | 'cosign-dsse';
  manifestDigest: string;
  /** The bundle media type, or application/vnd.dsse.envelope.v1+json for legacy layers. */
  mediaType: string;
  predicateType?: string;
  created?: string;
  /** Legacy layers: the layer's digest and position. */
  layerDigest?: string;
  layerIndex?: number;
  /** Every discovery path that saw it. */
  sources: AttestationSource[];
}

export interface ListOptions {
  predicateType?: string;
  /** Read cosign's legacy `sha256-<hex>.att` (default true). */
  legacy?: boolean;
  concurrency?: number;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/**
 * Every attestation attached to `subjectDigest`: the referrers API ∪ the `sha256-<hex>` referrers tag index ∪
 * Custody's per-attestation tags ∪ cosign's legacy `sha256-<hex>.att` (and `kind: dev.cosignproject.cosign/atts`
 * entries of a `cosign save` layout). Deduplicated by manifest digest; sorted by created time then digest.
 */
export async function listAttestations(store: OciStore, subjectDigest: string, opts: ListOptions = {}): Promise<AttestationRef[]> {
  const found = new Map<string, AttestationRef>();
  const add = (d: Descriptor, source: AttestationSource) => {
    if (!isBundleArtifactType(d.artifactType)) return;
    const seen = found.get(d.digest);
    if (seen) {
      if (!seen.sources.includes(source)) seen.sources.push(source);
      seen.predicateType ??= d.annotations?.[ANNOTATION_BUNDLE_PREDICATE_TYPE];
      seen.created ??= d.annotations?.[ANNOTATION_CREATED];
      return;
    }
    const ref: AttestationRef = {
      subject: subjectDigest,
      format: 'bundle',
      manifestDigest: d.digest,
      mediaType: d.artifactType!,
      sources: [source],
    };
    const pt = d.annotations?.[ANNOTATION_BUNDLE_PREDICATE_TYPE];
    if (pt) ref.predicateType = pt;
    const created = d.annotations?.[ANNOTATION_CREATED];
    if (created) ref.created = created;
    found.set(d.digest, ref);
  };

  const [referrers, fallback, tags] = await Promise.all([
    store.referrers(subjectDigest),
    readFallbackIndex(store, subjectDigest),
    store.listTags(),
  ]);
  for (const d of referrers.manifests) add(d, 'referrers');
  for (const d of fallback.index?.manifests ?? []) add(d, 'fallback-index');

  const known = () => [...found.keys()];
  const unlisted = tags.filter((t) => {
    const p = parseAttestationTag(t, subjectDigest);
    return p && !known().some((d) => d.startsWith(`sha256:${p.manifestPrefix}`));
  });
  for (const t of tags) {
    const p = parseAttestationTag(t, subjectDigest);
    if (!p) continue;
    const hit = known().find((d) => d.startsWith(`sha256:${p.manifestPrefix}`));
    if (hit) found.get(hit)!.sources.push('tag');
  }
  await mapLimit(unlisted, opts.concurrency ?? 8, async (t) => {
    const m = await store.getManifest(t);
    if (isIndex(m.manifest) || m.manifest.subject?.digest !== subjectDigest) return;
    const mf = m.manifest as ImageManifest;
    add(
      {
        mediaType: m.mediaType,
        digest: m.digest,
        size: m.bytes.length,
        ...(mf.artifactType ? { artifactType: mf.artifactType } : {}),
        ...(mf.annotations ? { annotations: mf.annotations } : {}),
      },
      'tag',
    );
  });

  const results = [...found.values()];
  if (opts.legacy !== false) results.push(...(await legacyAttestations(store, subjectDigest, tags)));

  // Entries without a predicateType annotation: read it from the bundle when a filter needs it.
  if (opts.predicateType) {
    await mapLimit(
      results.filter((r) => r.format === 'bundle' && !r.predicateType),
      opts.concurrency ?? 8,
      async (r) => {
        const bytes = await fetchAttestation(store, r);
        const pt = readBundleInfo(bytes.bytes).predicateType;
        if (pt) r.predicateType = pt;
      },
    );
  }
  const filtered = opts.predicateType ? results.filter((r) => r.predicateType === opts.predicateType) : results;
  for (const r of filtered) r.sources.sort(compareStrings);
  return filtered.sort(
    (a, b) =>
      compareStrings(a.created ?? '', b.created ?? '') ||
      compareStrings(a.manifestDigest, b.manifestDigest) ||
      (a.layerIndex ?? 0) - (b.layerIndex ?? 0),
  );
}

/** Cosign's legacy layout: `sha256-<hex>.att` (registries, tagged layouts) or `kind: .../atts` (cosign save). */
async function legacyAttestations(store: OciStore, subjectDigest: string, tags: string[]): Promise<AttestationRef[]> {
  const manifests = new Set<string>();
  if (tags.includes(legacyAttestationTag(subjectDigest))) manifests.add(legacyAttestationTag(subjectDigest));
  if (store.kind === 'layout') {
    const layout = store as unknown as LayoutStore;
    const index = await layout.readIndex();
    const atts = index.manifests.filter((d) => d.annotations?.kind === 'dev.cosignproject.cosign/atts');
    if (atts.length) {
      let image: string | undefined;
      try {
        image = await defaultLayoutImage(layout);
      } catch {
        image = undefined;
      }
      // `cosign save` writes one image with its attestations: they belong to that image.
      if (image === subjectDigest) for (const d of atts) manifests.add(d.digest);
    }
  }
  const out: AttestationRef[] = [];
  for (const ref of manifests) {
    const m = await store.getManifest(ref);
    if (isIndex(m.manifest)) continue;
    m.manifest.layers.forEach((layer, i) => {
      if (layer.mediaType !== MEDIA_DSSE_ENVELOPE) return;
      const r: AttestationRef = {
        subject: subjectDigest,
        format: 'cosign-dsse',
        manifestDigest: m.digest,
        mediaType: layer.mediaType,
        layerDigest: layer.digest,
        layerIndex: i,
        sources: ['cosign-legacy'],
      };
      const pt = layer.annotations?.predicateType;
      if (pt) r.predicateType = pt;
      out.push(r);
    });
  }
  return out;
}

export interface FetchedAttestation {
  ref: AttestationRef;
  /** The bundle JSON, or for legacy layers the DSSE envelope JSON. */
  bytes: Buffer;
  /** Legacy layers: cosign's annotations (certificate, chain, Rekor bundle) that go with the envelope. */
  annotations?: Record<string, string>;
}

/** The layer's declared size is checked against the attestation-blob limit before anything is downloaded. */
function checkLayer(layer: Descriptor, store: OciStore, manifestDigest: string): void {
  checkSize('bundleBytes', layer.size, `attestation blob ${layer.digest} (declared in ${manifestDigest})`, store.name);
}

/** Downloads one attestation's content, checked against its digests and the attestation-blob limit. */
export async function fetchAttestation(store: OciStore, ref: AttestationRef): Promise<FetchedAttestation> {
  const m = await store.getManifest(ref.manifestDigest);
  if (isIndex(m.manifest)) throw new OciError('OCI_NOT_FOUND', `${ref.manifestDigest} in ${store.name} is an index, not an attestation.`);
  if (ref.format === 'cosign-dsse') {
    const layer = m.manifest.layers[ref.layerIndex ?? 0];
    if (!layer || layer.digest !== ref.layerDigest)
      throw new OciError('OCI_NOT_FOUND', `layer ${ref.layerDigest} is not in ${ref.manifestDigest}.`);
    checkLayer(layer, store, ref.manifestDigest);
    return {
      ref,
      bytes: await store.getBlob(layer.digest, 'bundleBytes'),
      ...(layer.annotations ? { annotations: layer.annotations } : {}),
    };
  }
  const layer = m.manifest.layers[0];
  if (!layer) throw new OciError('OCI_NOT_FOUND', `attestation manifest ${ref.manifestDigest} in ${store.name} has no layer.`);
  checkLayer(layer, store, ref.manifestDigest);
  return { ref, bytes: await store.getBlob(layer.digest, 'bundleBytes') };
}

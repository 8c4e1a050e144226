import type { Readable } from 'node:stream';
import { digestBytes, type LimitName } from '@custody/core';
import type { FetchedManifest, PutManifestResult, ReferrersResult, RegistryClient } from './client.js';
import type { Descriptor } from './media.js';

/**
 * The operations Custody needs on one image repository, implemented by a registry repository (RemoteStore) and
 * by an OCI image layout directory (LayoutStore). References are tags or digests.
 */
export interface OciStore {
  readonly kind: 'registry' | 'layout';
  /** For messages: `localhost:5000/app` or `oci-layout:/path`. */
  readonly name: string;
  headManifest(reference: string): Promise<Descriptor | undefined>;
  getManifest(reference: string): Promise<FetchedManifest>;
  /** Stores a manifest; with `tag`, also points the tag at it. */
  putManifest(bytes: Uint8Array, mediaType: string, tag?: string): Promise<PutManifestResult>;
  hasBlob(digest: string): Promise<boolean>;
  /** A whole blob, digest-checked, at most the limit named (default the attestation-blob limit). */
  getBlob(digest: string, limit?: LimitName): Promise<Buffer>;
  openBlob(digest: string): Promise<Readable>;
  putBlob(bytes: Uint8Array, opts?: { skipExisting?: boolean }): Promise<string>;
  listTags(): Promise<string[]>;
  referrers(digest: string, artifactType?: string): Promise<ReferrersResult>;
}

/** One repository of a registry. */
export class RemoteStore implements OciStore {
  readonly kind = 'registry' as const;
  readonly name: string;
  constructor(
    readonly client: RegistryClient,
    readonly repository: string,
  ) {
    this.name = `${client.registry}/${repository}`;
  }
  headManifest(reference: string) {
    return this.client.headManifest(this.repository, reference);
  }
  getManifest(reference: string) {
    return this.client.getManifest(this.repository, reference);
  }
  putManifest(bytes: Uint8Array, mediaType: string, tag?: string) {
    return this.client.putManifest(this.repository, tag ?? `sha256:${digestBytes(bytes)}`, bytes, mediaType);
  }
  hasBlob(digest: string) {
    return this.client.hasBlob(this.repository, digest);
  }
  getBlob(digest: string, limit?: LimitName) {
    return this.client.getBlob(this.repository, digest, limit);
  }
  openBlob(digest: string) {
    return this.client.openBlob(this.repository, digest);
  }
  putBlob(bytes: Uint8Array, opts?: { skipExisting?: boolean }) {
    return this.client.putBlob(this.repository, bytes, opts);
  }
  listTags() {
    return this.client.listTags(this.repository);
  }
  referrers(digest: string, artifactType?: string) {
    return this.client.referrers(this.repository, digest, artifactType);
  }
}

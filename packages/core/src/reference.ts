/**
 * Image references, parsed once for every package: `REGISTRY/REPO[:TAG][@DIGEST]` (an `oci://` prefix allowed;
 * Docker Hub names normalized to docker.io/library/..., API host registry-1.docker.io) and `oci-layout:DIR[@DIGEST]`.
 * Pure: no I/O. A malformed reference is OCI_REFERENCE_INVALID (exit 2).
 */
import { parseDigest } from './digest.js';
import { CoreInputError } from './errors.js';

/** A registry image reference: REGISTRY/REPO[:TAG][@DIGEST]. */
export interface ImageReference {
  kind: 'registry';
  /** The registry as the user names it, normalized (docker.io for Docker Hub). Used for credentials. */
  registry: string;
  /** The host the API is served from (registry-1.docker.io for Docker Hub). */
  apiHost: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** REGISTRY/REPO as written (no scheme, tag or digest; not normalized): the name a subject is given. */
  name: string;
}

/** An OCI image layout directory: oci-layout:DIR[@DIGEST]. */
export interface LayoutReference {
  kind: 'layout';
  dir: string;
  digest?: string;
}

export type ImageLocation = ImageReference | LayoutReference;

const DOCKER_HUB = 'docker.io';
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

function invalid(text: string, why: string): CoreInputError {
  return new CoreInputError('OCI_REFERENCE_INVALID', `"${text}" is not a valid image reference: ${why}.`, {
    location: text,
    hint: 'Write REGISTRY/REPOSITORY[:TAG][@sha256:DIGEST] (e.g. ghcr.io/org/app:1.0, localhost:5000/app@sha256:...), or oci-layout:DIR[@sha256:DIGEST].',
  });
}

/** Parses REGISTRY/REPO[:TAG][@DIGEST] (an `oci://` prefix is allowed). Docker Hub names are normalized. */
export function parseReference(input: string): ImageReference {
  const text = input
    .trim()
    .replace(/^oci:\/\//, '')
    .replace(/^docker:\/\//, '');
  if (!text) throw invalid(input, 'it is empty');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    const d = rest.slice(at + 1);
    try {
      const parsed = parseDigest(d, input);
      digest = `${parsed.algorithm}:${parsed.hex}`;
    } catch {
      throw invalid(input, `"${d}" is not a digest (sha256:<64 hex>)`);
    }
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) throw invalid(input, `"${tag}" is not a valid tag (letters, digits, _ . -, at most 128)`);
  }
  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || /[A-Z]/.test(first))) {
    if (!HOST.test(first)) throw invalid(input, `"${first}" is not a registry host`);
    registry = first.toLowerCase();
    parts.shift();
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB;
  if (parts.length === 0 || parts.some((p) => !COMPONENT.test(p))) {
    throw invalid(input, 'repository names are lowercase letters, digits and separators (. _ __ -) between / components');
  }
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  if (repository.length > 255) throw invalid(input, 'the repository name is longer than 255 characters');
  if (!tag && !digest) tag = 'latest';
  return {
    kind: 'registry',
    name: rest,
    registry,
    apiHost: registry === DOCKER_HUB ? 'registry-1.docker.io' : registry,
    repository,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}

/** Parses `oci-layout:DIR[@DIGEST]`. */
export function parseLayoutReference(input: string): LayoutReference {
  const text = input.replace(/^oci-layout:/, '');
  const m = /^(.*)@(sha256:[0-9a-fA-F]{64})$/.exec(text);
  const dir = m ? m[1]! : text;
  if (!dir) throw invalid(input, 'the layout directory is missing');
  return { kind: 'layout', dir, ...(m ? { digest: m[2]!.toLowerCase() } : {}) };
}

/** `oci-layout:...` is a layout; everything else is a registry reference. */
export function parseLocation(input: string): ImageLocation {
  if (input.startsWith('oci-layout:')) return parseLayoutReference(input);
  return parseReference(input);
}

export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag && !ref.digest ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

export function formatLocation(loc: ImageLocation): string {
  return loc.kind === 'layout' ? `oci-layout:${loc.dir}${loc.digest ? `@${loc.digest}` : ''}` : formatReference(loc);
}

/**
 * A subject spec as --subject takes it, split without judging the digest (the caller checks the algorithm and the
 * length, with its own codes):
 * - `oci://REGISTRY/REPO[:TAG]@ALG:HEX` -> an image subject named REGISTRY/REPO as written (the tag dropped);
 *   `oci://...` without a digest -> `unpinned`;
 * - `NAME@ALG:HEX` -> a named subject;
 * - anything else (a path or a glob) -> undefined.
 */
export type SubjectSpec =
  | { kind: 'image'; name: string; algorithm: string; hex: string }
  | { kind: 'named'; name: string; algorithm: string; hex: string }
  | { kind: 'unpinned'; name: string };

export function parseSubjectSpec(spec: string): SubjectSpec | undefined {
  const split = (text: string) => {
    const m = /^(.+)@([A-Za-z0-9]+):([0-9A-Za-z]+)$/.exec(text);
    return m ? { name: m[1]!, algorithm: m[2]!.toLowerCase(), hex: m[3]! } : undefined;
  };
  if (spec.startsWith('oci://')) {
    const d = split(spec.slice('oci://'.length));
    if (!d) return { kind: 'unpinned', name: spec.slice('oci://'.length) };
    return { kind: 'image', ...d, name: d.name.replace(/:[^/:]+$/, '') };
  }
  const d = split(spec);
  return d ? { kind: 'named', ...d } : undefined;
}

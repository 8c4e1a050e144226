/**
 * `custody push --bundle FILE --image REF`: attaches Sigstore bundles to an image in a registry or an OCI layout.
 * `pushBundle` is reused by `custody attest --push`.
 *
 * Order: bundles are read and checked, the image is resolved to its digest (once) and must exist — all before
 * anything is uploaded. Each bundle is attached to the image digests its in-toto statement names (the index and/or
 * platform manifests); a rerun with the same bundle finds the earlier upload and completes it without duplicates.
 */
import { constants as fsConstants } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CustodyError, checkSize, describeCause, limits, systemClock, type Clock, type Logger } from '@custody/core';
import {
  attachBundle,
  openImage,
  readBundleInfo,
  resolveImage,
  selectPlatform,
  type AttachResult,
  type Descriptor,
  type RegistryClient,
  type ResolvedImage,
  type GitHubRegistryToken,
} from '@custody/oci';
import { AppError, AppInputError } from '../errors.js';

export interface PushOptions {
  /** --bundle FILE: one bundle (JSON) or several (JSON Lines). */
  bundleFile?: string;
  /** Or bundles already in memory (attest --push). */
  bundles?: Uint8Array[];
  /** --image REF: REGISTRY/REPO[:TAG][@DIGEST], oci://..., or oci-layout:DIR[@DIGEST]. */
  image: string;
  /** --platform OS/ARCH: attach to that platform manifest of an index. */
  platform?: string;
  /** Attach to the index and every platform manifest, whatever the statement names (attest --push of an index). */
  allPlatforms?: boolean;
  /** Plain http to a non-loopback registry. */
  insecure?: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  clock?: Clock;
  /** Shared registry clients (token cache) across calls. */
  clients?: Map<string, RegistryClient>;
  /** Test hook: 'fallback' forces the referrers-tag path. */
  mode?: 'auto' | 'referrers' | 'fallback';
  dockerConfig?: string;
  /** A GitHub token for GitHub's container registry (the actions' github-token input). */
  registryToken?: GitHubRegistryToken;
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
}

export interface PushedAttestation extends AttachResult {
  /** The bundle's position in the input (0-based). */
  bundle: number;
  predicateType?: string;
  platform?: string;
}

export interface PushResult {
  image: string;
  /** The digest the reference resolved to. */
  digest: string;
  store: 'registry' | 'layout';
  attestations: PushedAttestation[];
}

/** A regular file of at most the attestation-blob limit (CUSTODY_MAX_BUNDLE_BYTES); devices and FIFOs are refused. */
async function readBounded(path: string): Promise<Buffer> {
  const handle = await open(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      throw new AppInputError('PUSH_BUNDLE_UNREADABLE', `${path} is not a regular file.`, {
        location: path,
        hint: 'Pass the bundle file written by custody attest --bundle.',
      });
    }
    checkSize('bundleBytes', st.size, `bundle file ${path}`, path);
    const max = limits().bundleBytes;
    const buf = Buffer.alloc(Math.min(st.size, max) + 1);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, size, buf.length - size, size);
      if (!bytesRead) break;
      size += bytesRead;
      if (size === buf.length) break;
    }
    checkSize('bundleBytes', size, `bundle file ${path}`, path);
    return buf.subarray(0, size);
  } finally {
    await handle.close();
  }
}

/** Reads a bundle file: a JSON document or JSON Lines of them. */
export async function readBundleFile(path: string): Promise<Uint8Array[]> {
  let text: string;
  try {
    text = (await readBounded(path)).toString('utf8');
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new AppInputError('PUSH_BUNDLE_UNREADABLE', `cannot read bundle file ${path}: ${describeCause(err)}.`, {
      location: path,
      hint: 'Check the --bundle path.',
    });
  }
  const trimmed = text.trim();
  if (!trimmed)
    throw new AppInputError('PUSH_BUNDLE_EMPTY', `${path} is empty.`, {
      location: path,
      hint: 'Pass the bundle written by custody attest --bundle.',
    });
  try {
    JSON.parse(trimmed);
    return [Buffer.from(trimmed)];
  } catch {
    return trimmed
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => Buffer.from(l));
  }
}

function subjectsFor(
  image: ResolvedImage,
  statementDigests: string[],
  options: PushOptions,
  where: string,
): Array<{ descriptor: Descriptor; platform?: string }> {
  if (options.platform) {
    const d = selectPlatform(image, options.platform);
    return [{ descriptor: { mediaType: d.mediaType, digest: d.digest, size: d.size }, platform: options.platform }];
  }
  const all = [
    { descriptor: image.descriptor },
    ...image.platforms.map((p) => ({
      descriptor: { mediaType: p.descriptor.mediaType, digest: p.descriptor.digest, size: p.descriptor.size },
      platform: p.platform,
    })),
  ];
  if (options.allPlatforms) return all;
  if (!statementDigests.length) return [all[0]!];
  const named = all.filter((s) => statementDigests.includes(s.descriptor.digest.replace(/^sha256:/, '')));
  if (!named.length) {
    throw new AppError(
      'PUSH_SUBJECT_MISMATCH',
      `the statement in ${where} is about ${statementDigests.map((d) => `sha256:${d.slice(0, 12)}…`).join(', ')}, not image ${image.digest}${image.platforms.length ? ' or its platform manifests' : ''}.`,
      { location: where, hint: 'Push the bundle to the image it attests (check the tag: it may have moved), or pass --platform.' },
    );
  }
  return named;
}

/** Attaches every bundle to the image. Nothing is uploaded unless all bundles parse and the image exists. */
export async function pushBundle(options: PushOptions): Promise<PushResult> {
  const where = options.bundleFile ?? 'bundle';
  const bundles = options.bundles ?? (options.bundleFile ? await readBundleFile(resolve(options.cwd, options.bundleFile)) : []);
  if (!bundles.length) throw new AppInputError('PUSH_BUNDLE_MISSING', 'no bundle to push.', { hint: 'Pass --bundle FILE.' });
  const infos = bundles.map((b, i) => readBundleInfo(b, bundles.length > 1 ? `${where} line ${i + 1}` : where));

  const opened = await openImage(options.image, {
    cwd: options.cwd,
    env: options.env,
    logger: options.logger,
    intent: 'push',
    ...(options.insecure ? { insecure: true } : {}),
    ...(options.clients ? { clients: options.clients } : {}),
    ...(options.dockerConfig ? { dockerConfig: options.dockerConfig } : {}),
    ...(options.registryToken ? { githubToken: options.registryToken } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const image = await resolveImage(opened.store, opened.reference, options.image);
  options.logger.info(`${options.image} resolved to ${image.digest}`);
  const plan = infos.map((info, i) => ({
    i,
    info,
    subjects: subjectsFor(image, info.subjectDigests, options, bundles.length > 1 ? `${where} line ${i + 1}` : where),
  }));

  const attestations: PushedAttestation[] = [];
  const clock = options.clock ?? systemClock;
  for (const { i, info, subjects } of plan) {
    for (const s of subjects) {
      const r = await attachBundle(opened.store, s.descriptor, bundles[i]!, {
        clock,
        logger: options.logger,
        source: where,
        ...(options.mode ? { mode: options.mode } : {}),
      });
      options.logger.info(
        `${r.alreadyPresent ? 'already attached' : 'attached'}: ${info.predicateType ?? info.content} -> ${opened.store.name}@${r.manifestDigest} (subject ${r.subject}${s.platform ? `, ${s.platform}` : ''}, ${r.mode === 'referrers' ? 'referrers API' : 'referrers tag'})`,
      );
      attestations.push({
        ...r,
        bundle: i,
        ...(info.predicateType ? { predicateType: info.predicateType } : {}),
        ...(s.platform ? { platform: s.platform } : {}),
      });
    }
  }
  return { image: options.image, digest: image.digest, store: opened.store.kind, attestations };
}

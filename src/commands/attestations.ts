/**
 * `custody attestations list|download REF`: the attestations attached to an image (referrers API, referrers tag,
 * Custody's per-attestation tags, cosign's legacy .att), for the index and its platform manifests.
 * `listImageAttestations` and `downloadImageAttestations` are reused by `custody verify oci://...`.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { CustodyError, describeCause, parseJsonBounded, silentLogger, type Logger } from '@custody/core';
import {
  assertDigest,
  fetchAttestation,
  legacyToBundle,
  listAttestations,
  openImage,
  resolveImage,
  selectPlatform,
  type AttestationRef,
  type FetchedAttestation,
  type OciStore,
  type RegistryClient,
  type ResolvedImage,
  OciError,
} from '@custody/oci';
import { AppError } from '../errors.js';

export interface AttestationsOptions {
  /** REGISTRY/REPO[:TAG][@DIGEST], oci://..., or oci-layout:DIR[@DIGEST]. */
  target: string;
  predicateType?: string;
  /** OS/ARCH[/VARIANT]: only that platform manifest's attestations. */
  platform?: string;
  insecure?: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  clients?: Map<string, RegistryClient>;
  dockerConfig?: string;
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
}

export interface ListedAttestation extends AttestationRef {
  /** The platform whose manifest is the subject (absent for the image or index itself). */
  platform?: string;
}

export interface AttestationsListResult {
  image: string;
  digest: string;
  attestations: ListedAttestation[];
}

export interface OpenedTarget {
  store: OciStore;
  image: ResolvedImage;
  subjects: Array<{ digest: string; platform?: string }>;
}

/** Resolves the target once and names the subjects to look at (index + platforms, or the chosen platform). */
export async function openTarget(options: AttestationsOptions): Promise<OpenedTarget> {
  const opened = await openImage(options.target, {
    cwd: options.cwd,
    env: options.env,
    logger: options.logger,
    ...(options.insecure ? { insecure: true } : {}),
    ...(options.clients ? { clients: options.clients } : {}),
    ...(options.dockerConfig ? { dockerConfig: options.dockerConfig } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const image = await resolveImage(opened.store, opened.reference, options.target);
  const subjects = options.platform
    ? [{ digest: selectPlatform(image, options.platform).digest, platform: options.platform }]
    : [{ digest: image.digest }, ...image.platforms.map((p) => ({ digest: p.descriptor.digest, platform: p.platform }))];
  return { store: opened.store, image, subjects };
}

export async function listImageAttestations(options: AttestationsOptions): Promise<AttestationsListResult & { store: OciStore }> {
  const { store, image, subjects } = await openTarget(options);
  const attestations: ListedAttestation[] = [];
  for (const s of subjects) {
    const found = await listAttestations(store, s.digest, options.predicateType ? { predicateType: options.predicateType } : {});
    for (const a of found) attestations.push({ ...a, ...(s.platform ? { platform: s.platform } : {}) });
  }
  return { image: options.target, digest: image.digest, attestations, store };
}

export interface DownloadResult extends AttestationsListResult {
  /** Files written (with outputDir), in list order. */
  files: string[];
  /** The contents, in list order (bundle JSON, or for cosign legacy a JSON document with the envelope and its annotations). */
  documents: string[];
}

function fileName(a: ListedAttestation): string {
  // Both digests came from a registry or a layout: checked again here, where they become a file name.
  const subject = assertDigest(a.subject, 'the subject of an attestation', a.manifestDigest).replace(':', '-');
  const m = assertDigest(a.manifestDigest, 'an attestation manifest', a.subject).split(':')[1]!.slice(0, 16);
  const layer = a.layerIndex ?? 0;
  if (!Number.isSafeInteger(layer) || layer < 0)
    throw new AppError('ATTESTATIONS_PATH_ESCAPES', `layer index ${String(layer)} is not a number.`, {
      hint: 'The registry or layout is malformed.',
    });
  return a.format === 'bundle' ? `${subject}.${m}.sigstore.json` : `${subject}.${m}.${layer}.cosign.sigstore.json`;
}

/** DIR/NAME, refused unless it is a plain file name directly inside DIR. */
function insideOutput(dir: string, name: string): string {
  const path = resolve(dir, name);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || dirname(path) !== dir || relative(dir, path).startsWith('..')) {
    throw new AppError(
      'ATTESTATIONS_PATH_ESCAPES',
      `the file name "${name.slice(0, 200)}" would be written outside ${dir}; nothing more was written.`,
      {
        location: dir,
        hint: 'The registry or layout gave names that are not digests; it is malformed or hostile. Files already written are all inside --output.',
      },
    );
  }
  return path;
}

/**
 * The document written for one attestation: the bundle as stored; for a cosign legacy layer, the same attestation as
 * a Sigstore bundle v0.1 (certificate + Rekor entry with its promise + envelope) when it carries a certificate, else
 * the envelope with cosign's annotations.
 */
export function attestationDocument(f: FetchedAttestation): string {
  // Within the size and depth limits (a hostile registry's deep-nested JSON must not reach a recursive consumer).
  const where = `${f.ref.manifestDigest}${f.ref.format === 'cosign-dsse' ? `#${f.ref.layerIndex}` : ''}`;
  let parsed: unknown;
  try {
    parsed = parseJsonBounded(f.bytes.toString('utf8'), { what: `attestation ${where}`, maxBytes: 'bundleBytes' });
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new OciError('OCI_BUNDLE_INVALID', `attestation ${where} is not JSON.`, {
      location: where,
      hint: 'The stored attestation is damaged; push it again.',
    });
  }
  if (f.ref.format === 'bundle') return f.bytes.toString('utf8');
  const annotations = f.annotations ?? {};
  if (annotations['dev.sigstore.cosign/certificate'])
    return legacyToBundle(f.bytes, annotations, `${f.ref.manifestDigest}#${f.ref.layerIndex}`).toString('utf8');
  return JSON.stringify({ format: 'cosign-legacy-dsse', dsseEnvelope: parsed, annotations });
}

/**
 * For `custody verify oci://REF | oci-layout:DIR`: the target resolved to its digest once, and every attestation
 * stored with it as bundle bytes (cosign legacy layers converted). Shaped for setOciResolver in src/commands/verify.ts.
 */
export async function resolveOciTarget(
  target: string,
  cwd: string,
  logger?: Logger,
  extra: Partial<AttestationsOptions> = {},
): Promise<{ target: { name: string; digests: Record<string, string> }; attestations: Array<{ uri: string; bytes: Uint8Array }> }> {
  const text = target.startsWith('oci://') ? target.slice('oci://'.length) : target;
  const listed = await listImageAttestations({ target: text, cwd, env: process.env, logger: logger ?? silentLogger, ...extra });
  const attestations: Array<{ uri: string; bytes: Uint8Array }> = [];
  for (const a of listed.attestations) {
    const doc = attestationDocument(await fetchAttestation(listed.store, a));
    attestations.push({
      uri: `${listed.store.name}@${a.manifestDigest}${a.format === 'cosign-dsse' ? `#${a.layerIndex}` : ''}`,
      bytes: Buffer.from(doc),
    });
  }
  return { target: { name: target, digests: { sha256: listed.digest.replace(/^sha256:/, '') } }, attestations };
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    // 'wx': never through a file (or symlink) that is already there; the rename replaces the name, not its target.
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new AppError('OUTPUT_WRITE_FAILED', `cannot write ${path}: ${describeCause(err)}.`, {
      hint: 'Check that the directory is writable.',
      cause: err,
    });
  }
}

/** Downloads every listed attestation; with `outputDir`, one file each (atomic writes). */
export async function downloadImageAttestations(options: AttestationsOptions & { outputDir?: string }): Promise<DownloadResult> {
  const listed = await listImageAttestations(options);
  const documents: string[] = [];
  for (const a of listed.attestations) documents.push(attestationDocument(await fetchAttestation(listed.store, a)));
  const files: string[] = [];
  if (options.outputDir) {
    const dir = resolve(options.cwd, options.outputDir);
    // Every name is checked before the first file is written.
    const paths = listed.attestations.map((a) => insideOutput(dir, fileName(a)));
    await mkdir(dir, { recursive: true });
    for (const [i, path] of paths.entries()) {
      await writeAtomic(path, documents[i]!.endsWith('\n') ? documents[i]! : `${documents[i]}\n`);
      files.push(path);
    }
  }
  return { image: listed.image, digest: listed.digest, attestations: listed.attestations, files, documents };
}

export interface GitHubDownloadOptions {
  /** A file, sha256:HEX, or oci://REGISTRY/REPO[:TAG|@DIGEST] (resolved to its digest once). */
  target: string;
  repo?: string;
  owner?: string;
  limit?: number;
  hostname?: string;
  predicateType?: string;
  /** Directory for the file (default cwd, as gh). */
  outputDir?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

export interface GitHubDownloadResult {
  digest: string;
  /** DIR/sha256:HEX.jsonl (sha256-HEX.jsonl on Windows), as gh attestation download names it; absent when none were found. */
  file?: string;
  count: number;
  /** Attestations left out: unreadable, or of another predicate type. */
  skipped: string[];
}

/** The predicate type in a bundle's DSSE payload, when it has one. */
function predicateTypeOf(bundle: unknown): string | undefined {
  const payload = (bundle as { dsseEnvelope?: { payload?: unknown } } | null)?.dsseEnvelope?.payload;
  if (typeof payload !== 'string') return undefined;
  try {
    const statement = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { predicateType?: unknown };
    return typeof statement.predicateType === 'string' ? statement.predicateType : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `custody attestations download TARGET --repo OWNER/REPO | --owner ORG`: the target's attestations from GitHub's
 * attestations API, written as gh attestation download writes them: one file named after the digest,
 * `sha256:HEX.jsonl`, one bundle per line (any previous content replaced).
 */
export async function downloadGitHubAttestations(o: GitHubDownloadOptions): Promise<GitHubDownloadResult> {
  const github = await import('./github-store.js');
  const read = {
    ...(o.repo ? { repo: o.repo } : { owner: o.owner! }),
    ...(o.limit ? { limit: o.limit } : {}),
    ...(o.hostname ? { hostname: o.hostname } : {}),
  };
  const api = github.githubReader(read, o.env, o.logger)!;
  const { resolveTarget } = await import('./verify.js');
  const { target } = await resolveTarget(o.target, o.cwd, o.env, o.logger);
  const digest = `sha256:${target.digests.sha256}`;
  const gh = await github.readGitHubAttestations(api, read, digest);
  o.logger.info(gh.notes[0]!);
  const lines: string[] = [];
  const skipped: string[] = [];
  for await (const a of gh.attestations) {
    if (a.unreadable) {
      skipped.push(`${a.uri}: ${a.unreadable}`);
      continue;
    }
    let bundle: unknown;
    try {
      bundle = parseJsonBounded(Buffer.from(a.bytes).toString('utf8'), { what: `the bundle ${a.uri}`, maxBytes: 'bundleBytes' });
    } catch (err) {
      if (err instanceof CustodyError && !err.code.startsWith('LIMIT_')) throw err;
      skipped.push(`${a.uri}: ${describeCause(err)}`);
      continue;
    }
    if (o.predicateType && predicateTypeOf(bundle) !== o.predicateType) {
      skipped.push(`${a.uri}: predicate type ${predicateTypeOf(bundle) ?? 'none'}`);
      continue;
    }
    lines.push(JSON.stringify(bundle));
  }
  for (const s of skipped) o.logger.warn(`not written: ${s}`);
  if (lines.length === 0) return { digest, count: 0, skipped };
  const dir = resolve(o.cwd, o.outputDir ?? '.');
  const name = `${process.platform === 'win32' ? digest.replace(':', '-') : digest}.jsonl`;
  await mkdir(dir, { recursive: true });
  if (!/^sha256[:-][0-9a-f]{64}\.jsonl$/.test(name))
    throw new AppError('ATTESTATIONS_PATH_ESCAPES', `the file name "${name.slice(0, 200)}" is not a digest.`, { location: dir });
  const file = join(dir, name);
  await writeAtomic(file, `${lines.join('\n')}\n`);
  return { digest, file, count: lines.length, skipped };
}

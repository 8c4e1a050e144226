/**
 * `custody verify`: resolve the target to digests, read the attestations (bundle files, or the registry/layout
 * through @custody/oci), load trust material and the policy, run @custody/verify, write the VSA.
 * Typed options in, typed result out; the CLI and actions/verify both call verifyArtifact, and verify-batch.ts calls
 * it once per target of a run over many (with a per-run cache and the attestations it read once for all of them).
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  canonicalJson,
  CustodyError,
  describeCause,
  LimitError,
  limits,
  parseDigest,
  PREDICATE_VSA_V1,
  silentLogger,
  stableJson,
  systemClock,
  UsageError,
  type Clock,
  type Logger,
  type Statement,
} from '@custody/core';
import {
  buildTrust,
  buildVsa,
  cosignLegacyToBundle,
  embeddedNpmKeys,
  MAX_SMALL_FILE_BYTES,
  parseAttestationDocument,
  readAttestationBlob,
  loadPolicyParser,
  parsePublicKeyPem,
  parseTrustedRoot,
  publicGoodRoot,
  validateIdentityPolicy,
  VerifyInputError,
  startVerification,
  type AttestationInput,
  type CompiledPolicy,
  type IdentityPolicy,
  type InsecureOptions,
  type ParsedStatement,
  type Trust,
  type TrustedKey,
  type VerifyReport,
  type VerifyTarget,
  type VsaPredicate,
} from '@custody/verify';
import { writeFileAtomic } from '../io/files.js';
import type { AttestOptions } from './attest.js';
import type { GitHubReadOptions } from './github-store.js';
import type { GitHubRegistryToken } from '@custody/oci';
import type { PreparedAttestation, VerifyRunCache } from './verify-cache.js';

export interface VerifyArtifactOptions {
  /** A file path, `sha256:HEX`, `oci://REF`, or `oci-layout:DIR[@DIGEST]`. */
  target: string;
  /** Bundle files: a bundle, JSON Lines of bundles, or an npm attestations document. */
  bundles: string[];
  /** PEM public keys for key-based bundles. */
  keys?: string[];
  /**
   * Attestations already in memory (a composition such as the demo hands its bundles on without a file): the
   * document's bytes or text (as a bundle file holds), and a label that names it in the report and the VSA.
   */
  bundleData?: Array<{ label: string; bytes: Uint8Array | string }>;
  /** Public keys already in memory: the PEM text, and a label that names it in the report. */
  publicKeys?: Array<{ label: string; pem: string }>;
  identity?: IdentityPolicy;
  /**
   * Predicate types that must be verified, in addition to the policy's requiredPredicateTypes (default, when neither
   * names any: SLSA Provenance v1 when the bundles hold statements). `*` alone: none beyond the policy's.
   */
  predicateTypes?: string[];
  trustedRoot?: string;
  policy?: string;
  insecure?: InsecureOptions;
  /**
   * Read the target's attestations from GitHub's attestations API too (the CLI: no --bundle, with --repo/--owner).
   * A file or digest target needs a token (GITHUB_TOKEN / GH_TOKEN; exit 2 without one); an oci:// target reads the
   * registry as well, and GitHub only when a token is set.
   */
  github?: GitHubReadOptions;
  /** A GitHub token for GitHub's container registry, for oci:// targets (the verify action's github-token input). */
  registryToken?: GitHubRegistryToken;
  /** Refuse an image target named by tag (oci://…:TAG, oci-layout:DIR without @DIGEST): exit 2, VERIFY_TARGET_NOT_PINNED. */
  requireDigest?: boolean;
  /** Write a Verification Summary Attestation here: an unsigned in-toto statement, or a signed bundle with vsaSigning. */
  vsa?: string;
  /** Sign the VSA (through src/commands/attest.ts): with a private key file, or keyless with the platform's OIDC token. */
  vsaSigning?: { keyFile?: string; keyless?: boolean; signingConfigFile?: string } & Pick<
    AttestOptions,
    'keyPassphrase' | 'retry' | 'presetSigningConfigs'
  >;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  logger?: Logger;
  /** A run over several targets (verify-batch.ts): trust root, keys and policy read and parsed once, keyed by bytes. */
  cache?: VerifyRunCache;
  /**
   * Attestations the caller read once for several targets (verify-batch.ts: the --bundle files of a batch), asked for
   * once the target is resolved and verified after `bundles`.
   */
  attestationsFor?: (target: VerifyTarget) => PreparedAttestation[];
  /**
   * Called with each attestation that passed every check and its statement (custody trace reads the verified claims
   * this way, from the bytes that verified, never from an attestation that did not).
   */
  onVerifiedStatement?: (attestation: VerifyReport['attestations'][number], statement: ParsedStatement) => void;
}

export interface VerifyArtifactResult {
  report: VerifyReport;
  /** Absolute path of the VSA written, if asked for. */
  vsaPath?: string;
  vsaSigned: boolean;
}

/** `--predicate-type '*'`: no particular predicate type is required (every attestation is still verified in full). */
export const ANY_PREDICATE_TYPE = '*';

/** `*` alone: none required. `*` beside named types would silently drop them, so that is refused. */
function anyOrRequired(types: string[]): string[] {
  if (!types.includes(ANY_PREDICATE_TYPE)) return types;
  if (types.length > 1) {
    throw new UsageError(
      `--predicate-type '*' (no particular type required) cannot be combined with named types (${types.filter((t) => t !== ANY_PREDICATE_TYPE).join(', ')}).`,
      {
        hint: "Name the types that must be verified, or give '*' alone.",
      },
    );
  }
  return [];
}

/** Artifacts up to this size are kept in memory so message signatures are checked over their bytes. */
const IN_MEMORY_ARTIFACT_BYTES = 64 * 1024 * 1024;

async function readSmall(path: string, what: string, limit = MAX_SMALL_FILE_BYTES): Promise<Buffer> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    if (s.size > limit) {
      throw new VerifyInputError('VERIFY_INPUT_TOO_LARGE', `the ${what} is ${s.size} bytes; the limit is ${limit} bytes.`, {
        location: path,
        hint: `Check that this is the right ${what} file.`,
      });
    }
    return await readFile(path);
  } catch (err) {
    if (err instanceof VerifyInputError) throw err;
    throw new VerifyInputError('VERIFY_FILE_UNREADABLE', `cannot read the ${what}: ${describeCause(err)}.`, {
      location: path,
      hint: 'Check the path.',
      cause: err,
    });
  }
}

/**
 * Reads an attestation file the user named, bounded before a byte is read: it must be a regular file (no device,
 * FIFO or socket, nor a link to one) no larger than the bundleBytes limit, and no more than that is ever read.
 */
export async function readAttestationFile(path: string): Promise<Buffer> {
  const max = limits().bundleBytes;
  let fh;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    if (s.size > max)
      throw new LimitError('bundleBytes', `the attestation file is ${s.size} bytes, over the limit of ${max} bytes.`, { location: path });
    // O_NONBLOCK: should the path have been swapped for a FIFO since the stat, opening it does not hang.
    fh = await open(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const st = await fh.stat();
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    const buf = Buffer.alloc(Math.min(st.size, max) + 1);
    let n = 0;
    while (n < buf.length) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    if (n > max)
      throw new LimitError('bundleBytes', `the attestation file grew past the limit of ${max} bytes while it was read.`, {
        location: path,
      });
    return buf.subarray(0, n);
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw new VerifyInputError('VERIFY_FILE_UNREADABLE', `cannot read the attestation file: ${describeCause(err)}.`, {
      location: path,
      hint: 'Check the path: --bundle takes a regular file (a Sigstore bundle, JSON Lines of bundles, or an npm attestations document).',
      cause: err,
    });
  } finally {
    await fh?.close().catch(() => {});
  }
}

/** Attestations at least this large are followed by a garbage collection (see collectGarbage). */
const LARGE_ATTESTATION_BYTES = 8 * 1024 * 1024;
let gcFn: (() => void) | undefined | null;

/**
 * A full garbage collection, after a large attestation has been read or verified. A verification is synchronous work
 * that allocates a few copies of each attestation (text, parsed JSON, decoded payload, signed bytes) and V8 does not
 * collect them by itself before the next one is read, so hostile 64 MiB blobs pushed next to an image would add up
 * to several hundred MiB. Collecting after each large one keeps the peak to about one attestation's worth. (The
 * same way jest's leak detector reaches the collector: --expose-gc set at run time, gc taken from a new context.)
 */
async function collectGarbage(): Promise<void> {
  if (gcFn === undefined) {
    try {
      const [v8, vm] = await Promise.all([import('node:v8'), import('node:vm')]);
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}

/**
 * Frees a large buffer now rather than at the next garbage collection (which a run doing synchronous work may not
 * reach before its peak): its ArrayBuffer is detached. Only for buffers read here and no longer used.
 */
function release(bytes: Uint8Array): void {
  const ab = bytes.buffer as ArrayBuffer & { transfer?: (n: number) => ArrayBuffer };
  // Only a buffer that is (nearly) all of its ArrayBuffer: a view into a shared pool is left alone.
  const own = bytes.byteOffset === 0 && ab.byteLength - bytes.byteLength <= 16;
  if (bytes.byteLength >= 1024 * 1024 && own && typeof ab.transfer === 'function' && !(ab instanceof SharedArrayBuffer)) ab.transfer(0);
}

async function fileTarget(path: string, display: string): Promise<VerifyTarget> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new Error('not a regular file');
    size = s.size;
  } catch (err) {
    throw new VerifyInputError('VERIFY_TARGET_UNREADABLE', `cannot read the target: ${describeCause(err)}.`, {
      location: path,
      hint: 'TARGET is a file path, sha256:HEX, oci://REGISTRY/REPO[:TAG|@DIGEST] or oci-layout:DIR[@DIGEST].',
      cause: err,
    });
  }
  const algs = ['sha256', 'sha384', 'sha512'] as const;
  const hashes = algs.map((a) => createHash(a));
  const keep = size <= IN_MEMORY_ARTIFACT_BYTES;
  const chunks: Buffer[] = [];
  const fh = await open(path, 'r');
  try {
    // Chunks of at most 1 MiB, no larger than the file (a small file does not cost a 1 MiB buffer).
    for await (const chunk of fh.createReadStream({ highWaterMark: Math.min(1 << 20, Math.max(size, 1)) })) {
      for (const h of hashes) h.update(chunk as Buffer);
      if (keep) chunks.push(chunk as Buffer);
    }
  } finally {
    await fh.close().catch(() => {});
  }
  const digests = Object.fromEntries(algs.map((a, i) => [a, hashes[i]!.digest('hex')]));
  return { name: display, digests, ...(keep ? { bytes: Buffer.concat(chunks) } : {}) };
}

/** What oci:// and oci-layout: targets resolve to: the digest and the attestations stored with it. */
export interface FetchedAttestationBytes {
  uri: string;
  bytes: Uint8Array;
  /** It could not be fetched or converted (content problems only): reported as an ignored attestation. */
  unreadable?: string;
}

export interface OciResolution {
  target: VerifyTarget;
  /** The attestations stored with the image, fetched one at a time as they are iterated (never all at once). */
  attestations: AsyncIterable<FetchedAttestationBytes>;
  notes: string[];
}

type Oci = typeof import('@custody/oci');
type OciStoreOf = Awaited<ReturnType<Oci['openAndResolve']>>['store'];
type AttestationRefOf = Awaited<ReturnType<Oci['listAttestations']>>[number];

/**
 * One attestation's content, read bounded: the size its manifest declares is checked against the bundleBytes limit
 * before a byte of the blob is fetched, and the blob is streamed into a buffer of exactly that size (digest-checked
 * by the store's stream), so an oversized or lying blob costs no more than the limit.
 */
async function fetchAttestationBounded(
  oci: Oci,
  store: OciStoreOf,
  ref: AttestationRefOf,
): Promise<{ bytes: Buffer; annotations?: Record<string, string> }> {
  const m = await store.getManifest(ref.manifestDigest);
  const manifest = m.manifest as {
    layers?: Array<{ digest: string; size: number; annotations?: Record<string, string> }>;
    manifests?: unknown;
  };
  if (!Array.isArray(manifest.layers))
    throw new oci.OciError('OCI_NOT_FOUND', `${ref.manifestDigest} in ${store.name} is not an attestation manifest.`);
  const layer = ref.format === 'cosign-dsse' ? manifest.layers[ref.layerIndex ?? 0] : manifest.layers[0];
  if (!layer || (ref.format === 'cosign-dsse' && layer.digest !== ref.layerDigest)) {
    throw new oci.OciError('OCI_NOT_FOUND', `attestation manifest ${ref.manifestDigest} in ${store.name} has no such layer.`);
  }
  const max = limits().bundleBytes;
  if (!(Number.isSafeInteger(layer.size) && layer.size >= 0))
    throw new oci.OciError('OCI_NOT_FOUND', `layer ${layer.digest} of ${ref.manifestDigest} declares no valid size.`);
  if (layer.size > max)
    throw new LimitError('bundleBytes', `the attestation blob ${layer.digest} is ${layer.size} bytes, over the limit of ${max} bytes.`, {
      location: `${store.name}@${ref.manifestDigest}`,
    });
  const stream = await store.openBlob(layer.digest);
  const bytes = Buffer.alloc(layer.size);
  let n = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (n + chunk.length > layer.size) {
      stream.destroy();
      throw new oci.OciError(
        'OCI_DIGEST_MISMATCH',
        `blob ${layer.digest} in ${store.name} is longer than the ${layer.size} bytes its manifest declares.`,
        { hint: 'The registry returned different content than described; do not trust it.' },
      );
    }
    chunk.copy(bytes, n);
    n += chunk.length;
  }
  if (n !== layer.size)
    throw new oci.OciError(
      'OCI_DIGEST_MISMATCH',
      `blob ${layer.digest} in ${store.name} is ${n} bytes, not the ${layer.size} its manifest declares.`,
    );
  return { bytes, ...(layer.annotations ? { annotations: layer.annotations } : {}) };
}

/**
 * Errors about one attestation's content (missing or mismatching blobs, an oversized or malformed manifest or
 * bundle): whoever can push to the repository can cause them, so they make that attestation ignored, not the run
 * impossible. Transport, authentication and registry errors still stop the run (exit 2).
 */
function isContentError(err: unknown): err is CustodyError {
  if (!(err instanceof CustodyError)) return false;
  if (err.code.startsWith('LIMIT_HTTP_')) return false;
  return (
    err.code.startsWith('LIMIT_') ||
    ['OCI_NOT_FOUND', 'OCI_DIGEST_MISMATCH', 'OCI_DIGEST_UNSUPPORTED', 'OCI_BUNDLE_INVALID', 'OCI_LEGACY_INVALID'].includes(err.code)
  );
}

/**
 * Resolves an image (registry or layout) to its digest once, then lists and fetches the Sigstore bundles attached
 * to that digest (referrers API, referrers-tag fallback, per-attestation tags) through @custody/oci. Legacy cosign
 * `.att` layers are turned into the equivalent bundle v0.1 (cosignLegacyToBundle) and verified the same way.
 */
export async function resolveOci(
  text: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  logger?: Logger,
  registryToken?: GitHubRegistryToken,
): Promise<OciResolution> {
  const oci = await import('@custody/oci');
  const image = await oci.openAndResolve(text, {
    cwd,
    env,
    ...(logger ? { logger } : {}),
    ...(registryToken ? { githubToken: registryToken } : {}),
  });
  const hex = image.digest.replace(/^sha256:/, '');
  const notes: string[] = [];
  const pinned = /@sha256:[0-9a-f]{64}$/.test(text);
  if (!pinned) {
    notes.push(`${text} was resolved once to ${image.digest}; everything after uses the digest (pin it in deploy manifests)`);
    logger?.info(`custody verify: ${text} resolved to ${image.digest}`);
  }
  const refs = await oci.listAttestations(image.store, image.digest, { legacy: true });
  logger?.debug(`custody verify: ${text} -> ${image.digest}, ${refs.length} attestation(s)`);
  async function* attestations(): AsyncGenerator<FetchedAttestationBytes> {
    for (const ref of refs) {
      const uri = `${text.replace(/@sha256:[0-9a-f]{64}$/, '')}@${ref.manifestDigest}`;
      let fetched;
      try {
        fetched = await fetchAttestationBounded(oci, image.store, ref);
      } catch (err) {
        if (!isContentError(err)) throw err;
        yield { uri, bytes: new Uint8Array(0), unreadable: `${err.code}: ${err.message}` };
        continue;
      }
      if (ref.format === 'bundle') {
        yield { uri, bytes: fetched.bytes };
        continue;
      }
      // cosign's legacy .att layer: the same checks, on the equivalent v0.1 bundle.
      const converted = cosignLegacyToBundle(fetched.bytes, fetched.annotations ?? {});
      const layerUri = `${uri}#layer${ref.layerIndex ?? 0}(cosign)`;
      if (converted.bundle) yield { uri: layerUri, bytes: Buffer.from(JSON.stringify(converted.bundle)) };
      else
        yield {
          uri: layerUri,
          bytes: new Uint8Array(0),
          unreadable: `a cosign legacy layer that cannot be turned into a bundle: ${converted.reason}`,
        };
    }
  }
  return {
    target: { name: text, digests: { sha256: hex }, notes, ...(pinned ? {} : { resolved: { reference: text, digest: image.digest } }) },
    attestations: attestations(),
    notes,
  };
}

export async function resolveTarget(
  target: string,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  logger?: Logger,
  registryToken?: GitHubRegistryToken,
): Promise<{ target: VerifyTarget; fetched: AsyncIterable<FetchedAttestationBytes> }> {
  const none = (async function* (): AsyncGenerator<FetchedAttestationBytes> {})();
  if (/^sha(256|384|512):/i.test(target)) {
    const d = parseDigest(target, 'TARGET');
    return { target: { name: target, digests: { [d.algorithm]: d.hex } }, fetched: none };
  }
  if (target.startsWith('oci://') || target.startsWith('oci-layout:')) {
    const r = await resolveOci(target, cwd, env, logger, registryToken);
    return { target: r.target, fetched: r.attestations };
  }
  return { target: await fileTarget(resolve(cwd, target), target), fetched: none };
}

/** The policy file, parsed once per run for the same bytes when a run cache is given. */
export async function loadPolicy(path: string, cache?: VerifyRunCache): Promise<{ policy: CompiledPolicy; bytes: Buffer }> {
  const bytes = await readSmall(path, 'policy file');
  const parse = async () => (await loadPolicyParser()).parsePolicy(bytes.toString('utf8'), path);
  return { policy: cache ? await cache.policy(path, bytes, parse) : await parse(), bytes };
}

/**
 * A --key value that is a key URI (pkcs11:…, scheme://…: hashivault://, awskms://, gcpkms://, azurekms://) rather than
 * a PEM file (C:\\ is a drive, not a scheme); the scheme table (@custody/sign/kms) refuses schemes it does not know.
 */
const KEY_URI = /^(?:pkcs11:|[a-z][a-z0-9+.-]+:\/\/)/i;

/** verifyArtifact's options as the commands that read whatever verifies (trace, vuln) take them from the gate flags. */
export type GateVerifyOptions = Omit<
  VerifyArtifactOptions,
  'target' | 'cwd' | 'env' | 'logger' | 'vsa' | 'vsaSigning' | 'onVerifiedStatement' | 'requireDigest'
>;

/**
 * One target through verifyArtifact, keeping the statement of each attestation that verified in full (in the order
 * they verified). Any predicate type is taken unless `verify` requires some: trace shows, and vuln reads, whatever
 * verifies.
 */
export async function verifyKeepingStatements(
  target: string,
  bundles: string[],
  o: { verify: GateVerifyOptions; cwd: string; env?: NodeJS.ProcessEnv; logger?: Logger; clock?: Clock },
): Promise<{ report: VerifyReport; statements: Map<VerifyReport['attestations'][number], ParsedStatement> }> {
  const statements = new Map<VerifyReport['attestations'][number], ParsedStatement>();
  const { report } = await verifyArtifact({
    ...o.verify,
    predicateTypes: o.verify.predicateTypes?.length ? o.verify.predicateTypes : ['*'],
    bundles,
    target,
    cwd: o.cwd,
    ...(o.env ? { env: o.env } : {}),
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    onVerifiedStatement: (a, st) => statements.set(a, st),
  });
  return { report, statements };
}

/**
 * The trust: the trusted root (--trusted-root, else the embedded public-good root), the --key keys, and npm's
 * registry keys with the public-good root. With a run cache, one Trust per distinct (root bytes, keys, source).
 */
export async function loadTrust(
  o: Pick<VerifyArtifactOptions, 'trustedRoot' | 'keys' | 'publicKeys' | 'cwd' | 'cache' | 'env'>,
): Promise<Trust> {
  const rootPath = o.trustedRoot ? resolve(o.cwd, o.trustedRoot) : undefined;
  let root;
  let raw: Buffer | undefined;
  if (rootPath) {
    raw = await readSmall(rootPath, 'trusted root', 16 * MAX_SMALL_FILE_BYTES);
    const bytes = raw;
    const parse = () => {
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch (err) {
        throw new VerifyInputError('VERIFY_TRUST_ROOT_INVALID', `the trusted root is not JSON (${describeCause(err)}).`, {
          location: rootPath,
          hint: 'Pass a Sigstore trusted_root.json.',
        });
      }
      return parseTrustedRoot(json, rootPath);
    };
    root = o.cache ? o.cache.root(bytes, parse) : parse();
  } else root = publicGoodRoot();
  const keys: TrustedKey[] = [];
  for (const k of o.keys ?? []) {
    if (KEY_URI.test(k)) {
      // A key URI (pkcs11:…, a KMS or Vault): its public key comes from the token or service; @custody/sign and its
      // scheme table (@custody/sign/kms) are loaded only then.
      const { openKeyUri, redactKeyUri } = await import('@custody/sign/kms');
      const opened = await openKeyUri(k, { cwd: o.cwd, purpose: 'public-key', env: o.env ?? process.env });
      await opened.close?.();
      keys.push({ source: `--key ${redactKeyUri(k)}`, key: parsePublicKeyPem(opened.publicKeyPem, opened.description) });
      continue;
    }
    const p = resolve(o.cwd, k);
    keys.push({ source: `--key ${k}`, key: parsePublicKeyPem((await readSmall(p, 'public key')).toString('utf8'), p) });
  }
  for (const k of o.publicKeys ?? []) keys.push({ source: k.label, key: parsePublicKeyPem(k.pem, k.label) });
  // npm's registry keys belong to the public-good trust: not trusted with another --trusted-root. Even then they
  // verify only npm publish attestations read from an npm attestations document (@custody/verify enforces it).
  if (!rootPath) keys.push(...embeddedNpmKeys());
  const source = rootPath ? `--trusted-root ${o.trustedRoot}` : 'embedded Sigstore public-good root (@sigstore/tuf seeds)';
  const build = () => buildTrust({ root, source, keys });
  return o.cache ? o.cache.trust(source, raw, keys, build) : build();
}

export async function verifyArtifact(o: VerifyArtifactOptions): Promise<VerifyArtifactResult> {
  const clock = o.clock ?? systemClock;
  if (o.identity) validateIdentityPolicy(o.identity, 'command line');
  const requiredTypes = o.predicateTypes?.length ? anyOrRequired(o.predicateTypes) : undefined;
  if (
    o.requireDigest &&
    (o.target.startsWith('oci://') || o.target.startsWith('oci-layout:')) &&
    !/@sha(256|384|512):[0-9a-f]+$/.test(o.target)
  ) {
    throw new VerifyInputError('VERIFY_TARGET_NOT_PINNED', `${o.target} names the image by tag, and --require-digest refuses tags.`, {
      hint: `Name the image by digest: ${o.target.startsWith('oci-layout:') ? o.target : o.target.replace(/:[^/:@]+$/, '')}@sha256:… (custody prints the digest a tag resolves to when run without --require-digest).`,
    });
  }
  // Everything that can make the run impossible is checked before the (possibly slow) target digest.
  const policy = o.policy ? await loadPolicy(resolve(o.cwd, o.policy), o.cache) : undefined;
  const trust = await loadTrust(o);

  // --bundle files first (they can make the run impossible: too large, too deep, not JSON), before the target digest.
  const inputs: AttestationInput[] = [];
  const inputDigests: Array<{ uri: string; sha256: string }> = [];
  for (const b of o.bundles) {
    const p = resolve(o.cwd, b);
    const bytes = await readAttestationFile(p);
    inputDigests.push({ uri: b, sha256: createHash('sha256').update(bytes).digest('hex') });
    const large = bytes.byteLength >= LARGE_ATTESTATION_BYTES;
    inputs.push(...parseAttestationDocument(bytes, b));
    release(bytes);
    if (large) await collectGarbage();
  }
  for (const d of o.bundleData ?? []) {
    const bytes = typeof d.bytes === 'string' ? Buffer.from(d.bytes) : d.bytes;
    inputDigests.push({ uri: d.label, sha256: createHash('sha256').update(bytes).digest('hex') });
    inputs.push(...parseAttestationDocument(bytes, d.label));
  }
  // GitHub's attestations API: the token is checked before the target digest (a missing one cannot run).
  const env = o.env ?? process.env;
  const isImage = o.target.startsWith('oci://') || o.target.startsWith('oci-layout:');
  let githubApi: Awaited<ReturnType<typeof import('./github-store.js')['githubReader']>>;
  let github: typeof import('./github-store.js') | undefined;
  const githubNotes: string[] = [];
  if (o.github && !o.target.startsWith('oci-layout:')) {
    github = await import('./github-store.js');
    githubApi = github.githubReader(o.github, env, o.logger, isImage);
    if (!githubApi)
      githubNotes.push("GitHub's attestations API was not asked: no GITHUB_TOKEN or GH_TOKEN is set (the registry's attestations only)");
  }
  const resolved = await resolveTarget(o.target, o.cwd, env, o.logger, o.registryToken);
  const target = resolved.target;
  for (const a of o.attestationsFor?.(target) ?? []) {
    inputs.push({ ...a.input });
    if (!inputDigests.some((d) => d.uri === a.uri)) inputDigests.push({ uri: a.uri, sha256: a.sha256 });
  }
  let fetched = resolved.fetched;
  if (github && githubApi) {
    const sha256 = target.digests.sha256;
    if (!sha256)
      throw new VerifyInputError('VERIFY_TARGET_UNREADABLE', `${o.target} has no sha256 digest to look up on GitHub.`, {
        hint: 'Name the target by file, sha256:HEX or oci:// reference.',
      });
    let gh: Awaited<ReturnType<typeof github.readGitHubAttestations>> | undefined;
    try {
      gh = await github.readGitHubAttestations(githubApi, o.github!, `sha256:${sha256}`);
    } catch (err) {
      // For an image GitHub is a second source: a server without the attestations API (GHES answers 404) leaves the
      // registry's attestations, and the notes say so. For a file or digest it is the only source: an error.
      if (!(isImage && err instanceof CustodyError && err.code === 'GITHUB_NOT_FOUND')) throw err;
      githubNotes.push(`GitHub's attestations API answered 404 (${err.message}); the registry's attestations only`);
      o.logger?.warn(`custody verify: ${err.message}`);
    }
    if (gh) {
      const fromGitHub = gh.attestations;
      githubNotes.push(...gh.notes);
      o.logger?.info(`custody verify: ${gh.notes[0]}`);
      const first = fetched;
      fetched = (async function* () {
        yield* first;
        yield* fromGitHub;
      })();
    }
  }
  if (githubNotes.length) target.notes = [...(target.notes ?? []), ...githubNotes];
  const verification = startVerification(target, {
    trust,
    clock,
    ...(o.identity ? { identity: o.identity } : {}),
    ...(requiredTypes ? { requiredPredicateTypes: requiredTypes } : {}),
    ...(policy ? { policy: policy.policy } : {}),
    ...(o.insecure ? { insecure: o.insecure } : {}),
    ...(o.onVerifiedStatement ? { onVerifiedStatement: o.onVerifiedStatement } : {}),
  });
  for (const input of inputs.splice(0)) {
    const large = input.size >= LARGE_ATTESTATION_BYTES;
    verification.add(input);
    if (large) await collectGarbage();
  }
  // Found next to the image: fetched, read and verified one at a time (only the reports are kept), and whatever
  // cannot be read is reported as ignored, not a reason to stop.
  for await (const f of fetched) {
    // The VSA lists what was read; an attestation that could not even be fetched has no bytes to name.
    if (!(f.unreadable && f.bytes.byteLength === 0))
      inputDigests.push({ uri: f.uri, sha256: createHash('sha256').update(f.bytes).digest('hex') });
    const large = f.bytes.byteLength >= LARGE_ATTESTATION_BYTES;
    if (large) await collectGarbage(); // the chunks it was streamed in
    const found = f.unreadable
      ? [{ source: f.uri, json: undefined, size: f.bytes.length, unreadable: f.unreadable }]
      : readAttestationBlob(f.bytes, f.uri);
    release(f.bytes);
    if (large) await collectGarbage();
    for (const input of found) verification.add(input);
    if (large) await collectGarbage();
  }
  const report = verification.finish();
  let vsaPath: string | undefined;
  if (o.vsa) {
    const statement = buildVsa(report, {
      resourceUri: o.target,
      ...(policy && o.policy ? { policy: { uri: o.policy, bytes: policy.bytes } } : {}),
      inputs: inputDigests,
      ...(policy?.policy.vsa?.verifiedLevels ? { verifiedLevels: policy.policy.vsa.verifiedLevels } : {}),
    });
    vsaPath = resolve(o.cwd, o.vsa);
    if (o.vsaSigning && (o.vsaSigning.keyFile || o.vsaSigning.keyless)) {
      await signVsa(statement, vsaPath, o);
      o.logger?.info(`custody verify: wrote a signed verification summary (${statement.predicate.verificationResult}) to ${vsaPath}`);
      return { report, vsaPath, vsaSigned: true };
    }
    await writeFileAtomic(vsaPath, stableJson(statement));
    o.logger?.info(
      `custody verify: wrote an unsigned verification summary (${canonicalJson(statement.predicate.verificationResult)}) to ${vsaPath}`,
    );
  }
  return { report, ...(vsaPath ? { vsaPath } : {}), vsaSigned: false };
}

/** Signs the VSA as a Sigstore bundle with the attest command (same signing code, instance and key handling). */
async function signVsa(statement: Statement<VsaPredicate>, bundlePath: string, o: VerifyArtifactOptions): Promise<void> {
  const { attest } = await import('./attest.js');
  const raw = statement.subject[0]!.name;
  const name = /^sha(256|384|512):/.test(raw) ? 'artifact' : raw.replace(/^oci(-layout)?:/, '').replace(/[@][^/]*$/, '') || 'artifact';
  const subjects = Object.entries(statement.subject[0]!.digest)
    .filter(([alg]) => alg === 'sha256')
    .map(([alg, hex]) => `${basename(name) || 'artifact'}@${alg}:${hex}`);
  // The predicate goes to attest in memory (no temporary file written and read back).
  await attest({
    subjects,
    predicateType: PREDICATE_VSA_V1,
    predicate: statement.predicate,
    keyFile: o.vsaSigning?.keyFile,
    signingConfigFile: o.vsaSigning?.signingConfigFile,
    keyPassphrase: o.vsaSigning?.keyPassphrase,
    retry: o.vsaSigning?.retry,
    presetSigningConfigs: o.vsaSigning?.presetSigningConfigs,
    bundleFile: bundlePath,
    cwd: o.cwd,
    env: o.env ?? process.env,
    logger: o.logger ?? silentLogger,
    ...(o.clock ? { clock: o.clock } : {}),
  });
}

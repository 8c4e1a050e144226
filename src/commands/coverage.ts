/**
 * `custody coverage`: what is deployed or released (Kubernetes manifests, an image list, or a registry repository's
 * tags) -> per image: pinned by digest or not, the attestations stored next to it and whether they verify (the
 * verify command's single-target core, verifyArtifact, with the same identity and policy options), and the two service
 * levels: provenance coverage (the share of images with verified provenance and a verified SBOM) and attestation
 * latency (the provenance's build end -> its verified signing time). `--pin` writes the manifests back with each tag
 * replaced by its digest, editing only the image strings. Typed options in, typed result out.
 */
import { X509Certificate } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import {
  CustodyError,
  parseJsonBounded,
  parseReference,
  PREDICATE_CYCLONEDX,
  PREDICATE_SLSA_PROVENANCE_V1,
  printable,
  readBoundedFile,
  systemClock,
  UsageError,
  type Logger,
} from '@custody/core';
import { parseImageList, parseManifests, pinText, type ImageUse, type PinEdit } from '@custody/deploy';
import type { VerifyReport } from '@custody/verify';
import { AppInputError } from '../errors.js';
import { writeFileAtomic } from '../io/files.js';
import { attestationKind, type AttestationKind } from './trace-graph.js';
import { verifyArtifact, type VerifyArtifactOptions } from './verify.js';

export const COVERAGE_SCHEMA = 'https://custody.dev/coverage-report/v1';

/** Predicate types that count as provenance, and as an SBOM. */
export const PROVENANCE_TYPES = [PREDICATE_SLSA_PROVENANCE_V1, 'https://slsa.dev/provenance/v0.2'];
export const SBOM_TYPES = [
  PREDICATE_CYCLONEDX,
  'https://spdx.dev/Document',
  'https://spdx.dev/Document/v2.3',
  'https://spdx.dev/Document/v3',
];

/** Registry work for this many images at a time. */
export const DEFAULT_COVERAGE_CONCURRENCY = 4;
/** Files read from the directories given (rendered manifests of a whole platform stay far below). */
const MAX_MANIFEST_FILES = 10_000;

export interface CoverageOptions {
  /** Manifest files or directories (directories: *.yaml, *.yml, *.json below them). */
  manifests: string[];
  /** An image list file (one reference a line); `-` with `imagesText` for standard input. */
  images?: string;
  imagesText?: string;
  /** REGISTRY/REPO: every tag of the repository (attestation tags aside). */
  repository?: string;
  /** The verify options (identity, keys, trusted root, policy, predicate types), as `custody verify` takes them. */
  verify: Omit<VerifyArtifactOptions, 'target' | 'cwd' | 'env' | 'logger' | 'bundles' | 'vsa' | 'vsaSigning'>;
  /** Rewrite each tag in the manifests with the digest it resolved to. */
  pin?: boolean;
  concurrency?: number;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export interface CoverageAttestation {
  source: string;
  predicateType?: string;
  /** What it is, by predicate type: provenance, sbom, vulnerabilities (a scan), vex, vsa or other. */
  kind: AttestationKind;
  verified: boolean;
  signer?: string;
  signedAt?: string;
  reason?: string;
}

export interface CoverageLocation {
  source: string;
  line: number;
  kind: string;
  name?: string;
  namespace?: string;
  container?: string;
  containerList?: string;
  helmSource?: string;
}

export interface CoverageImage {
  /** The reference as written (the first place it appears). */
  image: string;
  /** Named by digest where it is written (every place). */
  pinned: boolean;
  /** The digest it resolved to (absent when it could not be resolved). */
  digest?: string;
  locations: CoverageLocation[];
  attestations: CoverageAttestation[];
  provenanceVerified: boolean;
  sbomVerified: boolean;
  /** A verified vulnerability scan (in-toto vulns, cosign vuln) is stored with it (shown; not part of coverage). */
  vulnScanVerified: boolean;
  /** A verified VEX document (OpenVEX, CycloneDX VEX) is stored with it (shown; not part of coverage). */
  vexVerified: boolean;
  /** The verify gate for this image (identity, required types, policy) passed. */
  verifyPassed: boolean;
  /** Verified provenance and a verified SBOM (and the verify gate passed): counts towards coverage. */
  covered: boolean;
  latency: {
    seconds?: number;
    buildFinishedOn?: string;
    signedAt?: string;
    /** Where the signing time came from: a verified timestamp, or the certificate's notBefore. */
    signedAtSource?: 'verified-timestamp' | 'certificate-not-before';
    /** Why there is no figure. */
    unknown?: string;
  };
  /** Why it is not covered, one reason each. */
  reasons: string[];
  /** The image could not be read from its registry (not found, unreachable, denied). */
  error?: string;
}

export interface CoverageSummary {
  images: number;
  pinned: number;
  attested: number;
  provenanceVerified: number;
  sbomVerified: number;
  vulnScanVerified: number;
  vexVerified: number;
  covered: number;
  errors: number;
  /** covered / images. */
  ratio: number;
  latency: { known: number; unknown: number; p50Seconds?: number; p95Seconds?: number; maxSeconds?: number };
}

export interface CoverageResult {
  schema: typeof COVERAGE_SCHEMA;
  generatedAt: string;
  images: CoverageImage[];
  summary: CoverageSummary;
  /** Files --pin rewrote, and how many image strings in each. */
  pinnedFiles: Array<{ file: string; images: number }>;
  notes: string[];
}

/** Walks the paths given: files as they are, directories for their YAML and JSON files (sorted, no symlinked dirs). */
async function manifestFiles(paths: string[], cwd: string): Promise<Array<{ path: string; display: string }>> {
  const out: Array<{ path: string; display: string }> = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.')) await walk(p);
      } else if (e.isFile() && /\.(ya?ml|json)$/i.test(e.name)) {
        out.push({ path: p, display: relative(cwd, p) || p });
        if (out.length > MAX_MANIFEST_FILES) {
          throw new AppInputError('COVERAGE_INPUT_UNREADABLE', `more than ${MAX_MANIFEST_FILES} manifest files below the paths given.`, {
            location: dir,
            hint: 'Point custody coverage at the rendered manifests of what is deployed, not a whole tree.',
          });
        }
      }
    }
  };
  for (const given of paths) {
    const p = resolve(cwd, given);
    let s;
    try {
      s = await stat(p);
    } catch (err) {
      throw new AppInputError('COVERAGE_INPUT_UNREADABLE', `cannot read the manifests: ${(err as Error).message}.`, {
        location: given,
        hint: 'Give manifest files or directories (helm template … > out.yaml, kustomize build … > out.yaml).',
        cause: err,
      });
    }
    if (s.isDirectory()) await walk(p);
    else out.push({ path: p, display: given });
  }
  return out;
}

/** The reference without its tag (and digest), as written: `nginx:1.25` -> `nginx`, `host:5000/a/b:v1` -> `host:5000/a/b`. */
export function withoutTag(image: string): string {
  const noDigest = image.replace(/@sha(256|384|512):[0-9a-f]+$/, '');
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** One key per image, whatever the spelling (nginx == docker.io/library/nginx:latest). */
function imageKey(image: string): string {
  const r = parseReference(image);
  return `${r.registry}/${r.repository}${r.digest ? `@${r.digest}` : `:${r.tag ?? 'latest'}`}`;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/**
 * Errors about one image (not found, unreachable, denied, a registry answering nonsense): that image is reported as
 * unreadable and the others go on. Everything else (bad options, trust root, policy) stops the run (exit 2).
 */
function isImageError(err: unknown): err is CustodyError {
  return (
    err instanceof CustodyError &&
    err.code !== 'OCI_REFERENCE_INVALID' &&
    (err.code.startsWith('OCI_') ||
      err.code.startsWith('LIMIT_HTTP_') ||
      err.code === 'LIMIT_OCI_JSON_BYTES' ||
      err.code === 'IMAGE_BLOB_MISSING')
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The build end and the signing certificate's notBefore of a verified provenance attestation stored in a registry,
 * read again by digest (the manifest and blob are content-addressed, so these are the bytes that verified).
 */
async function provenanceTimes(
  source: string,
  o: CoverageOptions,
  clients: Map<string, unknown>,
): Promise<{ finishedOn?: string; certNotBefore?: string } | undefined> {
  const m = /^(oci:\/\/.+)@(sha256:[0-9a-f]{64})(?:#layer(\d+)\(cosign\))?$/.exec(source);
  if (!m) return undefined;
  const oci = await import('@custody/oci');
  const opened = await oci.openImage(`${m[1]}@${m[2]}`, { cwd: o.cwd, env: o.env ?? process.env, clients: clients as Map<string, never> });
  const manifest = (await opened.store.getManifest(m[2]!)).manifest as { layers?: Array<{ digest: string }> };
  const layer = manifest.layers?.[Number(m[3] ?? 0)];
  if (!layer) return undefined;
  const bytes = await opened.store.getBlob(layer.digest, 'bundleBytes');
  const doc = parseJsonBounded(bytes.toString('utf8'), { what: 'attestation bundle', location: source });
  if (!isRecord(doc)) return undefined;
  const envelope = isRecord(doc.dsseEnvelope) ? doc.dsseEnvelope : doc;
  const out: { finishedOn?: string; certNotBefore?: string } = {};
  if (typeof envelope.payload === 'string') {
    const statement = parseJsonBounded(Buffer.from(envelope.payload, 'base64').toString('utf8'), {
      what: 'provenance statement',
      location: source,
    });
    const predicate = isRecord(statement) && isRecord(statement.predicate) ? statement.predicate : {};
    const run = isRecord(predicate.runDetails) && isRecord(predicate.runDetails.metadata) ? predicate.runDetails.metadata : undefined;
    const v02 = isRecord(predicate.metadata) ? predicate.metadata : undefined;
    const finished = run?.finishedOn ?? v02?.buildFinishedOn;
    if (typeof finished === 'string') out.finishedOn = finished;
  }
  const vm = isRecord(doc.verificationMaterial) ? doc.verificationMaterial : undefined;
  const chain =
    vm && isRecord(vm.x509CertificateChain) && Array.isArray(vm.x509CertificateChain.certificates)
      ? vm.x509CertificateChain.certificates
      : [];
  const leaf = vm && isRecord(vm.certificate) ? vm.certificate : isRecord(chain[0]) ? chain[0] : undefined;
  if (leaf && typeof leaf.rawBytes === 'string') {
    try {
      out.certNotBefore = new Date(new X509Certificate(Buffer.from(leaf.rawBytes, 'base64')).validFrom).toISOString();
    } catch {
      // A certificate that cannot be read has already failed verification; no time from it.
    }
  }
  return out;
}

function signerOf(a: VerifyReport['attestations'][number]): string | undefined {
  if (!a.signer) return undefined;
  return a.signer.identity ?? (a.signer.kind === 'key' ? 'a key' : undefined);
}

/** What one image's verification report says, as coverage counts it. */
async function assess(
  image: CoverageImage,
  report: VerifyReport,
  o: CoverageOptions,
  clients: Map<string, unknown>,
  logger: Logger,
): Promise<void> {
  image.digest = report.target.resolved?.digest ?? (report.target.digests.sha256 ? `sha256:${report.target.digests.sha256}` : undefined);
  image.attestations = report.attestations.map((a) => ({
    source: a.source,
    ...(a.predicateType ? { predicateType: a.predicateType } : {}),
    kind: attestationKind(a.predicateType),
    verified: a.passed,
    ...(signerOf(a) ? { signer: signerOf(a)! } : {}),
    ...(a.signedAt?.length ? { signedAt: [...a.signedAt].sort()[0]! } : {}),
    ...(a.passed ? {} : { reason: a.ignoredReason ?? 'did not verify' }),
  }));
  const provenance = report.attestations.filter((a) => a.passed && a.predicateType && PROVENANCE_TYPES.includes(a.predicateType));
  const sboms = report.attestations.filter((a) => a.passed && a.predicateType && SBOM_TYPES.includes(a.predicateType));
  image.provenanceVerified = provenance.length > 0;
  image.sbomVerified = sboms.length > 0;
  image.vulnScanVerified = report.attestations.some((a) => a.passed && attestationKind(a.predicateType) === 'vulnerabilities');
  image.vexVerified = report.attestations.some((a) => a.passed && attestationKind(a.predicateType) === 'vex');
  image.verifyPassed = report.passed;
  image.covered = image.provenanceVerified && image.sbomVerified && report.passed;
  const reasons: string[] = [];
  if (report.attestations.length === 0) reasons.push('no attestation is stored next to the image');
  else {
    const unverified = (types: string[]) =>
      report.attestations.filter((a) => !a.passed && a.predicateType && types.includes(a.predicateType)).map((a) => a.ignoredReason);
    if (!image.provenanceVerified) {
      const why = unverified(PROVENANCE_TYPES);
      reasons.push(why.length ? `provenance does not verify: ${why[0]}` : 'no provenance attestation');
    }
    if (!image.sbomVerified) {
      const why = unverified(SBOM_TYPES);
      reasons.push(why.length ? `SBOM does not verify: ${why[0]}` : 'no SBOM attestation');
    }
    if (image.provenanceVerified && image.sbomVerified && !report.passed) {
      const failed = report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.reason}`);
      reasons.push(`the verify gate failed: ${failed[0] ?? 'see custody verify'}`);
    }
  }
  image.reasons = reasons;

  // Latency: the earliest-signed verified provenance; its build end from the statement, its signing time verified.
  if (!provenance.length) {
    image.latency = { unknown: 'no verified provenance' };
    return;
  }
  const earliest = (a: (typeof provenance)[number]) => (a.signedAt?.length ? [...a.signedAt].sort()[0]! : '~');
  const chosen = [...provenance].sort((a, b) => (earliest(a) < earliest(b) ? -1 : earliest(a) > earliest(b) ? 1 : 0))[0]!;
  let times: Awaited<ReturnType<typeof provenanceTimes>>;
  try {
    times = await provenanceTimes(chosen.source, o, clients);
  } catch (err) {
    logger.debug(`custody coverage: cannot read the provenance of ${image.image} again: ${(err as Error).message}`);
  }
  const finished = times?.finishedOn;
  const signed = chosen.signedAt?.length ? [...chosen.signedAt].sort()[0] : undefined;
  const signedAt = signed ?? (chosen.signer?.kind === 'certificate' ? times?.certNotBefore : undefined);
  const latency: CoverageImage['latency'] = {
    ...(finished ? { buildFinishedOn: finished } : {}),
    ...(signedAt ? { signedAt, signedAtSource: signed ? 'verified-timestamp' : 'certificate-not-before' } : {}),
  };
  if (!times) {
    latency.unknown = `the verified provenance could not be read again from ${chosen.source.startsWith('oci://') ? 'its registry' : `${printable(chosen.source)} (not a registry)`} for its build end`;
  } else if (!finished || Number.isNaN(Date.parse(finished))) {
    latency.unknown = finished
      ? `the provenance's build end "${printable(finished)}" is not a date`
      : 'the provenance states no build end (runDetails.metadata.finishedOn)';
  } else if (!signedAt) {
    latency.unknown =
      chosen.signer?.kind === 'key'
        ? 'key-signed bundle with no trusted time (no RFC 3161 timestamp or transparency-log entry)'
        : 'no verified signing time';
  } else latency.seconds = Math.round((Date.parse(signedAt) - Date.parse(finished)) / 1000);
  image.latency = latency;
}

function percentile(sorted: number[], p: number): number | undefined {
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summarize(images: CoverageImage[]): CoverageSummary {
  const known = images
    .map((i) => i.latency.seconds)
    .filter((s): s is number => s !== undefined)
    .sort((a, b) => a - b);
  const covered = images.filter((i) => i.covered).length;
  return {
    images: images.length,
    pinned: images.filter((i) => i.pinned).length,
    attested: images.filter((i) => i.attestations.length > 0).length,
    provenanceVerified: images.filter((i) => i.provenanceVerified).length,
    sbomVerified: images.filter((i) => i.sbomVerified).length,
    vulnScanVerified: images.filter((i) => i.vulnScanVerified).length,
    vexVerified: images.filter((i) => i.vexVerified).length,
    covered,
    errors: images.filter((i) => i.error).length,
    ratio: images.length ? covered / images.length : 0,
    latency: {
      known: known.length,
      unknown: images.length - known.length,
      ...(known.length
        ? { p50Seconds: percentile(known, 50)!, p95Seconds: percentile(known, 95)!, maxSeconds: known[known.length - 1]! }
        : {}),
    },
  };
}

/** Reads the inputs into image uses (every input source given is read; at least one must be). */
async function gatherUses(o: CoverageOptions, texts: Map<string, { path: string; text: string }>, notes: string[]): Promise<ImageUse[]> {
  const uses: ImageUse[] = [];
  if (!o.manifests.length && o.images === undefined && !o.repository) {
    throw new UsageError('nothing to measure: give manifest files or directories, --images FILE, or --repository REGISTRY/REPO.', {
      hint: 'e.g. helm template app ./chart > app.yaml && custody coverage app.yaml --repo org/app',
    });
  }
  for (const f of await manifestFiles(o.manifests, o.cwd)) {
    const text = (await readBoundedFile(f.path, 'the manifest file', 'manifestBytes', f.display)).toString('utf8');
    const parsed = parseManifests(text, f.display);
    texts.set(f.display, { path: f.path, text });
    uses.push(...parsed.uses);
  }
  if (o.images !== undefined) {
    const text =
      o.images === '-'
        ? (o.imagesText ?? '')
        : (await readBoundedFile(resolve(o.cwd, o.images), 'the image list', 'manifestBytes', o.images)).toString('utf8');
    uses.push(...parseImageList(text, o.images === '-' ? '(stdin)' : o.images));
  }
  if (o.repository) {
    const oci = await import('@custody/oci');
    const repo = o.repository.replace(/^oci:\/\//, '');
    const ref = parseReference(repo);
    if (ref.digest || /:[^/]*$/.test(repo))
      throw new UsageError(`--repository ${repo} names a tag or digest; give the repository alone (REGISTRY/REPO).`);
    const opened = await oci.openImage(`oci://${repo}`, { cwd: o.cwd, env: o.env ?? process.env });
    const tags = (await opened.store.listTags()).filter((t) => !/^sha(256|384|512)-[0-9a-f]+(\..*)?$/.test(t));
    notes.push(`${repo}: ${tags.length} tag(s) read from the tags list (attestation tags aside)`);
    for (const t of tags) uses.push({ image: `${repo}:${t}`, source: `--repository ${repo}`, line: 0, document: 1, kind: 'RepositoryTag' });
  }
  return uses;
}

/** Runs coverage over the inputs; `--pin` rewrites the manifest files after every image is resolved. */
export async function coverage(o: CoverageOptions): Promise<CoverageResult> {
  const env = o.env ?? process.env;
  const logger = o.logger;
  const quiet: Logger = {
    debug: (m) => logger?.debug(m),
    info: (m) => logger?.debug(m),
    warn: (m) => logger?.warn(m),
    error: (m) => logger?.error(m),
  };
  const notes: string[] = [];
  const texts = new Map<string, { path: string; text: string }>();
  const uses = await gatherUses(o, texts, notes);
  if (uses.length === 0) {
    throw new AppInputError('COVERAGE_NO_IMAGES', 'no container image was found in the inputs.', {
      hint: `Give the manifests of workloads (${['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'].join(', ')}, …), rendered: helm template, kustomize build.`,
    });
  }
  // One entry per image, whatever its spelling; every place it is written is kept.
  const byKey = new Map<string, { image: string; uses: ImageUse[] }>();
  for (const u of uses) {
    const key = imageKey(u.image);
    const e = byKey.get(key);
    if (e) e.uses.push(u);
    else byKey.set(key, { image: u.image, uses: [u] });
  }
  const clients = new Map<string, unknown>();
  const entries = [...byKey.values()];
  let done = 0;
  const images = await mapLimit(entries, o.concurrency ?? DEFAULT_COVERAGE_CONCURRENCY, async (e) => {
    const pinned = e.uses.every((u) => /@sha256:[0-9a-f]{64}$/.test(u.image));
    const image: CoverageImage = {
      image: e.image,
      pinned,
      locations: e.uses.map((u) => ({
        source: u.source,
        line: u.line,
        kind: u.kind,
        ...(u.name ? { name: u.name } : {}),
        ...(u.namespace ? { namespace: u.namespace } : {}),
        ...(u.container ? { container: u.container } : {}),
        ...(u.containerList ? { containerList: u.containerList } : {}),
        ...(u.helmSource ? { helmSource: u.helmSource } : {}),
      })),
      attestations: [],
      provenanceVerified: false,
      sbomVerified: false,
      vulnScanVerified: false,
      vexVerified: false,
      verifyPassed: false,
      covered: false,
      latency: {},
      reasons: [],
    };
    try {
      const { report } = await verifyArtifact({
        ...o.verify,
        predicateTypes: o.verify.predicateTypes?.length ? o.verify.predicateTypes : ['*'],
        bundles: [],
        target: `oci://${e.image}`,
        cwd: o.cwd,
        env,
        logger: quiet,
      });
      await assess(image, report, o, clients, quiet);
    } catch (err) {
      if (!isImageError(err)) throw err;
      image.error = printable(`${err.code}: ${err.message}`);
      image.reasons = [`cannot be read from its registry: ${image.error}`];
      image.latency = { unknown: 'the image cannot be read' };
    }
    done++;
    logger?.debug(`custody coverage: ${done}/${entries.length} ${e.image}: ${image.covered ? 'covered' : image.reasons.join('; ')}`);
    return image;
  });

  const pinnedFiles: CoverageResult['pinnedFiles'] = [];
  if (o.pin) {
    const digestOf = new Map(images.map((i, k) => [entries[k]!, i.digest]));
    const editsByFile = new Map<string, PinEdit[]>();
    let unlocated = 0;
    for (const [e, digest] of digestOf) {
      if (!digest) continue;
      for (const u of e.uses) {
        if (!texts.has(u.source) || /@sha256:[0-9a-f]{64}$/.test(u.image)) continue;
        if (!u.span) {
          unlocated++;
          continue;
        }
        const list = editsByFile.get(u.source) ?? [];
        list.push({ span: u.span, image: u.image, pinned: `${withoutTag(u.image)}@${digest}` });
        editsByFile.set(u.source, list);
      }
    }
    for (const [file, edits] of editsByFile) {
      const { path, text } = texts.get(file)!;
      const out = pinText(text, edits, file);
      const mode = (await stat(path)).mode & 0o777;
      await writeFileAtomic(path, out, { mode });
      pinnedFiles.push({ file, images: edits.length });
      logger?.info(`custody coverage: pinned ${edits.length} image(s) in ${file}`);
    }
    if (unlocated) notes.push(`--pin: ${unlocated} image string(s) left as written: their value could not be located in the file`);
    const unresolved = images.filter((i) => !i.pinned && !i.digest).length;
    if (unresolved) notes.push(`--pin: ${unresolved} image(s) left as written: they could not be resolved`);
  }
  return {
    schema: COVERAGE_SCHEMA,
    generatedAt: (o.verify.clock ?? systemClock).now().toISOString(),
    images,
    summary: summarize(images),
    pinnedFiles,
    notes,
  };
}

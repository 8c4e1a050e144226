/**
 * The whole chain for one build, as the one-step action runs it: SBOM of the project, SLSA provenance of the
 * build (from a capture document or captured now), both signed; given an image, also the SBOM of each of its images
 * (one per platform, ./image-attest.ts), signed about that platform's digest, and everything stored next to the
 * image. Composes the same command functions the CLI verbs run, in memory: each step hands its result (the SBOM
 * documents, the signed bundles) to the next, and the disk is touched at one edge: the outputs (the SBOMs and the
 * bundles) are written once each into outDir, as soon as every bundle is signed, and never read back.
 */
import { join } from 'node:path';
import { UsageError, documentClock, type Clock, type Logger } from '@custody/core';
import type { CaptureDocument } from '@custody/provenance';
import { writeFileAtomic } from '../io/files.js';
import { attestInMemory, type AttestOptions, type AttestResult, type AttestedBundle } from './attest.js';
import {
  imagePlatformSboms,
  imageSubject,
  provenanceImageSubjects,
  pushImageAttestations,
  resolveAttestImage,
  type AttestImage,
  type ImagePlatformSbom,
} from './image-attest.js';
import { pushBundle, type PushResult } from './push.js';
import { NoLockfileError } from '@custody/sbom';
import { defaultSbomFile, generateSbom, type SbomFormat, type SbomResult } from './sbom.js';

export type SigningOptions = Pick<
  AttestOptions,
  | 'keyFile'
  | 'keyPem'
  | 'keyPassphrase'
  | 'identityToken'
  | 'tokenProvider'
  | 'instance'
  | 'signingConfigFile'
  | 'fulcioUrl'
  | 'rekorUrl'
  | 'tsaUrl'
  | 'retry'
  | 'presetSigningConfigs'
>;

export interface AttestBuildOptions {
  /** Subject specs (paths, globs, NAME@sha256:HEX, oci://…@sha256:…). */
  subjects: string[];
  subjectChecksums?: string;
  /** An image to attest and store the attestations next to: REGISTRY/REPO[:TAG|@DIGEST] or oci-layout:DIR[@DIGEST]. */
  image?: string;
  /** Store the attestations next to the image (default true when an image is given). */
  push?: boolean;
  /** What the SBOM is made from (default "."). */
  sbomTarget?: string;
  sbomFormat?: SbomFormat;
  sbomExclude?: string[];
  /** A capture document (custody run / capture); without one the build is captured now. */
  captureFile?: string;
  /** Or the capture document in memory (runBuild's result). */
  capture?: CaptureDocument;
  /** Honest provenance overrides, as custody attest --allow-failed-build / --allow-unrecorded-subject. */
  allowFailedBuild?: boolean;
  allowUnrecordedSubject?: boolean;
  signing: SigningOptions;
  /** GitHub's attestations API for both bundles (as attest's store / githubStore / githubToken). */
  githubStore?: Pick<AttestOptions, 'store' | 'githubStore' | 'githubToken' | 'githubRepo'>;
  /** A GitHub token for GitHub's container registry (the root action's github-token input). */
  registryToken?: AttestOptions['registryToken'];
  /** Where the SBOM and bundles are written. */
  outDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  clock?: Clock;
}

/** One image of the given image (a platform of an index, or the manifest itself): its SBOM and attestation. */
export interface ImageSbomAttestation {
  platform?: string;
  /** The manifest digest the SBOM describes and is attested about. */
  digest: string;
  sbomPath: string;
  components: number;
  attestation: AttestResult;
}

export interface AttestBuildResult {
  /** The image resolved to its digest once, at the start. */
  image?: { reference: string; digest: string };
  /**
   * The project SBOM (sbomTarget). Absent only when an image is the only subject, no sbomTarget was named and the
   * workspace has no lockfile: the image's own SBOMs (imageSboms) are then the whole story.
   */
  sbomPath?: string;
  sbomComponents?: number;
  provenance: AttestResult;
  /**
   * The project SBOM's attestation, about the subjects other than the image (files, NAME@DIGEST, checksums); absent
   * when an image is the only subject (the image's own SBOMs are in imageSboms).
   */
  sbom?: AttestResult;
  /** Given an image: one SBOM per platform (or one for a single manifest), each attested about its own digest. */
  imageSboms: ImageSbomAttestation[];
  pushed: PushResult[];
}

export async function attestBuild(o: AttestBuildOptions): Promise<AttestBuildResult> {
  const clock = o.clock ?? documentClock(o.env);
  // The registry token (the actions' github-token input) goes wherever the image is read or written.
  const imageOptions = { cwd: o.cwd, env: o.env, logger: o.logger, ...(o.registryToken ? { registryToken: o.registryToken } : {}) };
  let image: AttestBuildResult['image'];
  let img: AttestImage | undefined;
  if (o.image) {
    // Resolved once; every later step uses the digest, never the tag.
    img = await resolveAttestImage(o.image, imageOptions);
    image = { reference: o.image, digest: img.digest };
    o.logger.info(`image ${o.image} is ${img.digest}${img.platforms.length ? ` (${img.platforms.length} platforms)` : ''}`);
  }
  const projectSubjects = o.subjects.length > 0 || Boolean(o.subjectChecksums);
  if (!img && !projectSubjects) {
    throw new UsageError('nothing to attest: no subject and no image.', {
      hint: 'Give subject-path (files), subject-name + subject-digest, or image.',
    });
  }

  const format = o.sbomFormat ?? 'cyclonedx-json';
  const sbomDoc = await projectSbom(o, format, clock, Boolean(img && !projectSubjects));
  const sbomPath = sbomDoc ? join(o.outDir, defaultSbomFile(format)) : undefined;
  // The image's own SBOMs, one per platform, scanned before anything is signed (a missing manifest stops here).
  const platformSboms: ImagePlatformSbom[] = img ? await imagePlatformSboms(img, { ...imageOptions, format, clock }) : [];

  const common = {
    ...o.signing,
    ...o.githubStore,
    ...(o.registryToken ? { registryToken: o.registryToken } : {}),
    cwd: o.cwd,
    env: o.env,
    logger: o.logger,
    clock,
  };
  const signedProvenance = await attestInMemory({
    ...common,
    subjects: [...o.subjects, ...(img ? provenanceImageSubjects(img, platformSboms) : [])],
    subjectChecksums: o.subjectChecksums,
    provenance: true,
    captureFile: o.captureFile,
    ...(o.capture ? { capture: o.capture } : {}),
    allowFailedBuild: o.allowFailedBuild ?? false,
    allowUnrecordedSubject: o.allowUnrecordedSubject ?? false,
  });
  // The project SBOM describes the source, not the image: it is attested about the other subjects only. The
  // document as generated, parsed once in memory: attested as it is written, never read back.
  const signedSbom =
    sbomDoc && projectSubjects
      ? await attestInMemory({
          ...common,
          subjects: o.subjects,
          subjectChecksums: o.subjectChecksums,
          sbomDocument: JSON.parse(sbomDoc.text) as unknown,
        })
      : undefined;
  const signedImageSboms: AttestedBundle[] = [];
  for (const s of platformSboms) {
    signedImageSboms.push(
      await attestInMemory({ ...common, subjects: [imageSubject(img!, s.digest)], predicateType: s.predicateType, predicateJson: s.text }),
    );
  }

  // The edge: the outputs, once each, before the bundles are stored next to the image (a failed push leaves them
  // on disk for custody push).
  if (sbomDoc && sbomPath) await writeFileAtomic(sbomPath, sbomDoc.text);
  for (const s of platformSboms) await writeFileAtomic(join(o.outDir, s.fileName), s.text);
  const provenance = await writeBundle(signedProvenance, join(o.outDir, 'provenance.sigstore.json'));
  const sbom = signedSbom ? await writeBundle(signedSbom, join(o.outDir, 'sbom.sigstore.json')) : undefined;
  const imageSboms: ImageSbomAttestation[] = [];
  for (const [i, s] of platformSboms.entries()) {
    imageSboms.push({
      ...(s.platform ? { platform: s.platform } : {}),
      digest: s.digest,
      sbomPath: join(o.outDir, s.fileName),
      components: s.componentCount,
      attestation: await writeBundle(signedImageSboms[i]!, join(o.outDir, s.bundleName)),
    });
  }

  let pushed: PushResult[] = [];
  if (img && o.push !== false) {
    pushed = await pushImageAttestations(
      img,
      Buffer.from(signedProvenance.bundleJson),
      platformSboms.map((s, i) => ({ sbom: s, bundle: Buffer.from(signedImageSboms[i]!.bundleJson) })),
      (bundle, target) => pushBundle({ ...imageOptions, bundles: [bundle], image: target, clock }),
    );
  }
  return {
    ...(image ? { image } : {}),
    ...(sbomPath && sbomDoc ? { sbomPath, sbomComponents: sbomDoc.componentCount } : {}),
    provenance,
    ...(sbom ? { sbom } : {}),
    imageSboms,
    pushed,
  };
}

/** Writes a signed bundle and reports it as attest does (bundlePath, without the bundle's JSON). */
async function writeBundle(signed: AttestedBundle, bundlePath: string): Promise<AttestResult> {
  const { bundleJson, ...result } = signed;
  await writeFileAtomic(bundlePath, bundleJson);
  return { ...result, bundlePath };
}

/**
 * The project's SBOM (sbomTarget, default the workspace). When an image is the only subject and no target was named,
 * a workspace without a lockfile (a Dockerfile-only repository) is not an error: the image's SBOMs carry the contents.
 */
async function projectSbom(o: AttestBuildOptions, format: SbomFormat, clock: Clock, imageOnly: boolean): Promise<SbomResult | undefined> {
  try {
    const [doc] = await generateSbom({
      target: o.sbomTarget ?? '.',
      format,
      exclude: o.sbomExclude,
      ...(o.registryToken ? { registryToken: o.registryToken } : {}),
      cwd: o.cwd,
      env: o.env,
      logger: o.logger,
      clock,
    });
    return doc;
  } catch (err) {
    if (!(imageOnly && o.sbomTarget === undefined && err instanceof NoLockfileError)) throw err;
    o.logger.warn(`no lockfile in the workspace: only the image's own SBOMs are made (${err.message})`);
    return undefined;
  }
}

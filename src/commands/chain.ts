/**
 * The whole chain for one build, as the one-step action runs it: SBOM of the project, SLSA provenance of the
 * build (from a capture document or captured now), both signed; given an image, also the SBOM of each of its images
 * (one per platform, ./image-attest.ts), signed about that platform's digest, and everything stored next to the
 * image. Composes the same command functions the CLI verbs run.
 */
import { join } from 'node:path';
import { UsageError, documentClock, type Clock, type Logger } from '@custody/core';
import { writeFileAtomic } from '../io/files.js';
import { attest, type AttestOptions, type AttestResult } from './attest.js';
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
import { defaultSbomFile, generateSbom, type SbomFormat } from './sbom.js';

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
  /** Honest provenance overrides, as custody attest --allow-failed-build / --allow-unrecorded-subject. */
  allowFailedBuild?: boolean;
  allowUnrecordedSubject?: boolean;
  signing: SigningOptions;
  /** GitHub's attestations API for both bundles (as attest's store / githubStore / githubToken). */
  githubStore?: Pick<AttestOptions, 'store' | 'githubStore' | 'githubToken' | 'githubRepo'>;
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
  /** The project SBOM (sbomTarget). */
  sbomPath: string;
  sbomComponents: number;
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
  let image: AttestBuildResult['image'];
  let img: AttestImage | undefined;
  if (o.image) {
    // Resolved once; every later step uses the digest, never the tag.
    img = await resolveAttestImage(o.image, { cwd: o.cwd, env: o.env, logger: o.logger });
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
  const [sbomDoc] = await generateSbom({
    target: o.sbomTarget ?? '.',
    format,
    exclude: o.sbomExclude,
    cwd: o.cwd,
    env: o.env,
    logger: o.logger,
    clock,
  });
  const sbomPath = join(o.outDir, defaultSbomFile(format));
  await writeFileAtomic(sbomPath, sbomDoc!.text);
  // The image's own SBOMs, one per platform, scanned before anything is signed (a missing manifest stops here).
  const platformSboms: ImagePlatformSbom[] = img
    ? await imagePlatformSboms(img, { format, clock, cwd: o.cwd, env: o.env, logger: o.logger })
    : [];
  for (const s of platformSboms) await writeFileAtomic(join(o.outDir, s.fileName), s.text);

  const common = {
    ...o.signing,
    ...o.githubStore,
    cwd: o.cwd,
    env: o.env,
    logger: o.logger,
    clock,
  };
  const fileSubjects = { subjects: o.subjects, subjectChecksums: o.subjectChecksums };
  const provenance = await attest({
    ...common,
    subjects: [...o.subjects, ...(img ? provenanceImageSubjects(img, platformSboms) : [])],
    subjectChecksums: o.subjectChecksums,
    provenance: true,
    captureFile: o.captureFile,
    allowFailedBuild: o.allowFailedBuild ?? false,
    allowUnrecordedSubject: o.allowUnrecordedSubject ?? false,
    bundleFile: join(o.outDir, 'provenance.sigstore.json'),
  });
  // The project SBOM describes the source, not the image: it is attested about the other subjects only.
  const sbom = projectSubjects
    ? await attest({ ...common, ...fileSubjects, sbomFile: sbomPath, bundleFile: join(o.outDir, 'sbom.sigstore.json') })
    : undefined;
  const imageSboms: ImageSbomAttestation[] = [];
  for (const s of platformSboms) {
    const attestation = await attest({
      ...common,
      subjects: [imageSubject(img!, s.digest)],
      predicateType: s.predicateType,
      predicateJson: s.text,
      bundleFile: join(o.outDir, s.bundleName),
    });
    imageSboms.push({
      ...(s.platform ? { platform: s.platform } : {}),
      digest: s.digest,
      sbomPath: join(o.outDir, s.fileName),
      components: s.componentCount,
      attestation,
    });
  }

  let pushed: PushResult[] = [];
  if (img && o.push !== false) {
    pushed = await pushImageAttestations(
      img,
      Buffer.from(provenance.bundleJson),
      platformSboms.map((s, i) => ({ sbom: s, bundle: Buffer.from(imageSboms[i]!.attestation.bundleJson) })),
      (bundle, target) => pushBundle({ bundles: [bundle], image: target, cwd: o.cwd, env: o.env, logger: o.logger, clock }),
    );
  }
  return {
    ...(image ? { image } : {}),
    sbomPath,
    sbomComponents: sbomDoc!.componentCount,
    provenance,
    ...(sbom ? { sbom } : {}),
    imageSboms,
    pushed,
  };
}

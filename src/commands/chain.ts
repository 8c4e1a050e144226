/**
 * The whole chain for one build, as the one-step action runs it: SBOM of the project, SLSA provenance of the
 * build (from a capture document or captured now), both signed, and both stored next to the image when one is
 * given. Composes the same command functions the CLI verbs run.
 */
import { join, resolve } from 'node:path';
import { UsageError, documentClock, parseLocation, type Clock, type Logger } from '@custody/core';
import { openAndResolve } from '@custody/oci';
import { writeFileAtomic } from '../io/files.js';
import { attest, type AttestOptions, type AttestResult } from './attest.js';
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
  /** A GitHub token for GitHub's container registry (the root action's github-token input). */
  registryToken?: AttestOptions['registryToken'];
  /** Where the SBOM and bundles are written. */
  outDir: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  clock?: Clock;
}

export interface AttestBuildResult {
  /** The image resolved to its digest once, at the start. */
  image?: { reference: string; digest: string };
  sbomPath: string;
  sbomComponents: number;
  provenance: AttestResult;
  sbom: AttestResult;
  pushed: PushResult[];
}

export async function attestBuild(o: AttestBuildOptions): Promise<AttestBuildResult> {
  const clock = o.clock ?? documentClock(o.env);
  const subjects = [...o.subjects];
  let image: AttestBuildResult['image'];
  let pushTarget: string | undefined;
  if (o.image) {
    // Resolved once; every later step uses the digest, never the tag.
    const resolved = await openAndResolve(o.image, {
      cwd: o.cwd,
      env: o.env,
      logger: o.logger,
      ...(o.registryToken ? { githubToken: o.registryToken } : {}),
    });
    image = { reference: o.image, digest: resolved.digest };
    // The subject name is the reference as written, without its tag or digest (core's one reference parser).
    const location = parseLocation(
      resolved.store.kind === 'layout' && !o.image.startsWith('oci-layout:') ? `oci-layout:${o.image}` : o.image,
    );
    if (location.kind === 'layout') {
      const dir = location.dir;
      subjects.push(`${dir.split('/').filter(Boolean).pop() ?? 'image'}@${resolved.digest}`);
      pushTarget = `oci-layout:${resolve(o.cwd, dir)}@${resolved.digest}`;
    } else {
      const repo = location.name;
      subjects.push(`oci://${repo}@${resolved.digest}`);
      pushTarget = `${repo}@${resolved.digest}`;
    }
    o.logger.info(`image ${o.image} is ${resolved.digest}`);
  }
  if (subjects.length === 0 && !o.subjectChecksums) {
    throw new UsageError('nothing to attest: no subject and no image.', {
      hint: 'Give subject-path (files), subject-name + subject-digest, or image.',
    });
  }

  const format = o.sbomFormat ?? 'cyclonedx-json';
  const [sbomDoc] = await generateSbom({
    target: o.sbomTarget ?? '.',
    format,
    exclude: o.sbomExclude,
    ...(o.registryToken ? { registryToken: o.registryToken } : {}),
    cwd: o.cwd,
    env: o.env,
    logger: o.logger,
    clock,
  });
  const sbomPath = join(o.outDir, defaultSbomFile(format));
  await writeFileAtomic(sbomPath, sbomDoc!.text);

  const common = {
    ...o.signing,
    ...o.githubStore,
    subjects,
    subjectChecksums: o.subjectChecksums,
    ...(o.registryToken ? { registryToken: o.registryToken } : {}),
    cwd: o.cwd,
    env: o.env,
    logger: o.logger,
    clock,
  };
  const provenance = await attest({
    ...common,
    provenance: true,
    captureFile: o.captureFile,
    allowFailedBuild: o.allowFailedBuild ?? false,
    allowUnrecordedSubject: o.allowUnrecordedSubject ?? false,
    bundleFile: join(o.outDir, 'provenance.sigstore.json'),
  });
  const sbom = await attest({ ...common, sbomFile: sbomPath, bundleFile: join(o.outDir, 'sbom.sigstore.json') });

  const pushed: PushResult[] = [];
  if (pushTarget && o.push !== false) {
    for (const bundle of [provenance.bundlePath, sbom.bundlePath]) {
      pushed.push(
        await pushBundle({
          bundleFile: bundle,
          image: pushTarget,
          cwd: o.cwd,
          env: o.env,
          logger: o.logger,
          clock,
          ...(o.registryToken ? { registryToken: o.registryToken } : {}),
        }),
      );
    }
  }
  return { ...(image ? { image } : {}), sbomPath, sbomComponents: sbomDoc!.componentCount, provenance, sbom, pushed };
}

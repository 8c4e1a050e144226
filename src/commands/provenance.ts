/**
 * `custody provenance`: an in-toto Statement v1 with a SLSA Provenance v1 predicate for the given subjects.
 * `buildProvenanceStatement` and `resolveSubjects` are reused by `custody attest --provenance`.
 *
 * Identity: where the platform issues OIDC tokens (GitHub Actions, GitLab CI) and a token is available, the
 * identity fields come from the token's verified claims, as GitHub's own attestations do (through Fulcio); the
 * environment is used only when there is no token, and the predicate says which
 * (internalParameters.custody.identity).
 */
import {
  PREDICATE_SLSA_PROVENANCE_V1,
  describeCause,
  makeStatement,
  type Clock,
  type Logger,
  type Statement,
  type Subject,
} from '@custody/core';
import { acquireIdentityToken, applyTokenClaims, decodeJwtParts, defaultIssuer, verifyIdTokenClaims, type CiContext } from '@custody/ci';
import {
  buildSlsaPredicate,
  checkProvenanceHonesty,
  readCapture,
  resolveSubjects as resolveSubjectSpecs,
  type CaptureDocument,
  type HostFacts,
  type IdentitySource,
  type SlsaProvenanceV1,
  type VersionRunner,
} from '@custody/provenance';
import { captureBuild, detectContext } from './capture.js';

export type ProvenanceStatement = Statement<SlsaProvenanceV1>;

/** Default audience of the identity token: the one Sigstore uses, so one token serves signing too. */
export const DEFAULT_OIDC_AUDIENCE = 'sigstore';

export interface ProvenanceOptions {
  /** --subject SPEC: path or glob, NAME@sha256:HEX, oci://REG/REPO@sha256:HEX. */
  subjects: string[];
  /** --subject-checksums FILE (sha256sum / sha512sum format). */
  subjectChecksums?: string;
  /** --capture FILE from custody capture / custody run; without it, the build is captured now. */
  captureFile?: string;
  /** Or a capture document already in memory. */
  capture?: CaptureDocument;
  cwd: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  logger: Logger;
  /** An OIDC identity token; without one, GitHub Actions' token endpoint is asked when the job may use it. */
  idToken?: string;
  /** Expected issuer of the token (default: the platform's). */
  oidcIssuer?: string;
  oidcAudience?: string;
  fetch?: typeof fetch;
  /** When no capture file is given: materials and tools for the capture made now. */
  materials?: string[];
  tools?: string[];
  versionRunner?: VersionRunner;
  host?: HostFacts;
  gitStatus?: boolean;
  /** Honest provenance: sign a capture whose command failed or never started (recorded in the predicate). */
  allowFailedBuild?: boolean;
  /** Honest provenance: accept subjects not among the command's recorded outputs (recorded in the predicate). */
  allowUnrecordedSubject?: boolean;
}

/** Resolves subject specs and a checksum file (relative to cwd) to sorted, de-duplicated subjects. */
export function resolveSubjects(specs: readonly string[], checksumsFile: string | undefined, cwd: string): Promise<Subject[]> {
  return resolveSubjectSpecs(specs, checksumsFile, cwd);
}

/** Finds a token for identity (GitHub Actions and GitLab CI only): given, or from the platform (packages/ci oidc). */
async function findToken(ctx: CiContext, options: ProvenanceOptions, audience: string): Promise<{ token?: string; reason?: string }> {
  if (options.idToken) return { token: options.idToken };
  if (ctx.platform !== 'github-actions' && ctx.platform !== 'gitlab-ci') {
    return { reason: `no OIDC token: ${ctx.platform} identity comes from the environment` };
  }
  try {
    const got = await acquireIdentityToken({ env: options.env, audience, ...(options.fetch ? { fetch: options.fetch } : {}) });
    if (got) return { token: got.token };
    return {
      reason:
        ctx.platform === 'github-actions'
          ? 'no OIDC token: the job lacks `permissions: id-token: write`'
          : 'no OIDC token: the job defines no id_tokens SIGSTORE_ID_TOKEN',
    };
  } catch (err) {
    options.logger.warn(`could not get an OIDC token (${describeCause(err)}); identity fields come from the environment.`);
    return { reason: `no OIDC token: the request failed (${describeCause(err)})` };
  }
}

/** The CI context with verified identity applied, and where the identity came from. */
export async function resolveIdentity(options: ProvenanceOptions, base?: CiContext): Promise<{ ci: CiContext; identity: IdentitySource }> {
  const ctx = base ?? detectContext(options.env);
  const audience = options.oidcAudience ?? DEFAULT_OIDC_AUDIENCE;
  const { token, reason } = await findToken(ctx, options, audience);
  if (!token) return { ci: ctx, identity: { source: 'environment', ...(reason ? { reason } : {}) } };
  const issuer = options.oidcIssuer ?? defaultIssuer(ctx);
  if (!issuer) return { ci: ctx, identity: { source: 'environment', reason: `no OIDC issuer is known for ${ctx.platform}` } };
  // A token from another issuer (e.g. one given for signing) cannot speak for this platform: the environment is used.
  const claimedIssuer = String(decodeJwtParts(token).claims.iss ?? '').replace(/\/+$/, '');
  if (claimedIssuer !== issuer.replace(/\/+$/, '')) {
    options.logger.info(
      `the identity token comes from ${claimedIssuer || 'an unnamed issuer'}, not ${issuer}; identity fields come from the environment.`,
    );
    return {
      ci: ctx,
      identity: {
        source: 'environment',
        reason: `the identity token was issued by ${claimedIssuer || 'an unnamed issuer'}, not by ${issuer}`,
      },
    };
  }
  // A token that claims this platform's issuer but fails verification is an error, never a silent fallback.
  const claims = await verifyIdTokenClaims(token, {
    issuer,
    audience,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    now: Math.floor(Date.now() / 1000),
  });
  return { ci: applyTokenClaims(ctx, claims), identity: { source: 'oidc-token', issuer } };
}

export async function buildProvenanceStatement(options: ProvenanceOptions): Promise<ProvenanceStatement> {
  // Hashing the subjects and capturing the build are independent: run them side by side.
  const [subjects, capture] = await Promise.all([
    resolveSubjects(options.subjects, options.subjectChecksums, options.cwd),
    captureWithIdentity(options),
  ]);
  // A capture with a command record vouches only for a command that succeeded, and only for what it recorded.
  const overrides = checkProvenanceHonesty(
    capture,
    subjects,
    { allowFailedBuild: options.allowFailedBuild ?? false, allowUnrecordedSubject: options.allowUnrecordedSubject ?? false },
    options.captureFile ?? '--capture',
  );
  if (overrides.failedBuild)
    options.logger.warn(
      `provenance of a failed build (${overrides.failedBuild.reason}), as --allow-failed-build asked; the predicate records it.`,
    );
  if (overrides.unrecordedSubjects)
    options.logger.warn(
      `${overrides.unrecordedSubjects.length} subjects are not among the recorded outputs, as --allow-unrecorded-subject allowed; the predicate lists them.`,
    );
  const predicate = buildSlsaPredicate({ capture, now: options.clock.now(), overrides });
  return makeStatement(subjects, PREDICATE_SLSA_PROVENANCE_V1, predicate);
}

async function captureWithIdentity(options: ProvenanceOptions): Promise<CaptureDocument> {
  const given = options.capture ?? (options.captureFile ? await readCapture(options.captureFile, options.cwd) : undefined);
  const { ci, identity } = await resolveIdentity(options, given?.ci);
  if (given) return { ...given, ci, identity };
  return captureBuild({
    cwd: options.cwd,
    env: options.env,
    clock: options.clock,
    logger: options.logger,
    ci,
    identity,
    materials: options.materials ?? [],
    tools: options.tools ?? [],
    ...(options.versionRunner ? { versionRunner: options.versionRunner } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.gitStatus === undefined ? {} : { gitStatus: options.gitStatus }),
  });
}

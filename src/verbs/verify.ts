/**
 * custody verify's options (flags, and the inputs of actions/verify) and their mapping to verifyArtifact()'s typed
 * options, shared by the CLI (src/cli/verify.ts) and the action.
 */
import { PREDICATE_SLSA_PROVENANCE_V1, type Logger } from '@custody/core';
import type { VerifyArtifactOptions } from '../commands/verify.js';
import { defined } from '../options.js';
import { sigstoreRetry, type Settings } from '../settings.js';
import { optionError, type OptionReader, type OptionSpec, type VerbSpec } from './spec.js';

/** The options `custody verify` and the verify action share, from flags or inputs; the face adds target and I/O. */
export type VerifyFaceOptions = Omit<VerifyArtifactOptions, 'target' | 'cwd' | 'env' | 'logger'>;

/**
 * Flags (or inputs) -> the typed options of verifyArtifact(), once for the CLI and the action. The trusted root
 * from the environment (CUSTODY_TRUSTED_ROOT) applies when none is given; the host for the shorthands is the
 * given one, else the GitHub server the job runs on (GITHUB_SERVER_URL), else github.com.
 */
export function verifyOptions(r: OptionReader, settings: Settings, logger: Logger): VerifyFaceOptions {
  if ((r.str('vsa-key') || r.bool('vsa-keyless')) && !r.str('vsa')) {
    throw optionError(
      r,
      'vsa-key',
      `/ ${r.label('vsa-keyless')} sign the VSA, but no ${r.label('vsa')} was given.`,
      `Add ${r.label('vsa')} vsa.sigstore.json.`,
    );
  }
  const trustedRoot = r.str('trusted-root') ?? settings.trustedRoot;
  if (!r.str('trusted-root') && trustedRoot) logger.info(`trusted root from CUSTODY_TRUSTED_ROOT: ${trustedRoot}`);
  // No --bundle, and a repository or organization named: read GitHub's attestations API (as gh attestation verify).
  const limitText = r.str('limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) {
    throw optionError(
      r,
      'limit',
      `is "${limitText}", not a whole number from 1 to 1000.`,
      `Pass ${r.label('limit')} N (default 30, as gh).`,
    );
  }
  const fromGitHub = r.strs('bundle').length === 0 && Boolean(r.str('repo') || r.str('owner'));
  if (limit !== undefined && !fromGitHub) {
    throw optionError(
      r,
      'limit',
      `applies to attestations read from GitHub (no ${r.label('bundle')}, with ${r.label('repo')} or ${r.label('owner')}).`,
    );
  }
  const hostname = r.str('hostname') ?? settings.githubHost ?? 'github.com';
  const vsaKey = r.str('vsa-key');
  const vsaKeyless = r.bool('vsa-keyless');
  return {
    bundles: r.strs('bundle'),
    keys: r.strs('key'),
    identity: {
      ...defined({
        san: r.str('certificate-identity'),
        sanRegexp: r.str('certificate-identity-regexp'),
        issuer: r.str('certificate-oidc-issuer'),
        issuerRegexp: r.str('certificate-oidc-issuer-regexp'),
        owner: r.str('owner'),
        repo: r.str('repo'),
        signerWorkflow: r.str('signer-workflow'),
        signerRepo: r.str('signer-repo'),
        sourceRef: r.str('source-ref'),
        sourceDigest: r.str('source-digest'),
        denySelfHostedRunners: r.bool('deny-self-hosted-runners') || undefined,
      }),
      hostname,
    },
    predicateTypes: r.strs('predicate-type'),
    ...defined({
      github: fromGitHub
        ? { ...(r.str('repo') ? { repo: r.str('repo')! } : { owner: r.str('owner')! }), ...defined({ limit }), hostname }
        : undefined,
      requireDigest: r.bool('require-digest') || undefined,
      trustedRoot,
      policy: r.str('policy'),
      vsa: r.str('vsa'),
      vsaSigning:
        vsaKey || vsaKeyless
          ? {
              ...defined({
                keyFile: vsaKey,
                signingConfigFile: r.str('vsa-signing-config'),
                keyPassphrase: settings.keyPassword,
                keyPin: settings.pkcs11Pin,
              }),
              keyless: vsaKeyless,
              retry: sigstoreRetry(settings),
              presetSigningConfigs: settings.presetSigningConfigs,
            }
          : undefined,
    }),
    insecure: { ignoreTlog: r.bool('insecure-ignore-tlog'), ignoreSct: r.bool('insecure-ignore-sct') },
  };
}

export const verifyVerb = {
  name: 'verify',
  options: {
    bundle: {
      type: 'string',
      multiple: true,
      value: 'FILE',
      description: 'Attestation file (bundle JSON, JSON Lines, or npm attestations document).',
      input: {
        name: 'bundle-path',
        description:
          "Attestation files (Sigstore bundle, JSON Lines of bundles, or npm attestations document), one per line. Without any, and with repo or owner, the attestations are read from GitHub's attestations API (and, for an image, the registry too), as gh attestation verify reads them.",
      },
    },
    key: {
      type: 'string',
      multiple: true,
      value: 'PEM|URI',
      description:
        "Public key for key-based bundles (PEM file or key URI); repeat for several (the bundle's hint picks one, else each is tried). A private key is refused.",
      input: {
        name: 'key',
        description:
          "Public key files (PEM) for key-based bundles, one per line (the bundle's hint picks one, else each is tried; a private key is refused).",
      },
    },
    'certificate-identity': {
      type: 'string',
      value: 'ID',
      description: 'Exact signer identity (certificate SAN), e.g. a workflow URL@ref or an email.',
      input: { name: 'certificate-identity', description: 'Exact signer identity (certificate SAN).' },
    },
    'certificate-identity-regexp': {
      type: 'string',
      value: 'RE',
      description: 'Regular expression the signer identity must match (anchor it: ^…$).',
      input: { name: 'certificate-identity-regexp', description: 'Regular expression the signer identity must match (anchor it: ^…$).' },
    },
    'certificate-oidc-issuer': {
      type: 'string',
      value: 'URL',
      description: 'Exact OIDC issuer of the signer (default with shorthands: GitHub Actions).',
      input: {
        name: 'certificate-oidc-issuer',
        description: 'Exact OIDC issuer of the signer (default with the shorthands: https://token.actions.githubusercontent.com).',
      },
    },
    'certificate-oidc-issuer-regexp': {
      type: 'string',
      value: 'RE',
      description: 'Regular expression the OIDC issuer must match.',
      input: { name: 'certificate-oidc-issuer-regexp' },
    },
    owner: {
      type: 'string',
      value: 'ORG',
      description: 'The source repository owner (as gh attestation verify --owner).',
      input: { name: 'owner' },
    },
    repo: {
      type: 'string',
      value: 'ORG/REPO',
      description: 'The source repository (as gh attestation verify --repo).',
      input: { name: 'repo', description: 'The source repository OWNER/REPO (as gh attestation verify --repo).' },
    },
    'signer-workflow': {
      type: 'string',
      value: 'W',
      description: 'The signing workflow: ORG/REPO/.github/workflows/F.yml[@REF] (with --owner or --repo).',
      input: {
        name: 'signer-workflow',
        description:
          'Signing workflow OWNER/REPO/.github/workflows/FILE.yml[@REF]. Needs repo or owner too (it pins the builder, not the source).',
      },
    },
    'signer-repo': {
      type: 'string',
      value: 'ORG/REPO',
      description: 'The repository of the signing (reusable) workflow (with --owner or --repo).',
      input: {
        name: 'signer-repo',
        description: 'Repository of the signing (reusable) workflow. Needs repo or owner too (it pins the builder, not the source).',
      },
    },
    'source-ref': {
      type: 'string',
      value: 'REF',
      description: 'The source ref built, e.g. refs/heads/main or refs/tags/v1.2.3.',
      input: { name: 'source-ref' },
    },
    'source-digest': { type: 'string', value: 'SHA', description: 'The source commit built.', input: { name: 'source-digest' } },
    'deny-self-hosted-runners': {
      type: 'boolean',
      description: 'Fail attestations signed on self-hosted runners.',
      input: { name: 'deny-self-hosted-runners' },
    },
    hostname: {
      type: 'string',
      value: 'HOST',
      description:
        'GitHub host for the shorthands, and for the attestations API when GITHUB_API_URL is not set (default: the host of GITHUB_SERVER_URL, the server a GitHub Actions job runs on, else github.com).',
      input: { name: 'hostname' },
    },
    limit: {
      type: 'string',
      value: 'N',
      description: "With no --bundle: read at most N attestations from GitHub's API (1-1000, default 30).",
    },
    'predicate-type': {
      type: 'string',
      multiple: true,
      value: 'URI',
      description: `Predicate type that must verify, in addition to the policy's requiredPredicateTypes (default ${PREDICATE_SLSA_PROVENANCE_V1} for statements; '*' for any).`,
      input: {
        name: 'predicate-type',
        description: 'Predicate types that must verify, one per line (default https://slsa.dev/provenance/v1 for statements; `*` for any).',
      },
    },
    'require-digest': {
      type: 'boolean',
      description: 'Refuse an image named by tag (oci://REF:TAG): the target must be pinned by @sha256: digest.',
      input: { name: 'require-digest' },
    },
    'trusted-root': {
      type: 'string',
      value: 'FILE',
      description: 'A Sigstore trusted_root.json instead of the embedded public-good root (npm registry keys are then not trusted).',
      input: {
        name: 'trusted-root',
        description:
          "A Sigstore trusted_root.json (default: the embedded public-good root; for GitHub's instance use `gh attestation trusted-root`).",
      },
    },
    policy: { type: 'string', value: 'FILE', description: 'Policy file, YAML or JSON (docs/policy.md).', input: { name: 'policy' } },
    targets: {
      type: 'string',
      value: 'FILE',
      description:
        "Verify the targets listed in FILE ('-': stdin), one per line: TARGET [BUNDLE ...] (those bundles for it alone; # comments).",
    },
    format: { type: 'string', value: 'FORMAT', description: 'table or json (schema: docs/verify-report.md).', default: 'table' },
    vsa: {
      type: 'string',
      value: 'FILE',
      description: 'Write a Verification Summary Attestation to FILE (an unsigned in-toto statement unless --vsa-key or --vsa-keyless).',
      input: { name: 'vsa-path', description: 'Write a Verification Summary Attestation (unsigned in-toto statement) here.' },
    },
    'vsa-key': { type: 'string', value: 'FILE', description: 'Sign the VSA with this private key (PEM): FILE is then a Sigstore bundle.' },
    'vsa-keyless': { type: 'boolean', description: "Sign the VSA keyless with the CI platform's OIDC token (as custody attest)." },
    'vsa-signing-config': { type: 'string', value: 'FILE', description: 'Sigstore signing_config.json for signing the VSA.' },
    'insecure-ignore-tlog': { type: 'boolean', description: 'INSECURE: accept keyless bundles without a transparency-log entry.' },
    'insecure-ignore-sct': { type: 'boolean', description: 'INSECURE: accept certificates without a signed certificate timestamp.' },
  },
} satisfies VerbSpec;

/**
 * The verify flags that decide a verdict for an image or artifact (identity, policy, trust), shared by the verbs that
 * run the verify core for many things at once: coverage, trace (which adds --bundle) and admission (whose policy file
 * sets them per namespace).
 */
export const VERIFY_GATE_FLAGS = [
  'key',
  'certificate-identity',
  'certificate-identity-regexp',
  'certificate-oidc-issuer',
  'certificate-oidc-issuer-regexp',
  'owner',
  'repo',
  'signer-workflow',
  'signer-repo',
  'source-ref',
  'source-digest',
  'deny-self-hosted-runners',
  'hostname',
  'limit',
  'predicate-type',
  'trusted-root',
  'policy',
  'insecure-ignore-tlog',
  'insecure-ignore-sct',
] as const satisfies ReadonlyArray<keyof typeof verifyVerb.options>;

/** verify's specs of these flags, as CLI flags only (no action exposes the verbs that borrow them). */
export function verifyFlagSpecs<const N extends keyof typeof verifyVerb.options>(names: readonly N[]): Record<N, OptionSpec> {
  const out = {} as Record<N, OptionSpec>;
  for (const n of names) {
    const { input: _input, ...flag } = verifyVerb.options[n] as OptionSpec;
    out[n] = flag;
  }
  return out;
}

/**
 * custody attest's options (flags, and the inputs of actions/attest and the one-step action) and their mapping to
 * attest()'s typed options, shared by the CLI (src/cli/attest.ts) and the actions.
 */
import type { Logger } from '@custody/core';
import type { AttestOptions } from '../commands/attest.js';
import { sigstoreRetry, type Settings } from '../settings.js';
import { optionError, type OptionReader, type VerbSpec } from './spec.js';

/** The options `custody attest` and the attest actions share, from flags or inputs; the face adds the rest. */
export type AttestFaceOptions = Omit<AttestOptions, 'cwd' | 'env' | 'logger'>;

/**
 * Flags (or inputs) -> the typed options of attest(), once for the CLI and the actions. The Sigstore instance from
 * the environment (CUSTODY_SIGNING_CONFIG) applies only when no instance, signing config or URL is named.
 */
export function attestOptions(r: OptionReader, settings: Settings, logger: Logger): AttestFaceOptions {
  if (r.str('repo') && !r.strs('store').includes('github')) {
    throw optionError(
      r,
      'repo',
      `names where ${r.label('store')} github uploads, and ${r.label('store')} github was not given.`,
      `Add ${r.label('store')} github, or drop ${r.label('repo')}.`,
    );
  }
  const named = ['signing-config', 'instance', 'fulcio-url', 'rekor-url', 'tsa-url'].some((f) => r.str(f));
  const envConfig = named ? undefined : settings.signingConfig;
  if (envConfig) logger.info(`signing config from CUSTODY_SIGNING_CONFIG: ${envConfig}`);
  return {
    subjects: r.strs('subject'),
    subjectChecksums: r.str('subject-checksums'),
    provenance: r.bool('provenance'),
    captureFile: r.str('capture'),
    allowFailedBuild: r.bool('allow-failed-build'),
    allowUnrecordedSubject: r.bool('allow-unrecorded-subject'),
    sbomFile: r.str('sbom'),
    vulnFile: r.str('vuln'),
    vulnPredicate: r.str('vuln-predicate'),
    vexFile: r.str('vex'),
    predicateType: r.str('predicate-type'),
    predicateFile: r.str('predicate'),
    keyFile: r.str('key'),
    keyPassphrase: settings.keyPassword,
    keyPin: settings.pkcs11Pin,
    identityToken: r.str('identity-token'),
    instance: r.str('instance'),
    signingConfigFile: r.str('signing-config') ?? envConfig,
    fulcioUrl: r.str('fulcio-url'),
    rekorUrl: r.str('rekor-url'),
    tsaUrl: r.str('tsa-url'),
    bundleFile: r.str('bundle'),
    push: r.bool('push'),
    store: r.strs('store'),
    githubRepo: r.str('repo'),
    retry: sigstoreRetry(settings),
    presetSigningConfigs: settings.presetSigningConfigs,
  };
}

export const attestVerb = {
  name: 'attest',
  options: {
    subject: {
      type: 'string',
      multiple: true,
      value: 'SPEC',
      description: 'What the statement is about (repeatable).',
      input: {
        name: 'subject-path',
        description: "Files to attest, one path or glob per line (relative to the workspace); each file's sha256 becomes a subject.",
      },
    },
    'subject-checksums': {
      type: 'string',
      value: 'FILE',
      description: 'A checksum file whose entries become subjects.',
      input: { name: 'subject-checksums', description: 'A checksum file (sha256sum output) whose entries become subjects.' },
    },
    provenance: {
      type: 'boolean',
      description: 'Attest SLSA Provenance v1 for the build.',
      input: {
        name: 'provenance',
        description:
          "Attest the build's provenance (SLSA Provenance v1, GitHub's build provenance predicate, as actions/attest-build-provenance does): from capture-path, else described from the runner's environment in this step.",
      },
    },
    capture: {
      type: 'string',
      value: 'FILE',
      description: 'With --provenance: a capture document from custody capture / run.',
      input: {
        name: 'capture-path',
        description:
          "A capture document from actions/capture or `custody run` to build the provenance from (command, outputs, materials); without one the build is described from the runner's environment in this step.",
      },
    },
    'allow-failed-build': {
      type: 'boolean',
      description: 'With --provenance: sign a capture whose command failed or never started (the predicate records it).',
      input: {
        name: 'allow-failed-build',
        description:
          'With capture-path: sign provenance of a build whose command failed or never started (refused by default); the predicate records it.',
      },
    },
    'allow-unrecorded-subject': {
      type: 'boolean',
      description: "With --provenance: accept subjects that are not among the capture's recorded outputs (the predicate lists them).",
      input: {
        name: 'allow-unrecorded-subject',
        description:
          'With capture-path: attest subjects (and the image) that are not among the outputs the capture recorded (refused by default); the predicate lists them.',
      },
    },
    sbom: {
      type: 'string',
      value: 'FILE',
      description: 'Attest an SBOM (CycloneDX or SPDX JSON; the predicate type is detected).',
      input: { name: 'sbom-path', description: 'An SBOM to attest (CycloneDX JSON or SPDX JSON; the predicate type is detected).' },
    },
    vuln: {
      type: 'string',
      value: 'REPORT',
      description:
        "Attest a vulnerability scan: a scanner's report (Trivy, Grype or OSV-Scanner JSON, SARIF, CycloneDX VDR; detected) as the in-toto vulns predicate (docs/vuln.md).",
      input: {
        name: 'vuln-path',
        description:
          "A scanner's report to attest as a vulnerability attestation (Trivy, Grype or OSV-Scanner JSON, SARIF, CycloneDX VDR).",
      },
    },
    'vuln-predicate': {
      type: 'string',
      value: 'KIND',
      description:
        'With --vuln: in-toto (https://in-toto.io/attestation/vulns/v0.1, the default) or cosign (https://cosign.sigstore.dev/attestation/vuln/v1, the report inside).',
      input: { name: 'vuln-predicate', description: "With vuln-path: in-toto (the default) or cosign (cosign's vuln predicate)." },
    },
    vex: {
      type: 'string',
      value: 'DOC',
      description: 'Attest a VEX document: OpenVEX (predicate type https://openvex.dev/ns/v0.2.0) or CycloneDX VEX (docs/vuln.md).',
      input: { name: 'vex-path', description: 'A VEX document (OpenVEX or CycloneDX VEX) to attest.' },
    },
    'predicate-type': {
      type: 'string',
      value: 'URI',
      description: 'Custom predicate type.',
      input: { name: 'predicate-type', description: 'Predicate type URI of a custom predicate (with predicate or predicate-path).' },
    },
    predicate: {
      type: 'string',
      value: 'FILE',
      description: 'Custom predicate (JSON file).',
      input: { name: 'predicate-path', description: 'A custom predicate as a JSON file.' },
    },
    key: {
      type: 'string',
      value: 'KEY',
      description: 'Sign with this key (PEM file or key URI) instead of keyless.',
      input: {
        name: 'key',
        description:
          "Sign with a key instead of keyless: the PEM private key (e.g. from a secret) or a path to it, ECDSA P-256 or Ed25519, or a key URI. An encrypted key's passphrase comes from key-password or the CUSTODY_KEY_PASSWORD environment variable.",
      },
    },
    'identity-token': {
      type: 'string',
      value: 'TOKEN',
      description:
        'OIDC token for keyless signing (else SIGSTORE_ID_TOKEN or the CI platform). A flag value is visible to other processes on the machine: prefer SIGSTORE_ID_TOKEN.',
    },
    instance: {
      type: 'string',
      value: 'NAME',
      description:
        'Sigstore instance preset: public-good or github (default: chosen from the repository visibility on GitHub Actions, else public-good).',
      input: {
        name: 'instance',
        description:
          "Sigstore instance preset, public-good or github. Default (keyless, on GitHub Actions) as @actions/attest chooses: public repositories on public-good, private and internal ones on GitHub's instance (a GHE.com tenant's own hosts); with a key, no services.",
      },
    },
    'signing-config': {
      type: 'string',
      value: 'FILE',
      description: 'Sigstore signing_config.json (v0.2) of the instance to use.',
      input: { name: 'signing-config', description: "A Sigstore signing_config.json (v0.2) naming the instance's Fulcio, Rekor and TSA." },
    },
    'fulcio-url': {
      type: 'string',
      value: 'URL',
      description: 'Fulcio (certificate authority) URL.',
      input: { name: 'fulcio-url', description: "Fulcio URL (overrides the instance's)." },
    },
    'rekor-url': {
      type: 'string',
      value: 'URL',
      description: 'Rekor (transparency log, v1 API) URL.',
      input: { name: 'rekor-url', description: "Rekor v1 URL (overrides the instance's)." },
    },
    'tsa-url': {
      type: 'string',
      value: 'URL',
      description: 'RFC 3161 timestamp authority URL.',
      input: { name: 'tsa-url', description: "RFC 3161 timestamp authority URL (overrides the instance's)." },
    },
    bundle: {
      type: 'string',
      value: 'FILE',
      description: 'Where to write the bundle (default: <first subject>.sigstore.json).',
      input: { name: 'bundle-file', description: 'Where to write the bundle. Default <RUNNER_TEMP>/<first subject>.sigstore.json.' },
    },
    push: {
      type: 'boolean',
      description: 'Store the bundle next to each image subject (oci://REGISTRY/REPO@sha256:HEX) in its registry or layout.',
      input: {
        name: 'push-to-registry',
        description:
          'Store the bundle next to the image in its registry (OCI referrers, or the referrers tag where the registry has no referrers API), as actions/attest-build-provenance does. Needs subject-name (the image, e.g. ghcr.io/acme/app) and subject-digest; ghcr.io takes the github-token input (packages: write).',
      },
    },
    store: {
      type: 'string',
      multiple: true,
      value: 'WHERE',
      description: "Also store the bundle: github (GitHub's attestations API) or oci (as --push). Repeatable.",
    },
    repo: {
      type: 'string',
      value: 'OWNER/REPO',
      description: 'With --store github: the repository to store the attestation with (default GITHUB_REPOSITORY).',
    },
    batch: {
      type: 'string',
      value: 'FILE',
      description:
        'Sign many statements in one run: FILE (- for stdin) holds one JSON object per line with the per-statement flags as keys (subject, sbom, vuln, vex, provenance, predicate-type + predicate, bundle, …); the signing flags apply to all.',
    },
    format: { type: 'string', value: 'FMT', description: 'Summary format: text or json.', default: 'text' },
  },
} satisfies VerbSpec;

/** The flags that describe one statement: in a batch, each line gives them instead. */
export const PER_STATEMENT_FLAGS = [
  'subject',
  'subject-checksums',
  'provenance',
  'capture',
  'allow-failed-build',
  'allow-unrecorded-subject',
  'sbom',
  'vuln',
  'vuln-predicate',
  'vex',
  'predicate-type',
  'predicate',
  'bundle',
] as const;

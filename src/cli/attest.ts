import { stableJson, type Logger } from '@custody/core';
import type { AttestOptions } from '../commands/attest.js';
import { sigstoreRetry, type Settings } from '../settings.js';
import { flagReader, optionError, type CommandSpec, type OptionReader } from './spec.js';

/** The options `custody attest` and the attest actions share, from flags or inputs; the face adds the rest. */
export type AttestFaceOptions = Omit<AttestOptions, 'cwd' | 'env' | 'logger'>;

/**
 * Flags (or inputs) -> the typed options of attest(), once for the CLI and the actions. The Sigstore instance from
 * the environment (CUSTODY_SIGNING_CONFIG) applies only when no instance, signing config or URL is named.
 */
export function attestOptions(r: OptionReader, settings: Settings, logger: Logger): AttestFaceOptions {
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
    predicateType: r.str('predicate-type'),
    predicateFile: r.str('predicate'),
    keyFile: r.str('key'),
    keyPassphrase: settings.keyPassword,
    identityToken: r.str('identity-token'),
    instance: r.str('instance'),
    signingConfigFile: r.str('signing-config') ?? envConfig,
    fulcioUrl: r.str('fulcio-url'),
    rekorUrl: r.str('rekor-url'),
    tsaUrl: r.str('tsa-url'),
    bundleFile: r.str('bundle'),
    push: r.bool('push'),
    retry: sigstoreRetry(settings),
    presetSigningConfigs: settings.presetSigningConfigs,
  };
}

export const attestCommand: CommandSpec = {
  name: 'attest',
  summary: 'Make an attestation (provenance, SBOM or custom predicate), sign it with Sigstore and write the bundle.',
  usage: [
    'custody attest --subject SPEC... (--provenance [--capture FILE] [--allow-failed-build] [--allow-unrecorded-subject] | --sbom FILE | --predicate-type URI --predicate FILE)',
    '               [--key FILE | --identity-token TOKEN] [--signing-config FILE | --instance NAME | --fulcio-url U --rekor-url U --tsa-url U]',
    '               [--bundle FILE]',
  ],
  description: [
    'SPEC is a path or glob (sha256 of each file), NAME@sha256:HEX, or oci://REGISTRY/REPO@sha256:HEX.',
    'Keyless signing (the default) uses the CI platform\'s OIDC token: GitHub Actions (permissions: id-token: write),',
    'GitLab (id_tokens SIGSTORE_ID_TOKEN with aud: sigstore), Buildkite (buildkite-agent oidc request-token),',
    'CircleCI (CIRCLE_OIDC_TOKEN_V2), or --identity-token / SIGSTORE_ID_TOKEN anywhere.',
    'The Sigstore instance, unless --instance, --signing-config FILE or the --*-url flags say otherwise: on GitHub',
    'Actions it is chosen as @actions/attest chooses it, from the event payload\'s repository.visibility: public',
    'repositories sign on public-good (Fulcio + Rekor, a public log entry); private, internal and unknown ones on',
    'GitHub\'s instance (fulcio.githubapp.com + timestamp.githubapp.com; a GHE.com tenant\'s fulcio.TENANT.ghe.com and',
    'timestamp.TENANT.ghe.com), which keeps them out of the public log. Elsewhere: public-good. The log says which and',
    'why. CUSTODY_SIGNING_CONFIG_GITHUB / CUSTODY_SIGNING_CONFIG_PUBLIC_GOOD replace a preset\'s services with a',
    'signing_config.json (a mirror or proxy).',
    'Key-based signing: --key FILE (PEM ECDSA P-256 or Ed25519; encrypted keys read CUSTODY_KEY_PASSWORD); no',
    'transparency log or timestamp unless --rekor-url / --tsa-url / --signing-config / --instance asks for them.',
    'Transient service errors are retried; a final failure names the service and URL, exits 2 and writes no bundle.',
    'Honest provenance: with a capture from custody run, --provenance refuses a command that failed or never started',
    '(--allow-failed-build) and subjects that are not among its recorded outputs (--allow-unrecorded-subject).',
    'Retry knobs: CUSTODY_SIGSTORE_RETRIES (default 3), CUSTODY_SIGSTORE_TIMEOUT_MS (20000), CUSTODY_SIGSTORE_BACKOFF_MS (500).',
    'CUSTODY_SIGNING_CONFIG=FILE stands for --signing-config FILE when no --signing-config, --instance or --*-url is given',
    '(point a pipeline written for public-good Sigstore at another instance without editing it; it is logged).',
  ].join('\n'),
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
    provenance: { type: 'boolean', description: 'Attest SLSA Provenance v1 for the build.' },
    capture: { type: 'string', value: 'FILE', description: 'With --provenance: a capture document from custody capture / run.' },
    'allow-failed-build': {
      type: 'boolean',
      description: 'With --provenance: sign a capture whose command failed or never started (the predicate records it).',
      input: {
        name: 'allow-failed-build',
        description: 'With capture-path: sign provenance of a build whose command failed or never started (refused by default); the predicate records it.',
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
      value: 'FILE',
      description: 'Sign with this private key (PEM) instead of keyless.',
      input: {
        name: 'key',
        description:
          'Sign with a key instead of keyless: the PEM private key (e.g. from a secret) or a path to it. ECDSA P-256 or Ed25519. An encrypted key\'s passphrase comes from key-password or the CUSTODY_KEY_PASSWORD environment variable.',
      },
    },
    'identity-token': { type: 'string', value: 'TOKEN', description: 'OIDC token for keyless signing (else SIGSTORE_ID_TOKEN or the CI platform). A flag value is visible to other processes on the machine: prefer SIGSTORE_ID_TOKEN.' },
    instance: {
      type: 'string',
      value: 'NAME',
      description: 'Sigstore instance preset: public-good or github (default: chosen from the repository visibility on GitHub Actions, else public-good).',
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
    'fulcio-url': { type: 'string', value: 'URL', description: 'Fulcio (certificate authority) URL.', input: { name: 'fulcio-url', description: "Fulcio URL (overrides the instance's)." } },
    'rekor-url': { type: 'string', value: 'URL', description: 'Rekor (transparency log, v1 API) URL.', input: { name: 'rekor-url', description: "Rekor v1 URL (overrides the instance's)." } },
    'tsa-url': { type: 'string', value: 'URL', description: 'RFC 3161 timestamp authority URL.', input: { name: 'tsa-url', description: "RFC 3161 timestamp authority URL (overrides the instance's)." } },
    bundle: {
      type: 'string',
      value: 'FILE',
      description: 'Where to write the bundle (default: <first subject>.sigstore.json).',
      input: { name: 'bundle-file', description: 'Where to write the bundle. Default <RUNNER_TEMP>/<first subject>.sigstore.json.' },
    },
    push: { type: 'boolean', description: 'Store the bundle next to each image subject (oci://REGISTRY/REPO@sha256:HEX) in its registry or layout.' },
    format: { type: 'string', value: 'FMT', description: 'Summary format: text or json.', default: 'text' },
  },
  examples: [
    ['custody attest --subject dist/app.tgz --sbom sbom.cdx.json', 'keyless, on a CI platform with OIDC'],
    ['custody attest --subject "dist/*" --provenance --capture custody-capture.json --bundle provenance.sigstore.json', 'signed SLSA provenance'],
    ['custody attest --subject app@sha256:0123… --predicate-type https://example.com/test/v1 --predicate results.json --key ci.key', 'a custom predicate, signed with a key'],
    ['custody attest --subject dist/app.tgz --sbom sbom.spdx.json --instance github', "GitHub's Sigstore instance (the default for private repositories on GitHub Actions)"],
    ['custody attest --subject dist/app.tgz --sbom sbom.spdx.json --instance public-good', 'public-good Sigstore even for a private repository (its names land in the public log)'],
  ],
  async run({ values, io, settings }) {
    // Loaded on use: `custody --help` and the other verbs start without this command's dependencies.
    const { attest, describeAttestation } = await import('../commands/attest.js');
    const r = flagReader(values);
    const format = r.str('format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw optionError(r, 'format', `"${format}" is not text or json.`);
    const result = await attest({ ...attestOptions(r, settings, io.logger), cwd: io.cwd, env: io.env, logger: io.logger });
    if (format === 'json') io.stdout(stableJson(result));
    else {
      const rows = describeAttestation(result);
      const width = Math.max(...rows.map(([k]) => k.length)) + 2;
      io.stdout(`${rows.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}`).join('\n')}\n`);
    }
    return 0;
  },
};

import { UsageError, stableJson } from '@custody/core';
import { bool, str, strs, type CommandSpec } from './spec.js';

export const attestCommand: CommandSpec = {
  name: 'attest',
  summary: 'Make an attestation (provenance, SBOM or custom predicate), sign it with Sigstore and write the bundle.',
  usage: [
    'custody attest --subject SPEC... (--provenance [--capture FILE] [--allow-failed-build] [--allow-unrecorded-subject] | --sbom FILE | --predicate-type URI --predicate FILE)',
    '               [--key FILE | --identity-token TOKEN] [--signing-config FILE | --instance NAME | --fulcio-url U --rekor-url U --tsa-url U]',
    '               [--bundle FILE] [--push] [--store github|oci]... [--repo OWNER/REPO]',
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
    '--store github uploads the bundle to GitHub\'s attestations API (POST /repos/OWNER/REPO/attestations), where',
    'the repository\'s attestations page, gh attestation verify and custody verify --repo find it: the repository',
    'from --repo or GITHUB_REPOSITORY, the token from GITHUB_TOKEN or GH_TOKEN (it needs attestations: write), the',
    'API from GITHUB_API_URL (GHES, GHE.com), else api.github.com. No repository or token: exit 2 before signing.',
    '--store oci is --push. --store may be repeated.',
    'CUSTODY_SIGNING_CONFIG=FILE stands for --signing-config FILE when no --signing-config, --instance or --*-url is given',
    '(point a pipeline written for public-good Sigstore at another instance without editing it; it is logged).',
  ].join('\n'),
  options: {
    subject: { type: 'string', multiple: true, value: 'SPEC', description: 'What the statement is about (repeatable).' },
    'subject-checksums': { type: 'string', value: 'FILE', description: 'A checksum file whose entries become subjects.' },
    provenance: { type: 'boolean', description: 'Attest SLSA Provenance v1 for the build.' },
    capture: { type: 'string', value: 'FILE', description: 'With --provenance: a capture document from custody capture / run.' },
    'allow-failed-build': { type: 'boolean', description: 'With --provenance: sign a capture whose command failed or never started (the predicate records it).' },
    'allow-unrecorded-subject': { type: 'boolean', description: "With --provenance: accept subjects that are not among the capture's recorded outputs (the predicate lists them)." },
    sbom: { type: 'string', value: 'FILE', description: 'Attest an SBOM (CycloneDX or SPDX JSON; the predicate type is detected).' },
    'predicate-type': { type: 'string', value: 'URI', description: 'Custom predicate type.' },
    predicate: { type: 'string', value: 'FILE', description: 'Custom predicate (JSON file).' },
    key: { type: 'string', value: 'FILE', description: 'Sign with this private key (PEM) instead of keyless.' },
    'identity-token': { type: 'string', value: 'TOKEN', description: 'OIDC token for keyless signing (else SIGSTORE_ID_TOKEN or the CI platform). A flag value is visible to other processes on the machine: prefer SIGSTORE_ID_TOKEN.' },
    instance: { type: 'string', value: 'NAME', description: 'Sigstore instance preset: public-good or github (default: chosen from the repository visibility on GitHub Actions, else public-good).' },
    'signing-config': { type: 'string', value: 'FILE', description: 'Sigstore signing_config.json (v0.2) of the instance to use.' },
    'fulcio-url': { type: 'string', value: 'URL', description: 'Fulcio (certificate authority) URL.' },
    'rekor-url': { type: 'string', value: 'URL', description: 'Rekor (transparency log, v1 API) URL.' },
    'tsa-url': { type: 'string', value: 'URL', description: 'RFC 3161 timestamp authority URL.' },
    bundle: { type: 'string', value: 'FILE', description: 'Where to write the bundle (default: <first subject>.sigstore.json).' },
    push: { type: 'boolean', description: 'Store the bundle next to each image subject (oci://REGISTRY/REPO@sha256:HEX) in its registry or layout.' },
    store: { type: 'string', multiple: true, value: 'WHERE', description: "Also store the bundle: github (GitHub's attestations API) or oci (as --push). Repeatable." },
    repo: { type: 'string', value: 'OWNER/REPO', description: 'With --store github: the repository to store the attestation with (default GITHUB_REPOSITORY).' },
    format: { type: 'string', value: 'FMT', description: 'Summary format: text or json.', default: 'text' },
  },
  examples: [
    ['custody attest --subject dist/app.tgz --sbom sbom.cdx.json', 'keyless, on a CI platform with OIDC'],
    ['custody attest --subject "dist/*" --provenance --capture custody-capture.json --bundle provenance.sigstore.json', 'signed SLSA provenance'],
    ['custody attest --subject app@sha256:0123… --predicate-type https://example.com/test/v1 --predicate results.json --key ci.key', 'a custom predicate, signed with a key'],
    ['custody attest --subject dist/app.tgz --sbom sbom.spdx.json --instance github', "GitHub's Sigstore instance (the default for private repositories on GitHub Actions)"],
    ['GITHUB_TOKEN=… custody attest --subject dist/app.tgz --provenance --store github --repo octo-org/app', "signed provenance, uploaded to the repository's attestations (gh attestation verify finds it)"],
    ['custody attest --subject dist/app.tgz --sbom sbom.spdx.json --instance public-good', 'public-good Sigstore even for a private repository (its names land in the public log)'],
  ],
  async run({ values, io }) {
    // Loaded on use: `custody --help` and the other verbs start without this command's dependencies.
    const { attest, describeAttestation } = await import('../commands/attest.js');
    const format = str(values, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format "${format}" is not text or json.`);
    // The instance from the environment only when the command line names none (flags always win).
    if (str(values, 'repo') && !strs(values, 'store').includes('github')) {
      throw new UsageError('--repo names where --store github uploads, and --store github was not given.', { hint: 'Add --store github, or drop --repo.' });
    }
    const named = ['signing-config', 'instance', 'fulcio-url', 'rekor-url', 'tsa-url'].some((f) => str(values, f));
    const envConfig = !named && io.env.CUSTODY_SIGNING_CONFIG ? io.env.CUSTODY_SIGNING_CONFIG : undefined;
    if (envConfig) io.logger.info(`signing config from CUSTODY_SIGNING_CONFIG: ${envConfig}`);
    const r = await attest({
      subjects: strs(values, 'subject'),
      subjectChecksums: str(values, 'subject-checksums'),
      provenance: bool(values, 'provenance'),
      captureFile: str(values, 'capture'),
      allowFailedBuild: bool(values, 'allow-failed-build'),
      allowUnrecordedSubject: bool(values, 'allow-unrecorded-subject'),
      sbomFile: str(values, 'sbom'),
      predicateType: str(values, 'predicate-type'),
      predicateFile: str(values, 'predicate'),
      keyFile: str(values, 'key'),
      identityToken: str(values, 'identity-token'),
      instance: str(values, 'instance'),
      signingConfigFile: str(values, 'signing-config') ?? envConfig,
      fulcioUrl: str(values, 'fulcio-url'),
      rekorUrl: str(values, 'rekor-url'),
      tsaUrl: str(values, 'tsa-url'),
      bundleFile: str(values, 'bundle'),
      push: bool(values, 'push'),
      store: strs(values, 'store'),
      githubRepo: str(values, 'repo'),
      cwd: io.cwd,
      env: io.env,
      logger: io.logger,
    });
    if (format === 'json') io.stdout(stableJson(r));
    else {
      const rows = describeAttestation(r);
      const width = Math.max(...rows.map(([k]) => k.length)) + 2;
      io.stdout(`${rows.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}`).join('\n')}\n`);
    }
    return 0;
  },
};

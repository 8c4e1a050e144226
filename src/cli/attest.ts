import { stableJson } from '@custody/core';
import { attestOptions, attestVerb } from '../verbs/attest.js';
import { flagReader, optionError, type CommandSpec } from './spec.js';

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
    "Keyless signing (the default) uses the CI platform's OIDC token: GitHub Actions (permissions: id-token: write),",
    'GitLab (id_tokens SIGSTORE_ID_TOKEN with aud: sigstore), Buildkite (buildkite-agent oidc request-token),',
    'CircleCI (CIRCLE_OIDC_TOKEN_V2), or --identity-token / SIGSTORE_ID_TOKEN anywhere.',
    'The Sigstore instance, unless --instance, --signing-config FILE or the --*-url flags say otherwise: on GitHub',
    "Actions it is chosen as @actions/attest chooses it, from the event payload's repository.visibility: public",
    'repositories sign on public-good (Fulcio + Rekor, a public log entry); private, internal and unknown ones on',
    "GitHub's instance (fulcio.githubapp.com + timestamp.githubapp.com; a GHE.com tenant's fulcio.TENANT.ghe.com and",
    'timestamp.TENANT.ghe.com), which keeps them out of the public log. Elsewhere: public-good. The log says which and',
    "why. CUSTODY_SIGNING_CONFIG_GITHUB / CUSTODY_SIGNING_CONFIG_PUBLIC_GOOD replace a preset's services with a",
    'signing_config.json (a mirror or proxy).',
    'Key-based signing: --key FILE (PEM ECDSA P-256 or Ed25519; encrypted keys read CUSTODY_KEY_PASSWORD); no',
    'transparency log or timestamp unless --rekor-url / --tsa-url / --signing-config / --instance asks for them.',
    'Transient service errors are retried; a final failure names the service and URL, exits 2 and writes no bundle.',
    'Honest provenance: with a capture from custody run, --provenance refuses a command that failed or never started',
    '(--allow-failed-build) and subjects that are not among its recorded outputs (--allow-unrecorded-subject).',
    'Retry knobs: CUSTODY_SIGSTORE_RETRIES (default 3), CUSTODY_SIGSTORE_TIMEOUT_MS (20000), CUSTODY_SIGSTORE_BACKOFF_MS (500).',
    "--store github uploads the bundle to GitHub's attestations API (POST /repos/OWNER/REPO/attestations), where",
    "the repository's attestations page, gh attestation verify and custody verify --repo find it: the repository",
    'from --repo or GITHUB_REPOSITORY, the token from GITHUB_TOKEN or GH_TOKEN (it needs attestations: write), the',
    'API from GITHUB_API_URL (GHES, GHE.com), else api.github.com. No repository or token: exit 2 before signing.',
    '--store oci is --push. --store may be repeated.',
    'CUSTODY_SIGNING_CONFIG=FILE stands for --signing-config FILE when no --signing-config, --instance or --*-url is given',
    '(point a pipeline written for public-good Sigstore at another instance without editing it; it is logged).',
  ].join('\n'),
  options: attestVerb.options,
  examples: [
    ['custody attest --subject dist/app.tgz --sbom sbom.cdx.json', 'keyless, on a CI platform with OIDC'],
    [
      'custody attest --subject "dist/*" --provenance --capture custody-capture.json --bundle provenance.sigstore.json',
      'signed SLSA provenance',
    ],
    [
      'custody attest --subject app@sha256:0123… --predicate-type https://example.com/test/v1 --predicate results.json --key ci.key',
      'a custom predicate, signed with a key',
    ],
    [
      'custody attest --subject dist/app.tgz --sbom sbom.spdx.json --instance github',
      "GitHub's Sigstore instance (the default for private repositories on GitHub Actions)",
    ],
    [
      'GITHUB_TOKEN=… custody attest --subject dist/app.tgz --provenance --store github --repo octo-org/app',
      "signed provenance, uploaded to the repository's attestations (gh attestation verify finds it)",
    ],
    [
      'custody attest --subject dist/app.tgz --sbom sbom.spdx.json --instance public-good',
      'public-good Sigstore even for a private repository (its names land in the public log)',
    ],
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

import { stableJson } from '@custody/core';
import { attestOptions, attestVerb, PER_STATEMENT_FLAGS } from '../verbs/attest.js';
import { flagReader, optionError, type CommandContext, type CommandSpec } from './spec.js';

/** --batch: the signing flags from the command line, the statements from the batch's lines. */
async function runBatch(
  batchFile: string,
  { values, io, settings, format }: Pick<CommandContext, 'values' | 'io' | 'settings'> & { format: string },
): Promise<number> {
  const { attestBatch, describeBatch } = await import('../commands/attest-batch.js');
  const r = flagReader(values);
  for (const flag of PER_STATEMENT_FLAGS) {
    if (values[flag] !== undefined && values[flag] !== false && !(Array.isArray(values[flag]) && !values[flag].length))
      throw optionError(
        r,
        flag,
        'describes one statement; with --batch, each line of the batch gives it.',
        'Move it into the lines of the batch.',
      );
  }
  for (const flag of ['push', 'store', 'repo']) {
    if (values[flag] !== undefined && values[flag] !== false && !(Array.isArray(values[flag]) && !values[flag].length))
      throw optionError(
        r,
        flag,
        'is not supported with --batch yet.',
        'Store the bundles afterwards: custody push --bundle FILE --image REF, or attest them one at a time with --store.',
      );
  }
  const { subjects: _s, push: _p, store: _st, githubRepo: _r, ...shared } = attestOptions(r, settings, io.logger);
  const result = await attestBatch({ ...shared, batchFile, cwd: io.cwd, env: io.env, logger: io.logger });
  if (format === 'json') io.stdout(stableJson(result));
  else {
    const rows = describeBatch(result);
    const width = Math.max(...rows.map(([k]) => k.length)) + 2;
    io.stdout(`${rows.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}`).join('\n')}\n`);
  }
  return 0;
}

export const attestCommand: CommandSpec = {
  name: 'attest',
  summary: 'Make an attestation (provenance, SBOM or custom predicate), sign it with Sigstore and write the bundle.',
  usage: [
    'custody attest --subject SPEC... (--provenance [--capture FILE] [--allow-failed-build] [--allow-unrecorded-subject] | --sbom FILE | --predicate-type URI --predicate FILE)',
    '               [--key FILE | --identity-token TOKEN] [--signing-config FILE | --instance NAME | --fulcio-url U --rekor-url U --tsa-url U]',
    '               [--bundle FILE] [--push] [--store github|oci]... [--repo OWNER/REPO]',
    'custody attest --batch FILE|- [--key FILE | --identity-token TOKEN] [--signing-config FILE | --instance NAME | …]',
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
    'Key-based signing: --key FILE (PEM ECDSA P-256 or Ed25519; encrypted keys read CUSTODY_KEY_PASSWORD) or a key',
    'URI (a PKCS#11 token, a KMS or Vault: docs/keys.md); no',
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
    '--batch FILE (- for stdin) signs many statements in one run: one JSON object per line, its keys the per-statement',
    'flags: subject (a SPEC or an array), subject-checksums, provenance (true) with capture / allow-failed-build /',
    'allow-unrecorded-subject, sbom, vuln (with vuln-predicate), vex, predicate-type with predicate (a JSON file or the',
    'object itself), and bundle',
    '(default <first subject>.sigstore.json); paths are relative to the working directory; blank and # lines are',
    'skipped. The signing flags apply to every line: a key is loaded once; keyless, one identity token and one Fulcio',
    'certificate serve the whole batch (a new one if the batch outlasts it); each statement gets its own signature,',
    'log entry and timestamps, and its own bundle. Every line is read and built before anything is signed: a bad line,',
    'a missing file or two lines writing one bundle (names compared without case) exit 2 naming the line, with',
    'nothing written. A failure while signing or writing (a service, the disk) stops the batch: no further line is',
    'started, the bundles already written stay (each is complete and valid; lines in flight finish), and the error',
    'names the failed line and the lines written (exit 2); running the batch again signs and rewrites them all.',
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
    [
      'custody attest --batch statements.jsonl --key ci.key',
      'many statements, one per line, e.g. {"subject": ["dist/a.tgz"], "sbom": "a.cdx.json", "bundle": "a.sigstore.json"}',
    ],
  ],
  async run({ values, io, settings }) {
    // Loaded on use: `custody --help` and the other verbs start without this command's dependencies.
    const { attest, describeAttestation } = await import('../commands/attest.js');
    const r = flagReader(values);
    const format = r.str('format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw optionError(r, 'format', `"${format}" is not text or json.`);
    const batchFile = r.str('batch');
    if (batchFile !== undefined) return runBatch(batchFile, { values, io, settings, format });
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

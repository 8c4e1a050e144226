import { UsageError } from '@custody/core';
import { verifyOptions, verifyVerb, type VerifyFaceOptions } from '../verbs/verify.js';
import { flagReader, optionError, type CliIO, type CommandSpec } from './spec.js';

/** Many targets: TARGET arguments and/or a targets list; one report row per target (src/commands/verify-batch.ts). */
async function runBatch(options: VerifyFaceOptions, positionals: string[], list: string | undefined, format: string, io: CliIO) {
  const batch = await import('../commands/verify-batch.js');
  const targets = [
    ...positionals.map((target, i) => ({ target, bundles: [], origin: `argument ${i + 1}` })),
    ...(list !== undefined ? await batch.readTargetsList(list, io.cwd) : []),
  ];
  const report = await batch.verifyBatch({ ...options, targets, cwd: io.cwd, env: io.env, logger: io.logger });
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : batch.formatBatchTable(report));
  for (const f of report.insecure) io.logger.warn(`verification was weakened by ${f}`);
  if (report.failed.length)
    io.logger.warn(`${report.failed.length} of ${report.summary.targets} target(s) did not pass: ${report.failed.join(', ')}`);
  return report.exitCode;
}

export const verifyCommand: CommandSpec = {
  name: 'verify',
  summary: 'Verify attestations for an artifact or image: signature, identity, log/timestamp evidence, subject, policy.',
  usage: [
    'custody verify TARGET --bundle FILE... (--certificate-identity ID | --certificate-identity-regexp RE) --certificate-oidc-issuer URL',
    'custody verify TARGET --bundle FILE... --owner ORG | --repo ORG/REPO [--signer-workflow W] [--source-ref REF] [--deny-self-hosted-runners]',
    'custody verify TARGET --bundle FILE... --key PUB.pem',
    "custody verify TARGET --repo ORG/REPO | --owner ORG [--limit N]      (no --bundle: GitHub's attestations API)",
    'custody verify TARGET ... [--policy FILE] [--predicate-type URI] [--trusted-root FILE] [--format table|json] [--vsa FILE]',
    'custody verify TARGET TARGET... | --targets FILE|- [--bundle FILE...] (identity flags) [--format table|json]   (many targets)',
  ],
  description: [
    'TARGET is a file, sha256:HEX, oci://REGISTRY/REPO[:TAG|@DIGEST] or oci-layout:DIR[@DIGEST]. Attestations come',
    'from --bundle (a Sigstore bundle v0.1-v0.3, JSON Lines of bundles, or an npm registry attestations document)',
    "and, for images, from the registry or layout (referrers API, referrers tag, cosign's legacy .att layers).",
    "With no --bundle and --repo or --owner, they come from GitHub's attestations API, as gh attestation verify reads",
    "them: the repository's (or, with --owner alone, the organization's) attestations of the target's sha256 digest,",
    'paginated up to --limit (default 30), rate limits waited out when short. The token comes from GITHUB_TOKEN or',
    "GH_TOKEN (attestations: read, or contents: read); the API from GITHUB_API_URL, else --hostname's. A file or",
    'digest target without a token cannot run (exit 2); an oci:// target reads the registry and, with a token, GitHub.',
    '',
    'Every attestation is checked: trusted signing time (RFC 3161 / transparency-log promise), certificate',
    'chain to the trusted root at that time with SCTs (or a trusted key), transparency-log inclusion, signature,',
    'the statement and the target digest among its subjects, the signer identity, and the policy. Every check is',
    'reported, not only the first failure. Trust is the embedded public-good root (offline) unless --trusted-root',
    "is given (e.g. GitHub's instance: gh attestation trusted-root > github-root.jsonl, then pick its line).",
    '',
    'A keyless bundle needs the expected source: --owner or --repo (--signer-repo / --signer-workflow alone name a',
    'reusable workflow that signs for any repository calling it, and cannot run), or --certificate-identity[-regexp].',
    'npm registry keys (embedded, public-good trust only) verify npm publish attestations in an npm attestations',
    'document, never an identity: with --owner/--repo the keyless provenance next to them must match.',
    '',
    'The run passes when every required predicate type has at least one attestation that verifies in full (signature,',
    'identity or key, subject, policy). Attestations that do not verify, or are of other predicate types or signers,',
    'never fail it: they are listed as ignored, each with its reason. Policy rules only see verified statements.',
    'An image named by tag is resolved to its digest once and the digest is printed; --require-digest refuses tags.',
    '',
    'Many targets in one run: several TARGETs, or --targets FILE (- for stdin) with one TARGET [BUNDLE ...] per line',
    '(the bundles on a line are for that target alone; blank lines and # comments are skipped; paths relative to the',
    'current directory). The same identity, policy and trust hold for every target; the trusted root and policy are',
    'read once, and the certificate chains verified under that trust are reused. The attestations of --bundle files',
    'go to the targets their subjects name (a bundle file may hold bundles for many subjects); registry and GitHub',
    'reads run a few targets at a time. The report has one row per target and a summary (JSON: docs/verify-report.md,',
    '"Many targets"); the run exits 1 when any target fails and names them, 2 when a target cannot be verified',
    '(unreadable, unreachable). --vsa takes a single target. One TARGET alone keeps the single-target report.',
    '',
    'Exit 0: verified. Exit 1: a required type has no verified attestation. Exit 2: cannot run (bad input, trust',
    'root, policy or usage; an attestation file over a size or nesting limit, see docs/limits.md).',
    'Flags that weaken verification contain "insecure" and are printed with the result.',
    'CUSTODY_TRUSTED_ROOT=FILE stands for --trusted-root FILE when the flag is not given (it is logged).',
  ].join('\n'),
  options: verifyVerb.options,
  positionals: { names: 'TARGET', min: 0, max: Number.MAX_SAFE_INTEGER },
  examples: [
    ['custody verify dist/app.tgz --bundle app.sigstore.json --repo octo-org/app', "provenance from octo-org/app's workflows"],
    [
      'GITHUB_TOKEN=… custody verify dist/app.tgz --repo octo-org/app',
      "the attestations stored in octo-org/app's attestations API (as gh attestation verify)",
    ],
    ['custody verify sha256:3f1c… --bundle att.jsonl --owner octo-org --deny-self-hosted-runners --format json', 'by digest, JSON report'],
    [
      'custody verify app.bin --bundle app.intoto.jsonl --repo org/app --signer-repo slsa-framework/slsa-github-generator --predicate-type https://slsa.dev/provenance/v0.2',
      'a SLSA generator (reusable workflow) attestation',
    ],
    ['custody verify pkg.tgz --bundle pkg.tgz.json --repo org/pkg', 'an npm registry attestations document (provenance and publish)'],
    ['custody verify out.bin --bundle out.sigstore.json --key cosign.pub', 'a key-signed bundle'],
    ['custody verify app.tgz --bundle app.sigstore.json --policy policy.yaml --vsa vsa.json', 'policy check, writing a VSA'],
    ['custody verify dist/*.tgz --bundle release.intoto.jsonl --repo org/app', 'many artifacts, bundles for all of them in one file'],
    ['custody verify --targets images.txt --owner org --format json', 'one image (oci://…) or file per line, with its bundles'],
  ],
  async run({ values, positionals, io, settings }) {
    // Loaded on use, so that other verbs and --help start without the verifier.
    const [{ verifyArtifact }, { formatTable }] = await Promise.all([import('../commands/verify.js'), import('@custody/verify')]);
    const r = flagReader(values);
    const format = r.str('format') ?? 'table';
    const options = verifyOptions(r, settings, io.logger);
    if (format !== 'table' && format !== 'json')
      throw optionError(r, 'format', `is "${format}", not table or json.`, 'Use --format table or --format json.');
    const targetsList = r.str('targets');
    if (targetsList !== undefined || positionals.length > 1) return runBatch(options, positionals, targetsList, format, io);
    if (positionals.length === 0)
      throw new UsageError('missing TARGET.', {
        hint: 'Usage: custody verify TARGET --bundle FILE ... (or --targets FILE). Run custody verify --help for examples.',
      });
    const result = await verifyArtifact({ ...options, target: positionals[0]!, cwd: io.cwd, env: io.env, logger: io.logger });
    io.stdout(format === 'json' ? `${JSON.stringify(result.report, null, 2)}\n` : formatTable(result.report));
    for (const f of result.report.insecure) io.logger.warn(`verification was weakened by ${f}`);
    return result.report.exitCode;
  },
};

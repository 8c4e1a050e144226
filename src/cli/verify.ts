import { PREDICATE_SLSA_PROVENANCE_V1, UsageError } from '@custody/core';
import { bool, str, strs, type CommandSpec } from './spec.js';

export const verifyCommand: CommandSpec = {
  name: 'verify',
  summary: 'Verify attestations for an artifact or image: signature, identity, log/timestamp evidence, subject, policy.',
  usage: [
    'custody verify TARGET --bundle FILE... (--certificate-identity ID | --certificate-identity-regexp RE) --certificate-oidc-issuer URL',
    'custody verify TARGET --bundle FILE... --owner ORG | --repo ORG/REPO [--signer-workflow W] [--source-ref REF] [--deny-self-hosted-runners]',
    'custody verify TARGET --bundle FILE... --key PUB.pem',
    'custody verify TARGET --repo ORG/REPO | --owner ORG [--limit N]      (no --bundle: GitHub\'s attestations API)',
    'custody verify TARGET ... [--policy FILE] [--predicate-type URI] [--trusted-root FILE] [--format table|json] [--vsa FILE]',
  ],
  description: [
    'TARGET is a file, sha256:HEX, oci://REGISTRY/REPO[:TAG|@DIGEST] or oci-layout:DIR[@DIGEST]. Attestations come',
    'from --bundle (a Sigstore bundle v0.1-v0.3, JSON Lines of bundles, or an npm registry attestations document)',
    'and, for images, from the registry or layout (referrers API, referrers tag, cosign\'s legacy .att layers).',
    'With no --bundle and --repo or --owner, they come from GitHub\'s attestations API, as gh attestation verify reads',
    'them: the repository\'s (or, with --owner alone, the organization\'s) attestations of the target\'s sha256 digest,',
    'paginated up to --limit (default 30), rate limits waited out when short. The token comes from GITHUB_TOKEN or',
    'GH_TOKEN (attestations: read, or contents: read); the API from GITHUB_API_URL, else --hostname\'s. A file or',
    'digest target without a token cannot run (exit 2); an oci:// target reads the registry and, with a token, GitHub.',
    '',
    'Every attestation is checked: trusted signing time (RFC 3161 / transparency-log promise), certificate',
    'chain to the trusted root at that time with SCTs (or a trusted key), transparency-log inclusion, signature,',
    'the statement and the target digest among its subjects, the signer identity, and the policy. Every check is',
    'reported, not only the first failure. Trust is the embedded public-good root (offline) unless --trusted-root',
    'is given (e.g. GitHub\'s instance: gh attestation trusted-root > github-root.jsonl, then pick its line).',
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
    'Exit 0: verified. Exit 1: a required type has no verified attestation. Exit 2: cannot run (bad input, trust',
    'root, policy or usage; an attestation file over a size or nesting limit, see docs/limits.md).',
    'Flags that weaken verification contain "insecure" and are printed with the result.',
    'CUSTODY_TRUSTED_ROOT=FILE stands for --trusted-root FILE when the flag is not given (it is logged).',
  ].join('\n'),
  options: {
    bundle: { type: 'string', multiple: true, value: 'FILE', description: 'Attestation file (bundle JSON, JSON Lines, or npm attestations document).' },
    key: { type: 'string', multiple: true, value: 'PEM', description: 'Public key for key-based bundles; repeat for several (the bundle\'s hint picks one, else each is tried). A private key is refused.' },
    'certificate-identity': { type: 'string', value: 'ID', description: 'Exact signer identity (certificate SAN), e.g. a workflow URL@ref or an email.' },
    'certificate-identity-regexp': { type: 'string', value: 'RE', description: 'Regular expression the signer identity must match (anchor it: ^…$).' },
    'certificate-oidc-issuer': { type: 'string', value: 'URL', description: 'Exact OIDC issuer of the signer (default with shorthands: GitHub Actions).' },
    'certificate-oidc-issuer-regexp': { type: 'string', value: 'RE', description: 'Regular expression the OIDC issuer must match.' },
    owner: { type: 'string', value: 'ORG', description: 'The source repository owner (as gh attestation verify --owner).' },
    repo: { type: 'string', value: 'ORG/REPO', description: 'The source repository (as gh attestation verify --repo).' },
    'signer-workflow': { type: 'string', value: 'W', description: 'The signing workflow: ORG/REPO/.github/workflows/F.yml[@REF] (with --owner or --repo).' },
    'signer-repo': { type: 'string', value: 'ORG/REPO', description: 'The repository of the signing (reusable) workflow (with --owner or --repo).' },
    'source-ref': { type: 'string', value: 'REF', description: 'The source ref built, e.g. refs/heads/main or refs/tags/v1.2.3.' },
    'source-digest': { type: 'string', value: 'SHA', description: 'The source commit built.' },
    'deny-self-hosted-runners': { type: 'boolean', description: 'Fail attestations signed on self-hosted runners.' },
    hostname: { type: 'string', value: 'HOST', description: "GitHub host for the shorthands, and for the attestations API when GITHUB_API_URL is not set.", default: 'github.com' },
    limit: { type: 'string', value: 'N', description: "With no --bundle: read at most N attestations from GitHub's API (1-1000, default 30)." },
    'predicate-type': { type: 'string', multiple: true, value: 'URI', description: `Predicate type that must verify, in addition to the policy's requiredPredicateTypes (default ${PREDICATE_SLSA_PROVENANCE_V1} for statements; '*' for any).` },
    'require-digest': { type: 'boolean', description: 'Refuse an image named by tag (oci://REF:TAG): the target must be pinned by @sha256: digest.' },
    'trusted-root': { type: 'string', value: 'FILE', description: 'A Sigstore trusted_root.json instead of the embedded public-good root (npm registry keys are then not trusted).' },
    policy: { type: 'string', value: 'FILE', description: 'Policy file, YAML or JSON (docs/policy.md).' },
    format: { type: 'string', value: 'FORMAT', description: 'table or json (schema: docs/verify-report.md).', default: 'table' },
    vsa: { type: 'string', value: 'FILE', description: 'Write a Verification Summary Attestation to FILE (an unsigned in-toto statement unless --vsa-key or --vsa-keyless).' },
    'vsa-key': { type: 'string', value: 'FILE', description: 'Sign the VSA with this private key (PEM): FILE is then a Sigstore bundle.' },
    'vsa-keyless': { type: 'boolean', description: 'Sign the VSA keyless with the CI platform\'s OIDC token (as custody attest).' },
    'vsa-signing-config': { type: 'string', value: 'FILE', description: 'Sigstore signing_config.json for signing the VSA.' },
    'insecure-ignore-tlog': { type: 'boolean', description: 'INSECURE: accept keyless bundles without a transparency-log entry.' },
    'insecure-ignore-sct': { type: 'boolean', description: 'INSECURE: accept certificates without a signed certificate timestamp.' },
  },
  positionals: { names: 'TARGET', min: 1, max: 1 },
  examples: [
    ['custody verify dist/app.tgz --bundle app.sigstore.json --repo octo-org/app', 'provenance from octo-org/app\'s workflows'],
    ['GITHUB_TOKEN=… custody verify dist/app.tgz --repo octo-org/app', "the attestations stored in octo-org/app's attestations API (as gh attestation verify)"],
    ['custody verify sha256:3f1c… --bundle att.jsonl --owner octo-org --deny-self-hosted-runners --format json', 'by digest, JSON report'],
    ['custody verify app.bin --bundle app.intoto.jsonl --repo org/app --signer-repo slsa-framework/slsa-github-generator --predicate-type https://slsa.dev/provenance/v0.2', 'a SLSA generator (reusable workflow) attestation'],
    ['custody verify pkg.tgz --bundle pkg.tgz.json --repo org/pkg', 'an npm registry attestations document (provenance and publish)'],
    ['custody verify out.bin --bundle out.sigstore.json --key cosign.pub', 'a key-signed bundle'],
    ['custody verify app.tgz --bundle app.sigstore.json --policy policy.yaml --vsa vsa.json', 'policy check, writing a VSA'],
  ],
  async run({ values, positionals, io }) {
    // Loaded on use, so that other verbs and --help start without the verifier.
    const [{ verifyArtifact }, { formatTable }] = await Promise.all([import('../commands/verify.js'), import('@custody/verify')]);
    const format = str(values, 'format') ?? 'table';
    if ((str(values, 'vsa-key') || bool(values, 'vsa-keyless')) && !str(values, 'vsa')) {
      throw new UsageError('--vsa-key / --vsa-keyless sign the VSA, but no --vsa FILE was given.', { hint: 'Add --vsa vsa.sigstore.json.' });
    }
    if (format !== 'table' && format !== 'json') throw new UsageError(`--format is "${format}", not table or json.`, { hint: 'Use --format table or --format json.' });
    const identity = {
      ...(str(values, 'certificate-identity') ? { san: str(values, 'certificate-identity')! } : {}),
      ...(str(values, 'certificate-identity-regexp') ? { sanRegexp: str(values, 'certificate-identity-regexp')! } : {}),
      ...(str(values, 'certificate-oidc-issuer') ? { issuer: str(values, 'certificate-oidc-issuer')! } : {}),
      ...(str(values, 'certificate-oidc-issuer-regexp') ? { issuerRegexp: str(values, 'certificate-oidc-issuer-regexp')! } : {}),
      ...(str(values, 'owner') ? { owner: str(values, 'owner')! } : {}),
      ...(str(values, 'repo') ? { repo: str(values, 'repo')! } : {}),
      ...(str(values, 'signer-workflow') ? { signerWorkflow: str(values, 'signer-workflow')! } : {}),
      ...(str(values, 'signer-repo') ? { signerRepo: str(values, 'signer-repo')! } : {}),
      ...(str(values, 'source-ref') ? { sourceRef: str(values, 'source-ref')! } : {}),
      ...(str(values, 'source-digest') ? { sourceDigest: str(values, 'source-digest')! } : {}),
      ...(bool(values, 'deny-self-hosted-runners') ? { denySelfHostedRunners: true } : {}),
      hostname: str(values, 'hostname') ?? 'github.com',
    };
    // Trust material from the environment only when the command line names none (the flag always wins).
    const trustedRoot = str(values, 'trusted-root') ?? (io.env.CUSTODY_TRUSTED_ROOT || undefined);
    if (!str(values, 'trusted-root') && trustedRoot) io.logger.info(`trusted root from CUSTODY_TRUSTED_ROOT: ${trustedRoot}`);
    // No --bundle, and a repository or organization named: read GitHub's attestations API (as gh attestation verify).
    const limitText = str(values, 'limit');
    const limit = limitText === undefined ? undefined : Number(limitText);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) {
      throw new UsageError(`--limit is "${limitText}", not a whole number from 1 to 1000.`, { hint: 'Pass --limit N (default 30, as gh).' });
    }
    const fromGitHub = strs(values, 'bundle').length === 0 && Boolean(str(values, 'repo') || str(values, 'owner'));
    if (limit !== undefined && !fromGitHub) throw new UsageError('--limit applies to attestations read from GitHub (no --bundle, with --repo or --owner).');
    const result = await verifyArtifact({
      target: positionals[0]!,
      bundles: strs(values, 'bundle'),
      ...(fromGitHub
        ? {
            github: {
              ...(str(values, 'repo') ? { repo: str(values, 'repo')! } : { owner: str(values, 'owner')! }),
              ...(limit ? { limit } : {}),
              hostname: str(values, 'hostname') ?? 'github.com',
            },
          }
        : {}),
      keys: strs(values, 'key'),
      identity,
      predicateTypes: strs(values, 'predicate-type'),
      ...(bool(values, 'require-digest') ? { requireDigest: true } : {}),
      ...(trustedRoot ? { trustedRoot } : {}),
      ...(str(values, 'policy') ? { policy: str(values, 'policy')! } : {}),
      ...(str(values, 'vsa') ? { vsa: str(values, 'vsa')! } : {}),
      ...(str(values, 'vsa-key') || bool(values, 'vsa-keyless')
        ? {
            vsaSigning: {
              ...(str(values, 'vsa-key') ? { keyFile: str(values, 'vsa-key')! } : {}),
              keyless: bool(values, 'vsa-keyless'),
              ...(str(values, 'vsa-signing-config') ? { signingConfigFile: str(values, 'vsa-signing-config')! } : {}),
            },
          }
        : {}),
      insecure: { ignoreTlog: bool(values, 'insecure-ignore-tlog'), ignoreSct: bool(values, 'insecure-ignore-sct') },
      cwd: io.cwd,
      env: io.env,
      logger: io.logger,
    });
    io.stdout(format === 'json' ? `${JSON.stringify(result.report, null, 2)}\n` : formatTable(result.report));
    for (const f of result.report.insecure) io.logger.warn(`verification was weakened by ${f}`);
    return result.report.exitCode;
  },
};

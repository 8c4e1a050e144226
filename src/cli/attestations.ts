import { printable, UsageError, stableJson } from '@custody/core';
import type { ListedAttestation } from '../commands/attestations.js';
import { bool, str, type CommandSpec, type OptionSpec } from './spec.js';

const common: Record<string, OptionSpec> = {
  'predicate-type': { type: 'string', value: 'URI', description: 'Only attestations with this predicate type.' },
  platform: { type: 'string', value: 'OS/ARCH', description: 'Only this platform manifest of a multi-arch index.' },
  'insecure-registry': { type: 'boolean', description: 'Use plain http for a registry that is not on loopback (insecure).' },
};

function table(rows: ListedAttestation[]): string {
  if (!rows.length) return 'no attestations found\n';
  // Annotations are whatever the registry holds: printed with control characters escaped (no forged log lines).
  const cells = rows.map((a) =>
    [
      a.subject.slice(0, 19) + (a.platform ? ` (${a.platform})` : ''),
      a.predicateType ?? '-',
      a.created ?? '-',
      a.manifestDigest.slice(0, 19) + (a.format === 'cosign-dsse' ? `#${a.layerIndex}` : ''),
      a.sources.join(','),
    ].map(printable),
  );
  const head = ['SUBJECT', 'PREDICATE TYPE', 'CREATED', 'ARTIFACT', 'FOUND VIA'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...cells.map(line)].join('\n')}\n`;
}

function baseOptions(values: Record<string, unknown>, positionals: string[]) {
  const target = positionals[0]!;
  const predicateType = str(values as never, 'predicate-type');
  const platform = str(values as never, 'platform');
  return { target, predicateType, platform, insecure: bool(values as never, 'insecure-registry') };
}

export const attestationsListCommand: CommandSpec = {
  name: 'attestations list',
  summary: 'List the attestations attached to an image (referrers API, referrers tag, cosign .att).',
  usage: ['custody attestations list REF [--predicate-type URI] [--platform OS/ARCH] [--format json|table]'],
  description:
    'REF is REGISTRY/REPO[:TAG][@DIGEST] or oci-layout:DIR[@DIGEST]; a tag is resolved to its digest once. For a\nmulti-arch index, the index and each platform manifest are listed unless --platform picks one.',
  options: { ...common, format: { type: 'string', value: 'json|table', description: 'Result format on stdout.', default: 'table' } },
  positionals: { names: 'REF', min: 1, max: 1 },
  examples: [
    ['custody attestations list ghcr.io/org/app:1.2.0', 'what is attached to an image'],
    [
      'custody attestations list oci-layout:./image --predicate-type https://slsa.dev/provenance/v1 --format json',
      'provenance only, as JSON',
    ],
  ],
  async run({ values, positionals, io }) {
    // Loaded on use: `custody --help` and the other verbs start without this command's dependencies.
    const { listImageAttestations } = await import('../commands/attestations.js');
    const format = str(values, 'format') ?? 'table';
    if (format !== 'json' && format !== 'table') throw new UsageError(`--format ${format} is not json or table.`);
    const result = await listImageAttestations({ ...baseOptions(values, positionals), cwd: io.cwd, env: io.env, logger: io.logger });
    const { store: _store, ...printable } = result;
    io.stdout(format === 'json' ? stableJson(printable) : table(result.attestations));
    return 0;
  },
};

export const attestationsDownloadCommand: CommandSpec = {
  name: 'attestations download',
  summary: 'Download the attestations attached to an image: bundle files in DIR, or JSON Lines on stdout.',
  usage: [
    'custody attestations download REF [--predicate-type URI] [--platform OS/ARCH] [--output DIR] [--format json|table]',
    'custody attestations download TARGET --repo OWNER/REPO | --owner ORG [--predicate-type URI] [--limit N] [--output DIR]',
  ],
  description: [
    'With --output DIR, each attestation is written to DIR/<subject>.<artifact>.sigstore.json (cosign legacy layers',
    'converted to Sigstore bundles v0.1: certificate, Rekor entry and envelope) and the files are listed. Without',
    'it, the documents are printed as JSON Lines.',
    '',
    "With --repo or --owner, the attestations come from GitHub's attestations API instead, for TARGET (a file,",
    'sha256:HEX or oci://REF) by its sha256 digest, and are written as gh attestation download writes them:',
    'DIR/sha256:HEX.jsonl (DIR defaults to the current directory; sha256-HEX.jsonl on Windows), one bundle per',
    'line, replacing what was there. custody verify TARGET --bundle that-file verifies them offline. The token',
    "comes from GITHUB_TOKEN or GH_TOKEN (attestations: read), the API from GITHUB_API_URL, else --hostname's.",
  ].join('\n'),
  options: {
    ...common,
    repo: {
      type: 'string',
      value: 'OWNER/REPO',
      description: "Read GitHub's attestations API of this repository (TARGET: file, sha256:HEX or oci://REF).",
    },
    owner: { type: 'string', value: 'ORG', description: "Read GitHub's attestations API of this organization." },
    limit: { type: 'string', value: 'N', description: 'With --repo/--owner: at most N attestations (1-1000, default 30).' },
    hostname: {
      type: 'string',
      value: 'HOST',
      description: 'With --repo/--owner: GitHub host when GITHUB_API_URL is not set (default github.com).',
    },
    output: { type: 'string', short: 'o', value: 'DIR', description: 'Directory to write one file per attestation.' },
    format: { type: 'string', value: 'json|table', description: 'Format of the file list printed with --output.', default: 'table' },
  },
  positionals: { names: 'REF', min: 1, max: 1 },
  examples: [
    ['custody attestations download ghcr.io/org/app:1.2.0 --output atts/', 'save every bundle next to each other'],
    ['custody attestations download oci-layout:./image > bundles.jsonl', 'all bundles as JSON Lines'],
    [
      'custody attestations download dist/app.tgz --repo octo-org/app',
      "GitHub's attestations of a file, written as gh does: sha256:HEX.jsonl",
    ],
  ],
  async run({ values, positionals, io }) {
    const { downloadImageAttestations, downloadGitHubAttestations } = await import('../commands/attestations.js');
    const outputDir = str(values, 'output');
    const format = str(values, 'format') ?? 'table';
    if (format !== 'json' && format !== 'table') throw new UsageError(`--format ${format} is not json or table.`);
    const repo = str(values, 'repo');
    const owner = str(values, 'owner');
    if (repo || owner) {
      if (repo && owner) throw new UsageError('give --repo or --owner, not both (as gh).');
      if (str(values, 'platform')) throw new UsageError('--platform applies to registry downloads, not --repo/--owner.');
      const limitText = str(values, 'limit');
      const limit = limitText === undefined ? undefined : Number(limitText);
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000))
        throw new UsageError(`--limit is "${limitText}", not a whole number from 1 to 1000.`);
      const predicateType = str(values, 'predicate-type');
      const r = await downloadGitHubAttestations({
        target: positionals[0]!,
        ...(repo ? { repo } : { owner: owner! }),
        ...(limit ? { limit } : {}),
        ...(str(values, 'hostname') ? { hostname: str(values, 'hostname')! } : {}),
        ...(predicateType ? { predicateType } : {}),
        ...(outputDir ? { outputDir } : {}),
        cwd: io.cwd,
        env: io.env,
        logger: io.logger,
      });
      if (format === 'json') io.stdout(stableJson(r));
      else io.stdout(r.file ? `wrote ${r.count} attestation(s) to ${r.file}\n` : `no attestations found for ${r.digest}\n`);
      return 0;
    }
    if (str(values, 'limit') || str(values, 'hostname')) throw new UsageError('--limit and --hostname apply with --repo or --owner.');
    const result = await downloadImageAttestations({
      ...baseOptions(values, positionals),
      outputDir,
      cwd: io.cwd,
      env: io.env,
      logger: io.logger,
    });
    if (!outputDir) {
      for (const d of result.documents) io.stdout(`${JSON.stringify(JSON.parse(d))}\n`);
      return 0;
    }
    if (format === 'json') io.stdout(stableJson({ image: result.image, digest: result.digest, files: result.files }));
    else io.stdout(result.files.length ? `${result.files.join('\n')}\n` : 'no attestations found\n');
    return 0;
  },
};

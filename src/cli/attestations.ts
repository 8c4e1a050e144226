import { UsageError, stableJson } from '@custody/core';
import type { ListedAttestation } from '../commands/attestations.js';
import { bool, str, type CommandSpec, type OptionSpec } from './spec.js';

const common: Record<string, OptionSpec> = {
  'predicate-type': { type: 'string', value: 'URI', description: 'Only attestations with this predicate type.' },
  platform: { type: 'string', value: 'OS/ARCH', description: 'Only this platform manifest of a multi-arch index.' },
  'insecure-registry': { type: 'boolean', description: 'Use plain http for a registry that is not on loopback (insecure).' },
};

function table(rows: ListedAttestation[]): string {
  if (!rows.length) return 'no attestations found\n';
  const cells = rows.map((a) => [
    a.subject.slice(0, 19) + (a.platform ? ` (${a.platform})` : ''),
    a.predicateType ?? '-',
    a.created ?? '-',
    a.manifestDigest.slice(0, 19) + (a.format === 'cosign-dsse' ? `#${a.layerIndex}` : ''),
    a.sources.join(','),
  ]);
  const head = ['SUBJECT', 'PREDICATE TYPE', 'CREATED', 'ARTIFACT', 'FOUND VIA'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
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
    ['custody attestations list oci-layout:./image --predicate-type https://slsa.dev/provenance/v1 --format json', 'provenance only, as JSON'],
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
  usage: ['custody attestations download REF [--predicate-type URI] [--platform OS/ARCH] [--output DIR] [--format json|table]'],
  description:
    'With --output DIR, each attestation is written to DIR/<subject>.<artifact>.sigstore.json (cosign legacy layers\nconverted to Sigstore bundles v0.1: certificate, Rekor entry and envelope) and the files are listed. Without\nit, the documents are printed as JSON Lines.',
  options: {
    ...common,
    output: { type: 'string', short: 'o', value: 'DIR', description: 'Directory to write one file per attestation.' },
    format: { type: 'string', value: 'json|table', description: 'Format of the file list printed with --output.', default: 'table' },
  },
  positionals: { names: 'REF', min: 1, max: 1 },
  examples: [
    ['custody attestations download ghcr.io/org/app:1.2.0 --output atts/', 'save every bundle next to each other'],
    ['custody attestations download oci-layout:./image > bundles.jsonl', 'all bundles as JSON Lines'],
  ],
  async run({ values, positionals, io }) {
    const { downloadImageAttestations } = await import('../commands/attestations.js');
    const outputDir = str(values, 'output');
    const format = str(values, 'format') ?? 'table';
    if (format !== 'json' && format !== 'table') throw new UsageError(`--format ${format} is not json or table.`);
    const result = await downloadImageAttestations({ ...baseOptions(values, positionals), outputDir, cwd: io.cwd, env: io.env, logger: io.logger });
    if (!outputDir) {
      for (const d of result.documents) io.stdout(`${JSON.stringify(JSON.parse(d))}\n`);
      return 0;
    }
    if (format === 'json') io.stdout(stableJson({ image: result.image, digest: result.digest, files: result.files }));
    else io.stdout(result.files.length ? `${result.files.join('\n')}\n` : 'no attestations found\n');
    return 0;
  },
};


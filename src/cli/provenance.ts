import { documentClock, stableJson } from '@custody/core';
import { writeResult } from './output.js';
import { bool, str, strs, type CommandSpec } from './spec.js';

export const provenanceCommand: CommandSpec = {
  name: 'provenance',
  summary: 'Make an in-toto Statement v1 with a SLSA Provenance v1 predicate for the given subjects.',
  usage: [
    'custody provenance --subject SPEC... [--subject-checksums FILE] [--capture FILE] [--allow-failed-build] [--allow-unrecorded-subject] [--output FILE]',
  ],
  description: [
    'SPEC is a path or glob (sha256 of each file), NAME@sha256:HEX, or oci://REGISTRY/REPO@sha256:HEX.',
    '--subject-checksums reads sha256sum / sha512sum output (text or binary mode). Duplicates are removed and the',
    "subjects sorted. On GitHub Actions the predicate has the fields GitHub's own attestations have; identity comes",
    'from a verified OIDC token when the job can get one (id-token: write; on GitLab, an id_tokens SIGSTORE_ID_TOKEN).',
    'A capture from custody run is refused when its command failed or never started, and so is a subject that is not',
    'among its recorded outputs; --allow-failed-build and --allow-unrecorded-subject let them through, recorded in the predicate.',
  ].join('\n'),
  options: {
    subject: { type: 'string', multiple: true, value: 'SPEC', description: 'What the statement is about (repeatable).' },
    'subject-checksums': { type: 'string', value: 'FILE', description: 'A checksum file whose entries become subjects.' },
    capture: { type: 'string', value: 'FILE', description: 'A capture document from custody capture or custody run (else captured now).' },
    'allow-failed-build': {
      type: 'boolean',
      description: 'Accept a capture whose command failed or never started (recorded in the predicate).',
    },
    'allow-unrecorded-subject': {
      type: 'boolean',
      description: "Accept subjects that are not among the capture's recorded outputs (listed in the predicate).",
    },
    material: { type: 'string', multiple: true, value: 'GLOB', description: 'Without --capture: input files to record.' },
    tool: {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'Without --capture: also record the version of NAME (`NAME --version`, `go version`, …).',
    },
    'identity-token': { type: 'string', value: 'TOKEN', description: 'An OIDC ID token to take identity fields from (verified first).' },
    'oidc-issuer': { type: 'string', value: 'URL', description: "Issuer the token must come from (default: the platform's)." },
    output: { type: 'string', short: 'o', value: 'FILE', description: 'Write the statement to FILE instead of stdout.' },
  },
  examples: [
    ['custody provenance --subject "dist/*.tgz" --capture custody-capture.json --output provenance.json', 'provenance for packed tarballs'],
    ['custody provenance --subject oci://ghcr.io/acme/app@sha256:0123… --output provenance.json', 'provenance for an image'],
    ['custody provenance --subject-checksums SHA256SUMS', 'one subject per line of a checksum file'],
  ],
  async run({ values, io }) {
    // Loaded on use: `custody --help` and the other verbs start without this command's dependencies.
    const { buildProvenanceStatement } = await import('../commands/provenance.js');
    const statement = await buildProvenanceStatement({
      subjects: strs(values, 'subject'),
      subjectChecksums: str(values, 'subject-checksums'),
      captureFile: str(values, 'capture'),
      allowFailedBuild: bool(values, 'allow-failed-build'),
      allowUnrecordedSubject: bool(values, 'allow-unrecorded-subject'),
      materials: strs(values, 'material'),
      tools: strs(values, 'tool'),
      idToken: str(values, 'identity-token'),
      oidcIssuer: str(values, 'oidc-issuer'),
      cwd: io.cwd,
      env: io.env,
      clock: documentClock(io.env),
      logger: io.logger,
    });
    const file = await writeResult(io, stableJson(statement), str(values, 'output'));
    if (file) io.logger.info(`wrote ${file} (${statement.subject.length} subjects)`);
    return 0;
  },
};
